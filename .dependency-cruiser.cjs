/**
 * The import rule of src/ (README, Architecture), checked by dependency-cruiser in `npm test`:
 *
 *   features (altText, chat, details, generate, getStarted, key, svg, tools)
 *     → platform (the shared VS Code layer)
 *       → openrouter, images, shared (pure: no `vscode`, run in plain Node)
 *
 * - `openrouter/`, `images/`, `shared/` and `webview/` never import `vscode`, `platform/` or a feature.
 * - `platform/` never imports a feature.
 * - A feature imports another feature only through its entry module (`src/<feature>/index.ts`).
 * - No cycles.
 * `extension.ts` and `features.ts` wire everything together and may import any module (extension.ts loads
 * features.ts, a bundle of its own, on first use).
 */
const FEATURES = 'altText|chat|details|generate|getStarted|key|svg|tools';

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
