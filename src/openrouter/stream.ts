/**
 * From OpenRouter's SSE bytes to typed {@link StreamEvent}s.
 *
 * Wire format (https://openrouter.ai/docs/api-reference/streaming): `data: {json}` events separated by
 * blank lines, `: OPENROUTER PROCESSING` comments before and between them, `data: [DONE]` last. Line
 * endings may be LF or CRLF and chunk boundaries fall anywhere, even inside a multi-byte character.
 * SSE framing is eventsource-parser's (linear in the input: it never re-scans a growing line).
 */
import { createParser } from 'eventsource-parser';
import { decodeDataUrl } from '../images/dataUrl';
import { errorFromInBand, OpenRouterError } from './errors';
import type { ReasoningDetail, StreamEvent, Usage } from './types';

/**
 * Splits an SSE byte stream into the `data` fields of its events, in order (comments are dropped).
 * @param body chunks of UTF-8 bytes, split anywhere.
 * @returns an async generator of event data strings (`"[DONE]"` included as sent).
 */
export async function* sseData(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  const queue: string[] = [];
  const parser = createParser({ onEvent: (e) => queue.push(e.data) });
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of body) {
    parser.feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    while (queue.length > 0) yield queue.shift() as string;
  }
  // As the SSE spec says, an event not ended by a blank line when the body ends is discarded:
  // a reply cut off in the middle of an event must not look complete.
  parser.feed(decoder.decode());
  while (queue.length > 0) yield queue.shift() as string;
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
  if (typeof u.cost === 'number') usage.cost = u.cost;
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

  constructor(private readonly apiKey?: string) {}

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
      throw new OpenRouterError({ kind: 'protocol', detail: `an event is not JSON (${data.slice(0, 60)}…)`, generationId: this.generationId });
    }
    const events: StreamEvent[] = [];
    if (!this.started && typeof chunk.id === 'string') {
      this.started = true;
      this.generationId = chunk.id;
      events.push({ type: 'start', id: chunk.id, model: chunk.model ?? '', provider: chunk.provider });
    }
    if (chunk.error !== undefined && chunk.error !== null) {
      throw errorFromInBand(chunk.error, this.generationId, this.apiKey);
    }
    const choice = chunk.choices?.[0];
    const delta = choice?.delta ?? choice?.message;
    if (delta) {
      if (typeof delta.reasoning === 'string' && delta.reasoning !== '') {
        const details = Array.isArray(delta.reasoning_details) ? delta.reasoning_details : undefined;
        events.push({ type: 'reasoning', text: delta.reasoning, details });
      } else if (Array.isArray(delta.reasoning_details)) {
        const text = delta.reasoning_details.map((d) => d.text ?? d.summary ?? '').join('');
        if (text !== '') events.push({ type: 'reasoning', text, details: delta.reasoning_details });
      }
      if (typeof delta.content === 'string' && delta.content !== '') events.push({ type: 'text', text: delta.content });
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

  /**
   * Checks that the stream ended properly: with `[DONE]` or at least a finish reason.
   * @throws {OpenRouterError} `kind: 'network'` when it was cut off.
   */
  end(): void {
    if (!this.done && !this.finished) {
      throw new OpenRouterError({
        kind: 'network',
        detail: 'the reply ended before it was complete (no finish reason and no [DONE])',
        generationId: this.generationId,
      });
    }
  }
}
