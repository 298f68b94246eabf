/**
 * The finder's pieces are sound: a Markdown text cut where `markdownPieces` cuts it, each piece parsed on its own
 * with the definitions it uses carried over, gives exactly the images of the whole text's parse. Checked on this
 * repository's Markdown files, a changelog like the benchmark's, and 3,000 generated texts made of the block
 * structures that decide where a cut is safe: fences (backtick and tilde, indented 0–4, in list items and block
 * quotes, unclosed, with a backtick in the info), HTML blocks of every kind (ended on their line or not,
 * `<!-->`), tables, lists, block quotes, setext headings, front matter, definitions and footnotes (in containers
 * too, over lines, in other cases), tabs and every line ending.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { markdownPieces } from '../../../src/altText/blocks';
import { findMarkdownImages, findMarkdownImagesInPieces } from '../../../src/altText/findMarkdown';
import { markdownTree } from '../../../src/altText/markdownTree';
import { rng } from '../../support/rng';

const ROOT = path.resolve(__dirname, '../../../..');

const LINES = [
  '```', '```js', '``` `x`', '````', '  ```', '   ```', '    ```', '~~~', '~~~ info `x`', '  ~~~', '- ```', '  - ```', '> ```', '>     ```',
  '<pre>', '</pre>', '<pre>one line</pre>', '<script>', '</script>', '<style type="x">', '</style>', '<textarea>', '<!--', '-->', '<!-- one line -->',
  '<!-->', '<!--->', '<?php', '?>', '<!DOCTYPE html>', '<!X', '>', '<![CDATA[', ']]>', '<div>', '</div>', '<span>', '  <pre>', '- <pre>',
  '| a | b |', '| - | - |', 'a | b', '-|-', '===', '---', '***', '+++', '- item', '1. item', '2) item', '* item', '  - nested', '    indented code',
  '\tcode after a tab', '> quote', '> > deeper', '>', 'lazy line', 'Some *text* and `code`.', '[foo]: /url', '[Foo Bar]: <a b> "title"',
  '[foo]:', '  /split-url', '> [quoted]: /q.png', '- [listed]: /l.png', '[^1]: a note', '[^note]:', '    continued note', '[ΑΣ]: /sigma.png', '[straße]: /s.png',
  '![](a.png)', '![alt](b.png)', '![foo]', '![Foo Bar]', '![x][foo]', '![foo][]', '![quoted]', '![listed]', '![^1]', '[^1]', '![ασ]', '![STRASSE]',
  '![x][split]', '[split\nlabel]: /split.png', '![y][split label]', '<img src=a.png>', '<IMG SRC="c.png" alt="">', '![](d.png "t")', '![a\\]b](e.png)', '[a\\]b]: /esc.png',
  '', '', '', ' ', '\t',
];
const ENDINGS = ['\n', '\n', '\n', '\r\n', '\r'];

function corpus(n: number, seed: number): string[] {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  return Array.from({ length: n }, () => {
    const lines = Array.from({ length: 10 + Math.floor(random() * 50) }, () => pick(LINES));
    if (random() < 0.15) lines.unshift(pick(['---', '+++']), 'title: x', pick(['---', '+++', 'x']));
    const eol = random() < 0.8 ? '\n' : pick(ENDINGS);
    return (random() < 0.05 ? '\uFEFF' : '') + lines.join(eol);
  });
}

/** The whole parse, and the pieces' when the text is cut (else the whole parse again). */
function both(text: string): { whole: ReturnType<typeof findMarkdownImages>; pieces: ReturnType<typeof findMarkdownImages>; cut: boolean } {
  const whole = findMarkdownImages(text, markdownTree(text));
  const inPieces = findMarkdownImagesInPieces(text);
  return { whole, pieces: inPieces ?? whole, cut: inPieces !== undefined };
}

describe('altText/blocks: the finder parses pieces, with the same answers as the whole text', function () {
  this.timeout(300_000);

  it('3,000 generated texts of the block structures that decide a cut: every image, offset and edit the same', () => {
    let cut = 0;
    let images = 0;
    for (const text of corpus(3000, 41)) {
      const r = both(text);
      assert.deepEqual(r.pieces, r.whole, JSON.stringify(text));
      if (r.cut) cut++;
      images += r.whole.length;
    }
    assert.ok(cut > 500, `many texts were cut into pieces (${cut})`);
    assert.ok(images > 1500, `the corpus has images (${images})`);
  });

  it('this repository\'s Markdown files and a 300 KB changelog with definitions: the same, and cut', () => {
    const own = ['README.md', 'CHANGELOG.md', 'CONTRIBUTING.md', 'test/fixtures/workspace/README.md'].map((f) => readFileSync(path.join(ROOT, f), 'utf8'));
    const changelog = `${Array.from({ length: 2000 }, (_, i) => `## [${i}.0.0]\n\n- Fixed [#${i}](https://example.com/${i}): a **thing** in \`x\`\n  - nested detail ${i}\n${i % 200 === 0 ? `- ![][shot-${i}] and ![](changelog-${i}.png)\n` : ''}\n`).join('')}${Array.from({ length: 2000 }, (_, i) => `[${i}.0.0]: https://example.com/compare/${i}\n${i % 200 === 0 ? `[shot-${i}]: shots/${i}.png\n` : ''}`).join('')}`;
    for (const text of [...own, changelog]) {
      const r = both(text);
      assert.deepEqual(r.pieces, r.whole);
      assert.ok(r.cut, 'cut into pieces');
    }
    const r = both(changelog);
    assert.equal(r.whole.length, 20, 'both kinds of image of the changelog, the references resolved through definitions at the end');
    assert.ok(r.whole.filter((i) => i.target.startsWith('shots/')).length === 10);
  });

  it('edits (as typing makes them) give the whole parse\'s answers while unchanged pieces are reused: 100 random edits of a document', () => {
    const random = rng(43);
    const units = ['## 1.0.0\n\n- Fixed [#1][one]\n  - nested ![][shot]\n\n', '```\n![](in-code.png)\n```\n\n', 'Text ![](a.png) and ![Alt](b.png).\n\n', '<!--\n![](hidden.png)\n-->\n\n', '[shot]: shots/1.png\n[one]: https://example.com\n\n'];
    let text = Array.from({ length: 150 }, (_, i) => units[i % units.length]).join('');
    const bits = ['x', '\n', '\n\n', '```', '![](new.png)', '<!--', '-->', '[shot]: other.png\n\n', '> ', '  '];
    for (let k = 0; k < 100; k++) {
      const at = Math.floor(random() * text.length);
      text = random() < 0.2 ? text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 5)) : text.slice(0, at) + bits[Math.floor(random() * bits.length)] + text.slice(at);
      const r = both(text);
      assert.deepEqual(r.pieces, r.whole, `after edit ${k}`);
    }
  });

  it('cuts only after a blank line, before a line that starts at its first column, and never inside a fence or an HTML block', () => {
    const text = 'a\n\n```\n\nb\n```\n\nc\n  ```\n\nd\n\n<!--\n\ne -->\n\nf\n';
    const starts = markdownPieces(text).map(([s]) => text.slice(s, text.indexOf('\n', s)));
    // `b` is inside the fence; after the indented fence (a list item may hold it) nothing is sure until the
    // text ends; `e` is inside the comment.
    assert.deepEqual(starts, ['a', '```', 'c']);
  });
});
