// Bundles the extension (Node, CommonJS) and, when present, the chat view's script (browser).
// `node esbuild.mjs` builds once with source maps; `--production` minifies; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints esbuild's errors in the `file:line:col: error: …` form VS Code's problem matchers read. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log(`[watch] build started (${build.initialOptions.outfile})`));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log(`[watch] build finished (${build.initialOptions.outfile})`);
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  plugins: watch ? [problemMatcher] : [],
};

/**
 * undici stays out of the extension bundle: `require('undici')` becomes `require('./undici.js')`, a bundle
 * of its own that the client loads on its first request, so activation does not pay for it.
 */
const undiciApart = {
  name: 'undici-apart',
  setup(build) {
    build.onResolve({ filter: /^undici$/ }, () => ({ path: './undici.js', external: true }));
  },
};

/**
 * The same for the Markdown/HTML parsers of the alt-text features (`src/shared/parsers.ts`): they become
 * `dist/markup.js`, loaded when the first Markdown or HTML document is checked.
 */
const markupApart = {
  name: 'markup-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/parsers$/ }, (args) => (args.importer.endsWith('loadParsers.ts') ? { path: './markup.js', external: true } : undefined));
  },
};

/**
 * Every `import * as vscode from 'vscode'` in the bundle goes through one shim module, so the API object is
 * wrapped once at load instead of once per source file (esbuild copies every property of a CommonJS module
 * for each `import *` of it: with ~25 files that was a third of the bundle's load time).
 */
const oneVscodeImport = {
  name: 'one-vscode-import',
  setup(build) {
    const shim = new URL('./scripts/esbuild/vscode-shim.mjs', import.meta.url).pathname;
    build.onResolve({ filter: /^vscode$/ }, (args) => (args.importer === shim ? { path: 'vscode', external: true } : { path: shim }));
  },
};

const configs = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['vscode'],
    plugins: [...common.plugins, undiciApart, markupApart, oneVscodeImport],
  },
  {
    ...common,
    stdin: { contents: "module.exports = require('undici');", resolveDir: '.', sourcefile: 'undici-entry.js' },
    outfile: 'dist/undici.js',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
  },
  {
    // The alt-text parsing's worker thread (src/altText/markupWorker.ts starts it): the parsers stay in
    // dist/markup.js, shared with the extension bundle.
    ...common,
    entryPoints: ['src/altText/altTextWorker.ts'],
    outfile: 'dist/altTextWorker.js',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    plugins: [...common.plugins, markupApart],
  },
  {
    ...common,
    entryPoints: ['src/shared/parsers.ts'],
    outfile: 'dist/markup.js',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
  },
];

if (existsSync('src/webview/main.ts')) {
  configs.push({
    ...common,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
  });
}

// Codicons (font + CSS) for the chat view, served from dist/ (node_modules is not packaged).
mkdirSync('dist/codicons', { recursive: true });
for (const f of ['codicon.css', 'codicon.ttf']) cpSync(`node_modules/@vscode/codicons/dist/${f}`, `dist/codicons/${f}`);

if (watch) {
  const contexts = await Promise.all(configs.map((c) => esbuild.context(c)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(configs.map((c) => esbuild.build(c)));
}
