/**
 * A generated corpus of hostile model replies, written as alt text into every context an image can stand in,
 * then re-parsed independently of the code under test: CommonMark + GFM (mdast-util-from-markdown with
 * micromark-extension-gfm), parse5, marked as a README renderer uses it, and the chat view's marked. Each
 * edited document must hold the same images (each alt equal to the cleaned reply) and no new node.
 */
import assert from 'node:assert/strict';
import type { Nodes, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { Marked } from 'marked';
import { gfm } from 'micromark-extension-gfm';
import { parse, parseFragment, type DefaultTreeAdapterMap } from 'parse5';
import { AltTextCheckError, applyAltWrites } from '../../../src/altText/check';
import { findHtmlImages } from '../../../src/altText/findHtml';
import { findMarkdownImages } from '../../../src/altText/findMarkdown';
import { chatMarked } from '../../../src/webview/marked';
import { cleanedReplies, hostileReplies, writeEvery } from '../../support/hostileReplies';

/** Where an image can stand: each document holds its target `a.png` (once or twice) among other nodes. */
const CONTEXTS: Array<{ name: string; markup: 'markdown' | 'html'; text: string }> = [
  { name: 'paragraph', markup: 'markdown', text: '# Title\n\nSome *text* before ![](a.png) and after.\n\nNext paragraph.\n' },
  { name: 'table cell', markup: 'markdown', text: '| Image | Note |\n| --- | --- |\n| ![](a.png) | keep |\n| other | row |\n' },
  { name: 'image inside a link', markup: 'markdown', text: 'See [![](a.png)](https://example.com) here.\n' },
  { name: 'reference definition used twice', markup: 'markdown', text: 'One ![][logo], two ![logo].\n\n[logo]: a.png "Logo"\n' },
  { name: 'list item and blockquote', markup: 'markdown', text: '- item ![](a.png)\n\n> quoted ![](a.png)\n' },
  { name: '<img> in Markdown', markup: 'markdown', text: 'Inline <img src="a.png"> here.\n\n| A | B |\n| - | - |\n| <img src="a.png"> | x |\n' },
  { name: '<IMG> block in Markdown', markup: 'markdown', text: '<div>\n<IMG SRC="a.png">\n</div>\n\nText.\n' },
  { name: '<image> in Markdown', markup: 'markdown', text: 'An <image src="a.png"> tag.\n' },
  { name: 'HTML file', markup: 'html', text: '<!doctype html><html><body><p><img src="a.png"> <IMG src=a.png> <image src="a.png"></p><p>keep</p></body></html>' },
];

type P5 = DefaultTreeAdapterMap['node'];

/** Pre-order element names and text of a parse5 tree, and the `alt` of every `<img>`. */
function html(node: P5, out: { names: string[]; alts: string[]; text: string[] }): typeof out {
  if (node.nodeName === 'img') out.alts.push((node as DefaultTreeAdapterMap['element']).attrs.find((a) => a.name === 'alt')?.value ?? '');
  if (node.nodeName === '#text') out.text.push((node as DefaultTreeAdapterMap['textNode']).value);
  else out.names.push(node.nodeName);
  if ('childNodes' in node) for (const c of node.childNodes) html(c, out);
  return out;
}

/** Every node type in pre-order (HTML inside Markdown as its elements), the text values, and every image's alt. */
function markdown(text: string): { names: string[]; alts: string[]; text: string[] } {
  const out = { names: [] as string[], alts: [] as string[], text: [] as string[] };
  const walk = (node: Nodes): void => {
    out.names.push(node.type);
    if (node.type === 'image' || node.type === 'imageReference') out.alts.push(node.alt ?? '');
    if (node.type === 'html') html(parseFragment(node.value), out);
    else if ('value' in node) out.text.push(node.value);
    if ('children' in node) for (const c of node.children) walk(c);
  };
  walk(fromMarkdown(text, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] }) as Root);
  return out;
}

const readme = new Marked({ gfm: true });
const rendered = (m: Marked, text: string): { names: string[]; alts: string[]; text: string[] } =>
  html(parseFragment(m.parse(text) as string), { names: [], alts: [], text: [] });

describe('altText: a corpus of hostile replies in every context', function () {
  this.timeout(120_000);
  const replies = hostileReplies(2100);

  it('has at least 2,000 distinct replies, most with Markdown or HTML syntax in them', () => {
    assert.ok(replies.length >= 2100);
    assert.ok(replies.filter((r) => /[|<>[\]\\`*_&]/.test(r)).length > 1500);
  });

  for (const ctx of CONTEXTS) {
    it(`${ctx.name}: each re-parses with the same nodes and its images' alt equal to the reply`, () => {
      const find = ctx.markup === 'markdown' ? findMarkdownImages : findHtmlImages;
      const targets = find(ctx.text).filter((i) => i.target === 'a.png');
      assert.ok(targets.length >= 1);
      const reparse = ctx.markup === 'markdown' ? markdown : (t: string) => html(parse(t), { names: [], alts: [], text: [] });
      const before = reparse(ctx.text);
      const beforeReadme = ctx.markup === 'markdown' ? rendered(readme, ctx.text) : undefined;
      const beforeChat = ctx.markup === 'markdown' ? rendered(chatMarked, ctx.text) : undefined;
      let checked = 0;
      for (const { reply, alt } of cleanedReplies(replies)) {
        assert.ok(!/[\p{Cc}\p{Cs}\u202A-\u202E\u2066-\u2069\u200B\uFEFF]/u.test(alt), JSON.stringify(alt));
        const out = writeEvery(ctx.text, ctx.markup, targets, { reply, alt });
        const after = reparse(out);
        const why = `${ctx.name}, reply ${JSON.stringify(reply)} → ${JSON.stringify(out)}`;
        assert.deepEqual(after.names, before.names, why);
        assert.deepEqual(after.text, before.text, why);
        assert.deepEqual(after.alts, before.alts.map(() => alt), why);
        if (beforeReadme && beforeChat) {
          const r = rendered(readme, out);
          assert.deepEqual(r.names, beforeReadme.names, `marked: ${why}`);
          assert.deepEqual(r.alts, beforeReadme.alts.map(() => alt), `marked: ${why}`);
          const c = rendered(chatMarked, out);
          assert.deepEqual(c.names, beforeChat.names, `chat view: ${why}`);
          // The chat view shows a local image as "alt (image: path)"; raw HTML as its source text.
          if (!ctx.name.startsWith('<')) assert.equal(c.text.join(''), beforeChat.text.join('').replace(/(image|logo) \(image: a\.png\)/g, () => `${alt} (image: a.png)`), `chat view: ${why}`);
        }
        checked++;
      }
      assert.ok(checked >= 2000, `${checked} replies checked`);
    });
  }
});

describe('altText: the edit is checked before it is written', () => {
  it('refuses an alt that would change the document, and writes nothing', () => {
    const text = '| ![](a.png) | keep |\n| - | - |\n';
    const [img] = findMarkdownImages(text);
    // An edit that bypasses the escape (as a bug would): the pipe splits the cell.
    assert.throws(() => applyAltWrites(text, 'markdown', [{ edit: { ...img.edit, syntax: 'html' }, alt: 'a | <a href="https://evil.example">b</a>' }]), AltTextCheckError);
    assert.throws(() => applyAltWrites('<p><img src="a.png"></p>', 'html', [{ edit: { start: 3, end: 3, before: '', after: '', syntax: 'html' }, alt: 'x' }]), AltTextCheckError);
  });
});
