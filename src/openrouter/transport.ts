/**
 * The HTTP transport of the OpenRouter client: sending one request with the key and attribution headers
 * (`HTTP-Referer`, `X-Title`: https://openrouter.ai/docs/api-reference/overview#headers), retrying what may be
 * retried with back-off, mapping a failure to an {@link OpenRouterError}, and reading a JSON reply within its
 * bound. The endpoints are in `client.ts`. HTTP is undici's, through an optional caller-supplied `Dispatcher`
 * (proxies), loaded on first use (see ./undici.ts). Imports nothing from `vscode`.
 */
import { Readable } from 'node:stream';
import * as l10n from '@vscode/l10n';
import type { Dispatcher } from 'undici';
import { undici } from './undici';
import { errorFromHttp, errorFromInBand, isAbortError, OpenRouterError, redactKey, serverId } from './errors';
import { readCapped } from './bodies';
import { jsonBody } from './jsonBody';
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

/** How to reach OpenRouter: the key, the address, attribution, the connection pool, time limits, retries, the log. */
export interface TransportOptions {
  /** The API key, or a function returning it (read before each request). `undefined` → a `no-key` error. */
  apiKey: string | (() => string | undefined | Promise<string | undefined>);
  /** Default {@link DEFAULT_BASE_URL}. A trailing slash is ignored. */
  baseUrl?: string;
  /** Sent as `HTTP-Referer` (app attribution). */
  appUrl?: string;
  /** Sent as `X-Title`. Default `OpenRouter Studio`. */
  appTitle?: string;
  /** undici dispatcher, e.g. a `ProxyAgent`. Default: a transport-owned `Agent` using `timeouts.connectMs`. */
  dispatcher?: Dispatcher;
  timeouts?: Partial<Timeouts>;
  retry?: Partial<RetryPolicy>;
  /** Receives one entry per attempt. */
  onLog?: (entry: RequestLogEntry) => void;
}

/** One JSON request's options: the body to send, the caller's signal, the model (for the log), and the read's bound. */
export interface JsonOptions {
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

/** A 2xx response whose body is still unread, and the key it was sent with (to redact the reply's texts). */
export interface Opened {
  res: Dispatcher.ResponseData;
  apiKey: string;
}

/**
 * Requests to one OpenRouter account (or compatible endpoint). Safe to share; each request is independent.
 * Every method throws {@link OpenRouterError} on failure, or the signal's `AbortError` when aborted.
 */
export class Transport {
  readonly baseUrl: string;
  readonly timeouts: Timeouts;
  private readonly retry: RetryPolicy;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;

  constructor(private readonly options: TransportOptions) {
    this.baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.ownsDispatcher = options.dispatcher === undefined;
    this.dispatcher = options.dispatcher ?? new (undici().Agent)({ connect: { timeout: this.timeouts.connectMs } });
  }

  /** Closes the transport's own connection pool, ending requests still under way (not a caller-supplied dispatcher). */
  async dispose(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.destroy();
  }

  /**
   * A JSON request's parsed body, read up to `opts.maxBytes` (default {@link MAX_JSON_BODY_BYTES}).
   * @param opts what to send and how much to read ({@link JsonOptions}).
   * @throws {OpenRouterError} `kind: 'limit'` for a longer body (the connection is dropped, the rest unread).
   */
  async json(method: 'GET' | 'POST', path: string, opts: JsonOptions = {}): Promise<unknown> {
    return (await this.jsonAndKey(method, path, opts)).value;
  }

  /** {@link json}, with the key the request was sent with (to redact the reply's texts). */
  async jsonAndKey(method: 'GET' | 'POST', path: string, { body, signal, model, maxBytes = MAX_JSON_BODY_BYTES, tooLarge }: JsonOptions = {}): Promise<{ value: unknown; apiKey: string }> {
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
  async open(method: 'GET' | 'POST', path: string, body: unknown, signal?: AbortSignal, model?: string): Promise<Opened> {
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
  bodyError(err: unknown, signal: AbortSignal | undefined, paid: boolean): unknown {
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

