/**
 * The OpenRouter client's endpoints: streamed and non-streamed chat completions, the Image API (`POST /images`,
 * `GET /images/models`, an image model's endpoints and prices), the models list and key info, each read into
 * this project's types. Sending, retries and error mapping are the transport's (`transport.ts`).
 *
 * Base URL and endpoints: https://openrouter.ai/docs/api-reference/overview (`POST /chat/completions`,
 * `GET /models`, `GET /key`). This module imports nothing from `vscode`.
 */
import * as l10n from '@vscode/l10n';
import { OpenRouterError, redactKey } from './errors';
import { ChunkDecoder, imagesToEvents, toUsage, type WireChunk } from './stream';
import { DEFAULT_STREAM_LIMITS, type StreamLimits } from './limits';
import { SseSplitter } from './sse';
import type { ChatRequest, Completion, KeyInfo, Model, StreamEvent } from './types';
import { parseImageModels, type ImageModel, type ImagesRequest } from './imageApi';
import { readImagesReply, type ImagesReply } from './imagesReply';
import { parseImageEndpoints, type ImageEndpointPrice } from './pricing';
import { chunksOf } from './bodies';
import { toModel, type WireModel } from './models';
import { Transport, type TransportOptions } from './transport';

export { DEFAULT_BASE_URL, type RequestLogEntry } from './transport';

/** The transport's options ({@link TransportOptions}), and what the client itself bounds and reports. */
export interface OpenRouterClientOptions extends TransportOptions {
  /** Bounds on one streamed reply (event size, image size and count, text); default {@link DEFAULT_STREAM_LIMITS}. */
  limits?: Partial<StreamLimits>;
  /** Receives the cost (USD) of every reply that reports one (`usage.cost`): chat, completions, images. */
  onCost?: (usd: number) => void;
}

export interface CallOptions {
  signal?: AbortSignal;
}

/** `listModels` filters: `output_modalities` / `input_modalities` query parameters. */
export interface ListModelsOptions extends CallOptions {
  /** e.g. `['image']`, or `'all'`. The endpoint's default is text-output models only. */
  outputModalities?: string[] | 'all';
  inputModalities?: string[];
}

/** Most models kept from `GET /images/models` (OpenRouter lists a few dozen). */
export const MAX_IMAGE_MODELS = 500;

/**
 * A client for one OpenRouter account (or compatible endpoint). Safe to share; each call is independent.
 * Every method throws {@link OpenRouterError} on failure, or the signal's `AbortError` when aborted.
 */
export class OpenRouterClient {
  private readonly http: Transport;
  private readonly limits: StreamLimits;

  constructor(private readonly options: OpenRouterClientOptions) {
    this.http = new Transport(options);
    this.limits = { ...DEFAULT_STREAM_LIMITS, ...options.limits };
  }

  /**
   * Streams a chat completion (`stream: true`).
   * @param req the request body; `stream` is forced to `true`.
   * @returns typed events in arrival order (see {@link StreamEvent}); text deltas that arrive in one
   *   network read come as one text event. Events already yielded stay yielded when an error is thrown
   *   afterwards, and events decoded before an error are yielded before it.
   * @throws {OpenRouterError} HTTP errors (after retries), in-band stream errors (`kind: 'stream'`), a
   *   reply cut off without a finish reason or `[DONE]` (`kind: 'network'`), idle time-out (`kind: 'timeout'`).
   *   A connection that breaks or stalls after the finish reason arrived ends the stream normally.
   *   A reply going over a {@link StreamLimits} bound is aborted with `kind: 'limit'`.
   *   Aborting via `signal` closes the connection at once and throws an `AbortError`.
   */
  async *streamChat(req: ChatRequest, opts: CallOptions = {}): AsyncGenerator<StreamEvent, void, undefined> {
    const { res, apiKey } = await this.http.open('POST', '/chat/completions', { ...req, stream: true }, opts.signal, req.model);
    const decoder = new ChunkDecoder(apiKey, this.limits);
    const splitter = new SseSplitter(this.limits.maxEventChars);
    try {
      // One network read at a time: its events are decoded together and yielded in order, consecutive
      // text deltas of one read as one text event (what arrived together is shown together).
      let ended = false;
      for await (const chunk of chunksOf(res.body)) {
        yield* this.costed(decodeBatch(splitter.push(chunk), decoder));
        // After the finish reason and the usage only `[DONE]` can follow: the reply is complete.
        if (decoder.isDone || decoder.isComplete) {
          ended = true;
          break;
        }
      }
      if (ended) {
        // Read what little is left (`[DONE]`) so the connection goes back to the pool for the next
        // request, but never wait on a server that stalls after the reply: 250 ms, then it is dropped.
        await res.body.dump({ limit: 64 * 1024, signal: AbortSignal.timeout(250) }).catch(() => undefined);
      } else {
        yield* this.costed(decodeBatch(splitter.end(), decoder));
      }
      decoder.end();
    } catch (err) {
      const failure = this.http.bodyError(err, opts.signal, true);
      // A reply whose finish reason arrived is complete, and paid for: a connection that stalls or breaks
      // before `[DONE]` does not take it away. In-band errors and aborts still end it.
      if (decoder.isFinished && failure instanceof OpenRouterError && (failure.kind === 'network' || failure.kind === 'timeout')) {
        this.options.onLog?.({ method: 'POST', path: '/chat/completions', model: req.model, attempt: 0, error: `after the finish reason: ${failure.message} (the reply is kept)` });
        return;
      }
      throw failure;
    } finally {
      // Early exit (break, abort, error): drop the connection instead of draining a multi-MB body.
      if (!res.body.destroyed) res.body.destroy();
    }
  }

  /** Passes `events` on, telling {@link OpenRouterClientOptions.onCost} the cost a usage event reports. */
  private *costed(events: Iterable<StreamEvent>): Generator<StreamEvent, void, undefined> {
    for (const e of events) {
      if (e.type === 'usage' && e.usage.cost !== undefined) this.options.onCost?.(e.usage.cost);
      yield e;
    }
  }

  /**
   * A non-streamed chat completion (`stream: false`).
   * @returns the whole reply: text, reasoning, decoded images (`choices[0].message.images`), finish, usage.
   * @throws {OpenRouterError} as {@link streamChat}, including a top-level `error` in a 200 body.
   */
  async complete(req: ChatRequest, opts: CallOptions = {}): Promise<Completion> {
    const { value, apiKey } = await this.http.jsonAndKey('POST', '/chat/completions', { body: { ...req, stream: false }, signal: opts.signal, model: req.model, maxBytes: this.limits.maxEventChars });
    const body = value as WireChunk;
    const choice = body.choices?.[0];
    const msg = choice?.message;
    const all = imagesToEvents(msg?.images ?? [], 0);
    const usage = body.usage ? toUsage(body.usage) : undefined;
    if (usage?.cost !== undefined) this.options.onCost?.(usage.cost);
    return {
      id: body.id ?? '',
      model: body.model ?? req.model,
      provider: body.provider,
      text: typeof msg?.content === 'string' ? redactKey(msg.content, apiKey) : '',
      reasoning: typeof msg?.reasoning === 'string' ? redactKey(msg.reasoning, apiKey) : '',
      images: all.flatMap((e) => (e.type === 'image' ? [{ index: e.index, mimeType: e.mimeType, data: e.data }] : [])),
      imageErrors: all.flatMap((e) => (e.type === 'image-error' ? [{ index: e.index, reason: e.reason }] : [])),
      finishReason: choice?.finish_reason ?? null,
      nativeFinishReason: choice?.native_finish_reason ?? null,
      usage,
    };
  }

  /**
   * Lists models (`GET /models`). Without filters the endpoint returns text-output models only.
   * @returns models with numeric prices (USD per unit, see {@link Model}).
   * @throws {OpenRouterError}
   */
  async listModels(opts: ListModelsOptions = {}): Promise<Model[]> {
    const q = new URLSearchParams();
    if (opts.outputModalities) q.set('output_modalities', opts.outputModalities === 'all' ? 'all' : opts.outputModalities.join(','));
    if (opts.inputModalities) q.set('input_modalities', opts.inputModalities.join(','));
    const qs = q.toString();
    const body = (await this.http.json('GET', `/models${qs ? `?${qs}` : ''}`, { signal: opts.signal })) as { data?: unknown[] };
    if (!Array.isArray(body.data)) throw new OpenRouterError({ kind: 'protocol', detail: l10n.t('the models list has no data array') });
    return body.data.flatMap((m) => (m && typeof m === 'object' && typeof (m as { id?: unknown }).id === 'string' ? [toModel(m as WireModel)] : []));
  }

  /**
   * Lists the Image API's models (`GET /images/models`), each with the request fields it accepts as typed
   * descriptors (see {@link ImageModel}); at most {@link MAX_IMAGE_MODELS}.
   * Documentation: API reference "List image generation models".
   * @throws {OpenRouterError} as {@link listModels}.
   */
  async listImageModels(opts: CallOptions = {}): Promise<ImageModel[]> {
    const body = await this.http.json('GET', '/images/models', { signal: opts.signal });
    try {
      return parseImageModels(body, MAX_IMAGE_MODELS);
    } catch {
      throw new OpenRouterError({ kind: 'protocol', detail: l10n.t('the image models list has no data array') });
    }
  }

  /**
   * The prices of an Image API model's endpoints (`GET /images/models/{author}/{slug}/endpoints`), read up
   * to 1 MB (see {@link parseImageEndpoints}).
   * Documentation: API reference "List endpoints for an image model".
   * @param id the model id, `author/slug`.
   * @throws {OpenRouterError} as {@link listModels}; `kind: 'protocol'` for an id that is not `author/slug`.
   */
  async listImageModelEndpoints(id: string, opts: CallOptions = {}): Promise<ImageEndpointPrice[]> {
    // Letters, digits and `._:-` only, each part starting with a letter or digit: no `..`, no other path.
    const m = /^([A-Za-z0-9][\w.-]*)\/([A-Za-z0-9][\w.:-]*)$/.exec(id);
    if (!m) throw new OpenRouterError({ kind: 'protocol', detail: l10n.t('{0} is not a model id of the form author/slug', id.slice(0, 100)) });
    const body = await this.http.json('GET', `/images/models/${encodeURIComponent(m[1])}/${encodeURIComponent(m[2])}/endpoints`, { signal: opts.signal, maxBytes: 1024 * 1024 });
    return parseImageEndpoints(body);
  }

  /**
   * Generates images through the Image API (`POST /images`, buffered: `stream` is never set, see the
   * README's "Two APIs"). The reply is one JSON body holding every image as base64: it is read up to
   * `maxImages` × `maxImageBytes` (as base64) and dropped past that; each image is decoded strictly and
   * bounded, an image sent as a link is refused (see {@link readImagesReply}). Retried only as chat is: when
   * the request provably never left, or on 429/503.
   * Documentation: API reference "Generate an image".
   * @returns the decoded images (to be checked by their bytes), refused items with reasons, and usage (USD cost).
   * @throws {OpenRouterError} for HTTP errors (401, 402, 403 moderation, 429…), a body over the bound
   *   (`kind: 'limit'`, naming the settings), or a body that is not the documented JSON.
   */
  async generateImages(req: ImagesRequest, opts: CallOptions = {}): Promise<ImagesReply> {
    // The body is read up to the images asked for (`n`, within maxImagesPerReply), each at most
    // maxGeneratedImageMB as base64: 45 MB for one image at the defaults (341 MB before, for 8).
    const perImage = Math.ceil(this.limits.maxImageBytes / 3) * 4;
    const images = Math.max(1, Math.min(this.limits.maxImages, req.n ?? 1));
    const maxBytes = images * (perImage + 4096) + 64 * 1024;
    const tooLarge = l10n.t('the reply is over {0} MB for {1} image(s) (settings {2} and {3})', Math.round(maxBytes / 1024 / 1024), images, 'openrouterStudio.maxImagesPerReply', 'openrouterStudio.maxGeneratedImageMB');
    const { value: body, apiKey } = await this.http.jsonAndKey('POST', '/images', { body: req, signal: opts.signal, model: req.model, maxBytes, tooLarge });
    let reply: ImagesReply;
    try {
      reply = readImagesReply(body, { maxImages: this.limits.maxImages, maxImageBytes: this.limits.maxImageBytes });
    } catch {
      throw new OpenRouterError({ kind: 'protocol', detail: l10n.t('the reply to /images has no data array') });
    }
    // What the server wrote that can be shown (a media type, a refusal's reason) never carries the key.
    for (const img of reply.images) img.mimeType = redactKey(img.mimeType, apiKey);
    for (const e of reply.imageErrors) e.reason = redactKey(e.reason, apiKey);
    if (reply.usage?.cost !== undefined) this.options.onCost?.(reply.usage.cost);
    return reply;
  }

  /**
   * Reads the key's label, limit and usage (`GET /key`). Also the cheapest way to check that a key works.
   * @throws {OpenRouterError} 401 for a rejected key.
   */
  async getKeyInfo(opts: CallOptions = {}): Promise<KeyInfo> {
    const body = (await this.http.json('GET', '/key', { signal: opts.signal })) as { data?: Record<string, unknown> };
    const d = body.data;
    if (!d || typeof d !== 'object') throw new OpenRouterError({ kind: 'protocol', detail: l10n.t('the key info has no data object') });
    return {
      label: typeof d.label === 'string' ? d.label : '',
      limit: typeof d.limit === 'number' ? d.limit : null,
      limitRemaining: typeof d.limit_remaining === 'number' ? d.limit_remaining : null,
      usage: typeof d.usage === 'number' ? d.usage : 0,
      isFreeTier: d.is_free_tier === true,
      expiresAt: typeof d.expires_at === 'string' ? d.expires_at : null,
    };
  }

  /** Closes the client's own connection pool, ending requests still under way (not a caller-supplied dispatcher). */
  async dispose(): Promise<void> {
    await this.http.dispose();
  }

}


/**
 * Decodes the event data of one network read and yields its events, consecutive text events merged into
 * one. An error (an in-band error chunk, bad JSON, a limit) ends the batch; what was decoded before it is
 * yielded first, then the error is thrown.
 */
function* decodeBatch(datas: string[], decoder: ChunkDecoder): Generator<StreamEvent, void, undefined> {
  const events: StreamEvent[] = [];
  let failed = false;
  let error: unknown;
  try {
    for (const data of datas) {
      for (const ev of decoder.push(data)) {
        const prev = events[events.length - 1];
        if (ev.type === 'text' && prev?.type === 'text') events[events.length - 1] = { type: 'text', text: prev.text + ev.text };
        else events.push(ev);
      }
      if (decoder.isDone || decoder.isComplete) break;
    }
  } catch (err) {
    failed = true;
    error = err;
  }
  yield* events;
  if (failed) throw error;
}

