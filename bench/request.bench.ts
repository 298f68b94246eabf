/**
 * The peak memory of sending a request with references (issue 27: "references bounded in total bytes with the
 * peak memory of a request ≤ 2 × its body"): 16 references of 2 MB (32 MB, the most one request carries) as data
 * URLs in one chat request, sent to a loopback server in another process that reads and drops the body. Each
 * sender runs in a fresh process; the figure is its peak resident memory over the request object it was given,
 * which already holds the body once (the data URLs), so a sender's whole peak is 1 + that growth:
 * - raw: undici `request` with `JSON.stringify(body)`, what the client did before (and what most code does);
 * - openai SDK: `chat.completions.create` with the same body (stream);
 * - this client: `OpenRouterClient.streamChat`, which writes the JSON in pieces (`openrouter/jsonBody.ts`).
 * Prints figures and ratios; asserts nothing. Run: `npm run bench`.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { request } from 'undici';
import { OpenRouterClient } from '../src/openrouter/client';
import type { ChatRequest } from '../src/openrouter/types';
import { textStream } from '../test/support/fixtures';
import { median } from './turns';
import { peakRss, startWireServer } from './wire';

const REFERENCES = 16;
const EACH = 2 * 1024 * 1024;

/** The request: a prompt and 16 distinct 2 MB images as data URLs (built one by one, so no buffer lingers). */
function buildRequest(): ChatRequest {
  const gc = (global as { gc?: () => void }).gc;
  const refs = Array.from({ length: REFERENCES }, () => {
    const url = `data:image/png;base64,${randomBytes(EACH).toString('base64')}`;
    // Flattened now (as the first regular expression or JSON.stringify over it would), and its parts collected.
    /x/.test(url);
    gc?.();
    return { type: 'image_url' as const, image_url: { url } };
  });
  return { model: 'google/gemini-2.5-flash-image', stream: true, messages: [{ role: 'user', content: [{ type: 'text', text: 'Combine these' }, ...refs] }] };
}

const SENDERS: Record<string, (url: string, req: ChatRequest) => Promise<void>> = {
  async raw(url, req) {
    const res = await request(`${url}/chat/completions`, { method: 'POST', body: JSON.stringify(req), headers: { 'content-type': 'application/json', authorization: 'Bearer sk-or-v1-bench' } });
    await res.body.text();
  },
  async 'openai SDK'(url, req) {
    const sdk = new OpenAI({ apiKey: 'sk-or-v1-bench', baseURL: url, maxRetries: 0 });
    const stream = await sdk.chat.completions.create(req as unknown as OpenAI.ChatCompletionCreateParamsStreaming);
    for await (const chunk of stream) void chunk;
  },
  async 'this client'(url, req) {
    const client = new OpenRouterClient({ apiKey: 'sk-or-v1-bench', baseUrl: url });
    for await (const e of client.streamChat(req)) void e;
    await client.dispose();
  },
};

async function main(): Promise<void> {
  if (process.argv[2] === '--memory') {
    const [, , , sender, url] = process.argv;
    const req = buildRequest();
    const gc = (global as { gc?: () => void }).gc;
    gc?.();
    // Reset the high-water mark to now (Linux: writing 5 to clear_refs), so building the request does not count.
    writeFileSync('/proc/self/clear_refs', '5');
    const before = process.memoryUsage().rss;
    await SENDERS[sender](url, req);
    process.stdout.write(String((peakRss() - before) / 1e6));
    return;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ors-bench-request-'));
  writeFileSync(path.join(dir, 'req.sse'), textStream().sse);
  const server = await startWireServer(dir);
  const url = `http://127.0.0.1:${server.port}/req/api/v1`;
  try {
    const bodyMb = Buffer.byteLength(JSON.stringify(buildRequest())) / 1e6;
    const mem: Record<string, number> = {};
    for (const name of Object.keys(SENDERS)) mem[name] = median([0, 1, 2].map(() => Number(execFileSync(process.execPath, ['--expose-gc', __filename, '--memory', name, url], { encoding: 'utf8' }))));
    console.log(`\nSending a request with ${REFERENCES} references of ${EACH / 1024 / 1024} MB: a ${bodyMb.toFixed(1)} MB JSON body (fresh process each, median of 3; the request object holds the body once):\n`);
    console.log('| sender | peak growth while sending | whole peak × body (goal ≤ 2×) |');
    console.log('|---|---|---|');
    for (const name of Object.keys(SENDERS)) console.log(`| ${name} | ${mem[name].toFixed(0)} MB | ${(1 + mem[name] / bodyMb).toFixed(2)}× |`);
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
