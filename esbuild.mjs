// Bundles the extension (Node, CommonJS: extension.js and features.js, see buildExtension) and, when present,
// the chat view's script (browser).
// `node esbuild.mjs` builds once with source maps; `--production` minifies; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ensureAstroWasm } from './scripts/astroWasm.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints esbuild's errors in the `file:line:col: error: …` form VS Code's problem matchers read. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log(`[watch] build started (${build.initialOptions.outfile ?? build.initialOptions.outdir})`));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log(`[watch] build finished (${build.initialOptions.outfile ?? build.initialOptions.outdir})`);
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
 * `dist/markup.js`, loaded when the first Markdown or HTML document is checked; Vue's and Svelte's
 * (`src/shared/componentParsers.ts`) become `dist/components.js`, loaded for the first `.vue` or `.svelte` file;
 * Astro's (`src/shared/astroParser.ts`) `dist/astro.js`, beside its `dist/astro.wasm`, for the first `.astro` file.
 */
const markupApart = {
  name: 'markup-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/parsers$/ }, (args) => (args.importer.endsWith('loadParsers.ts') ? { path: './markup.js', external: true } : undefined));
    build.onResolve({ filter: /^\.\/componentParsers$/ }, (args) => (args.importer.endsWith('loadParsers.ts') ? { path: './components.js', external: true } : undefined));
    build.onResolve({ filter: /^\.\/astroParser$/ }, (args) => (args.importer.endsWith('loadParsers.ts') ? { path: './astro.js', external: true } : undefined));
  },
};

/**
 * Every `import * as vscode from 'vscode'` in the bundle goes through one generated module that takes from
 * VS Code's API object just the names the source uses (`export const { window, workspace, … } = api`), so
 * that `vscode.window` compiles to a plain variable. esbuild would otherwise copy every property of the API
 * object for each `import *` of it (a third of the bundle's load time with ~25 files), or once into a shim
 * that re-exports it all (2.4 ms of an activation).
 */
const OPTIONAL_API = ['LanguageModelDataPart'];

const oneVscodeImport = {
  name: 'one-vscode-import',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) => (args.namespace === 'vscode-api' ? { path: 'vscode', external: true } : { path: 'vscode-api', namespace: 'vscode-api' }));
    build.onLoad({ filter: /.*/, namespace: 'vscode-api' }, () => {
      const names = new Set();
      const walk = (dir) => {
        for (const e of readdirSync(dir, { withFileTypes: true })) {
          const file = path.join(dir, e.name);
          if (e.isDirectory()) file !== path.join('src', 'webview') && walk(file);
          else if (file.endsWith('.ts')) for (const m of readFileSync(file, 'utf8').matchAll(/\bvscode\.([A-Za-z_$][\w$]*)/g)) names.add(m[1]);
        }
      };
      walk('src');
      // Feature-detected names newer than engines.vscode, read through a cast rather than `vscode.<name>`.
      for (const name of OPTIONAL_API) names.add(name);
      return { contents: `const api = require('vscode');\nexport const { ${[...names].sort().join(', ')} } = api;\n`, loader: 'js', resolveDir: process.cwd() };
    });
  },
};

/**
 * jsdom's XMLHttpRequest resolves the file of its synchronous-XHR worker when it loads, which a bundle does
 * not have; the sanitizer never makes a request, so the path becomes `null` (what jsdom uses where
 * `require.resolve` is missing).
 */
const jsdomWithoutSyncXhr = {
  name: 'jsdom-without-sync-xhr',
  setup(build) {
    build.onLoad({ filter: /jsdom[\\/]lib[\\/]jsdom[\\/]living[\\/]xhr[\\/]XMLHttpRequest-impl\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const from = 'require.resolve ? require.resolve("./xhr-sync-worker.js") : null';
      if (!text.includes(from)) throw new Error(`jsdom changed: ${from} is not in ${args.path}`);
      return { contents: text.replace(from, 'null'), loader: 'js' };
    });
  },
};

const node = { ...common, format: 'cjs', platform: 'node', target: 'node20' };

/**
 * `require('./features')` in extension.ts becomes `require('./features.js')`: the features' bundle.
 */
const featuresApart = {
  name: 'features-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/features$/ }, (args) => (args.importer.endsWith(path.join('src', 'extension.ts')) ? { path: './features.js', external: true } : undefined));
  },
};

const key = (file) => path.relative(process.cwd(), file).split(path.sep).join('/');

/**
 * The extension is two bundles: `dist/extension.js`, what activation needs (the alt-text diagnostics and the
 * registrations), and `dist/features.js`, everything else, required on first use (src/features.ts). A module
 * both need is bundled once, in extension.js, which lists every module it holds in `__modules`; features.js
 * takes such a module from there instead of holding a copy, so that a class (`instanceof OpenRouterError`)
 * or a singleton (the markup worker) stays one.
 */
async function buildExtension(plugins) {
  const plugins0 = [undiciApart, markupApart, oneVscodeImport, featuresApart];
  // What extension.ts reaches without features.js (a metafile only: nothing is written).
  const graph = await esbuild.build({ ...node, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', write: false, metafile: true, plugins: plugins0 });
  // Files only: the generated `vscode-api` module is stateless, and each bundle has its own.
  const core = Object.keys(Object.values(graph.metafile.outputs).find((o) => o.entryPoint).inputs).filter((file) => !file.includes(':'));
  const registry = [
    "export * from './src/extension.ts';",
    // Getters: a module that extension.js loads on first use (check.ts, say) is not loaded by being listed.
    `export const __modules = {\n${core.map((file) => `  get ${JSON.stringify(file)}() { return require(${JSON.stringify(`./${file}`)}); },`).join('\n')}\n};`,
  ].join('\n');
  const coreSet = new Set(core);
  const shareCore = {
    name: 'share-core',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === 'share-core' || args.namespace === 'core-module') return undefined;
        const r = await build.resolve(args.path, { kind: args.kind, importer: args.importer, namespace: args.namespace, resolveDir: args.resolveDir, pluginData: 'share-core' });
        if (r.errors.length || r.external) return r.errors.length ? { errors: r.errors } : { path: r.path, external: true };
        if (r.namespace !== 'file') return { path: r.path, namespace: r.namespace };
        return coreSet.has(key(r.path)) ? { path: `${key(r.path)}#in-extension.js`, namespace: 'core-module' } : { path: r.path };
      });
      build.onResolve({ filter: /^\.\/extension\.js$/, namespace: 'core-module' }, () => ({ path: './extension.js', external: true }));
      build.onLoad({ filter: /.*/, namespace: 'core-module' }, (args) => ({ contents: `module.exports = require('./extension.js').__modules[${JSON.stringify(args.path.replace(/#in-extension\.js$/, ''))}];`, loader: 'js' }));
    },
  };
  await Promise.all([
    esbuild.build({ ...node, stdin: { contents: registry, resolveDir: '.', sourcefile: 'extension-entry.js', loader: 'js' }, outfile: 'dist/extension.js', plugins: [...plugins, ...plugins0] }),
    esbuild.build({ ...node, entryPoints: ['src/features.ts'], outfile: 'dist/features.js', plugins: [...plugins, shareCore, ...plugins0] }),
  ]);
}

const configs = [
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
    // The gallery's worker thread (src/gallery/readInWorker.ts starts it): the image metadata readers; the
    // pixel-size reader stays in dist/markup.js, shared with the extension bundle.
    ...common,
    entryPoints: ['src/gallery/detailsWorker.ts'],
    outfile: 'dist/detailsWorker.js',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    plugins: [...common.plugins, markupApart],
  },
  {
    // The SVG sanitizer's worker thread (src/svg/sanitizeInWorker.ts starts it): DOMPurify with jsdom's DOM. jsdom's
    // optional `canvas` is left out (it is not installed: images are never drawn); its synchronous XHR
    // worker is never used (the sanitizer's DOM loads nothing).
    ...common,
    entryPoints: ['src/svg/svgWorker.ts'],
    outfile: 'dist/svgWorker.js',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['canvas'],
    plugins: [...common.plugins, jsdomWithoutSyncXhr],
  },
  {
    ...common,
    entryPoints: ['src/shared/parsers.ts'],
    outfile: 'dist/markup.js',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
  },
  {
    ...common,
    entryPoints: ['src/shared/astroParser.ts'],
    outfile: 'dist/astro.js',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
  },
  {
    ...common,
    entryPoints: ['src/shared/componentParsers.ts'],
    outfile: 'dist/components.js',
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
// The image gallery's script.
configs.push({
  ...common,
  entryPoints: ['src/webview/gallery/main.ts'],
  outfile: 'dist/gallery.js',
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
});

// Astro's parser (WebAssembly), fetched and checked once (scripts/astroWasm.mjs).
mkdirSync('dist', { recursive: true });
cpSync(ensureAstroWasm(), 'dist/astro.wasm');

// Codicons (font + CSS) for the chat view, served from dist/ (node_modules is not packaged).
mkdirSync('dist/codicons', { recursive: true });
for (const f of ['codicon.css', 'codicon.ttf']) cpSync(`node_modules/@vscode/codicons/dist/${f}`, `dist/codicons/${f}`);

if (watch) {
  const contexts = await Promise.all(configs.map((c) => esbuild.context(c)));
  // The two extension bundles are made again together whenever a file of either changes.
  const again = {
    name: 'extension-bundles',
    setup(build) {
      // The last line of each round, which F5's build task waits for (.vscode/tasks.json).
      build.onEnd(async (result) => {
        if (result.errors.length === 0) await buildExtension([problemMatcher]).catch(() => undefined);
        console.log(result.errors.length === 0 ? '[watch] extension bundles ready' : '[watch] extension bundles not built (errors above)');
      });
    },
  };
  contexts.push(await esbuild.context({ ...node, entryPoints: ['src/extension.ts', 'src/features.ts'], outdir: 'dist', write: false, plugins: [problemMatcher, undiciApart, markupApart, oneVscodeImport, featuresApart, again] }));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all([buildExtension([]), ...configs.map((c) => esbuild.build(c))]);
}
