/**
 * The images the alt-text features mark are the ones the linters web developers already run report: every
 * combination of alt forms and the attributes that bear on them (spreads, ARIA labels, `aria-hidden`, roles,
 * `null`/`undefined`), written into one file per framework, read by eslint-plugin-jsx-a11y's `alt-text`,
 * eslint-plugin-vuejs-accessibility's `alt-text`, Svelte's compiler (`a11y_missing_attribute`) and eslint-plugin-astro's
 * `astro/jsx-a11y/alt-text` (jsx-a11y's rule on Astro's tree), and by this
 * extension's finders. The only differences are the ones listed, on purpose: a blank `alt=" "` (and in
 * Svelte a bare `alt`) is no alt text here, nor in JSX a blank `aria-label`. Regression: `aria-label={""}` names
 * nothing (jsx-a11y reports it; the finders of JSX, MDX and Astro took any bound label as a name).
 */
import assert from 'node:assert/strict';
import { Linter } from 'eslint';
// @ts-expect-error -- eslint-plugin-jsx-a11y ships no types (it is an ESLint plugin: rules and configs)
import jsxA11y from 'eslint-plugin-jsx-a11y';
import vueA11y from 'eslint-plugin-vuejs-accessibility';
import * as astroParser from 'astro-eslint-parser';
import * as astro from 'eslint-plugin-astro';
import { compile } from 'svelte/compiler';
import vueParser from 'vue-eslint-parser';
import { findAstroImages } from '../../../src/altText/findAstro';
import { findJsxImages } from '../../../src/altText/findJsx';
import { findMdxImages } from '../../../src/altText/findMdx';
import { findSvelteImages } from '../../../src/altText/findSvelte';
import { findVueImages } from '../../../src/altText/findVue';
import { lacksAltText, type FoundImage } from '../../../src/altText/foundImage';

/** Every alt form × every other attribute, one element per line. */
function combinations(alts: string[], extras: string[], element: (attrs: string) => string): string[] {
  return alts.flatMap((a) => extras.map((e) => element([a, e].filter(Boolean).join(' '))));
}

/** The lines (1-based) of the images a finder says lack alt text. */
const ourLines = (text: string, found: FoundImage[]): Set<number> => new Set(found.filter(lacksAltText).map((i) => text.slice(0, i.start).split('\n').length));

/** Where the two sets of lines differ, as the lines' text, each marked with who reports it. */
function differences(text: string, theirs: Set<number>, ours: Set<number>): string[] {
  const rows = text.split('\n');
  return [...new Set([...theirs, ...ours])].filter((l) => theirs.has(l) !== ours.has(l)).sort((a, b) => a - b).map((l) => `${theirs.has(l) ? 'linter only' : 'ours only'}: ${rows[l - 1].trim()}`);
}

/** What only this extension marks in JSX: a blank alt, and an image whose only name is a blank `aria-label` (jsx-a11y lets both pass). */
const BLANK = / alt=" "| aria-label=(" "|\{" "\})/;

const EXTRAS = ['', 'aria-hidden="true"', 'role="presentation"', 'role="none"', 'aria-label="A label"', 'aria-label=""', 'aria-labelledby="l"'];

describe('altText: the images marked are the ones the framework linters report', function () {
  this.timeout(60_000);

  it('JSX/TSX and MDX: the same as eslint-plugin-jsx-a11y (alt-text, with Image as an img), but a blank alt or label', () => {
    const lines = ['img', 'Image'].flatMap((name) => combinations(['', 'alt="A cat"', 'alt=""', 'alt=" "', 'alt', 'alt={t}', 'alt={undefined}', 'alt={null}', 'alt={``}'], [...EXTRAS, '{...p}', 'aria-hidden={true}', 'aria-label={t}', 'aria-label={""}', 'aria-label={``}', 'aria-label=" "', 'aria-label={" "}'], (attrs) => `<${name} src="a.png" ${attrs} />`));
    const text = `const t = 'x', p = {};\nexport const A = () => (<>\n${lines.join('\n')}\n</>);\n`;
    const messages = new Linter().verify(text, [{ files: ['**/*.jsx'], plugins: { 'jsx-a11y': jsxA11y }, languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } }, rules: { 'jsx-a11y/alt-text': ['error', { img: ['Image'] }] } }], 'a.jsx');
    assert.deepEqual(messages.filter((m) => m.fatal), []);
    const theirs = new Set(messages.map((m) => m.line));
    const diff = differences(text, theirs, ourLines(text, findJsxImages(text)));
    assert.ok(diff.length > 0 && diff.every((d) => d.startsWith('ours only') && BLANK.test(d)), diff.join('\n'));
    // The control: the linter ran and reported a good part of the combinations.
    assert.ok(theirs.size > lines.length / 4, `${theirs.size} of ${lines.length} reported by jsx-a11y`);
    // The same elements in an MDX page, read by the MDX finder, mark the same lines.
    const mdx = `export const t = 'x'\nexport const p = {}\n\n${lines.join('\n\n')}\n`;
    const mdxDiff = differences(mdx, new Set([...theirs].map((l) => 2 * (l - 2) + 2)), ourLines(mdx, findMdxImages(mdx)));
    assert.deepEqual(mdxDiff.filter((d) => !(d.startsWith('ours only') && BLANK.test(d))), []);
  });

  it('Vue: the same as eslint-plugin-vuejs-accessibility (alt-text), but a blank alt', () => {
    const lines = combinations(['', 'alt="A cat"', 'alt=""', 'alt=" "', 'alt', ':alt="t"', ':alt="null"', ':alt="undefined"', 'v-bind:alt="t"'], [...EXTRAS, 'v-bind="p"', ':aria-hidden="true"'], (attrs) => `    <img src="a.png" ${attrs}>`);
    const text = `<template>\n  <div>\n${lines.join('\n')}\n  </div>\n</template>\n`;
    const messages = new Linter().verify(text, [{ files: ['**/*.vue'], plugins: { 'vuejs-accessibility': vueA11y }, languageOptions: { parser: vueParser }, rules: { 'vuejs-accessibility/alt-text': 'error' } }], 'a.vue');
    assert.deepEqual(messages.filter((m) => m.fatal), []);
    const theirs = new Set(messages.map((m) => m.line));
    const diff = differences(text, theirs, ourLines(text, findVueImages(text)));
    assert.ok(diff.length > 0 && diff.every((d) => d.startsWith('ours only') && / alt=" "/.test(d)), diff.join('\n'));
    assert.ok(theirs.size > lines.length / 4, `${theirs.size} of ${lines.length} reported`);
  });

  it('Svelte: the same as the compiler\'s a11y_missing_attribute, but a blank and a bare alt', () => {
    const lines = combinations(['', 'alt="A cat"', 'alt=""', 'alt=" "', 'alt', 'alt={t}', 'alt={undefined}', 'alt="a {t}"', '{alt}'], [...EXTRAS, '{...p}'], (attrs) => `<img src="a.png" ${attrs}>`);
    const text = `<script>let t = 'x', p = {}, alt = 'y';</script>\n${lines.join('\n')}\n`;
    const theirs = new Set(compile(text, { generate: false }).warnings.filter((w) => w.code === 'a11y_missing_attribute').map((w) => w.start!.line));
    const diff = differences(text, theirs, ourLines(text, findSvelteImages(text)));
    assert.ok(diff.length > 0 && diff.every((d) => d.startsWith('ours only') && /( alt=" "| alt( |>))/.test(d)), diff.join('\n'));
    assert.ok(theirs.size > lines.length / 20, `${theirs.size} of ${lines.length} reported`);
  });

  it('Astro: the same as eslint-plugin-astro (astro/jsx-a11y/alt-text, with Image as an img), but a blank alt or label', () => {
    const lines = ['img', 'Image'].flatMap((name) => combinations(['', 'alt="A cat"', 'alt=""', 'alt=" "', 'alt', 'alt={t}', 'alt={undefined}', 'alt={null}', 'alt={``}'], [...EXTRAS, '{...p}', 'aria-hidden={true}', 'aria-label={t}', 'aria-label={""}', 'aria-label={``}', 'aria-label=" "', 'aria-label={" "}'], (attrs) => `<${name} src="a.png" ${attrs} />`));
    const text = `---\nimport { Image } from 'astro:assets';\nconst t = 'x', p = {};\n---\n<div>\n${lines.join('\n')}\n</div>\n`;
    const messages = new Linter().verify(text, [{ files: ['**/*.astro'], plugins: { astro, 'jsx-a11y': jsxA11y }, languageOptions: { parser: astroParser, parserOptions: { sourceType: 'module', ecmaVersion: 'latest' } }, rules: { 'astro/jsx-a11y/alt-text': ['error', { img: ['Image'] }] } }], 'a.astro');
    assert.deepEqual(messages.filter((m) => m.fatal), []);
    const theirs = new Set(messages.map((m) => m.line));
    const diff = differences(text, theirs, ourLines(text, findAstroImages(text)));
    assert.ok(diff.length > 0 && diff.every((d) => d.startsWith('ours only') && BLANK.test(d)), diff.join('\n'));
    assert.ok(theirs.size > lines.length / 4, `${theirs.size} of ${lines.length} reported by eslint-plugin-astro`);
  });
});
