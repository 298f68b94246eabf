import assert from 'node:assert/strict';
import { createParser } from 'eventsource-parser';
import { ChunkDecoder } from '../../../src/openrouter/stream';
import { SseSplitter, sseData } from '../../../src/openrouter/sse';
import { OpenRouterError } from '../../../src/openrouter/errors';
import type { StreamEvent } from '../../../src/openrouter/types';
import { imageStream, midstreamError, midstreamErrorLegacy, reasoningStream, textStream } from '../../support/fixtures';
import { makePng } from '../../support/png';

async function* slices(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function decodeAll(sse: string, size: number): Promise<StreamEvent[]> {
  const dec = new ChunkDecoder();
  const out: StreamEvent[] = [];
  for await (const data of sseData(slices(sse, size))) out.push(...dec.push(data));
  dec.end();
  return out;
}

const textOf = (evs: StreamEvent[]): string => evs.map((e) => (e.type === 'text' ? e.text : '')).join('');

describe('openrouter/stream', () => {
  it('parses the same events from whole input, 7-byte slices and CRLF line endings', async () => {
    const lf = textStream();
    const whole = await decodeAll(lf.sse, 1 << 20);
    const tiny = await decodeAll(lf.sse, 7);
    const crlf = await decodeAll(textStream(undefined, { crlf: true }).sse, 7);
    assert.equal(textOf(whole), lf.text);
    assert.deepEqual(tiny, whole);
    assert.deepEqual(crlf, whole);
    assert.deepEqual(whole[0], { type: 'start', id: lf.id, model: 'openai/gpt-5-nano', provider: 'OpenAI' });
    assert.deepEqual(whole.filter((e) => e.type === 'finish'), [{ type: 'finish', reason: 'stop', nativeReason: 'completed' }]);
    const usage = whole.find((e) => e.type === 'usage');
    assert.equal(usage?.type === 'usage' && usage.usage.cost, 0.0000123);
    assert.equal(whole[whole.length - 1].type, 'usage', 'usage follows the finish chunk');
  });

  it('keeps multi-byte characters split across slices intact', async () => {
    const parts = ['Grüße ', '🦊 und ', '日本語'];
    const evs = await decodeAll(textStream(parts).sse, 3);
    assert.equal(textOf(evs), parts.join(''));
  });

  it('yields reasoning deltas separately from the content', async () => {
    const r = reasoningStream();
    const evs = await decodeAll(r.sse, 11);
    assert.equal(evs.filter((e) => e.type === 'reasoning').map((e) => (e.type === 'reasoning' ? e.text : '')).join(''), r.reasoning);
    assert.equal(textOf(evs), r.text);
    const first = evs.find((e) => e.type === 'reasoning');
    assert.equal(first?.type === 'reasoning' && first.details?.[0].type, 'reasoning.text');
  });

  it('decodes a 3 MB image carried in one data: line, fed in 64 KiB and 7-byte slices', async function () {
    this.timeout(20000);
    const png = makePng(1024, 768, { noiseSeed: 7 });
    const { sse } = imageStream([png]);
    assert.ok(sse.length > 3_000_000, `transcript is ${sse.length} bytes`);
    for (const size of [65536, 7]) {
      const evs = await decodeAll(sse, size);
      const img = evs.find((e) => e.type === 'image');
      assert.ok(img && img.type === 'image');
      assert.equal(img.mimeType, 'image/png');
      assert.ok(Buffer.from(img.data).equals(png), `image bytes equal the served PNG (slices of ${size})`);
    }
  });

  it('gives image-error, not a crash, for an undecodable image and goes on', async () => {
    const png = makePng(8, 8);
    const { sse } = imageStream([png, png], { urls: ['data:image/png;base64,@@@@', `data:image/png;base64,${png.toString('base64')}`] });
    const evs = await decodeAll(sse, 100);
    assert.deepEqual(evs.filter((e) => e.type === 'image-error'), [{ type: 'image-error', index: 0, reason: 'data: URL holds invalid base64' }]);
    assert.equal(evs.filter((e) => e.type === 'image').length, 1);
  });

  it('throws the in-band error (finish_reason "error") after the partial text', async () => {
    const m = midstreamError();
    const dec = new ChunkDecoder();
    let text = '';
    await assert.rejects(async () => {
      for await (const data of sseData(slices(m.sse, 7))) for (const e of dec.push(data)) if (e.type === 'text') text += e.text;
    }, (err: unknown) => err instanceof OpenRouterError && err.kind === 'stream' && err.status === 502 && err.errorType === 'provider_unavailable' && err.detail === m.message);
    assert.equal(text, m.partial);
  });

  it('throws the in-band error of the older layout (finish_reason null, after a length finish)', async () => {
    const m = midstreamErrorLegacy();
    const dec = new ChunkDecoder();
    let text = '';
    await assert.rejects(async () => {
      for await (const data of sseData(slices(m.sse, 5))) for (const e of dec.push(data)) if (e.type === 'text') text += e.text;
    }, /Token limit reached/);
    assert.equal(text, m.partial);
  });

  it('treats a stream cut off without finish or [DONE] as an error', async () => {
    const t = textStream();
    const cut = t.sse.slice(0, t.sse.indexOf('"finish_reason":"stop"') - 200);
    await assert.rejects(decodeAll(cut, 50), (e: unknown) => e instanceof OpenRouterError && e.kind === 'network' && /ended before it was complete/.test(e.message));
  });

  it('drops an event cut off mid-line at the end of the body (SSE rule)', async () => {
    const got: string[] = [];
    for await (const d of sseData(slices('data: {"a":1}\n\ndata: {"b":', 4))) got.push(d);
    assert.deepEqual(got, ['{"a":1}']);
  });

  it('rejects data that is not JSON with a protocol error', () => {
    assert.throws(() => new ChunkDecoder().push('{not json'), (e: unknown) => e instanceof OpenRouterError && e.kind === 'protocol');
  });
});

describe('openrouter/stream: whole lines to the parser (SseSplitter)', () => {
  /** The data of every event, as eventsource-parser reads the whole text at once: the reference. */
  function reference(text: string): string[] {
    const out: string[] = [];
    const p = createParser({ onEvent: (e) => out.push(e.data) });
    p.feed(text);
    return out;
  }
  /** The same through SseSplitter, the text's bytes cut at `cuts`. */
  function split(text: string, cuts: number[], max?: number): string[] {
    const bytes = Buffer.from(text, 'utf8');
    const s = new SseSplitter(max);
    const out: string[] = [];
    let at = 0;
    for (const c of [...cuts, bytes.length]) {
      out.push(...s.push(bytes.subarray(at, c)));
      at = c;
    }
    return [...out, ...s.end()];
  }

  // LF, CRLF and lone CR line endings; multi-line data; comments; an id and event field; emoji and CJK
  // (multi-byte) next to line breaks; an empty data line; an event left unterminated at the end.
  const text = 'data: {"a":"🦊"}\n\n: keep-alive\r\n\r\ndata: 日本\ndata: 語\r\rid: 7\nevent: x\ndata:\n\ndata: lone CR\r\rdata: tail 🦊 cut off';

  it('regression: every cut of the bytes (inside characters, between CR and LF) gives the events the parser gives for the whole text', () => {
    const expected = reference(text);
    assert.deepEqual(expected, ['{"a":"🦊"}', '日本\n語', '', 'lone CR']);
    const n = Buffer.byteLength(text);
    for (let i = 1; i < n; i++) assert.deepEqual(split(text, [i]), expected, `cut at ${i}`);
    for (let i = 1; i < n; i += 3) for (let j = i + 1; j < n; j += 5) assert.deepEqual(split(text, [i, j]), expected, `cuts at ${i}, ${j}`);
    const bytes: number[] = Array.from({ length: n - 1 }, (_, i) => i + 1);
    assert.deepEqual(split(text, bytes), expected, 'one byte per read');
    assert.deepEqual(split('data: x\r\r', []), ['x'], 'a CR-only stream keeps the event its last CR ends');
    assert.deepEqual(split('data: x\r', []), [], 'an event with no blank line after it is dropped (CR)');
    assert.deepEqual(split('data: x\n', []), [], 'an event with no blank line after it is dropped (LF)');
  });

  it('a CR-only stream of many small events is not held: each event comes out with the read that ends it, and the size bound resets at each blank line', () => {
    const events = Array.from({ length: 2000 }, (_, i) => `data: {"n":${i}}\r\r`).join('');
    const s = new SseSplitter(100);
    let seen = 0;
    for (let at = 0; at < events.length; at += 1000) {
      seen += s.push(events.slice(at, at + 1000)).length;
      // As many as the parser gives for everything so far at once (which waits only on a CR that ends
      // the text: an LF may follow it).
      assert.equal(seen, reference(events.slice(0, at + 1000)).length, `after ${at + 1000} bytes`);
    }
    assert.equal(seen + s.end().length, 2000);
  });

  it('hostile: an event of many data lines counts all of them, also when a CR ends one read and its LF starts the next', () => {
    // What is held after each read is bounded. Here the second read starts with the LF of the first one's CR
    // and does not end the event: the two lines are held together, over 100 characters (were the LF taken
    // for a blank line, the first would be forgotten and the second pass).
    const a = `data: ${'a'.repeat(60)}\r`;
    const b = `\ndata: ${'b'.repeat(60)}\r`;
    const cuts = [Buffer.byteLength(a), Buffer.byteLength(a + b)];
    assert.throws(() => split(`${a}${b}\n\r\n`, cuts, 100), (e: unknown) => e instanceof OpenRouterError && e.kind === 'limit');
    assert.deepEqual(split(`${a}${b}\n\r\n`, cuts, 200), [`${'a'.repeat(60)}\n${'b'.repeat(60)}`]);
    // Ten such lines, each under the bound, one event over it.
    const many = Array.from({ length: 10 }, () => `data: ${'c'.repeat(30)}\n`).join('') + '\n';
    assert.throws(() => split(many, [50, 150, 250], 200), /one event of the stream is over/);
    assert.equal(split(many, [50, 150, 250], 400).length, 1);
  });
});

describe('openrouter/stream limits', () => {
  const png = makePng(64, 64, { noiseSeed: 8 });
  /** An image reply and the length of its image event's JSON. */
  const imageEvent = (): { sse: string; line: number } => {
    const sse = imageStream([png]).sse;
    const lineStart = sse.lastIndexOf('data: {', sse.indexOf('data:image/png'));
    return { sse, line: sse.indexOf('\n', lineStart) - lineStart - 'data: '.length };
  };

  async function run(sse: string, limits: Partial<import('../../../src/openrouter/limits').StreamLimits>): Promise<StreamEvent[]> {
    const { DEFAULT_STREAM_LIMITS } = await import('../../../src/openrouter/limits');
    const all = { ...DEFAULT_STREAM_LIMITS, ...limits };
    const dec = new ChunkDecoder(undefined, all);
    const out: StreamEvent[] = [];
    for await (const data of sseData(slices(sse, 4096), all.maxEventChars)) out.push(...dec.push(data));
    dec.end();
    return out;
  }

  it('an event at the limit passes; a larger one fails, naming the limit and its setting', async () => {
    const { sse, line } = imageEvent();
    // The parser buffers the event's line ("data: " and its JSON) until its newline; it checks what it
    // holds after each read (4 KiB reads here), so the bound is exact to within one read.
    const atLimit = line + 'data: '.length + 1;
    assert.ok((await run(sse, { maxEventChars: atLimit })).some((e) => e.type === 'image'));
    await assert.rejects(run(sse, { maxEventChars: line - 4096 - 1 }), (e: unknown) =>
      e instanceof OpenRouterError && e.kind === 'limit' && /^The reply was stopped: one event of the stream is over .* \(setting openrouterStudio\.maxEventMB\)\.$/.test(e.message));
  });

  it('hostile: a 100 MB line without a newline stops at the 64 MiB default instead of being held whole', async () => {
    async function* endless(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('data: {"x":"');
      const block = Buffer.alloc(1024 * 1024, 0x41);
      for (let i = 0; i < 100; i++) yield block;
    }
    let fed = 0;
    await assert.rejects(async () => {
      for await (const _ of sseData((async function* () { for await (const b of endless()) { fed += b.length; yield b; } })())) void _;
    }, /over 64 MB \(setting openrouterStudio\.maxEventMB\)/);
    assert.ok(fed < 70 * 1024 * 1024, `stopped after ${fed} bytes`);
  });

  it('an image at the size limit passes; one byte over fails before it is decoded', async () => {
    const { sse } = imageEvent();
    const images = (await run(sse, { maxImageBytes: png.length })).filter((e) => e.type === 'image');
    assert.equal(images.length, 1);
    await assert.rejects(run(sse, { maxImageBytes: png.length - 1 }), /an image of .* is over .* \(setting openrouterStudio\.maxGeneratedImageMB\)/);
  });

  it('the image count: at the limit passes, one more fails', async () => {
    const three = imageStream([png, png, png]).sse;
    assert.equal((await run(three, { maxImages: 3 })).filter((e) => e.type === 'image').length, 3);
    await assert.rejects(run(three, { maxImages: 2 }), /the model sent more than 2 images \(setting openrouterStudio\.maxImagesPerReply\)/);
  });

  it('the reply text: at the limit passes, over it fails', async () => {
    // Without the encrypted reasoning event the fixture carries (it counts too: see the next test).
    const t = { sse: textStream(['a'.repeat(600), 'b'.repeat(400)]).sse.replace(/data: [^\n]*reasoning_details[^\n]*\n\n/, '') };
    const r = reasoningStream();
    assert.equal((await run(t.sse, { maxTextChars: 1000 })).filter((e) => e.type === 'text').length, 2);
    await assert.rejects(run(t.sse, { maxTextChars: 999 }), /the reply's text is over 999 characters \(setting openrouterStudio\.maxReplyCharacters\)/);
    await assert.rejects(run(r.sse, { maxTextChars: 5 }), /maxReplyCharacters/, 'reasoning counts too');
  });

  it('regression: reasoning sent only as reasoning_details (text, summary, encrypted data) counts against the limit', async () => {
    const event = (delta: Record<string, unknown>): string => `data: ${JSON.stringify({ id: 'gen-r', model: 'm', choices: [{ index: 0, delta }] })}\n\n`;
    const details = (n: number): string => Array.from({ length: n }, (_, i) => event({ role: 'assistant', content: '', reasoning_details: [{ type: 'reasoning.text', text: 'x'.repeat(100), index: i }] })).join('');
    const done = `data: ${JSON.stringify({ id: 'gen-r', model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`;
    // Every string of a detail becomes part of the event: 100 characters of text and 14 of type, each.
    const each = 100 + 'reasoning.text'.length;
    assert.equal((await run(details(10) + done, { maxTextChars: 10 * each })).filter((e) => e.type === 'reasoning').length, 10);
    await assert.rejects(run(details(11) + done, { maxTextChars: 10 * each }), /maxReplyCharacters/);
    const summary = event({ reasoning_details: [{ type: 'reasoning.summary', summary: 's'.repeat(600) }] }) + event({ reasoning_details: [{ type: 'reasoning.encrypted', data: 'e'.repeat(600) }] });
    await assert.rejects(run(summary + done, { maxTextChars: 1000 }), /maxReplyCharacters/, 'a summary and encrypted data count too');
    // With `reasoning` beside the details, the same text is counted once.
    const both = event({ reasoning: 'y'.repeat(600), reasoning_details: [{ type: 'reasoning.text', text: 'y'.repeat(600) }] });
    assert.equal((await run(both + done, { maxTextChars: 600 + 'reasoning.text'.length })).filter((e) => e.type === 'reasoning').length, 1);
  });
});
