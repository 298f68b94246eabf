import assert from 'node:assert/strict';
import { classifyTarget, findHtmlImages, findMarkdownImages, lacksAltText, surroundingText, type FoundImage } from '../../../src/altText/find';
import { cleanAltText, EmptyAltTextError, escapeAltText, MAX_ALT_CHARACTERS } from '../../../src/altText/text';

/** The text with every image's alt text set to `alt` (escaped), as the command writes it. */
function applyAll(text: string, images: FoundImage[], alt: (i: number) => string): string {
  let out = text;
  for (const [i, img] of [...images.entries()].reverse()) {
    const e = img.edit;
    out = out.slice(0, e.start) + e.before + escapeAltText(alt(i), e.syntax) + e.after + out.slice(e.end);
  }
  return out;
}

const slice = (text: string, img: FoundImage): string => text.slice(img.start, img.end);

describe('altText/find: Markdown', () => {
  it('finds every form with exact offsets, and no image inside code', () => {
    const text = [
      '# Title',
      '',
      '![](a.png) and ![kept](b.png) and ![](<with space.png> "A title")',
      '',
      'Ref ![][r1], collapsed ![r1][] and shortcut ![r1].',
      '',
      'Code `![](code.png)` is not an image.',
      '',
      '```',
      '![](fenced.png)',
      '```',
      '',
      '    ![](indented.png)',
      '',
      'Escaped \\![](no.png) too.',
      '',
      '[r1]: pics/one.png "t"',
      '[R1]: second-definition-ignored.png',
      '',
    ].join('\n');
    const found = findMarkdownImages(text);
    assert.deepEqual(found.map((f) => [slice(text, f), f.target, f.alt]), [
      ['![](a.png)', 'a.png', ''],
      ['![kept](b.png)', 'b.png', 'kept'],
      ['![](<with space.png> "A title")', 'with space.png', ''],
      ['![][r1]', 'pics/one.png', ''],
      ['![r1][]', 'pics/one.png', 'r1'],
      ['![r1]', 'pics/one.png', 'r1'],
    ]);
    assert.deepEqual(found.map(lacksAltText), [true, false, true, true, false, false]);
    // Where the alt text goes: between the brackets of an inline or full reference.
    const first = found[0].edit;
    assert.equal(text.slice(first.start - 2, first.end + 1), '![]');
    assert.equal(text.slice(found[1].edit.start, found[1].edit.end), 'kept');
  });

  it('writes alt text into each form, keeping references and titles', () => {
    const text = 'A ![](a.png "T") B ![][x] C ![x][] D ![x]\n\n[x]: <b c.png>\n';
    const out = applyAll(text, findMarkdownImages(text), (i) => `alt ${i}`);
    assert.equal(out, 'A ![alt 0](a.png "T") B ![alt 1][x] C ![alt 2][x] D ![alt 3][x]\n\n[x]: <b c.png>\n');
    assert.deepEqual(findMarkdownImages(out).map((f) => f.alt), ['alt 0', 'alt 1', 'alt 2', 'alt 3']);
  });

  it('reads <img> in inline and block HTML, but not in code', () => {
    const text = 'Text <img src="i.png"> and <img alt="" src=\'j.png\'>.\n\n<div>\n<img src="k.png" alt="has">\n</div>\n\n`<img src="code.png">`\n';
    const found = findMarkdownImages(text);
    assert.deepEqual(found.map((f) => [slice(text, f), f.target, f.alt]), [
      ['<img src="i.png">', 'i.png', ''],
      ['<img alt="" src=\'j.png\'>', 'j.png', ''],
      ['<img src="k.png" alt="has">', 'k.png', 'has'],
    ]);
    const out = applyAll(text, found.slice(0, 2), () => 'A "quoted" <b> & co');
    assert.ok(out.startsWith('Text <img alt="A &quot;quoted&quot; &lt;b> &amp; co" src="i.png"> and <img alt="A &quot;quoted&quot; &lt;b> &amp; co" src=\'j.png\'>.'), out);
  });

  it('keeps offsets right with CRLF line ends, tabs, a byte order mark and non-Latin text', () => {
    const text = '\uFEFF# 日本語\r\n\r\n-\t😀 ![](x.png)\r\n\r\n> ![][r]\r\n\r\n[r]: y.png\r\n';
    const found = findMarkdownImages(text);
    assert.deepEqual(found.map((f) => slice(text, f)), ['![](x.png)', '![][r]']);
    assert.equal(applyAll(text, found, () => 'ok'), '\uFEFF# 日本語\r\n\r\n-\t😀 ![ok](x.png)\r\n\r\n> ![ok][r]\r\n\r\n[r]: y.png\r\n');
  });

  it('treats white-space-only alt text as missing and replaces all of it', () => {
    const text = '![  ](a.png)';
    const [img] = findMarkdownImages(text);
    assert.ok(lacksAltText(img));
    assert.equal(applyAll(text, [img], () => 'x'), '![x](a.png)');
  });
});

describe('altText/find: HTML', () => {
  it('finds <img> with no, empty, valueless or present alt, and not in script, style, textarea or comments', () => {
    const text = [
      '<!doctype html><html><body>',
      '<IMG SRC="a.png">',
      '<img src=b.png alt="">',
      '<img alt src="c.png"/>',
      '<img src="d.png" alt="A dog">',
      '<script>var s = "<img src=e.png>";</script>',
      '<style>/* <img src=f.png> */</style>',
      '<textarea><img src=g.png></textarea>',
      '<!-- <img src=h.png> -->',
      '<template><img src="t.png"></template>',
      '<img alt="">',
      '</body></html>',
    ].join('\n');
    const found = findHtmlImages(text);
    assert.deepEqual(found.map((f) => [slice(text, f), f.target, f.alt]), [
      ['<IMG SRC="a.png">', 'a.png', ''],
      ['<img src=b.png alt="">', 'b.png', ''],
      ['<img alt src="c.png"/>', 'c.png', ''],
      ['<img src="d.png" alt="A dog">', 'd.png', 'A dog'],
      ['<img src="t.png">', 't.png', ''],
    ]);
    const out = applyAll(text, found.filter(lacksAltText), () => 'New');
    assert.ok(out.includes('<IMG alt="New" SRC="a.png">'));
    assert.ok(out.includes('<img src=b.png alt="New">'));
    assert.ok(out.includes('<img alt="New" src="c.png"/>'));
    assert.ok(out.includes('<img src="d.png" alt="A dog">'));
  });
});

describe('altText/find: targets', () => {
  it('classifies paths, remote, data and other schemes', () => {
    assert.deepEqual(classifyTarget('pics/a%20b.png?v=2#x'), { kind: 'path', path: 'pics/a b.png', fromRoot: false });
    assert.deepEqual(classifyTarget('/img/c.png'), { kind: 'path', path: 'img/c.png', fromRoot: true });
    assert.deepEqual(classifyTarget('100%.png'), { kind: 'path', path: '100%.png', fromRoot: false });
    assert.deepEqual(classifyTarget('https://example.com/a.png'), { kind: 'skip', reason: 'remote image (not sent)' });
    assert.deepEqual(classifyTarget('//cdn.example.com/a.png'), { kind: 'skip', reason: 'remote image (not sent)' });
    assert.deepEqual(classifyTarget('DATA:image/png;base64,AAAA'), { kind: 'skip', reason: 'data: URL image (not sent)' });
    assert.deepEqual(classifyTarget('command:workbench.action.quit'), { kind: 'skip', reason: 'command: link, not a workspace file' });
    assert.deepEqual(classifyTarget('  '), { kind: 'skip', reason: 'no image path' });
  });

  it('gives the words around an image, collapsed', () => {
    const text = 'Der Hund\n\nspielt ![](a.png) im   Garten.';
    const [img] = findMarkdownImages(text);
    assert.equal(surroundingText(text, img.start, img.end), 'Der Hund spielt [image] im Garten.');
    assert.equal(surroundingText('x'.repeat(1000) + 'IMG' + 'y'.repeat(1000), 1000, 1003, 20), `${'x'.repeat(10)}[image]${'y'.repeat(10)}`);
  });
});

describe('altText/text', () => {
  it('cleans a reply into one line without quotes or a label', () => {
    assert.equal(cleanAltText('  "A red fox\nin snow."  \n'), 'A red fox in snow.');
    assert.equal(cleanAltText('Alt text: “A lighthouse at dusk.”'), 'A lighthouse at dusk.');
    assert.equal(cleanAltText('**`Ein Hund im Garten.`**'), 'Ein Hund im Garten.');
    assert.equal(cleanAltText('"He said "hi" to me"'), 'He said "hi" to me');
    assert.throws(() => cleanAltText(' "" \n'), EmptyAltTextError);
  });

  it('cuts a 600-character reply at a sentence end, else at a word end with an ellipsis', () => {
    const sentences = Array.from({ length: 12 }, (_, i) => `Sentence number ${i} describes the picture in some detail here.`).join(' ');
    assert.ok(sentences.length > 600);
    const cut = cleanAltText(sentences);
    assert.ok(cut.length <= MAX_ALT_CHARACTERS && cut.endsWith('here.'), cut);
    const words = 'word '.repeat(120).trim();
    const cutWords = cleanAltText(words);
    assert.ok(cutWords.length <= MAX_ALT_CHARACTERS && cutWords.endsWith('word…'), cutWords);
  });

  it('escapes for Markdown and for an HTML attribute, so the result reads back as written', () => {
    const alt = 'a [b] \\c\\ "d" & <e>';
    const md = `![${escapeAltText(alt, 'markdown')}](x.png)`;
    assert.equal(md, '![a \\[b\\] \\\\c\\\\ "d" & <e>](x.png)');
    assert.equal(escapeAltText(alt, 'html'), 'a [b] \\c\\ &quot;d&quot; &amp; &lt;e>');
    const html = `<img alt="${escapeAltText(alt, 'html')}" src="x.png">`;
    assert.equal(findHtmlImages(html, 0, true)[0].alt, alt);
    assert.equal(findMarkdownImages(`![${escapeAltText('a ] b', 'markdown')}](x.png)`)[0].alt, 'a ] b');
  });
});

describe('altText: package.json', () => {
  it('the altTextPrompt setting defaults to the prompt the code uses', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pkg = require('../../../../package.json');
    const { DEFAULT_ALT_TEXT_PROMPT } = require('../../../src/altText/text') as typeof import('../../../src/altText/text');
    assert.equal(pkg.contributes.configuration.properties['openrouterStudio.altTextPrompt'].default, DEFAULT_ALT_TEXT_PROMPT);
    assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('openrouterStudio.altTextPrompt'));
  });
});
