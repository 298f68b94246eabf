// Checks what `npm run package` would put in the .vsix (`vsce ls`): the bundles, the chat view's CSS,
// icons and codicons, the strings to translate (package.nls.json, l10n/), and no sources, tests, source maps, caches or node_modules.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './vscode-server-cache.mjs';

const vsce = path.join(ROOT, 'node_modules', '.bin', 'vsce');
const files = execFileSync(vsce, ['ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' }).split('\n').map((l) => l.trim()).filter(Boolean);
const required = ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'dist/extension.js', 'dist/features.js', 'dist/undici.js', 'dist/markup.js', 'dist/components.js', 'dist/astro.js', 'dist/astro.wasm', 'dist/altTextWorker.js', 'dist/svgWorker.js', 'dist/detailsWorker.js', 'dist/webview.js', 'dist/gallery.js', 'dist/codicons/codicon.css', 'dist/codicons/codicon.ttf', 'media/chat.css', 'media/openrouter.svg', 'media/icon.png', 'media/walkthrough/key.svg', 'media/walkthrough/generate.svg', 'media/walkthrough/describe.svg', 'media/walkthrough/chat.svg', 'media/walkthrough/sample.png', 'package.nls.json', 'l10n/bundle.l10n.json'];
const missing = required.filter((f) => !files.includes(f));
const forbidden = files.filter((f) => /^(src|test|scripts|bench|out|node_modules|\.vscode-test|\.ci|media\/screenshots)\/|\.ts$|\.map$|\.mjs$/.test(f));
for (const f of missing) console.error(`missing from the package: ${f}`);
for (const f of forbidden) console.error(`must not be packaged: ${f}`);
const failed = (missing.length > 0 ? 1 : 0) + (forbidden.length > 0 ? 1 : 0);
console.log(`package: ${2 - failed} passed, ${failed} failed (${files.length} files would be packaged)`);
process.exit(failed ? 1 : 0);
