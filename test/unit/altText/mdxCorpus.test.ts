/**
 * Alt text in MDX: the generated corpus of hostile replies (and MDX's own syntax: braces, JSX, ESM) written
 * into every context an MDX image stands in, a Markdown image and a JSX element, then re-parsed with MDX's
 * parser: the same tree except that each image's alt is the cleaned reply.
 */
import assert from 'node:assert/strict';
import { AltTextCheckError, applyAltWrites } from '../../../src/altText/check';
import { findMdxImages } from '../../../src/altText/findMdx';
import { cleanedReplies, hostileReplies, writeEvery } from '../../support/hostileReplies';

const CONTEXTS: Array<{ name: string; text: string }> = [
  {
    name: 'MDX with imports, an export and a JSX block around a Markdown image',
    text: "import hero from './a.png'\nexport const meta = { tags: ['x'] }\n\n# Title {meta.tags[0]}\n\n<Note kind=\"tip\">\n  Some text with ![](./a.png) inside.\n</Note>\n\n| col | {1 + 1} |\n| --- | --- |\n| ![](a.png) | b |\n",
  },
  {
    name: 'MDX with a self-closing <Image /> bound to an import and an <img> in a list',
    text: "---\ntitle: t\n---\nimport hero from './a.png'\n\n<Image src={hero} width={640} priority />\n\n- item <img src=\"a.png\" /> {props.x}\n",
  },
];

describe('altText: hostile replies written into MDX', function () {
  this.timeout(300_000);
  const own = ['{', '}', '{alert(1)}', '{/* */}', '</Note>', '<Note>', 'export const x = 1', 'import a from "b"', '{...props}', '<img src=x />', '&#123;', "'", '"'];
  const replies = [...hostileReplies(2100), ...own, ...own.map((a) => `A photo ${a} of a cat ${a}`)];
  for (const ctx of CONTEXTS) {
    it(`${ctx.name}: each re-parses to the same tree with the images' alt equal to the reply`, () => {
      const all = findMdxImages(ctx.text);
      const targets = all.filter((i) => /a\.png$/.test(i.target) && i.alt.trim() === '');
      assert.ok(targets.length >= 2, `the context has images to write: ${JSON.stringify(all)}`);
      const expected = (alt: string): string[] => all.map((i) => (targets.some((t) => t.start === i.start) ? alt : i.alt));
      let checked = 0;
      for (const { reply, alt } of cleanedReplies(replies)) {
        const out = writeEvery(ctx.text, 'mdx', targets, { reply, alt });
        assert.deepEqual(findMdxImages(out).map((i) => i.alt), expected(alt), `${ctx.name}, reply ${JSON.stringify(reply)} → ${JSON.stringify(out)}`);
        checked++;
      }
      assert.ok(checked >= 2000, `${checked} replies checked`);
    });
  }

  it('refuses an edit that would change more than the alt text, and writes nothing', () => {
    const text = '![](a.png)\n\n<img src="a.png" />\n';
    const [md, jsx] = findMdxImages(text);
    assert.throws(() => applyAltWrites(text, 'mdx', [{ edit: { ...md.edit, before: '{x}' }, alt: 'x' }]), AltTextCheckError);
    assert.throws(() => applyAltWrites(text, 'mdx', [{ edit: { ...jsx.edit, before: ' onError={x} alt="' }, alt: 'x' }]), AltTextCheckError);
    assert.throws(() => applyAltWrites(text, 'mdx', [{ edit: { ...md.edit, syntax: 'markdown' }, alt: 'a {b}' }]), AltTextCheckError, 'a brace left as is in a Markdown label would be an expression');
  });
});
