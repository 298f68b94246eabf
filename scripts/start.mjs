// `npm start`: builds the extension and opens VS Code with it loaded in development mode on a sample
// folder (.vscode-test/sample-workspace, copied from test/fixtures/workspace on first use).
// Uses the local `code` CLI when there is one; otherwise starts the cached VS Code server and prints
// the URL to open in a browser. Ctrl+C stops it.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT, CACHE } from './vscode-server-cache.mjs';
import { startServer, workbenchUrl } from './test-vscode-server.mjs';

execFileSync(process.execPath, [path.join(ROOT, 'esbuild.mjs')], { stdio: 'inherit', cwd: ROOT });
const sample = path.join(CACHE, 'sample-workspace');
if (!existsSync(sample)) {
  mkdirSync(CACHE, { recursive: true });
  cpSync(path.join(ROOT, 'test', 'fixtures', 'workspace'), sample, { recursive: true });
}

const hasCode = spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
if (hasCode && !process.env.OPENROUTER_STUDIO_WEB) {
  spawn('code', [`--extensionDevelopmentPath=${ROOT}`, sample], { stdio: 'inherit', detached: true }).unref();
  console.log(`Opened VS Code with OpenRouter Studio in development mode on ${sample}`);
} else {
  const server = await startServer();
  const key = process.env.OPENROUTER_API_KEY
    ? 'Your OPENROUTER_API_KEY from this shell is used.'
    : 'Set your key there: Command Palette (Ctrl+Shift+P) → "OpenRouter: Set API key" (or start with OPENROUTER_API_KEY=… npm start).';
  console.log(`\nOpenRouter Studio (development mode) in VS Code for the Web — open:\n\n  ${workbenchUrl(server.port, sample)}\n\n${key}\nCtrl+C to stop.`);
  const stop = () => {
    server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.proc.once('exit', () => process.exit(1));
}
