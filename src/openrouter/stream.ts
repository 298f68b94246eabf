/**
 * From the `data` of OpenRouter's SSE events (framed by `sse.ts`) to typed {@link StreamEvent}s: the chunks'
 * text, reasoning, images, usage and in-band errors, within the reply's {@link StreamLimits}.
 *
 * Chunk format: https://openrouter.ai/docs/api-reference/streaming (a `chat.completion.chunk` per event).
 */
import { saneCost } from './pricing';
import * as l10n from '@vscode/l10n';
import { DEFAULT_STREAM_LIMITS, limitError, mb, type StreamLimits } from './limits';
import { decodeDataUrl } from '../images/dataUrl';
import { errorFromInBand, OpenRouterError, redactKey, serverId } from './errors';
import type { ReasoningDetail, StreamEvent, Usage } from './types';

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
