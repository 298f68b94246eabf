/**
 * The Image API's reply (issue: "a `POST /images` reply of 4 images × 3 MB base64 in one JSON body: the
 * client within 1.2× of raw (`JSON.parse` + base64 decode of the same bytes) in time and peak memory"),
 * against the floor and the peer a user would pick instead, in one run. A loopback server in another
 * process sends the same JSON body in 64 KiB writes; every consumer decodes every image, checked by hash.
 * - raw: undici `request`, `body.text()`, `JSON.parse`, `Buffer.from(b64_json, 'base64')`: the floor;
 * - this client: `OpenRouterClient.generateImages` (bounded read, strict base64, limits);
 * - openai SDK: `client.post('/images')` (its generic request: the SDK has no OpenRouter Image API), then decode.
 * Then the peak memory of each, in a fresh process. Prints figures and ratios; asserts nothing.
 * Run: `npm run bench`.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { request } from 'undici';
import { OpenRouterClient } from '../src/openrouter/client';
import { imagesReply } from '../test/support/fixtures';
import { makePng } from '../test/support/png';
import { median, timeInTurns } from './turns';
import { peakRss, startWireServer } from './wire';

const REQ = { model: 'openai/gpt-image-1', prompt: 'four tiles', n: 4 };
const sha = (b: Uint8Array): string => createHash('sha1').update(b).digest('hex');
type Reply = { data: Array<{ b64_json: string }> };

const clients: Record<string, OpenRouterClient> = {};
const sdks: Record<string, OpenAI> = {};

const CONSUMERS: Record<string, (url: string) => Promise<string[]>> = {
  async raw(url) {
    const res = await request(`${url}/images`, { method: 'POST', body: JSON.stringify(REQ), headers: { 'content-type': 'application/json' } });
    const body = JSON.parse(await res.body.text()) as Reply;
    return body.data.map((d) => sha(Buffer.from(d.b64_json, 'base64')));
  },
  async 'this client'(url) {
    const client = (clients[url] ??= new OpenRouterClient({ apiKey: 'sk-or-v1-bench', baseUrl: url }));
    return (await client.generateImages(REQ)).images.map((i) => sha(i.data));
  },
  async 'openai SDK'(url) {
    const sdk = (sdks[url] ??= new OpenAI({ apiKey: 'sk-or-v1-bench', baseURL: url, maxRetries: 0 }));
    const body = (await sdk.post('/images', { body: REQ })) as Reply;
    return body.data.map((d) => sha(Buffer.from(d.b64_json, 'base64')));
  },
};

const ROUNDS = 31;

async function main(): Promise<void> {
  if (process.argv[2] === '--memory') {
    const [, , , consumer, url] = process.argv;
    (global as { gc?: () => void }).gc?.();
    const before = process.memoryUsage().rss;
    await CONSUMERS[consumer](url);
    process.stdout.write(String((peakRss() - before) / 1e6));
    return;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ors-bench-images-'));
  // Four real-size images (2.3 MB each, 3.1 MB as base64) in one JSON body.
  const pngs = [1, 2, 3, 4].map((i) => makePng(1024, 768, { noiseSeed: 40 + i }));
  const body = JSON.stringify(imagesReply(pngs));
  writeFileSync(path.join(dir, 'four.json'), body);
  const expect = pngs.map(sha).join();
  const server = await startWireServer(dir);
  const url = `http://127.0.0.1:${server.port}/four/api/v1`;
  try {
    const consumers = Object.fromEntries(Object.entries(CONSUMERS).map(([name, fn]) => [name, () => fn(url)]));
    const ms = await timeInTurns(consumers, ROUNDS, (name, got) => {
      if (got.join() !== expect) throw new Error(`${name}: wrong images`);
    });
    const mem: Record<string, number> = {};
    for (const name of Object.keys(CONSUMERS)) mem[name] = median([0, 1, 2].map(() => Number(execFileSync(process.execPath, ['--expose-gc', __filename, '--memory', name, url], { encoding: 'utf8' }))));
    console.log(`\nImage API reply: 4 images × ${(body.length / 4 / 1e6).toFixed(1)} MB base64 in one ${(body.length / 1e6).toFixed(1)} MB JSON body (Node ${process.version}, median of ${ROUNDS} rounds taken in turn; memory: fresh process each, median of 3):\n`);
    console.log('| consumer | time | × raw | peak memory growth | × raw |');
    console.log('|---|---|---|---|---|');
    for (const name of Object.keys(CONSUMERS)) console.log(`| ${name} | ${ms[name].toFixed(1)} ms | ${(ms[name] / ms.raw).toFixed(2)}× | ${mem[name].toFixed(0)} MB | ${(mem[name] / mem.raw).toFixed(2)}× |`);
    console.log('');
  } finally {
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
