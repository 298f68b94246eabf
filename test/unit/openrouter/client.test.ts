import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chunksOf } from '../../../src/openrouter/bodies';
import { OpenRouterClient, type RequestLogEntry } from '../../../src/openrouter/client';
import { OpenRouterError } from '../../../src/openrouter/errors';
import type { ChatRequest, StreamEvent } from '../../../src/openrouter/types';
import { FakeOpenRouter } from '../../support/fakeOpenRouter';
import { errorBodies, imageCompletion, imageStream, midstreamError, midstreamErrorLegacy, textStream } from '../../support/fixtures';
import { makePng } from '../../support/png';

const KEY = 'sk-or-v1-0123456789abcdef0123456789abcdef';
const REQ: ChatRequest = { model: 'openai/gpt-5-nano', messages: [{ role: 'user', content: 'Describe a tile' }] };

async function collect(it: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

const textOf = (evs: StreamEvent[]): string => evs.map((e) => (e.type === 'text' ? e.text : '')).join('');

describe('openrouter/client', () => {
  let fake: FakeOpenRouter;
  let client: OpenRouterClient;
  let logs: RequestLogEntry[];

  before(async () => {
    fake = await FakeOpenRouter.start();
  });
  after(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.reset();
    logs = [];
    client = new OpenRouterClient({
      apiKey: KEY,
      baseUrl: fake.baseUrl,
      appUrl: 'https://github.com/openrouter-studio/openrouter-studio',
      retry: { baseDelayMs: 5, maxDelayMs: 2000 },
      timeouts: { headersMs: 2000, idleMs: 1000 },
      onLog: (e) => logs.push(e),
    });
  });
  afterEach(async () => {
    await client.dispose();
  });

  describe('streamChat', () => {
    it('sends the request with stream:true, the key and attribution headers, and yields the text', async () => {
      const t = textStream();
      fake.enqueue('/chat/completions', { kind: 'sse', body: t.sse, sliceBytes: 7 });
      const evs = await collect(client.streamChat({ ...REQ, modalities: ['image', 'text'], image_config: { aspect_ratio: '16:9' } }));
      assert.equal(textOf(evs), t.text);
      const [req] = fake.requestsTo('/chat/completions');
      assert.equal(req.method, 'POST');
      assert.equal(req.headers.authorization, `Bearer ${KEY}`);
      assert.equal(req.headers['x-title'], 'OpenRouter Studio');
      assert.equal(req.headers['http-referer'], 'https://github.com/openrouter-studio/openrouter-studio');
      assert.equal(req.headers.accept, 'text/event-stream');
      assert.deepEqual(req.body, { ...REQ, modalities: ['image', 'text'], image_config: { aspect_ratio: '16:9' }, stream: true });
    });

    it('sends a body with 12 MB of references as the bytes JSON.stringify writes, with their content-length (written in pieces)', async () => {
      const t = textStream();
      fake.enqueue('/chat/completions', { kind: 'sse', body: t.sse });
      const refs = [0, 1, 2, 3].map((i) => ({ type: 'image_url' as const, image_url: { url: `data:image/png;base64,${String.fromCharCode(65 + i).repeat(3 * 1024 * 1024)}` } }));
      const req: ChatRequest = { ...REQ, messages: [{ role: 'user', content: [{ type: 'text', text: 'Compare \ud83d\ude00 "these"' }, ...refs] }] };
      await collect(client.streamChat(req));
      const [got] = fake.requestsTo('/chat/completions');
      const expected = Buffer.from(JSON.stringify({ ...req, stream: true }));
      assert.equal(got.headers['content-length'], String(expected.length));
      assert.equal(got.bodySha1, createHash('sha1').update(expected).digest('hex'));
      assert.equal(logs[0].requestBytes, expected.length);
    });

    it('yields a 3 MB image from one data: line with its exact bytes, then finish and usage', async function () {
      this.timeout(20000);
      const png = makePng(1024, 768, { noiseSeed: 3 });
      const s = imageStream([png]);
      fake.enqueue('/chat/completions', { kind: 'sse', body: s.sse, sliceBytes: 65531 });
      const evs = await collect(client.streamChat(REQ));
      const types = evs.map((e) => e.type);
      assert.deepEqual(types, ['start', 'text', 'image', 'finish', 'usage']);
      const img = evs[2];
      assert.ok(img.type === 'image' && Buffer.from(img.data).equals(png));
      assert.deepEqual(evs[3], { type: 'finish', reason: 'stop', nativeReason: 'STOP' });
      assert.ok(evs[4].type === 'usage' && evs[4].usage.cost === s.cost && evs[4].usage.imageTokens === 1290);
    });

    it('throws the documented mid-stream error after yielding the partial text, and does not retry', async () => {
      const m = midstreamError();
      fake.enqueue('/chat/completions', { kind: 'sse', body: m.sse, sliceBytes: 7 });
      let text = '';
      await assert.rejects(async () => {
        for await (const e of client.streamChat(REQ)) if (e.type === 'text') text += e.text;
      }, (e: unknown) => e instanceof OpenRouterError && e.kind === 'stream' && e.message === "OpenRouter or the model's provider failed (502): Provider disconnected unexpectedly");
      assert.equal(text, m.partial);
      assert.equal(fake.requestsTo('/chat/completions').length, 1);
    });

    it('throws the legacy mid-stream error (finish_reason null) after the partial text', async () => {
      const m = midstreamErrorLegacy();
      fake.enqueue('/chat/completions', { kind: 'sse', body: m.sse });
      let text = '';
      await assert.rejects(async () => {
        for await (const e of client.streamChat(REQ)) if (e.type === 'text') text += e.text;
      }, (e: unknown) => e instanceof OpenRouterError && e.kind === 'stream' && e.message === 'The model stopped with an error: Token limit reached');
      assert.equal(text, m.partial);
    });

    it('reports a connection reset mid-stream as an error after the partial text, without retrying', async () => {
      const t = textStream(['one ', 'two ', 'three ', 'four']);
      fake.enqueue('/chat/completions', { kind: 'sse', body: t.sse, resetAfterBytes: t.sse.indexOf('two') + 40 });
      let text = '';
      await assert.rejects(async () => {
        for await (const e of client.streamChat(REQ)) if (e.type === 'text') text += e.text;
      }, (e: unknown) => e instanceof OpenRouterError && e.kind === 'network');
      assert.equal(text, 'one ');
      assert.equal(fake.requestsTo('/chat/completions').length, 1);
    });

    it('reports a body that ends without finish or [DONE] as truncated', async () => {
      const t = textStream();
      fake.enqueue('/chat/completions', { kind: 'sse', body: t.sse.slice(0, t.sse.indexOf('"finish_reason":"stop"') - 300) });
      await assert.rejects(collect(client.streamChat(REQ)), /ended before it was complete/);
    });

    it('aborts mid-stream: rejects with AbortError at once and closes the connection', async () => {
      const t = textStream(Array.from({ length: 200 }, (_, i) => `w${i} `));
      fake.enqueue('/chat/completions', { kind: 'sse', body: t.sse, sliceBytes: 200, delayMs: 20 });
      const ac = new AbortController();
      let n = 0;
      const started = Date.now();
      await assert.rejects(async () => {
        for await (const e of client.streamChat(REQ, { signal: ac.signal })) if (e.type === 'text' && ++n === 3) ac.abort();
      }, (e: unknown) => e instanceof Error && e.name === 'AbortError');
      assert.ok(Date.now() - started < 1500, 'abort did not wait for the stream to end');
      const deadline = Date.now() + 1000;
      while (fake.openConnections > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      assert.equal(fake.openConnections, 0, 'the socket is closed');
    });

    it('times out when the server stalls between events (idle time-out)', async () => {
      const t = textStream();
      fake.enqueue('/chat/completions', { kind: 'sse', body: t.sse, stallAfterBytes: t.sse.indexOf('small') + 50 });
      await assert.rejects(collect(client.streamChat(REQ)), (e: unknown) => e instanceof OpenRouterError && e.kind === 'timeout' && /no data for 1 s/.test(e.message));
    });

    it('keep-alive comments reset the idle time-out', async function () {
      this.timeout(10000);
      const t = textStream(['a', 'b']);
      const body = [...Array.from({ length: 8 }, () => ': OPENROUTER PROCESSING\n\n'), t.sse];
      fake.enqueue('/chat/completions', { kind: 'sse', body, delayMs: 300 });
      // 8 comments 300 ms apart: 2.4 s of comments, each gap under the 1 s idle limit.
      const evs = await collect(client.streamChat(REQ));
      assert.equal(textOf(evs), 'ab');
    });

    it('times out when no response headers come', async () => {
      fake.enqueue('/chat/completions', { kind: 'stall' }, { kind: 'stall' }, { kind: 'stall' });
      const c = new OpenRouterClient({ apiKey: KEY, baseUrl: fake.baseUrl, timeouts: { headersMs: 200 }, retry: { maxRetries: 0 } });
      await assert.rejects(collect(c.streamChat(REQ)), (e: unknown) => e instanceof OpenRouterError && e.kind === 'timeout');
      await c.dispose();
    });
  });

  describe('retries', () => {
    it('retries 503 and 429 (the server asks for it) then succeeds, before any content reached the caller', async () => {
      const t = textStream();
      fake.enqueue('/chat/completions', { kind: 'json', status: 503, body: errorBodies.unavailable }, { kind: 'json', status: 429, body: errorBodies.rateLimitFree }, { kind: 'sse', body: t.sse });
      const evs = await collect(client.streamChat(REQ));
      assert.equal(textOf(evs), t.text);
      assert.equal(fake.requestsTo('/chat/completions').length, 3);
      assert.deepEqual(logs.map((l) => l.status), [503, 429, 200]);
      assert.ok(logs[0].retryInMs !== undefined && logs[1].retryInMs !== undefined);
    });

    it('gives up after 2 retries with the last error', async () => {
      fake.enqueue('/chat/completions', ...Array.from({ length: 3 }, () => ({ kind: 'json' as const, status: 503, body: { error: { code: 503, message: 'No capacity', metadata: { provider_name: 'Acme' } } } })));
      await assert.rejects(collect(client.streamChat(REQ)), (e: unknown) => e instanceof OpenRouterError && e.status === 503 && e.message === "OpenRouter or the model's provider failed (503): No capacity (provider: Acme)");
      assert.equal(fake.requestsTo('/chat/completions').length, 3);
    });

    it('regression: a paid POST is not repeated after a socket reset, a headers time-out or a 502 (3 POSTs for one call before)', async () => {
      const cases: Array<[string, Parameters<FakeOpenRouter['enqueue']>[1], RegExp]> = [
        ['reset', { kind: 'reset' }, /Could not reach OpenRouter/],
        ['stall', { kind: 'stall' }, /did not answer in time \(no response headers in time\)/],
        ['502', { kind: 'json', status: 502, body: { error: { code: 502, message: 'Bad gateway' } } }, /failed \(502\)/],
        ['500', { kind: 'json', status: 500, body: { error: { code: 500, message: 'Internal' } } }, /failed \(500\)/],
      ];
      for (const [name, reply, message] of cases) {
        fake.reset();
        fake.enqueue('/chat/completions', reply, { kind: 'sse', body: textStream().sse }, { kind: 'sse', body: textStream().sse });
        await assert.rejects(collect(client.streamChat(REQ)), message, name);
        assert.equal(fake.requestsTo('/chat/completions').length, 1, `one POST after ${name}`);
      }
    });

    it('regression: a reset after the body was sent reads "may have been charged", not just "Could not reach OpenRouter"; a refused connection does not', async () => {
      fake.enqueue('/chat/completions', { kind: 'reset' });
      await assert.rejects(collect(client.streamChat(REQ)), (e: unknown) => e instanceof OpenRouterError && e.mayHaveRun && /^Could not reach OpenRouter: .*The request may have reached OpenRouter and been charged/.test(e.message));
      const t = textStream(['one ', 'two ', 'three']);
      fake.enqueue('/chat/completions', { kind: 'sse', body: t.sse, resetAfterBytes: t.sse.indexOf('two') + 40 });
      await assert.rejects(collect(client.streamChat(REQ)), (e: unknown) => e instanceof OpenRouterError && e.mayHaveRun && /may have reached OpenRouter and been charged/.test(e.message));
      fake.enqueue('/models', { kind: 'reset' }, { kind: 'reset' }, { kind: 'reset' });
      await assert.rejects(client.listModels(), (e: unknown) => e instanceof OpenRouterError && !e.mayHaveRun && !/charged/.test(e.message));
      const closed = await FakeOpenRouter.start();
      const url = closed.baseUrl;
      await closed.close();
      const c = new OpenRouterClient({ apiKey: KEY, baseUrl: url, retry: { baseDelayMs: 5, maxDelayMs: 50 } });
      await assert.rejects(collect(c.streamChat(REQ)), (e: unknown) => e instanceof OpenRouterError && !e.mayHaveRun && !/charged/.test(e.message));
      await c.dispose();
    });

    it('regression: a usage.cost of -5 or 1e308 is neither reported nor counted (the total became Infinity)', async () => {
      const costs: number[] = [];
      const c = new OpenRouterClient({ apiKey: KEY, baseUrl: fake.baseUrl, onCost: (usd) => costs.push(usd) });
      for (const cost of [-5, 1e308, 0.0021]) {
        fake.enqueue('/chat/completions', { kind: 'sse', body: textStream(['x'], { cost }).sse });
        const evs = await collect(c.streamChat(REQ));
        const usage = evs.find((e) => e.type === 'usage');
        assert.equal(usage?.type === 'usage' ? usage.usage.cost : 'none', cost === 0.0021 ? 0.0021 : undefined);
      }
      assert.deepEqual(costs, [0.0021]);
      await c.dispose();
    });

    it('a POST that never reached the server (connection refused) is retried', async () => {
      const closed = await FakeOpenRouter.start();
      const url = closed.baseUrl;
      await closed.close();
      const c = new OpenRouterClient({ apiKey: KEY, baseUrl: url, retry: { baseDelayMs: 5, maxDelayMs: 50 }, onLog: (e) => logs.push(e) });
      await assert.rejects(collect(c.streamChat(REQ)), /Could not reach OpenRouter: .*ECONNREFUSED/);
      assert.equal(logs.length, 3, 'the first attempt and 2 retries');
      await c.dispose();
    });

    it('GETs are idempotent: the models list is retried after a reset', async () => {
      fake.enqueue('/models', { kind: 'reset' });
      const models = await client.listModels();
      assert.ok(models.length > 0);
      assert.equal(fake.requestsTo('/models').length, 2);
    });

    it('honours Retry-After in seconds', async () => {
      fake.enqueue('/chat/completions', { kind: 'json', status: 429, body: errorBodies.rateLimitFree, headers: { 'retry-after': '1' } }, { kind: 'sse', body: textStream().sse });
      const t0 = Date.now();
      await collect(client.streamChat(REQ));
      const waited = Date.now() - t0;
      assert.ok(waited >= 950, `waited ${waited} ms`);
      assert.equal(logs[0].retryInMs, 1000);
    });

    it('honours Retry-After as an HTTP date', async () => {
      const when = new Date(Date.now() + 1500).toUTCString();
      fake.enqueue('/chat/completions', { kind: 'json', status: 503, body: errorBodies.unavailable, headers: { 'retry-after': when } }, { kind: 'sse', body: textStream().sse });
      await collect(client.streamChat(REQ));
      assert.ok(logs[0].retryInMs !== undefined && logs[0].retryInMs > 0 && logs[0].retryInMs <= 1500);
    });

    it('does not wait for a Retry-After beyond the cap: fails at once with the delay in the message', async () => {
      fake.enqueue('/chat/completions', { kind: 'json', status: 429, body: errorBodies.rateLimitFree, headers: { 'retry-after': '120' } });
      await assert.rejects(collect(client.streamChat(REQ)), (e: unknown) => e instanceof OpenRouterError && e.retryAfterMs === 120000 && e.message === 'Rate limited by OpenRouter (free-models-per-min): try again in 2 min, or pick another model.');
      assert.equal(fake.requestsTo('/chat/completions').length, 1);
    });

    it('does not retry 400, 401, 402 or 403', async () => {
      for (const [status, body] of [[400, { error: { code: 400, message: 'bad' } }], [401, errorBodies.invalidKey], [402, errorBodies.credits], [403, errorBodies.moderation]] as const) {
        fake.reset();
        fake.enqueue('/chat/completions', { kind: 'json', status, body });
        await assert.rejects(collect(client.streamChat(REQ)), (e: unknown) => e instanceof OpenRouterError && e.status === status && !e.retryable);
        assert.equal(fake.requestsTo('/chat/completions').length, 1, `status ${status}`);
      }
    });

    it('an abort during the backoff stops at once', async () => {
      fake.enqueue('/chat/completions', { kind: 'json', status: 429, body: errorBodies.rateLimitFree, headers: { 'retry-after': '2' } });
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 100);
      const t0 = Date.now();
      await assert.rejects(collect(client.streamChat(REQ, { signal: ac.signal })), (e: unknown) => e instanceof Error && e.name === 'AbortError');
      assert.ok(Date.now() - t0 < 1000);
      assert.equal(fake.requestsTo('/chat/completions').length, 1);
    });
  });

  describe('error messages', () => {
    it('regression: a Retry-After years ahead reads as "later", not as millions of seconds', async () => {
      const { errorFromHttp } = await import('../../../src/openrouter/errors');
      const far = errorFromHttp(429, JSON.stringify(errorBodies.rateLimitFree), { 'retry-after': new Date(Date.now() + 5 * 365 * 86400_000).toUTCString() });
      assert.equal(far.message, 'Rate limited by OpenRouter (free-models-per-min): try again tomorrow or later, or pick another model.');
      assert.match(errorFromHttp(429, '{}', { 'retry-after': '7200' }).message, /: try again in 2 h, or pick another model\.$/);
      assert.match(errorFromHttp(429, '{}', { 'retry-after': '30' }).message, /: try again in 30 s, or pick another model\.$/);
    });

    const cases: Array<[string, number, unknown, string]> = [
      ['401 invalid key', 401, errorBodies.invalidKey, 'OpenRouter rejected the API key (User not found.). Set a valid key with "OpenRouter: Set API key".'],
      ['401 missing auth', 401, errorBodies.missingAuth, 'OpenRouter rejected the API key (No auth credentials found). Set a valid key with "OpenRouter: Set API key".'],
      ['402 credits', 402, errorBodies.credits, `Your OpenRouter account needs more credits: ${errorBodies.credits.error.message}`],
      ['403 moderation', 403, errorBodies.moderation, 'The request was flagged by moderation by OpenAI for: violence. No credits were charged.'],
      // One sentence: the provider's long text (and its repeated "retry shortly") stays in the log.
      ['429 upstream', 429, errorBodies.rateLimitUpstream, 'Rate limited by Google AI Studio: try again shortly, or pick another model.'],
    ];
    for (const [name, status, body, message] of cases) {
      it(`gives a user message for ${name}`, async () => {
        fake.enqueue('/chat/completions', ...Array.from({ length: 3 }, () => ({ kind: 'json' as const, status, body })));
        const c = new OpenRouterClient({ apiKey: KEY, baseUrl: fake.baseUrl, retry: { maxRetries: 0 } });
        await assert.rejects(collect(c.streamChat(REQ)), (e: unknown) => {
          assert.ok(e instanceof OpenRouterError);
          assert.equal(e.message, message);
          assert.equal(e.status, status);
          return true;
        });
        await c.dispose();
      });
    }

    it('keeps moderation metadata and error_type on the error', async () => {
      fake.enqueue('/chat/completions', { kind: 'json', status: 403, body: errorBodies.moderation });
      await assert.rejects(collect(client.streamChat(REQ)), (e: unknown) => e instanceof OpenRouterError && (e.metadata.reasons as string[])[0] === 'violence');
    });

    it('never puts the key in an error message, even when the server echoes it', async () => {
      fake.enqueue('/chat/completions', { kind: 'json', status: 401, body: { error: { code: 401, message: `Invalid key ${KEY}` } } });
      await assert.rejects(collect(client.streamChat(REQ)), (e: unknown) => e instanceof OpenRouterError && !e.message.includes(KEY) && e.message.includes('[redacted]') && !JSON.stringify(e.metadata).includes(KEY));
    });

    it('regression: server-derived text is redacted too: a non-JSON event, the x-generation-id header and the reply id', async () => {
      // A key straddling the 60th character of a non-JSON event.
      fake.enqueue('/chat/completions', { kind: 'sse', body: `data: ${'x'.repeat(40)}${KEY} not json\n\n` });
      await assert.rejects(collect(client.streamChat(REQ)), (e: unknown) => e instanceof OpenRouterError && !e.message.includes(KEY.slice(0, 20)) && e.message.includes('[redacted]'));
      fake.enqueue('/chat/completions', { kind: 'json', status: 400, body: { error: { code: 400, message: 'Bad' } }, headers: { 'x-generation-id': `gen-${KEY}` } });
      await assert.rejects(collect(client.streamChat(REQ)), (e: unknown) => e instanceof OpenRouterError && e.generationId === 'gen-[redacted]');
      fake.enqueue('/chat/completions', { kind: 'sse', body: `data: ${JSON.stringify({ id: `gen-${KEY}\u202E`, model: 'm', choices: [{ index: 0, delta: { content: 'hi' }, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n` });
      const evs = await collect(client.streamChat(REQ));
      assert.deepEqual(evs.find((e) => e.type === 'start'), { type: 'start', id: 'gen-[redacted]', model: 'm', provider: undefined });
      assert.ok(!JSON.stringify(logs).includes(KEY));
    });

    it('an HTML error page from a proxy gives a short readable message', async () => {
      fake.enqueue('/chat/completions', { kind: 'text', status: 400, body: '<html><body>Bad   Request</body></html>', contentType: 'text/html' });
      await assert.rejects(collect(client.streamChat(REQ)), { message: 'OpenRouter error 400: <html><body>Bad Request</body></html>' });
    });

    it('no key → a no-key error and no request', async () => {
      const c = new OpenRouterClient({ apiKey: () => undefined, baseUrl: fake.baseUrl });
      await assert.rejects(collect(c.streamChat(REQ)), (e: unknown) => e instanceof OpenRouterError && e.kind === 'no-key');
      assert.equal(fake.requests.length, 0);
      await c.dispose();
    });

    it('an unreachable server is a network error after retries', async () => {
      const dead = await FakeOpenRouter.start();
      const url = dead.baseUrl;
      await dead.close();
      const c = new OpenRouterClient({ apiKey: KEY, baseUrl: url, retry: { baseDelayMs: 1 } });
      await assert.rejects(collect(c.streamChat(REQ)), (e: unknown) => e instanceof OpenRouterError && e.kind === 'network' && /ECONNREFUSED/.test(e.message));
      await c.dispose();
    });
  });

  describe('one network read at a time', () => {
    it('regression: a body destroyed after the reader stopped emits no uncaught error (seen in CI as "Request aborted")', async () => {
      const { PassThrough } = await import('node:stream');
      const body = new PassThrough();
      body.write(Buffer.from('data: {}\n\n'));
      for await (const chunk of chunksOf(body)) {
        assert.equal(chunk.length, 10);
        break;
      }
      assert.ok(body.listenerCount('error') > 0, 'an error listener stays');
      body.destroy(Object.assign(new Error('Request aborted'), { name: 'AbortError' }));
      await new Promise((r) => setTimeout(r, 20)); // an uncaught error would fail this test here
    });

    it('chunksOf passes an error of the body to the reader', async () => {
      const { PassThrough } = await import('node:stream');
      const body = new PassThrough();
      setTimeout(() => body.destroy(new Error('socket hang up')), 5);
      await assert.rejects(async () => {
        for await (const _ of chunksOf(body)) void _;
      }, /socket hang up/);
    });

    it('text deltas that arrive in one read come as one text event, with exactly the same text', async () => {
      const parts = Array.from({ length: 500 }, (_, i) => ` w${i}`);
      const t = textStream(parts);
      fake.enqueue('/chat/completions', { kind: 'sse', body: t.sse });
      const evs = await collect(client.streamChat(REQ));
      assert.equal(textOf(evs), t.text);
      assert.ok(evs.filter((e) => e.type === 'text').length < 50, 'merged per read');
      assert.deepEqual([...new Set(evs.map((e) => e.type))], ['start', 'text', 'finish', 'usage'], 'the order of kinds is unchanged');
    });

    it('an in-band error in the same read as the text before it: the text reaches the caller first', async () => {
      const m = midstreamError();
      fake.enqueue('/chat/completions', { kind: 'sse', body: m.sse });
      const seen: StreamEvent[] = [];
      await assert.rejects(async () => {
        for await (const e of client.streamChat(REQ)) seen.push(e);
      }, (e: unknown) => e instanceof OpenRouterError && e.kind === 'stream' && e.detail === m.message);
      assert.equal(textOf(seen), m.partial);
    });
  });

  describe('a finished reply is kept', () => {
    /** The SSE of an image reply cut right after the chunk with the finish reason (before usage and [DONE]). */
    function cutAfterFinish(): { sse: string; cut: number; png: Buffer } {
      const png = makePng(40, 30, { noiseSeed: 4 });
      const sse = imageStream([png]).sse;
      return { sse, cut: sse.indexOf('data: {', sse.indexOf('"finish_reason":"stop"')), png };
    }

    for (const how of ['resetAfterBytes', 'stallAfterBytes'] as const) {
      it(`regression: a ${how === 'resetAfterBytes' ? 'reset' : 'stall'} after the image and finish_reason, before [DONE], keeps the image (nothing was saved before)`, async () => {
        const { sse, cut, png } = cutAfterFinish();
        fake.enqueue('/chat/completions', { kind: 'sse', body: sse, [how]: cut });
        const evs = await collect(client.streamChat(REQ));
        const image = evs.find((e) => e.type === 'image');
        assert.ok(image && image.type === 'image');
        assert.deepEqual(Buffer.from(image.data), png);
        assert.deepEqual(evs.filter((e) => e.type === 'finish').map((e) => e.type === 'finish' && e.reason), ['stop']);
        assert.match(logs.at(-1)?.error ?? '', /after the finish reason: .*\(the reply is kept\)/);
      });
    }

    it('a cut before the finish reason still fails: the reply is incomplete', async () => {
      const { sse } = cutAfterFinish();
      fake.enqueue('/chat/completions', { kind: 'sse', body: sse, resetAfterBytes: sse.indexOf('"finish_reason":"stop"') - 20 });
      await assert.rejects(collect(client.streamChat(REQ)), /Could not reach OpenRouter: the connection broke while receiving the reply/);
    });

    it('after the finish reason and the usage the stream ends without waiting for [DONE]', async () => {
      const t = textStream();
      fake.enqueue('/chat/completions', { kind: 'sse', body: t.sse, stallAfterBytes: t.sse.indexOf('data: [DONE]') });
      const t0 = Date.now();
      const evs = await collect(client.streamChat(REQ));
      assert.equal(textOf(evs), t.text);
      assert.ok(Date.now() - t0 < 900, 'no idle time-out was needed');
    });
  });

  describe('redirects', () => {
    for (const status of [301, 302, 307, 308]) {
      it(`regression: a ${status} to another origin is not followed, so the key never reaches it`, async () => {
        const stranger = await FakeOpenRouter.start();
        try {
          const location = `${stranger.baseUrl}/chat/completions`;
          fake.enqueue('/chat/completions', { kind: 'json', status, body: {}, headers: { location } });
          fake.enqueue('/models', { kind: 'json', status, body: {}, headers: { location: `${stranger.baseUrl}/models` } });
          await assert.rejects(collect(client.streamChat(REQ)), (err: OpenRouterError) => {
            assert.equal(err.status, status);
            assert.match(err.message, new RegExp(`redirected the request to ${new URL(stranger.baseUrl).origin.replace(/\./g, '\\.')}; redirects are not followed, so your key was not sent there`));
            assert.ok(!err.message.includes(KEY));
            return true;
          });
          await assert.rejects(client.listModels(), /redirects are not followed/);
          assert.equal(stranger.requests.length, 0);
          assert.equal(stranger.authorizedRequests, 0);
          assert.equal(fake.requests.length, 2, 'no retry after a redirect');
        } finally {
          await stranger.close();
        }
      });
    }
  });

  describe('bounded bodies', () => {
    /** A raw loopback server answering every request with `status` and a body of `total` bytes after `head`; counts what it wrote. */
    async function hugeBody(status: number, head: string, total: number): Promise<{ url: string; written: () => number; close: () => Promise<void> }> {
      const http = await import('node:http');
      let written = 0;
      const server = http.createServer((_req, res) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.write(head);
        const block = Buffer.alloc(64 * 1024, 0x20);
        let sent = 0;
        const pump = (): void => {
          while (sent < total && !res.destroyed) {
            sent += block.length;
            written += block.length;
            if (!res.write(block)) {
              res.once('drain', pump);
              return;
            }
          }
          res.end();
        };
        res.on('close', () => res.destroy());
        pump();
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const { port } = server.address() as { port: number };
      return { url: `http://127.0.0.1:${port}/api/v1`, written: () => written, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
    }

    it('regression: a 500 with a 400 MB body gives its message from the first 16 KB and the rest is not read', async () => {
      const srv = await hugeBody(500, '{"error":{"code":500,"message":"Upstream exploded"}}', 400 * 1024 * 1024);
      const c = new OpenRouterClient({ apiKey: KEY, baseUrl: srv.url, retry: { maxRetries: 0 } });
      try {
        await assert.rejects(c.complete(REQ), (e: unknown) => e instanceof OpenRouterError && e.status === 500 && /Upstream exploded/.test(e.message));
        assert.ok(srv.written() < 64 * 1024 * 1024, `the server got to write ${srv.written()} bytes`);
      } finally {
        await c.dispose();
        await srv.close();
      }
    });

    it('regression: an /images reply is read up to the images asked for (45 MB for one at the defaults, 341 MB before), and refused past it unread', async () => {
      const srv = await hugeBody(200, '{"data":[{"b64_json":"', 200 * 1024 * 1024);
      const c = new OpenRouterClient({ apiKey: KEY, baseUrl: srv.url, retry: { maxRetries: 0 } });
      try {
        const before = process.memoryUsage().arrayBuffers;
        await assert.rejects(c.generateImages({ model: 'bytedance-seed/seedream-4.5', prompt: 'x' }), (e: unknown) => e instanceof OpenRouterError && e.kind === 'limit' && /the reply is over 43 MB for 1 image\(s\)/.test(e.message));
        assert.ok(srv.written() < 120 * 1024 * 1024, `the server got to write ${srv.written()} bytes`);
        assert.ok(process.memoryUsage().arrayBuffers - before < 200 * 1024 * 1024);
      } finally {
        await c.dispose();
        await srv.close();
      }
    });

    it('regression: a 429 whose metadata nests 5,000 deep reads as a rate limit with Retry (it read "Could not reach OpenRouter")', async () => {
      // Written by hand: 10 KB, inside the 16 KB read of an error body (JSON.stringify cannot write it).
      const body = `{"error":{"code":429,"message":"Slow down","metadata":{"provider_name":"Acme","nested":${'['.repeat(5000)}${']'.repeat(5000)}}}}`;
      fake.enqueue('/chat/completions', ...Array.from({ length: 6 }, () => ({ kind: 'text' as const, status: 429, body, contentType: 'application/json' })));
      await assert.rejects(collect(client.streamChat(REQ)), (e: unknown) => e instanceof OpenRouterError && e.status === 429 && /^Rate limited by Acme: try again/.test(e.message) && e.retryable);
      const e = (await collect(client.streamChat(REQ)).catch((x: unknown) => x)) as OpenRouterError;
      assert.ok(JSON.stringify(e.metadata).length < 2000, 'the metadata kept is bounded');
    });

    it('hostile: the key in a reply\'s text, reasoning or an image\'s media_type is redacted before anyone sees it', async () => {
      const t = textStream([`My key is ${KEY} and `, 'sk-or-v1-abcdefghijklmnopqrstuvwx.']);
      fake.enqueue('/chat/completions', { kind: 'sse', body: t.sse });
      assert.equal(textOf(await collect(client.streamChat(REQ))), 'My key is [redacted] and [redacted].');
      fake.enqueue('/images', { kind: 'json', body: { data: [{ b64_json: Buffer.from('not an image').toString('base64'), media_type: `image/${KEY}` }] } });
      const r = await client.generateImages({ model: 'm/x', prompt: 'x' });
      assert.ok(!JSON.stringify(r.images.map((i) => i.mimeType)).includes(KEY.slice(10)), JSON.stringify(r.images.map((i) => i.mimeType)));
    });

    it('regression: a models list over 8 MB is refused with its size, the rest unread', async () => {
      const srv = await hugeBody(200, '{"data":[', 250 * 1024 * 1024);
      const c = new OpenRouterClient({ apiKey: KEY, baseUrl: srv.url, retry: { maxRetries: 0 } });
      try {
        await assert.rejects(c.listModels(), (e: unknown) => e instanceof OpenRouterError && e.kind === 'limit' && /the reply to \/models is over 8 MB/.test(e.message));
        assert.ok(srv.written() < 64 * 1024 * 1024, `the server got to write ${srv.written()} bytes`);
      } finally {
        await c.dispose();
        await srv.close();
      }
    });
  });

  describe('complete, listModels, getKeyInfo', () => {
    it('complete() returns text, decoded images, finish and usage', async () => {
      const png = makePng(64, 64);
      fake.enqueue('/chat/completions', { kind: 'json', body: imageCompletion(png) });
      const c = await client.complete(REQ);
      assert.equal(c.text, 'Here is a small gradient tile with a white circle.');
      assert.equal(c.images.length, 1);
      assert.ok(Buffer.from(c.images[0].data).equals(png));
      assert.equal(c.finishReason, 'stop');
      assert.equal(c.usage?.cost, 0.0387336);
      assert.equal(fake.requests[0].body.stream, false);
    });

    it('complete() throws a top-level error in a 200 body', async () => {
      fake.enqueue('/chat/completions', { kind: 'json', body: { error: { code: 502, message: 'upstream died' } } });
      await assert.rejects(client.complete(REQ), /upstream died/);
    });

    it('listModels() sends the modality filters and returns numeric prices', async () => {
      const models = await client.listModels({ outputModalities: ['image'] });
      assert.equal(fake.requests[0].query.get('output_modalities'), 'image');
      assert.deepEqual(models.map((m) => m.id), ['google/gemini-2.5-flash-image', 'google/gemini-3-pro-image-preview', 'black-forest-labs/flux.2-pro', 'openai/gpt-5-image-mini']);
      const nano = models[0];
      assert.equal(nano.pricing.imageOutput, 0.00003);
      assert.equal(nano.pricing.prompt, 0.0000003);
      assert.deepEqual(nano.outputModalities, ['image', 'text']);
      const flux = models[2];
      assert.equal(flux.contextLength, null);
      assert.equal(flux.pricing.request, 0.03);
      assert.deepEqual(flux.outputModalities, ['image']);
    });

    it('listModels() without filters gets the endpoint default (text output)', async () => {
      const models = await client.listModels();
      assert.equal(fake.requests[0].query.has('output_modalities'), false);
      assert.ok(models.every((m) => m.outputModalities.includes('text')));
    });

    it('getKeyInfo() reads label, limit, remaining and usage', async () => {
      const k = await client.getKeyInfo();
      assert.deepEqual(k, { label: 'sk-or-v1-a1b...f90', limit: 20, limitRemaining: 17.4613, usage: 2.5387, isFreeTier: false, expiresAt: null });
      assert.equal(fake.requests[0].headers.authorization, `Bearer ${KEY}`);
    });

    it('getKeyInfo() with a rejected key throws the 401 message', async () => {
      fake.enqueue('/key', { kind: 'json', status: 401, body: errorBodies.invalidKey });
      await assert.rejects(client.getKeyInfo(), (e: unknown) => e instanceof OpenRouterError && e.status === 401);
    });

    it('logs each attempt without the key or the prompt', async () => {
      fake.enqueue('/chat/completions', { kind: 'sse', body: textStream().sse });
      await collect(client.streamChat(REQ));
      const text = JSON.stringify(logs);
      assert.ok(!text.includes(KEY) && !text.includes('Describe a tile'));
      assert.equal(logs[0].model, 'openai/gpt-5-nano');
      assert.equal(logs[0].generationId, 'gen-fake');
    });
  });
});
