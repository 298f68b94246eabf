/**
 * The finder's prefilter is sound: a text it skips (no `![`, no `<img` or `<image`) holds no image, so skipping
 * its parse changes no answer. Checked on this repository's own Markdown files, the alt-text contexts, and a
 * generated corpus of near misses (`! [`, `!\n[`, `&#33;[`, `\![`, `< img`, `<imgx`, code spans, references …):
 * for each, the result with the prefilter equals the full parse's. In components, a text without `<` and an image
 * component's name (in any case, any kebab-case form) holds no image, with the default components and custom ones.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { findAstroImages } from '../../../src/altText/findAstro';
import { findHtmlImages, HTML_OPTIONS } from '../../../src/altText/findHtml';
import { findJsxImages } from '../../../src/altText/findJsx';
import { findMarkdownImages } from '../../../src/altText/findMarkdown';
import { markdownTree } from '../../../src/altText/markdownTree';
import { findMdxImages } from '../../../src/altText/findMdx';
import { findSvelteImages } from '../../../src/altText/findSvelte';
import { findVueImages } from '../../../src/altText/findVue';
import { mayHoldImages } from '../../../src/altText/foundImage';
import { markupParsers } from '../../../src/shared/loadParsers';
import { rng } from '../../support/rng';

const ROOT = path.resolve(__dirname, '../../../..');

/** Pieces of Markdown and HTML around what an image needs, and what only looks like it. */
const PIECES = [
  '![', '!', '[', ']', '(a.png)', '![](a.png)', '![alt][ref]', '![ref]', '[ref]: a.png', '! [x](a.png)', '!\n[x](a.png)', '&#33;[x](a.png)',
  '\\![x](a.png)', '`![x](a.png)`', '```\n![x](a.png)\n```\n', '<img src=a.png>', '<IMG SRC=a.png>', '<Image src=a.png>', '<image>', '< img src=a.png>',
  '<i mg>', '<imgx src=a.png>', '<im', 'img', '<!-- <img src=a.png> -->', '<div>\n', '</div>\n', '<picture><source srcset=a.png></picture>',
  '<svg><image href="a.png"/></svg>', '<input type=image src=a.png>', '[link](a.png)', '<a href=a.png>', 'text', ' ', '\n', '\n\n', '- ', '> ', '| a | b |\n| - | - |\n',
  '*', '_', '`', '\\', '&', '&amp;', '<', '>', '"', "'", '# ', '---\n', '+++\n', '\uFEFF',
];

function corpus(n: number, seed: number): string[] {
  const random = rng(seed);
  return Array.from({ length: n }, () => Array.from({ length: 1 + Math.floor(random() * 12) }, () => PIECES[Math.floor(random() * PIECES.length)]).join(''));
}

describe('altText/find: the prefilter skips only what holds no image', function () {
  this.timeout(120_000);
  const own = ['README.md', 'CHANGELOG.md', 'CONTRIBUTING.md', 'test/fixtures/workspace/README.md'].map((f) => readFileSync(path.join(ROOT, f), 'utf8'));

  it('Markdown: prefiltered and full results are identical (this repository\'s files and 4,000 generated near misses)', () => {
    let skipped = 0;
    for (const text of [...own, ...corpus(4000, 32)]) {
      const full = findMarkdownImages(text, markdownTree(text));
      if (!mayHoldImages(text, 'markdown')) {
        skipped++;
        assert.deepEqual(full, [], JSON.stringify(text));
      }
      assert.deepEqual(findMarkdownImages(text), full, JSON.stringify(text));
    }
    assert.ok(skipped > 500, `the corpus has texts the prefilter skips (${skipped})`);
  });

  it('HTML: prefiltered and full results are identical (2,000 generated near misses)', () => {
    const { parseHtml } = markupParsers();
    let skipped = 0;
    for (const text of corpus(2000, 33)) {
      const full = findHtmlImages(text, parseHtml(text, HTML_OPTIONS));
      if (!mayHoldImages(text, 'html')) {
        skipped++;
        assert.deepEqual(full, [], JSON.stringify(text));
      }
      assert.deepEqual(findHtmlImages(text), full, JSON.stringify(text));
    }
    assert.ok(skipped > 500, `the corpus has texts the prefilter skips (${skipped})`);
  });

  // Regression: `< img src="a.png" />` is a JSX image (white space may follow `<`), which the JSX prefilter skipped.
  it('components (JSX, Vue, Svelte, Astro, MDX): a text without `<` and an image component\'s name holds no image (3,000 generated near misses per language, default and custom components)', () => {
    const elements = ['<img src="a.png" />', '<IMG SRC="a.png" />', '<Image src="a.png" />', '<image src="a.png" />', '<NuxtImg src="a.png" />', '<nuxt-img src="a.png" />', '<Img src="a.png" />', '<HeroPicture src="a.png" />', '<hero-picture src="a.png" />',
      '<Imagex src="a.png" />', '<Image.Item src="a.png" />', '</* a comment */img src="a.png" />', '<\n  Image src="a.png" />', '<imgs src="a.png" />', '<Picture src="a.png" />', '<div>x</div>', '<span>img</span>', 'Image', '![](b.png)', '< img src="a.png" />', 'text'];
    const wrap: Record<'jsx' | 'vue' | 'svelte' | 'astro' | 'mdx', (body: string) => string> = {
      jsx: (b) => `export default () => (<>${b}</>);\n`, vue: (b) => `<template><div>${b}</div></template>\n`, svelte: (b) => `<div>${b}</div>\n`, astro: (b) => `---\n---\n<div>${b}</div>\n`, mdx: (b) => `${b}\n`,
    };
    const find = { jsx: findJsxImages, vue: findVueImages, svelte: findSvelteImages, astro: findAstroImages, mdx: findMdxImages };
    const random = rng(34);
    for (const components of [undefined, ['img', 'HeroPicture']]) {
      for (const lang of ['jsx', 'vue', 'svelte', 'astro', 'mdx'] as const) {
        let skipped = 0;
        let found = 0;
        for (let k = 0; k < 3000; k++) {
          const text = wrap[lang](Array.from({ length: 1 + Math.floor(random() * 4) }, () => elements[Math.floor(random() * elements.length)]).join(lang === 'mdx' ? '\n\n' : ''));
          const images = find[lang](text, components);
          found += images.length;
          if (!mayHoldImages(text, lang, components)) {
            skipped++;
            assert.deepEqual(images, [], `${lang} ${JSON.stringify(components)}: ${text}`);
          }
        }
        assert.ok(skipped > 300 && found > 500, `${lang}: ${skipped} skipped, ${found} images found`);
      }
    }
  });

  it('a large file without image syntax costs a scan, not a parse', () => {
    const prose = Array.from({ length: 9000 }, (_, i) => `Paragraph ${i} has some *words* and a [link](https://example.com/${i}).\n\n`).join('');
    const t0 = performance.now();
    assert.deepEqual(findMarkdownImages(prose), []);
    assert.ok(performance.now() - t0 < 50, `${(performance.now() - t0).toFixed(1)} ms for ${prose.length} characters`);
  });
});
