import assert from 'node:assert/strict';
import { classifyTarget, lacksAltText, surroundingText, type FoundImage } from '../../../src/altText/foundImage';
import { declaredSettings } from '../../support/settings';
import { findHtmlImages } from '../../../src/altText/findHtml';
import { findMarkdownImages } from '../../../src/altText/findMarkdown';
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
    assert.ok(out.startsWith('Text <img alt="A &#34;quoted&#34; &#60;b&#62; &#38; co" src="i.png"> and <img alt="A &#34;quoted&#34; &#60;b&#62; &#38; co" src=\'j.png\'>.'), out);
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
  it('finds <img> with no, empty, valueless or present alt, and not in script, style, textarea or comments; alt="" written out is decorative', () => {
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
    assert.ok(out.includes('<img src=b.png alt="">'), 'alt="" is decorative (WCAG H67, markdownlint MD045): left as it is');
    assert.ok(found.find((f) => f.target === 'b.png')?.decorative);
    assert.ok(out.includes('<img alt="New" src="c.png"/>'));
    assert.ok(out.includes('<img src="d.png" alt="A dog">'));
  });
});

describe('altText/find: as the references read it', () => {
  for (const eol of ['\n', '\r\n']) {
    it(`regression: an <img> over two lines of a block quote is one tag (${JSON.stringify(eol)}); a new alt goes into the source tag`, () => {
      const has = `> <img src="a.png"${eol}> alt="A cat">${eol}`;
      const [img] = findMarkdownImages(has);
      assert.deepEqual([img.target, img.alt, lacksAltText(img)], ['a.png', 'A cat', false], 'the alt on the second line is read');
      const lacks = `Intro${eol}${eol}> Quote <img${eol}> src="b.png"${eol}> width="10">${eol}`;
      const found = findMarkdownImages(lacks);
      assert.equal(found.length, 1);
      assert.equal(slice(lacks, found[0]), `<img${eol}> src="b.png"${eol}> width="10">`);
      const out = applyAll(lacks, found, () => 'A bird');
      assert.equal(out, lacks.replace('<img', '<img alt="A bird"'));
      assert.equal(findMarkdownImages(out)[0].alt, 'A bird');
    });
  }

  it('regression: YAML and TOML front matter is not read as images', () => {
    const text = '---\ntitle: x\nimage: <img src="m.png">\ncover: ![](n.png)\n---\n\n![](x.png)\n';
    assert.deepEqual(findMarkdownImages(text).map((f) => f.target), ['x.png']);
    assert.deepEqual(findMarkdownImages('+++\nimage = "<img src=m.png>"\n+++\n\n![](y.png)\n').map((f) => f.target), ['y.png']);
  });

  it('regression: GitHub footnotes hold images (they were read as link definitions)', () => {
    const text = 'Text with a note.[^1]\n\n[^1]: ![](g.png) and ![](h.png)\n';
    assert.deepEqual(findMarkdownImages(text).map((f) => f.target), ['g.png', 'h.png']);
  });

  it('regression: an <img> inside <noscript> in an HTML file is found (parse5 read noscript as raw text)', () => {
    const text = '<!doctype html><html><head><noscript><img src="p.png"></noscript></head><body><noscript><img src="c.png"></noscript><script>"<img src=s.png>"</script></body></html>';
    const found = findHtmlImages(text);
    assert.deepEqual(found.map((f) => f.target), ['p.png', 'c.png']);
    assert.equal(applyAll(text, found, () => 'Fallback'), text.replace('<img src="p.png">', '<img alt="Fallback" src="p.png">').replace('<img src="c.png">', '<img alt="Fallback" src="c.png">'));
  });

  it('aria-hidden="true" and role="presentation"/"none" images are decorative: not missing alt text (WCAG H67)', () => {
    const text = '<img src="a.png" aria-hidden="true"> <img src="b.png" role="presentation"> <img src="c.png" ROLE="None"> <img src="d.png" aria-hidden="false"> <img src="e.png">';
    assert.deepEqual(findHtmlImages(text).map((f) => [f.target, lacksAltText(f)]), [['a.png', false], ['b.png', false], ['c.png', false], ['d.png', true], ['e.png', true]]);
    assert.deepEqual(findMarkdownImages(text).filter(lacksAltText).map((f) => f.target), ['d.png', 'e.png']);
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
    const alt = 'a [b] \\c\\ "d" & <e> | *f* `g` ~h~ !(i) \'j\'';
    assert.equal(escapeAltText(alt, 'markdown'), 'a &#91;b&#93; &#92;c&#92; &#34;d&#34; &#38; &#60;e&#62; &#124; &#42;f&#42; &#96;g&#96; &#126;h&#126; &#33;&#40;i&#41; &#39;j&#39;');
    assert.equal(escapeAltText(alt, 'html'), 'a [b] \\c\\ &#34;d&#34; &#38; &#60;e&#62; | *f* `g` ~h~ !(i) &#39;j&#39;');
    assert.equal(findMarkdownImages(`![${escapeAltText(alt, 'markdown')}](x.png)`)[0].alt, alt);
    assert.equal(findMarkdownImages(`<img alt="${escapeAltText(alt, 'markdown')}" src="x.png">`)[0].alt, alt);
    assert.equal(findHtmlImages(`<img alt="${escapeAltText(alt, 'html')}" src="x.png">`)[0].alt, alt);
  });

  it('removes controls, bidi controls and zero-width characters, keeping joiners inside emoji and words', () => {
    assert.equal(cleanAltText('A\u0000 cat\u001b[31m \u202Eright\u202C\u200B to\u2066 left\u2069\u00AD.\uFEFF'), 'A cat[31m right to left.');
    assert.equal(cleanAltText('👩\u200D💻 at work'), '👩\u200D💻 at work');
    assert.equal(cleanAltText('می\u200Cخواهم'), 'می\u200Cخواهم');
    assert.equal(cleanAltText('\u200Dx\u200D \uD800y'), 'x y');
    assert.throws(() => cleanAltText('\u200B\u202E\u0000'), EmptyAltTextError);
  });

  it('cuts on a whole grapheme cluster: no half emoji, no lone combining mark', () => {
    for (const unit of ['😀', '👩🏽\u200D🚀', 'e\u0301', '🇩🇪']) {
      const cut = cleanAltText(unit.repeat(200));
      assert.ok(cut.length <= MAX_ALT_CHARACTERS, `${unit}: ${cut.length}`);
      assert.ok(cut.endsWith('…'));
      assert.equal(cut.slice(0, -1), unit.repeat((cut.length - 1) / unit.length), `${JSON.stringify(unit)} cut inside a cluster`);
      assert.ok(!/\p{Cs}/u.test(cut), 'a lone surrogate');
    }
  });

  it('writes a new alt after the tag name as written: <IMG, <image', () => {
    for (const [doc, markup] of [['<image src="a.png">', 'html'], ['<IMG SRC="a.png">', 'html'], ['x <image src="a.png"> y', 'markdown'], ['<Img\nsrc="a.png">', 'markdown']] as const) {
      const found = markup === 'html' ? findHtmlImages(doc) : findMarkdownImages(doc);
      const out = applyAll(doc, found, () => 'A cat');
      assert.equal(out, doc.replace(/^(.*?<[a-z]+)/is, '$1 alt="A cat"'));
      assert.equal((markup === 'html' ? findHtmlImages(out) : findMarkdownImages(out))[0].alt, 'A cat');
    }
  });
});

describe('altText: package.json', () => {
  it('the altTextPrompt setting defaults to the prompt the code uses', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pkg = require('../../../../package.json');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { DEFAULT_ALT_TEXT_PROMPT } = require('../../../src/shared/prompts') as typeof import('../../../src/shared/prompts');
    assert.equal(declaredSettings(pkg)['openrouterStudio.altTextPrompt'].default, DEFAULT_ALT_TEXT_PROMPT);
    assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('openrouterStudio.altTextPrompt'));
  });
});
