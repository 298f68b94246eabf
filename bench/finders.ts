/**
 * The finders the benchmarks measure, one per component language, and the floor each is measured against: the
 * framework's own parser alone on the same text.
 */
import { astroTree, findAstroImages } from '../src/altText/findAstro';
import { findJsxImages } from '../src/altText/findJsx';
import { jsxTree } from '../src/altText/imageExpressions';
import { findMdxImages, parseMdx } from '../src/altText/findMdx';
import { findSvelteImages, svelteTree } from '../src/altText/findSvelte';
import { findVueImages, vueTree } from '../src/altText/findVue';
import { mayHoldImages, type FoundImage } from '../src/altText/foundImage';

/** A component language. */
export type Lang = 'jsx' | 'vue' | 'svelte' | 'astro' | 'mdx';

const FINDERS: Record<Lang, (text: string) => FoundImage[]> = { jsx: (t) => findJsxImages(t), vue: (t) => findVueImages(t), svelte: (t) => findSvelteImages(t), astro: (t) => findAstroImages(t), mdx: (t) => findMdxImages(t) };

/** The finder of each language, with the default image components, after the prefilter (as the extension runs it: a text that cannot hold an image is not parsed). */
export const FIND: Record<Lang, (text: string) => FoundImage[]> = Object.fromEntries(Object.entries(FINDERS).map(([lang, find]) => [lang, (t: string) => (mayHoldImages(t, lang as Lang) ? find(t) : [])])) as Record<Lang, (text: string) => FoundImage[]>;

/** The parser alone of each language (what the finder cannot be faster than, short of not parsing). */
export const FLOOR: Record<Lang, (text: string) => unknown> = { jsx: jsxTree, vue: vueTree, svelte: svelteTree, astro: astroTree, mdx: parseMdx };

/** The median of 5 timed calls of `f`, in ms. */
export function median(f: () => unknown): number {
  const times = Array.from({ length: 5 }, () => {
    const t0 = process.hrtime.bigint();
    f();
    return Number(process.hrtime.bigint() - t0) / 1e6;
  });
  return times.sort((a, b) => a - b)[2];
}
