import type * as AstroParser from './astroParser';
import type * as ComponentParsers from './componentParsers';
import type * as Parsers from './parsers';

let loaded: typeof Parsers | undefined;

/**
 * The Markdown/HTML parsers and the `.gitignore` matcher, required the first time this is called. In the
 * extension bundle `./parsers` is the separate file `dist/markup.js` (see `esbuild.mjs`); in plain Node it
 * is the compiled module itself.
 */
export function markupParsers(): typeof Parsers {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('./parsers') as typeof Parsers;
  return loaded;
}

let components: typeof ComponentParsers | undefined;

/**
 * Vue's and Svelte's template parsers, required the first time this is called: in the extension bundle
 * `./componentParsers` is the separate file `dist/components.js` (see `esbuild.mjs`).
 */
export function componentParsers(): typeof ComponentParsers {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  components ??= require('./componentParsers') as typeof ComponentParsers;
  return components;
}

let astro: typeof AstroParser | undefined;

/**
 * Astro's parser, required the first time this is called: in the extension bundle `./astroParser` is the
 * separate file `dist/astro.js` (see `esbuild.mjs`), which loads `dist/astro.wasm` on its first parse.
 */
export function astroParser(): typeof AstroParser {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  astro ??= require('./astroParser') as typeof AstroParser;
  return astro;
}
