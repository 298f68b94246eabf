/**
 * From OpenRouter's SSE bytes to typed {@link StreamEvent}s.
 *
 * Wire format (https://openrouter.ai/docs/api-reference/streaming): `data: {json}` events separated by
 * blank lines, `: OPENROUTER PROCESSING` comments before and between them, `data: [DONE]` last. Line
 * endings may be LF or CRLF and chunk boundaries fall anywhere, even inside a multi-byte character.
 * SSE framing is eventsource-parser's (linear in the input: it never re-scans a growing line).
 */
import { saneCost } from './pricing';
import { createParser } from 'eventsource-parser';
import * as l10n from '@vscode/l10n';
import { decodeDataUrl } from '../images/dataUrl';
import { errorFromInBand, OpenRouterError, redactKey, serverId } from './errors';
import type { ReasoningDetail, StreamEvent, Usage } from './types';

/**
 * Bounds on what one streamed reply may make the client hold. Each is named, with its unit, in the
 * error that ends a reply going over it; `setting` names the setting that raises it.
 */
export interface StreamLimits {
  /** Largest SSE event, in characters (≈ bytes: the wire is ASCII but for text). Default 64 MiB. */
  maxEventChars: number;
  /** Largest image, decoded, in bytes. Default 32 MiB. */
  maxImageBytes: number;
  /** Most images in one reply. Default 8. */
  maxImages: number;
  /**
   * Most characters of text and reasoning in one reply: `content`, `reasoning`, and what `reasoning_details`
   * carry (their `text` or `summary` when there is no `reasoning`, and any `data`). Default 2,000,000.
   */
  maxTextChars: number;
}

export const DEFAULT_STREAM_LIMITS: StreamLimits = { maxEventChars: 64 * 1024 * 1024, maxImageBytes: 32 * 1024 * 1024, maxImages: 8, maxTextChars: 2_000_000 };

/** The VS Code setting that raises each limit, named in the error message. */
export const LIMIT_SETTINGS: Record<keyof StreamLimits, string> = {
  maxEventChars: 'openrouterStudio.maxEventMB',
  maxImageBytes: 'openrouterStudio.maxGeneratedImageMB',
  maxImages: 'openrouterStudio.maxImagesPerReply',
  maxTextChars: 'openrouterStudio.maxReplyCharacters',
};

const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MB`;

/**
 * The characters of reasoning that `delta` turns into an event: `reasoning`, or else the `text`/`summary` of
 * its `reasoning_details` (which then become the event's text), plus every other string a detail carries
 * (`data`, `signature`…: the details are passed on whole in the event).
 */
function reasoningChars(delta: WireMessage): number {
  const details = Array.isArray(delta.reasoning_details) ? delta.reasoning_details : [];
  const hasReasoning = typeof delta.reasoning === 'string' && delta.reasoning !== '';
  let n = hasReasoning ? delta.reasoning!.length : 0;
  for (const d of details) {
    if (!d || typeof d !== 'object') continue;
    for (const [k, v] of Object.entries(d)) if (typeof v === 'string' && !(hasReasoning && (k === 'text' || k === 'summary'))) n += v.length;
  }
  return n;
}

function limitError(limit: keyof StreamLimits, what: string, generationId?: string): OpenRouterError {
  return new OpenRouterError({ kind: 'limit', detail: l10n.t('{0} (setting {1})', what, LIMIT_SETTINGS[limit]), retryable: false, generationId });
}

/**
 * Splits an SSE byte stream into the `data` fields of its events, synchronously, one network read at a
 * time; SSE framing is eventsource-parser's.
 *
 * The parser is given whole lines only: the bytes after a read's last line break wait here, as bytes,
 * until a later read ends their line, and are then decoded once. An image event is one line of several
 * MB that arrives in dozens of reads; decoding each read and joining the pieces into one string (what the
 * parser does with partial lines) cost 2.0 ms per 3 MB, against 0.8 ms for joining the bytes and decoding
 * them once (measured on Node 24 with the real-size image stream in 64 KiB reads). Lines are cut only
 * after a CR or LF byte, which never falls inside a UTF-8 character, so each piece decodes on its own
 * (`Buffer#toString`: 0.7 ms for those 3 MB, where a `StringDecoder` takes 2.2 ms). Bytes left at the end
 * of the body that do not form a whole character decode to U+FFFD, as with a streaming decoder.
 *
 * Size bound: what is held for the event in progress (the bytes waiting here, plus the bytes given to the
 * parser since the last blank line, `data: ` prefixes and line breaks included) may not exceed
 * `maxEventChars`, counted in bytes (one per ASCII character, so a line of other text meets the bound
 * sooner than its character count alone would). It is checked after every read, before the next is taken.
 */
export class SseSplitter {
  private readonly events: string[] = [];
  private readonly parser;
  private overflow = false;
  /** Bytes of the unfinished line, as received. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes given to the parser since the last blank line: an upper bound of what it holds. */
  private held = 0;
  /** The bytes given to the parser so far ended with a CR (whose LF may come first in the next read). */
  private endedWithCr = false;

  /**
   * @param maxEventChars the largest event (or unterminated line) held, in bytes; beyond it {@link push}
   *   throws. It is also eventsource-parser's `maxBufferSize` (in characters, never more than the bytes).
   */
  constructor(private readonly maxEventChars = DEFAULT_STREAM_LIMITS.maxEventChars) {
    this.parser = createParser({
      onEvent: (e) => this.events.push(e.data),
      onError: (e) => {
        if (e.type === 'max-buffer-size-exceeded') this.overflow = true;
      },
      maxBufferSize: maxEventChars,
    });
  }

  /**
   * Takes the next bytes of the body (text is taken as its UTF-8 bytes).
   * @returns the data of every event completed by them (`"[DONE]"` included as sent), in order.
   * @throws {OpenRouterError} `kind: 'limit'` when an event grows past `maxEventChars`.
   */
  push(chunk: Uint8Array | string): string[] {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const cut = Math.max(bytes.lastIndexOf(LF), bytes.lastIndexOf(CR)) + 1;
    if (cut === 0) {
      this.pending.push(bytes);
      this.pendingBytes += bytes.length;
      this.checkSize();
      return [];
    }
    const lines = this.take(cut === bytes.length ? bytes : bytes.subarray(0, cut));
    if (cut < bytes.length) {
      this.pending.push(bytes.subarray(cut));
      this.pendingBytes = bytes.length - cut;
    }
    // A CR that ends the lines but not the read is a break of its own (no LF follows it): the parser
    // would hold its line until it saw the next byte, so it is told with an LF (CR LF is one break).
    const loneCr = lines[lines.length - 1] === CR && cut < bytes.length;
    this.parser.feed(loneCr ? `${lines.toString('utf8')}\n` : lines.toString('utf8'));
    const boundary = afterLastBlankLine(lines, this.endedWithCr);
    this.held = boundary >= 0 ? lines.length - boundary : this.held + lines.length;
    this.endedWithCr = lines[lines.length - 1] === CR && !loneCr;
    this.checkSize();
    return this.events.splice(0);
  }

  /**
   * Ends the body. As the SSE spec says, an event not ended by a blank line when the body ends is
   * discarded: a reply cut off in the middle of an event must not look complete.
   * @returns the data of events completed by the last bytes.
   */
  end(): string[] {
    const rest = this.pendingBytes > 0 ? this.take().toString('utf8') : '';
    // The parser holds a line that ends in CR until it sees whether an LF follows; at the end nothing
    // does. One LF settles it (CR LF is one break) and ends an unfinished last line without making a
    // blank line, so an event not ended by one is still dropped.
    if (rest !== '' || this.endedWithCr) this.parser.feed(`${rest}\n`);
    this.checkSize();
    return this.events.splice(0);
  }

  /** The waiting bytes followed by `more`, as one buffer; nothing waits afterwards. */
  private take(more?: Buffer): Buffer {
    const parts = more ? [...this.pending, more] : this.pending;
    const all = parts.length === 1 ? parts[0] : Buffer.concat(parts, this.pendingBytes + (more?.length ?? 0));
    this.pending = [];
    this.pendingBytes = 0;
    return all;
  }

  private checkSize(): void {
    if (this.overflow || this.held + this.pendingBytes > this.maxEventChars) {
      this.overflow = true;
      this.pending = [];
      this.pendingBytes = 0;
      throw limitError('maxEventChars', l10n.t('one event of the stream is over {0}', mb(this.maxEventChars)));
    }
  }
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Where the last blank line of `lines` ends (the index after it), or -1 when none is found. `lines` ends
 * with a line break, and so did the bytes before it (they were cut after one), so a break first in
 * `lines` ends a blank line, unless it is the LF of a CR LF whose CR ended the bytes before
 * (`afterCr`). Walks back line by line with native byte searches, so a long last line costs one scan
 * and the usual case (an event ended just before the end) a few bytes. Only ever errs towards -1 (which
 * counts more as held), never towards an earlier boundary.
 */
function afterLastBlankLine(lines: Buffer, afterCr: boolean): number {
  const hasCr = lines.includes(CR);
  const prevBreak = (before: number): number => (before < 0 ? -1 : hasCr ? Math.max(lines.lastIndexOf(LF, before), lines.lastIndexOf(CR, before)) : lines.lastIndexOf(LF, before));
  let end = lines.length - 1;
  for (;;) {
    // The line break at `end` starts at `start` (a CR LF pair is one break).
    const start = lines[end] === LF && end > 0 && lines[end - 1] === CR ? end - 1 : end;
    if (start === 0) return afterCr && lines[0] === LF ? -1 : end + 1;
    const before = lines[start - 1];
    if (before === LF || before === CR) return end + 1;
    end = prevBreak(start - 1);
    if (end < 0) return -1;
  }
}

/**
 * Splits an SSE byte stream into the `data` fields of its events, in order (comments are dropped): the
 * async form of {@link SseSplitter}.
 * @param body chunks of UTF-8 bytes, split anywhere.
 * @param maxEventChars the largest event held, in characters.
 * @returns an async generator of event data strings (`"[DONE]"` included as sent).
 * @throws {OpenRouterError} `kind: 'limit'` when an event grows past `maxEventChars`.
 */
export async function* sseData(body: AsyncIterable<Uint8Array | string>, maxEventChars = DEFAULT_STREAM_LIMITS.maxEventChars): AsyncGenerator<string> {
  const splitter = new SseSplitter(maxEventChars);
  for await (const chunk of body) yield* splitter.push(chunk);
  yield* splitter.end();
}

/** A `choices[]` entry of a chunk or completion, loosely typed as received. */
interface WireChoice {
  delta?: WireMessage;
  message?: WireMessage;
  finish_reason?: string | null;
  native_finish_reason?: string | null;
}

interface WireMessage {
  content?: string | null;
  reasoning?: string | null;
  reasoning_details?: ReasoningDetail[] | null;
  images?: Array<{ type?: string; image_url?: { url?: string }; index?: number }> | null;
}

/** A chunk (`chat.completion.chunk`) or a whole completion, loosely typed as received. */
export interface WireChunk {
  id?: string;
  model?: string;
  provider?: string;
  error?: unknown;
  choices?: WireChoice[];
  usage?: WireUsage | null;
}

interface WireUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  cost?: number;
  completion_tokens_details?: { reasoning_tokens?: number; image_tokens?: number } | null;
}

/** Converts OpenRouter's `usage` object to {@link Usage}. */
export function toUsage(u: WireUsage): Usage {
  const usage: Usage = {
    promptTokens: u.prompt_tokens ?? 0,
    completionTokens: u.completion_tokens ?? 0,
    totalTokens: u.total_tokens ?? (u.prompt_tokens ?? 0) + (u.completion_tokens ?? 0),
  };
  const cost = saneCost(u.cost);
  if (cost !== undefined) usage.cost = cost;
  const d = u.completion_tokens_details;
  if (typeof d?.reasoning_tokens === 'number') usage.reasoningTokens = d.reasoning_tokens;
  if (typeof d?.image_tokens === 'number') usage.imageTokens = d.image_tokens;
  return usage;
}

/**
 * Turns the `images` array of a delta or message into image events (decoded) or image-error events.
 * `index` is the image's own `index` when sent, else `base + position`.
 */
export function imagesToEvents(images: WireMessage['images'], base: number): StreamEvent[] {
  const out: StreamEvent[] = [];
  (images ?? []).forEach((img, i) => {
    const index = typeof img.index === 'number' ? img.index : base + i;
    const url = img.image_url?.url;
    if (typeof url !== 'string') {
      out.push({ type: 'image-error', index, reason: 'the image has no URL' });
      return;
    }
    try {
      const { mimeType, data } = decodeDataUrl(url);
      out.push({ type: 'image', index, mimeType, data });
    } catch (err) {
      const reason = url.startsWith('data:') ? (err as Error).message : 'the image was sent as a link, not as inline data';
      out.push({ type: 'image-error', index, reason });
    }
  });
  return out;
}

/**
 * Stateful decoder for one streamed reply: feed it each event's data string, get typed events.
 * It throws {@link OpenRouterError} (`kind: 'stream'`) for an in-band `error` chunk and
 * (`kind: 'protocol'`) for data that is not JSON. Call {@link ChunkDecoder.end} when the body ends.
 */
export class ChunkDecoder {
  private started = false;
  private finished = false;
  private done = false;
  private imageCount = 0;
  private generationId?: string;
  private usage = false;
  private textChars = 0;

  /**
   * @param apiKey redacted from error texts.
   * @param limits bounds on images and text (see {@link StreamLimits}); going over one throws.
   */
  constructor(private readonly apiKey?: string, private readonly limits: StreamLimits = DEFAULT_STREAM_LIMITS) {}

  /** True once `[DONE]` was received. */
  get isDone(): boolean {
    return this.done;
  }

  /** True once a finish reason was received: the reply's content is complete. */
  get isFinished(): boolean {
    return this.finished;
  }

  /** True once both the finish reason and the usage arrived: nothing but `[DONE]` can follow. */
  get isComplete(): boolean {
    return this.finished && this.usage;
  }

  /**
   * Decodes one event's data.
   * @returns the events it carries (possibly none).
   * @throws {OpenRouterError} for an in-band error or unreadable JSON.
   */
  push(data: string): StreamEvent[] {
    if (data === '[DONE]') {
      this.done = true;
      return [];
    }
    if (this.done) return [];
    let chunk: WireChunk;
    try {
      chunk = JSON.parse(data) as WireChunk;
    } catch {
      // Redacted before it is cut, so a key that straddles the cut is still caught whole.
      throw new OpenRouterError({ kind: 'protocol', detail: l10n.t('an event is not JSON ({0}…)', redactKey(data.slice(0, 300), this.apiKey).slice(0, 60)), generationId: this.generationId });
    }
    const events: StreamEvent[] = [];
    if (!this.started && typeof chunk.id === 'string') {
      this.started = true;
      const id = serverId(chunk.id, this.apiKey);
      this.generationId = id;
      events.push({ type: 'start', id, model: chunk.model ?? '', provider: chunk.provider });
    }
    if (chunk.error !== undefined && chunk.error !== null) {
      throw errorFromInBand(chunk.error, this.generationId, this.apiKey);
    }
    const choice = chunk.choices?.[0];
    const delta = choice?.delta ?? choice?.message;
    if (delta) this.checkLimits(delta);
    if (delta) {
      if (typeof delta.reasoning === 'string' && delta.reasoning !== '') {
        const details = Array.isArray(delta.reasoning_details) ? delta.reasoning_details : undefined;
        events.push({ type: 'reasoning', text: redactKey(delta.reasoning, this.apiKey), details });
      } else if (Array.isArray(delta.reasoning_details)) {
        const text = delta.reasoning_details.map((d) => d.text ?? d.summary ?? '').join('');
        if (text !== '') events.push({ type: 'reasoning', text: redactKey(text, this.apiKey), details: delta.reasoning_details });
      }
      // A server's text is shown, logged and handed to agents: never with the key in it.
      if (typeof delta.content === 'string' && delta.content !== '') events.push({ type: 'text', text: redactKey(delta.content, this.apiKey) });
      if (Array.isArray(delta.images) && delta.images.length > 0) {
        const imgs = imagesToEvents(delta.images, this.imageCount);
        this.imageCount += imgs.length;
        events.push(...imgs);
      }
    }
    if (choice && typeof choice.finish_reason === 'string' && !this.finished) {
      this.finished = true;
      events.push({ type: 'finish', reason: choice.finish_reason, nativeReason: choice.native_finish_reason ?? null });
    }
    if (chunk.usage) {
      this.usage = true;
      events.push({ type: 'usage', usage: toUsage(chunk.usage) });
    }
    return events;
  }

  /** Throws when `delta` would take the reply over a limit: checked before any image is decoded. */
  private checkLimits(delta: WireMessage): void {
    const { maxImages, maxImageBytes, maxTextChars } = this.limits;
    const images = Array.isArray(delta.images) ? delta.images : [];
    if (this.imageCount + images.length > maxImages) {
      throw limitError('maxImages', maxImages === 1 ? l10n.t('the model sent more than 1 image') : l10n.t('the model sent more than {0} images', maxImages), this.generationId);
    }
    for (const img of images) {
      const url = img?.image_url?.url;
      // base64: 4 characters for 3 bytes; the header before the comma is short.
      const bytes = typeof url === 'string' ? Math.floor(((url.length - url.indexOf(',') - 1) * 3) / 4) : 0;
      if (bytes > maxImageBytes) throw limitError('maxImageBytes', l10n.t('an image of {0} is over {1}', mb(bytes), mb(maxImageBytes)), this.generationId);
    }
    this.textChars += (typeof delta.content === 'string' ? delta.content.length : 0) + reasoningChars(delta);
    if (this.textChars > maxTextChars) {
      throw limitError('maxTextChars', l10n.t("the reply's text is over {0} characters", maxTextChars.toLocaleString('en-US')), this.generationId);
    }
  }

  /**
   * Checks that the stream ended properly: with `[DONE]` or at least a finish reason.
   * @throws {OpenRouterError} `kind: 'network'` when it was cut off.
   */
  end(): void {
    if (!this.done && !this.finished) {
      throw new OpenRouterError({
        kind: 'network',
        detail: l10n.t('the reply ended before it was complete (no finish reason and no [DONE])'),
        generationId: this.generationId,
      });
    }
  }
}
