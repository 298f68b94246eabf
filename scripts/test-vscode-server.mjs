// Runs the integration suite (out/test/integration/index.js) in a real VS Code, offline: VS Code's
// server build (from the `code-server` npm package, cached in .vscode-test/) with the web workbench
// opened in headless Chromium by playwright-core. The workbench runs the extension tests through its
// smoke-test driver and reports the exit code through `codeAutomationExit`.
//
// Needs /usr/bin/chromium (Debian's `chromium`; .ci/run installs it). Env: CHROMIUM (browser path),
// MOCHA_GREP (run matching tests only), VSCODE_TEST_TIMEOUT (seconds, default 600), KEEP_LOGS=1. With `--bench`
// it runs the extension-host benchmark (out/bench/host/index.js) instead.
import { spawn } from 'node:child_process';
import { format } from 'node:util';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { cleanNpmEnv, ensureVsCodeServer, ROOT } from './vscode-server-cache.mjs';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Finds a free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts VS Code's server on 127.0.0.1 with throw-away data dirs.
 * @param {{ quiet?: boolean, env?: Record<string, string>, machineSettings?: Record<string, unknown> }} options
 *   `machineSettings`: the server machine's settings.json (user-level settings, as a user sets them).
 * @returns {{ port, url, stop(): void, tmp: string }}
 */
export async function startServer({ quiet = true, env = {}, machineSettings } = {}) {
  const { node, serverMain } = await ensureVsCodeServer();
  const port = await freePort();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'ors-vscode-'));
  if (machineSettings) {
    mkdirSync(path.join(tmp, 'user', 'Machine'), { recursive: true });
    writeFileSync(path.join(tmp, 'user', 'Machine', 'settings.json'), JSON.stringify(machineSettings));
  }
  const args = [serverMain, '--host', '127.0.0.1', '--port', String(port), '--without-connection-token',
    '--accept-server-license-terms', '--enable-smoke-test-driver', '--disable-telemetry', '--disable-workspace-trust',
    '--user-data-dir', path.join(tmp, 'user'), '--server-data-dir', path.join(tmp, 'server'),
    '--extensions-dir', path.join(tmp, 'extensions')];
  const proc = spawn(node, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...cleanNpmEnv(), VSCODE_CLI: undefined, ...env } });
  let output = '';
  await new Promise((resolve, reject) => {
    // Generous: a first start of the server build on a loaded 2-core machine is slow (it compiles its caches).
    const timer = setTimeout(() => reject(new Error(`VS Code server did not start in 180 s:\n${output}`)), 180_000);
    const onData = (d) => {
      output += d;
      if (!quiet) process.stdout.write(d);
      if (/Web UI available at/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', (d) => (output += d));
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`VS Code server exited with ${code}:\n${output}`));
    });
  });
  const stop = () => {
    if (proc.exitCode === null) proc.kill('SIGTERM');
    if (!process.env.KEEP_LOGS) rmSync(tmp, { recursive: true, force: true });
  };
  return { port, url: `http://127.0.0.1:${port}`, stop, tmp, proc };
}

/** Builds the workbench URL that opens `folder` with the extension under development (and tests). */
export function workbenchUrl(port, folder, { testsPath } = {}) {
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = [['extensionDevelopmentPath', remote(ROOT)], ['skipWelcome', 'true']];
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(remote(folder))}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/**
 * A loopback HTTP endpoint through which tests inside the extension host read and drive webviews, which
 * only the browser page can reach: `GET /text?selector=S` → `{ texts: string[] }` from the first frame
 * that has matches; `POST /act` with `{ selector, action: 'fill'|'press'|'click'|'drop', value? }`
 * (`drop` dispatches a drop event whose `text/uri-list` is `value`, as a drag from anywhere would).
 * The URL reaches the extension host as ORS_WEBVIEW_PROBE.
 */
export async function startWebviewProbe(getPage) {
  const findFrame = async (selector) => {
    const page = getPage();
    for (const frame of page ? page.frames() : []) {
      try {
        if ((await frame.locator(selector).count()) > 0) return frame;
      } catch {
        // detached or cross-origin frame in transition: skip
      }
    }
    return undefined;
  };
  const server = http.createServer(async (req, res) => {
    const reply = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    try {
      const url = new URL(req.url, 'http://x');
      if (req.method === 'GET' && url.pathname === '/text') {
        const selector = url.searchParams.get('selector') ?? '';
        const frame = await findFrame(selector);
        return reply(200, { texts: frame ? await frame.locator(selector).allTextContents() : [] });
      }
      if (req.method === 'POST' && url.pathname === '/act') {
        let body = '';
        for await (const c of req) body += c;
        const { selector, action, value } = JSON.parse(body);
        const frame = await findFrame(selector);
        if (!frame) return reply(404, { error: `no frame has ${selector}` });
        const loc = frame.locator(selector).first();
        if (action === 'fill') await loc.fill(value);
        else if (action === 'press') await loc.press(value);
        else if (action === 'click') await loc.click();
        else if (action === 'drop') {
          const dataTransfer = await frame.evaluateHandle((list) => {
            const dt = new DataTransfer();
            dt.setData('text/uri-list', list);
            return dt;
          }, value);
          await loc.dispatchEvent('drop', { dataTransfer });
        }
        else return reply(400, { error: `unknown action ${action}` });
        return reply(200, { ok: true });
      }
      reply(404, { error: 'not found' });
    } catch (err) {
      reply(500, { error: String(err?.message ?? err) });
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

const NOISE = /^\[(AgentHost|AgentHost:remote|ChatModelSelection|AccountPolicyGate|Service Worker|reconnection-grace-time)\]|Resolving connection token|Resolved connection token|Creating a socket|Updating additional builtin|No signed-in session|vsda|open-vsx\.org|ENOTFOUND|mobile\.events\.data|github\.com\/login|Failed to load resource|ERR_NAME_NOT_RESOLVED|ERR_CONNECTION_REFUSED|ExtensionGalleryService|update\.code\.visualstudio/i;

async function main() {
  // `--bench`: the extension-host benchmark (bench/host) instead of the integration suite.
  const testsPath = process.argv.includes('--bench') ? path.join(ROOT, 'out', 'bench', 'host', 'index') : path.join(ROOT, 'out', 'test', 'integration', 'index');
  if (!existsSync(`${testsPath}.js`)) throw new Error('Compile the tests first: npm run compile-tests');
  if (!existsSync(path.join(ROOT, 'dist', 'extension.js'))) throw new Error('Build the extension first: npm run build');
  const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`No Chromium at ${executablePath}: apt-get install chromium (or set CHROMIUM)`);

  const workspace = mkdtempSync(path.join(os.tmpdir(), 'ors-ws-'));
  cpSync(path.join(ROOT, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  let page;
  const probe = await startWebviewProbe(() => page);
  const server = await startServer({ env: { ORS_WEBVIEW_PROBE: probe.url } });
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  let code = 1;
  try {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const exit = new Promise((resolve) => page.exposeFunction('codeAutomationExit', (c) => resolve(c)));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      if (!NOISE.test(text)) (type === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
    });
    const seconds = Number(process.env.VSCODE_TEST_TIMEOUT ?? 600);
    const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), seconds * 1000));
    await page.goto(workbenchUrl(server.port, workspace, { testsPath }));
    const result = await Promise.race([exit, timeout]);
    if (result === 'timeout') {
      console.error(`integration: no result after ${seconds} s`);
      code = 1;
    } else {
      code = Number(result);
    }
  } finally {
    await browser.close().catch(() => undefined);
    server.stop();
    probe.close();
    rmSync(workspace, { recursive: true, force: true });
  }
  process.exit(code);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
