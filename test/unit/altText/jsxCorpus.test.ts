/**
 * Alt text in JSX and TSX: the generated corpus of hostile replies (and JSX's own: braces, `</img>`, `{...}`,
 * template literals) written into every context a JSX image stands in, then re-parsed with Babel, the parser
 * that found it: the same tree except that each image's alt is the cleaned reply. TypeScript's parser, which
 * compiles these files, reads the edited file without a new error and with the same elements.
 */
import assert from 'node:assert/strict';
import { parse, type ParserPlugin } from '@babel/parser';
import ts from 'typescript';
import { AltTextCheckError, applyAltWrites } from '../../../src/altText/check';
import { findJsxImages } from '../../../src/altText/findJsx';
import { cleanedReplies, hostileReplies, writeEvery } from '../../support/hostileReplies';

/** Where a JSX image stands: each text holds its target `a.png` once or twice among other JSX and types. */
const CONTEXTS: Array<{ name: string; text: string }> = [
  {
    name: 'TSX with generics and type annotations nearby',
    text: "import React from 'react';\nimport hero from './a.png';\ntype Props<T extends object> = { items: T[]; label?: string };\nexport function Gallery<T extends object>({ items }: Props<T>): JSX.Element {\n  const n: number = items.length as number;\n  return <div className=\"g\">{items.map((_, k) => <img key={k} src={hero} />)}<p>{`${n} items`}</p></div>;\n}\n",
  },
  { name: 'a self-closing <Image /> with other props', text: "import Image from 'next/image';\nexport default () => <Image src=\"/a.png\" width={640} height={480} priority sizes=\"100vw\" />;\n" },
  { name: 'a generic arrow and an <img> in a prop', text: "const pick = <T,>(x: T): T => x;\nexport const Card = () => <Frame image={<img src=\"a.png\" />} title={pick('t')}>{/* a comment */}</Frame>;\n" },
  { name: 'require() and a whitespace-only alt', text: "export const A = () => (\n  <>\n    <img src={require('./a.png')} alt=\"  \" className='x' />\n    <Img src={'a.png'} alt={\" \"}></Img>\n  </>\n);\n" },
];

const babel = (text: string): ReturnType<typeof parse> => parse(text, { sourceType: 'module', plugins: ['jsx', 'typescript'] as ParserPlugin[], errorRecovery: true });

/** The alt of every image element (`<img>`, `<Image>`, `<Img>`) as Babel decodes it, in order. */
function alts(text: string): string[] {
  return findJsxImages(text).map((i) => i.alt);
}

/** TypeScript's reading of a TSX text: its syntax errors and its JSX element names, in order. */
function typescript(text: string): { errors: number; elements: string[] } {
  const sf = ts.createSourceFile('a.tsx', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const elements: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isJsxOpeningElement(n) || ts.isJsxSelfClosingElement(n)) elements.push(`${n.tagName.getText(sf)}:${n.attributes.properties.length}`);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return { errors: (sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length, elements };
}

describe('altText: hostile replies written into JSX and TSX', function () {
  this.timeout(120_000);
  const jsxAtoms = ['{', '}', '{alert(1)}', '</img>', '/>', '<img src=x onerror={alert(1)} />', '`${x}`', '{...props}', "'", '"', '&quot;', '&#x7B;', '\\"', '=>', '<>', '</>', '{/* */}'];
  const replies = [...hostileReplies(2100), ...jsxAtoms, ...jsxAtoms.map((a) => `A photo ${a} of a cat ${a}`)];

  for (const ctx of CONTEXTS) {
    it(`${ctx.name}: each re-parses to the same tree with the images' alt equal to the reply`, () => {
      const targets = findJsxImages(ctx.text).filter((i) => /a\.png$/.test(i.target) && i.alt.trim() === '');
      assert.ok(targets.length >= 1, 'the context has an image to write');
      const before = typescript(ctx.text);
      assert.equal(before.errors, 0, 'the context itself parses');
      const beforeTree = babel(ctx.text);
      const all = findJsxImages(ctx.text);
      // Each written image's alt is the reply; every other image keeps its own.
      const expected = (alt: string): string[] => all.map((i) => (targets.some((t) => t.start === i.start) ? alt : i.alt));
      let checked = 0;
      for (const { reply, alt } of cleanedReplies(replies)) {
        const out = writeEvery(ctx.text, 'jsx', targets, { reply, alt });
        const why = `${ctx.name}, reply ${JSON.stringify(reply)} → ${JSON.stringify(out)}`;
        assert.deepEqual(alts(out), expected(alt), why);
        const after = typescript(out);
        assert.equal(after.errors, 0, `TypeScript: ${why}`);
        assert.deepEqual(after.elements.map((e) => e.split(':')[0]), before.elements.map((e) => e.split(':')[0]), `TypeScript: ${why}`);
        assert.equal(babel(out).errors?.length ?? 0, beforeTree.errors?.length ?? 0, `Babel: ${why}`);
        checked++;
      }
      assert.ok(checked >= 2000, `${checked} replies checked`);
    });
  }

  it('refuses an edit that would change more than the alt text, and writes nothing', () => {
    const text = "export const A = () => <img src=\"a.png\" />;\n";
    const [img] = findJsxImages(text);
    // An edit whose surroundings add an attribute (as a bug would), or a second alt.
    assert.throws(() => applyAltWrites(text, 'jsx', [{ edit: { ...img.edit, before: ' onError={alert(1)} alt="' }, alt: 'x' }]), AltTextCheckError);
    assert.throws(() => applyAltWrites('export const A = () => <img alt={t} src="a.png" />;\n', 'jsx', [{ edit: { ...img.edit, start: 28, end: 28 }, alt: 'x' }]), AltTextCheckError);
    assert.throws(() => applyAltWrites(text, 'jsx', [{ edit: { start: 0, end: 0, before: '', after: '', syntax: 'jsx' }, alt: 'x' }]), AltTextCheckError);
  });
});
