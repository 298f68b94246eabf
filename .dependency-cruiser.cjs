/**
 * The import rule of src/ (CONTRIBUTING.md, Architecture), checked by dependency-cruiser in `npm test`:
 *
 *   features (every other folder of src/: altText, chat, details, generate, getStarted, key, svg, tools …)
 *     → platform (the shared VS Code layer)
 *       → openrouter, images, shared (pure: no `vscode`, run in plain Node)
 *
 * - The layers are the folders named below; every other folder of src/ is a feature, found from the folders
 *   themselves (a new `src/video/` is a feature at once, bound by the same rules).
 * - `openrouter/`, `images/`, `shared/` and `webview/` never import `vscode`, `platform/` or a feature.
 * - `platform/` never imports a feature.
 * - A feature imports another feature only through its entry module (`src/<feature>/index.ts`); so does the
 *   wiring of `features.ts`. `extension.ts` may also reach `altText/diagnostics` and `altText/documentImages`,
 *   what activation needs (the entry module would load every alt-text module at activation).
 * - No module stands in src/ itself but `extension.ts` and `features.ts` (no unlayered files).
 * - No cycles.
 */
const fs = require('node:fs');

/** The shared layers; each other folder of src/ is a feature. */
const LAYERS = ['openrouter', 'images', 'shared', 'webview', 'platform'];
const FOLDERS = fs.existsSync('src') ? fs.readdirSync('src', { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name) : [];
/** The features, as a regular-expression alternative (`(?!)`, which matches nothing, when there are none). */
const FEATURES = FOLDERS.filter((d) => !LAYERS.includes(d)).join('|') || '(?!)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules that import each other (also through others) cannot be understood or loaded apart.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'pure-layers-no-vscode',
      severity: 'error',
      comment: 'openrouter/, images/, shared/ and webview/ run in plain Node or the browser: no `vscode`.',
      from: { path: '^src/(openrouter|images|shared|webview)/' },
      // `vscode` resolves to its type declarations (the module itself exists only in the extension host).
      to: { path: '^node_modules/@types/vscode/|^vscode$' },
    },
    {
      name: 'pure-layers-stay-below',
      severity: 'error',
      comment: 'openrouter/, images/, shared/ and webview/ are below platform/ and the features.',
      from: { path: '^src/(openrouter|images|shared|webview)/' },
      to: { path: `^src/(platform|${FEATURES})/|^src/(extension|features)\\.ts$` },
    },
    {
      name: 'platform-below-features',
      severity: 'error',
      comment: 'platform/ is shared by the features and imports none of them.',
      from: { path: '^src/platform/' },
      to: { path: `^src/(${FEATURES})/|^src/(extension|features)\\.ts$` },
    },
    {
      name: 'features-through-entry',
      severity: 'error',
      comment: 'A feature uses another only through its entry module, src/<feature>/index.ts.',
      from: { path: `^src/(${FEATURES})/` },
      to: { path: `^src/(${FEATURES})/(?!index\\.ts$)`, pathNot: '^src/$1/' },
    },
    {
      name: 'wiring-through-entry',
      severity: 'error',
      comment: 'features.ts (and extension.ts, but for what activation needs) reaches a feature through its entry module.',
      from: { path: '^src/(extension|features)\\.ts$' },
      to: { path: `^src/(${FEATURES})/(?!index\\.ts$)`, pathNot: '^src/altText/(diagnostics|documentImages)\\.ts$' },
    },
    {
      name: 'no-unlayered-files',
      severity: 'error',
      comment: 'Every module is in a layer or a feature folder; only extension.ts and features.ts stand in src/ itself.',
      from: {},
      to: { path: '^src/[^/]+\\.ts$', pathNot: '^src/(extension|features)\\.ts$' },
    },
    {
      name: 'no-unlayered-files-importing',
      severity: 'error',
      comment: 'A module in src/ itself other than the wiring imports nothing: it belongs in a folder.',
      from: { path: '^src/[^/]+\\.ts$', pathNot: '^src/(extension|features)\\.ts$' },
      to: {},
    },
    {
      name: 'nothing-imports-extension',
      severity: 'error',
      comment: 'extension.ts and features.ts only wire: nothing depends on them (but extension.ts on features.ts).',
      from: { pathNot: '^src/extension\\.ts$' },
      to: { path: '^src/(extension|features)\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(out|dist)/' },
  },
};
