/**
 * The MDX finder's pieces are sound: an MDX text cut where `mdxPieces` cuts it, only the pieces that can hold an
 * image or hold ESM parsed, gives exactly the images of the whole text's parse (offsets, edits, imports
 * resolved), wherever the whole text parses. Checked on 4,000 generated texts made of what can stay open across
 * a blank line in MDX: fences (indented, in list items and block quotes, unclosed, closed less indented),
 * expressions over blank lines with `}` in strings, comments and template literals that hold fences and images,
 * tags over blank lines with `>` in quotes and expressions, elements (`<Tabs>`) around images, ESM over blank
 * lines (valid only with more lines), imports of images used pieces later, paragraphs that an `import` line
 * continues, front matter, definitions, tabs and every line ending.
 */
import assert from 'node:assert/strict';
import { applyAltWrites } from '../../../src/altText/check';
import { findMdxImagesInPieces, mdxImagesOfTree, parseMdx } from '../../../src/altText/findMdx';
import type { FoundImage } from '../../../src/altText/foundImage';
import { mdxPieces } from '../../../src/altText/mdxBlocks';
import { rng } from '../../support/rng';

/** Blocks of one or more lines; joined by one line ending or by a blank line, they open and close what spans lines. */
const BLOCKS = [
  '![](a.png)', '![A cat](b.png "t")', 'Text ![](c.png) and <img src="d.png" /> inline.', '<img src="e.png" />', '<Image src={hero} alt="" />', '<Image src={hero} />', '<Image src={logo} alt={t} />',
  '<img\n  src="f.png"\n  width={640}\n/>', '<img\n\nsrc="g.png" />', '<img alt="a > b" src="h.png" />', '<img src={x > 1 ? "i.png" : "j.png"} />', '<img alt="line\n\nbreak" src="k.png" />',
  '<br />', '<Note>text <b>bold</b></Note>', '<b>inline</b> text', '<b>x</b>', '<img src="m.png" /> <img src="n.png" />',
  '{/* a comment */}', '{/* a { brace */}', '{"}"}', '{`\n\n![](in-template.png)\n\n`}', '{`\n```\n`}', '{\n\n1 + 1\n\n}', '{props.title}', '{a} text after', '{x}<img src="l.png" />', '{"{"}',
  'export const meta = {\n\n  title: "x"\n}', 'export const A = () => <svg>\n  <path d="m1 1" />\n</svg>', 'export const b = 1', 'export const c = `\n\n![](in-esm.png)\n\n`',
  'you can\nimport the module', '```js\n<img src="in-fence.png" />\n\n![](also-in-fence.png)\n```', '~~~\n```\n~~~', '  ```\n  ![](indented-fence.png)\n  ```', '    ```js\n    code\n\n    ```',
  '- ```js\n  ![](marker-fence.png)\n  ```', '- item\n  ```js\n  ![](in-list-fence.png)\n  ```', '- item\n  ```\ncode at the margin\n```', '> ```\n> ![](in-quote-fence.png)\n> ```', '```\nclosed less indented\n      ```',
  '- item', '- ![](in-list.png)', '- <img src="li.png" />', '  continued ![](continued.png)', '1. first', '> quote ![](quoted.png)', '> <img src="quoted-tag.png" />', '# Heading', '## A <b>heading</b>', '---', '***',
  '| a | b |\n| - | - |\n| ![](cell.png) | x |', 'Some *prose* with `code` and more.', 'A line with a < b and c > d.', '\t![](tab.png)', ' ', '',
];
/** Elements and other constructs that wrap blocks (the blocks between are read inside them). */
const WRAPPERS: Array<[string, string]> = [
  ['<Tabs>', '</Tabs>'], ['<Tab title="One">', '</Tab>'], ['<>', '</>'], ['<div className="x">', '</div>'], ['  <Aside>', '  </Aside>'], ['<Card\n\n  title="a"\n>', '</Card>'],
  ['```md', '```'], ['~~~~', '~~~~'], ['{`', '`}'], ['{/*', '*/}'], ['export const x = {', '}'], ['- <div>', '  </div>'], ['> <div>', '> </div>'],
];
/** Rare breakage: an unclosed construct, MDX's errors (a comment, an autolink), a definition, ESM in odd places, tabs. */
const BROKEN = ['{', '}', '<Tabs>', '</div>', '<!-- not MDX -->', '<https://example.com>', '< spaced>', '[ref]: /ref.png', '![ref]', '```', 'import', '# Heading\nimport hero from \'./hero.png\'', '\t```\n\tcode\n\t```', '---\nno: close'];
const ENDINGS = ['\n', '\n', '\n', '\r\n', '\r'];

function corpus(n: number, seed: number): string[] {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const join = (): string => (random() < 0.7 ? '\n\n' : '\n');
  const blocks = (size: number, depth: number): string => Array.from({ length: size }, () => {
    const r = random();
    if (r < 0.15 && depth < 3) {
      const [open, close] = pick(WRAPPERS);
      return open + join() + blocks(1 + Math.floor(random() * 4), depth + 1) + join() + close;
    }
    return r < 0.17 ? pick(BROKEN) : pick(BLOCKS);
  }).join(join());
  return Array.from({ length: n }, () => {
    let body = blocks(6 + Math.floor(random() * 30), 0);
    if (random() < 0.5) body = `${pick(['import hero from \'./hero.png\'', 'import logo from "./logo.png";\nimport hero from "./hero.webp";', 'import { Tabs } from "~/c"'])}\n\n${body}`;
    if (random() < 0.1) body = `${pick(['---\ntitle: x\n---', '+++\ntitle = "x"\n+++'])}\n${body}`;
    const eol = random() < 0.85 ? '\n' : pick(ENDINGS);
    return (random() < 0.03 ? '\uFEFF' : '') + body.replace(/\r\n|\r|\n/g, eol);
  });
}

/** The whole text's images, or `undefined` when it is not MDX. */
function whole(text: string): FoundImage[] | undefined {
  const tree = parseMdx(text);
  return tree ? mdxImagesOfTree(text, tree) : undefined;
}

describe('altText/mdxBlocks: the MDX finder parses pieces, with the same answers as the whole text', function () {
  this.timeout(300_000);

  it('4,000 generated texts of what can stay open across a blank line: every image, offset, edit and import the same', () => {
    let valid = 0;
    let cut = 0;
    let images = 0;
    for (const text of corpus(4000, 53)) {
      const all = whole(text);
      if (!all) continue;
      valid++;
      const inPieces = findMdxImagesInPieces(text);
      if (inPieces) cut++;
      assert.deepEqual(inPieces ?? all, all, JSON.stringify(text));
      images += all.length;
    }
    assert.ok(valid > 800, `many texts are MDX (${valid})`);
    assert.ok(cut > valid / 3, `many were cut into pieces (${cut} of ${valid})`);
    assert.ok(images > 2000, `the corpus has images (${images})`);
  });

  it('a documentation page of 100 sections with imports at the top, tabs, code and images: cut into many pieces, most not parsed, the same images', () => {
    const section = (i: number): string => `## Step ${i}\n\nSome prose about step ${i}, with \`code\` and a [link](/docs/${i}).\nyou can\nimport the module.\n\n<Tabs>\n  <Tab title="npm">\n\n  \`\`\`sh\n  npm install pkg-${i}\n  \`\`\`\n\n  </Tab>\n</Tabs>\n\n{/* note ${i} */}\n\n${i % 10 === 0 ? `<Image src={hero} />\n\n![](/shots/${i}.png)\n\n` : ''}`;
    const text = `---\ntitle: Guide\n---\n\nimport hero from './hero.png'\nimport { Tabs, Tab } from '~/components'\n\n${Array.from({ length: 100 }, (_, i) => section(i)).join('')}`;
    const pieces = mdxPieces(text)!;
    assert.ok(pieces.length > 300, `${pieces.length} pieces`);
    const found = findMdxImagesInPieces(text)!;
    assert.deepEqual(found, whole(text));
    assert.equal(found.length, 20);
    assert.equal(found.filter((i) => i.target === './hero.png').length, 10, 'the import at the top resolves the images pieces later');
  });

  it('does not cut inside a fence, an expression, a tag, an element or ESM, nor at all when the text has a definition', () => {
    const text = 'a\n\n```\n\nb\n```\n\nc\n\n{`\n\nd\n\n`}\n\ne\n\n<img\n\nsrc="x.png" />\n\nf\n\n<Tabs>\n\ng\n\n</Tabs>\n\nh\n\nexport const m = {\n\nn: 1}\n\ni\n';
    const starts = mdxPieces(text)!.map((p) => text.slice(p.start, text.indexOf('\n', p.start)));
    assert.deepEqual(starts, ['a', '```', 'c', '{`', 'e', '<img', 'f', '<Tabs>', 'h', 'export const m = {', 'i']);
    assert.equal(mdxPieces('![x]\n\ntext\n\n[x]: /x.png\n'), undefined);
  });

  // Its time is in `npm run bench` (components.bench.ts): the scan tries at most 16 blank lines, as micromark tries them all.
  it('hostile: an ESM block that never parses (an `export const a = {` and 3,000 blank-line paragraphs) ends the cutting: the rest is one piece', () => {
    const text = `![](a.png)\n\nexport const a = {\n\n${'x: 1,\n\n'.repeat(3000)}`;
    assert.deepEqual(mdxPieces(text)!.map((p) => [p.start, p.esm]), [[0, false], [12, true]]);
  });

  it('a text that is not MDX as a whole (being typed) still gives the images of the pieces that parse', () => {
    const text = `![](a.png)\n\n${'Prose. '.repeat(400)}\n\n{unclosed\n`;
    assert.equal(whole(text), undefined);
    const found = findMdxImagesInPieces(text)!;
    assert.deepEqual(found.map((i) => i.target), ['a.png']);
    // Its Quick Fix writes nothing, and says why.
    assert.throws(() => applyAltWrites(text, 'mdx', [{ edit: found[0].edit, alt: 'A cat' }]), { message: 'The file does not parse as a whole (is something in it unfinished?); nothing was written.' });
  });
});
