/**
 * undici, loaded on first use. Activating the extension must not pay for the network stack (requiring
 * undici takes about 85 ms): only the first request does, once. In the extension bundle esbuild maps this
 * `require('undici')` to the separate file `dist/undici.js` (see `esbuild.mjs`); in plain Node (unit tests,
 * benchmarks) it is the package itself.
 */
import type * as Undici from 'undici';

let loaded: typeof Undici | undefined;

/** The undici module, required the first time this is called. */
export function undici(): typeof Undici {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('undici') as typeof Undici;
  return loaded;
}
