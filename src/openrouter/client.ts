/**
 * The OpenRouter HTTP client: streamed and non-streamed chat completions, the Image API (`POST /images`,
 * `GET /images/models`), the models list and key info.
 *
 * Base URL and endpoints: https://openrouter.ai/docs/api-reference/overview (`POST /chat/completions`,
 * `GET /models`, `GET /key`). Attribution headers `HTTP-Referer` and `X-Title`:
 * https://openrouter.ai/docs/api-reference/overview#headers. HTTP is undici's, through an optional
 * caller-supplied `Dispatcher` (proxies), loaded on first use (see ./undici.ts). This module imports
 * nothing from `vscode`.
 */
import { Readable } from 'node:stream';
import * as l10n from '@vscode/l10n';
import type { Dispatcher } from 'undici';
import { undici } from './undici';
import { errorFromHttp, errorFromInBand, isAbortError, OpenRouterError, redactKey, serverId } from './errors';
import { ChunkDecoder, DEFAULT_STREAM_LIMITS, imagesToEvents, SseSplitter, toUsage, type StreamLimits, type WireChunk } from './stream';
import type { ChatRequest, Completion, KeyInfo, Model, StreamEvent } from './types';
import { parseImageModels, readImagesReply, type ImageModel, type ImagesReply, type ImagesRequest } from './imageApi';
import { parseImageEndpoints, type ImageEndpointPrice } from './pricing';
import { chunksOf, readCapped } from './bodies';
import { jsonBody } from './jsonBody';
import { toModel, type WireModel } from './models';
import { errorMessage } from '../shared/format';

export const DEFAULT_BASE_URL = 'https://openrouter.ai/api/v1';

/** Time limits, in milliseconds. */
export interface Timeouts {
  /** TCP/TLS connect (only applies to the client's own dispatcher). Default 10 000. */
  connectMs: number;
  /** From sending the request to the complete response headers. Default 60 000. */
  headersMs: number;
  /** Longest silence between body bytes of a reply; keep-alive comments count. Default 60 000. */
  idleMs: number;
}

/** Retry policy for failures before any of the body reached the caller. */
export interface RetryPolicy {
  /** Retries after the first attempt. Default 2. */
  maxRetries: number;
  /** First backoff, doubled each retry, with ±50 % jitter. Default 500. */
  baseDelayMs: number;
  /** Longest wait before a retry; a `Retry-After` longer than this is not waited for (no retry). Default 10 000. */
  maxDelayMs: number;
}

/** One line of request log: never contains the key, prompts or image data. */
export interface RequestLogEntry {
  method: string;
  path: string;
  model?: string;
  attempt: number;
  status?: number;
  generationId?: string;
  /** Milliseconds from sending to the response headers. */
  headersMs?: number;
  /** Request body size in bytes. */
  requestBytes?: number;
  /** Set when the attempt failed: the error's user message (key-redacted). */
  error?: string;
  /** Milliseconds the client waits before the next attempt. */
  retryInMs?: number;
}

export interface OpenRouterClientOptions {
  /** The API key, or a function returning it (read before each request). `undefined` → a `no-key` error. */
  apiKey: string | (() => string | undefined | Promise<string | undefined>);
  /** Default {@link DEFAULT_BASE_URL}. A trailing slash is ignored. */
  baseUrl?: string;
  /** Sent as `HTTP-Referer` (app attribution). */
  appUrl?: string;
  /** Sent as `X-Title`. Default `OpenRouter Studio`. */
  appTitle?: string;
  /** undici dispatcher, e.g. a `ProxyAgent`. Default: a client-owned `Agent` using `timeouts.connectMs`. */
  dispatcher?: Dispatcher;
  timeouts?: Partial<Timeouts>;
  retry?: Partial<RetryPolicy>;
  /** Bounds on one streamed reply (event size, image size and count, text); default {@link DEFAULT_STREAM_LIMITS}. */
  limits?: Partial<StreamLimits>;
  /** Receives one entry per attempt. */
  onLog?: (entry: RequestLogEntry) => void;
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

/** One JSON request's options: the body to send, the caller's signal, the model (for the log), and the read's bound. */
interface JsonOptions {
  body?: unknown;
  signal?: AbortSignal;
  model?: string;
  /** Default {@link MAX_JSON_BODY_BYTES}. */
  maxBytes?: number;
  /** The error's detail for a longer body (default: the path and the size). */
  tooLarge?: string;
}

/** Largest error body read, in bytes: the message is in its first few hundred; the rest is dropped unread. */
export const MAX_ERROR_BODY_BYTES = 16 * 1024;
/** Largest JSON body read outside chat completions (`/models`, `/key`), in bytes; a longer one is refused. */
export const MAX_JSON_BODY_BYTES = 8 * 1024 * 1024;
/** Most models kept from `GET /images/models` (OpenRouter lists a few dozen). */
export const MAX_IMAGE_MODELS = 500;

const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, headersMs: 60_000, idleMs: 60_000 };
const DEFAULT_RETRY: RetryPolicy = { maxRetries: 2, baseDelayMs: 500, maxDelayMs: 10_000 };

/**
 * Codes for failures where the request provably never reached the server (no connection was made):
 * the only connection failures after which a paid `POST` may be sent again.
 */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** Statuses with which the server itself asks for a later retry; a `POST` is retried only on these. */
const RETRY_STATUSES_POST = new Set([429, 503]);

/** Codes undici and Node use for failures where nothing was received. */
const CONNECTION_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH',
  'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT',
]);

interface Opened {
  res: Dispatcher.ResponseData;
  apiKey: string;
}

/**
 * A client for one OpenRouter account (or compatible endpoint). Safe to share; each call is independent.
 * Every method throws {@link OpenRouterError} on failure, or the signal's `AbortError` when aborted.
 */
export class OpenRouterClient {
  private readonly baseUrl: string;
  private readonly timeouts: Timeouts;
  private readonly retry: RetryPolicy;
  private readonly limits: StreamLimits;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;

  constructor(private readonly options: OpenRouterClientOptions) {
    this.baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.limits = { ...DEFAULT_STREAM_LIMITS, ...options.limits };
    this.ownsDispatcher = options.dispatcher === undefined;
    this.dispatcher = options.dispatcher ?? new (undici().Agent)({ connect: { timeout: this.timeouts.connectMs } });
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
    const { res, apiKey } = await this.open('POST', '/chat/completions', { ...req, stream: true }, opts.signal, req.model);
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
      const failure = this.bodyError(err, opts.signal, true);
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
    const { value, apiKey } = await this.jsonAndKey('POST', '/chat/completions', { body: { ...req, stream: false }, signal: opts.signal, model: req.model, maxBytes: this.limits.maxEventChars });
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
    const body = (await this.json('GET', `/models${qs ? `?${qs}` : ''}`, { signal: opts.signal })) as { data?: unknown[] };
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
    const body = await this.json('GET', '/images/models', { signal: opts.signal });
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
    const body = await this.json('GET', `/images/models/${encodeURIComponent(m[1])}/${encodeURIComponent(m[2])}/endpoints`, { signal: opts.signal, maxBytes: 1024 * 1024 });
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
    const { value: body, apiKey } = await this.jsonAndKey('POST', '/images', { body: req, signal: opts.signal, model: req.model, maxBytes, tooLarge });
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
    const body = (await this.json('GET', '/key', { signal: opts.signal })) as { data?: Record<string, unknown> };
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
    if (this.ownsDispatcher) await this.dispatcher.destroy();
  }

  /**
   * A JSON request's parsed body, read up to `opts.maxBytes` (default {@link MAX_JSON_BODY_BYTES}).
   * @param opts what to send and how much to read ({@link JsonOptions}).
   * @throws {OpenRouterError} `kind: 'limit'` for a longer body (the connection is dropped, the rest unread).
   */
  private async json(method: 'GET' | 'POST', path: string, opts: JsonOptions = {}): Promise<unknown> {
    return (await this.jsonAndKey(method, path, opts)).value;
  }

  /** {@link json}, with the key the request was sent with (to redact the reply's texts). */
  private async jsonAndKey(method: 'GET' | 'POST', path: string, { body, signal, model, maxBytes = MAX_JSON_BODY_BYTES, tooLarge }: JsonOptions = {}): Promise<{ value: unknown; apiKey: string }> {
    const { res, apiKey } = await this.open(method, path, body, signal, model);
    let text: string;
    try {
      // Past the cap the body is dropped unread and not decoded: only the refusal is kept.
      const read = await readCapped(res.body, maxBytes, false);
      if (read.cut) {
        throw new OpenRouterError({ kind: 'limit', retryable: false, detail: tooLarge ?? l10n.t('the reply to {0} is over {1} MB', path.split('?')[0], Math.round(maxBytes / 1024 / 1024)) });
      }
      text = read.text;
    } catch (err) {
      if (err instanceof OpenRouterError) throw err;
      throw this.bodyError(err, signal, method === 'POST');
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new OpenRouterError({ kind: 'protocol', detail: l10n.t('the reply to {0} is not JSON', path.split('?')[0]) });
    }
    const inBand = (parsed as { error?: unknown } | null)?.error;
    if (inBand !== undefined && inBand !== null) {
      throw errorFromInBand(inBand, (parsed as { id?: string }).id, apiKey);
    }
    return { value: parsed, apiKey };
  }

  private async resolveKey(): Promise<string> {
    const k = typeof this.options.apiKey === 'function' ? await this.options.apiKey() : this.options.apiKey;
    if (!k || k.trim() === '') throw new OpenRouterError({ kind: 'no-key', detail: 'no API key' });
    return k.trim();
  }

  /**
   * Sends a request and returns a 2xx response whose body is still unread, retrying retryable statuses
   * and connection failures with backoff. Nothing of the body has reached the caller at that point.
   */
  private async open(method: 'GET' | 'POST', path: string, body: unknown, signal?: AbortSignal, model?: string): Promise<Opened> {
    const apiKey = await this.resolveKey();
    // Written in pieces (jsonBody): a body with references is tens of megabytes, held once, not three times.
    const payload = body === undefined ? undefined : jsonBody(body);
    const headers: Record<string, string> = {
      authorization: `Bearer ${apiKey}`,
      accept: path.startsWith('/chat') && (body as { stream?: boolean }).stream ? 'text/event-stream' : 'application/json',
      'x-title': this.options.appTitle ?? 'OpenRouter Studio',
    };
    if (this.options.appUrl) headers['http-referer'] = this.options.appUrl;
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(payload.byteLength);
    }
    for (let attempt = 0; ; attempt++) {
      signal?.throwIfAborted();
      const log: RequestLogEntry = { method, path: path.split('?')[0], model, attempt, requestBytes: payload?.byteLength ?? 0 };
      const t0 = Date.now();
      let failure: OpenRouterError;
      try {
        const res = await undici().request(`${this.baseUrl}${path}`, {
          method,
          headers,
          body: payload && Readable.from(payload.chunks()),
          signal,
          dispatcher: this.dispatcher,
          headersTimeout: this.timeouts.headersMs,
          bodyTimeout: this.timeouts.idleMs,
        });
        log.status = res.statusCode;
        log.headersMs = Date.now() - t0;
        const gen = res.headers['x-generation-id'];
        if (typeof gen === 'string') log.generationId = serverId(gen, apiKey);
        if (res.statusCode >= 200 && res.statusCode < 300) {
          this.options.onLog?.(log);
          return { res, apiKey };
        }
        let text = '';
        try {
          text = (await readCapped(res.body, MAX_ERROR_BODY_BYTES)).text;
        } catch {
          text = '';
        }
        failure = res.statusCode >= 300 && res.statusCode < 400
          ? redirectError(res.statusCode, res.headers.location, this.baseUrl)
          : errorFromHttp(res.statusCode, text, res.headers, apiKey);
      } catch (err) {
        if (isAbortError(err) || signal?.aborted) {
          throw signal?.reason instanceof Error ? signal.reason : err;
        }
        failure = this.connectionError(err, apiKey, method === 'POST' && payload !== undefined);
      }
      const delay = this.mayRetry(method, failure) && attempt < this.retry.maxRetries ? this.backoff(attempt, failure.retryAfterMs) : undefined;
      this.options.onLog?.({ ...log, error: failure.message, retryInMs: delay });
      if (delay === undefined) throw failure;
      await sleep(delay, signal);
    }
  }

  /**
   * Whether a failed attempt may be sent again. `GET`s are idempotent: every retryable failure. A `POST`
   * to `/chat/completions` may already be running, and billed, at the provider after a reset, a headers
   * time-out or a 5xx, so it is repeated only when it provably never left (a connect failure) or when the
   * server asked for it (429, 503; `Retry-After` is honoured).
   */
  private mayRetry(method: 'GET' | 'POST', failure: OpenRouterError): boolean {
    if (!failure.retryable) return false;
    if (method === 'GET') return true;
    if (failure.status !== undefined) return RETRY_STATUSES_POST.has(failure.status);
    const code = (failure.cause as { code?: string } | undefined)?.code;
    return code !== undefined && NOT_SENT_CODES.has(code);
  }

  /** Backoff before retry number `attempt + 1`, or `undefined` when `Retry-After` exceeds the cap. */
  private backoff(attempt: number, retryAfterMs?: number): number | undefined {
    if (retryAfterMs !== undefined) return retryAfterMs <= this.retry.maxDelayMs ? retryAfterMs : undefined;
    const exp = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** attempt);
    return Math.round(exp * (0.5 + Math.random() * 0.5));
  }

  /**
   * Maps a failure before any reply arrived.
   * @param paid a `POST` with a body: unless the failure proves nothing left ({@link NOT_SENT_CODES}), the
   *   request may have run and been billed, and the error says so.
   */
  private connectionError(err: unknown, apiKey: string, paid: boolean): OpenRouterError {
    const code = (err as { code?: string }).code ?? '';
    const msg = redactKey(errorMessage(err), apiKey);
    const timeout = code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT';
    return new OpenRouterError({
      kind: timeout ? 'timeout' : 'network',
      detail: timeout ? (code === 'UND_ERR_CONNECT_TIMEOUT' ? l10n.t('connect time-out') : l10n.t('no response headers in time')) : `${msg}${code && !msg.includes(code) ? ` (${code})` : ''}`,
      retryable: CONNECTION_CODES.has(code) || !code,
      mayHaveRun: paid && !NOT_SENT_CODES.has(code),
      cause: err,
    });
  }

  /**
   * Maps a failure while reading a 2xx body (after streaming started: never retried).
   * @param paid a `POST`: it ran, so the error says it may have been charged.
   */
  private bodyError(err: unknown, signal: AbortSignal | undefined, paid: boolean): unknown {
    if (err instanceof OpenRouterError) return err;
    if (isAbortError(err) || signal?.aborted) return signal?.reason instanceof Error ? signal.reason : err;
    const code = (err as { code?: string }).code;
    if (code === 'UND_ERR_BODY_TIMEOUT') {
      return new OpenRouterError({ kind: 'timeout', detail: l10n.t('no data for {0} s while streaming', Math.round(this.timeouts.idleMs / 1000)), retryable: false, mayHaveRun: paid, cause: err });
    }
    return new OpenRouterError({
      kind: 'network',
      detail: l10n.t('the connection broke while receiving the reply ({0})', code ?? (errorMessage(err))),
      retryable: false,
      mayHaveRun: paid,
      cause: err,
    });
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

/**
 * A 3xx answer. Redirects are never followed (undici's `request` does not follow them), so the key is
 * never carried to where a server points; the message names only the target's origin.
 */
function redirectError(status: number, location: string | string[] | undefined, baseUrl: string): OpenRouterError {
  const loc = Array.isArray(location) ? location[0] : location;
  let where = l10n.t('another address');
  try {
    if (loc) where = new URL(loc, baseUrl).origin;
  } catch {
    // an unreadable Location: keep the generic words
  }
  return new OpenRouterError({
    kind: 'http',
    status,
    detail: l10n.t('the server at {0} redirected the request to {1}; redirects are not followed, so your key was not sent there. Check openrouterStudio.baseUrl', new URL(baseUrl).origin, where),
    retryable: false,
  });
}


/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

