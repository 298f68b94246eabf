/**
 * The one error type of the OpenRouter client, and the parsing of OpenRouter's error bodies.
 *
 * Documentation: https://openrouter.ai/docs/api-reference/errors — HTTP bodies are
 * `{"error":{"code","message","metadata"}}`; a streamed reply that already answered 200 carries errors
 * in-band as a chunk with a top-level `error` (with `finish_reason:"error"`, or `null` in older traffic).
 */
import * as l10n from '@vscode/l10n';

/** Where an error came from. */
export type OpenRouterErrorKind =
  /** A non-2xx HTTP response with (usually) a JSON error body. */
  | 'http'
  /** A top-level `error` inside a 200 response or stream. */
  | 'stream'
  /** The connection failed, was reset, or closed before the reply was complete. */
  | 'network'
  /** Connect, headers or idle time-out. */
  | 'timeout'
  /** The reply did not follow the wire format (bad JSON, no body). */
  | 'protocol'
  /** No API key is configured. */
  | 'no-key'
  /** The reply went over one of the client's {@link StreamLimits}; the request was aborted. */
  | 'limit';

/** HTTP statuses worth retrying before the body is consumed. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

export interface OpenRouterErrorInit {
  kind: OpenRouterErrorKind;
  /** HTTP status, or the in-band `error.code` for stream errors. */
  status?: number;
  /** `error.code` as sent (a number, or a string from some gateways). */
  code?: number | string;
  /** `error.metadata.error_type` (e.g. `provider_unavailable`). */
  errorType?: string;
  metadata?: Record<string, unknown>;
  /** The raw `error.message`, key-redacted. */
  detail: string;
  retryable?: boolean;
  /** Milliseconds the server asked to wait (`Retry-After`). */
  retryAfterMs?: number;
  generationId?: string;
  /**
   * The request may have run, and been billed: a paid `POST` whose body was sent before the connection failed
   * (or whose reply broke off). The message says so, and a Retry must too.
   */
  mayHaveRun?: boolean;
  cause?: unknown;
}

/**
 * An OpenRouter request failed. `message` is written for a user (it names the cause and what to do);
 * `detail` is the server's own text. Neither ever contains the API key.
 */
export class OpenRouterError extends Error {
  override readonly name = 'OpenRouterError';
  readonly kind: OpenRouterErrorKind;
  readonly status?: number;
  readonly code?: number | string;
  readonly errorType?: string;
  readonly metadata: Record<string, unknown>;
  readonly detail: string;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly generationId?: string;
  /** See {@link OpenRouterErrorInit.mayHaveRun}. */
  readonly mayHaveRun: boolean;

  constructor(init: OpenRouterErrorInit) {
    super(userMessage(init), init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.status = init.status;
    this.code = init.code;
    this.errorType = init.errorType;
    this.metadata = init.metadata ?? {};
    this.detail = init.detail;
    this.retryable = init.retryable ?? (init.status !== undefined && RETRYABLE_STATUSES.has(init.status));
    this.retryAfterMs = init.retryAfterMs;
    this.generationId = init.generationId;
    this.mayHaveRun = init.mayHaveRun ?? false;
  }
}

/** True when `err` is the abort of a request (the caller's `AbortSignal`), not a failure. */
export function isAbortError(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || (err as { code?: string }).code === 'ABORT_ERR');
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function userMessage(e: OpenRouterErrorInit): string {
  const base = baseMessage(e);
  return e.mayHaveRun ? `${base} ${l10n.t('The request may have reached OpenRouter and been charged: check the key\'s usage before trying again.')}` : base;
}

function baseMessage(e: OpenRouterErrorInit): string {
  const md = e.metadata ?? {};
  const provider = str(md.provider_name);
  const raw = str(md.raw);
  const detail = e.detail.replace(/\s+$/, '');
  switch (e.kind) {
    case 'no-key':
      return l10n.t('No OpenRouter API key is set. Run "OpenRouter: Set API key" or set OPENROUTER_API_KEY.');
    case 'timeout':
      return l10n.t('OpenRouter did not answer in time ({0}).', detail);
    case 'network':
      return l10n.t('Could not reach OpenRouter: {0}.', detail);
    case 'protocol':
      return l10n.t('OpenRouter sent a reply this extension could not read: {0}.', detail);
    case 'limit':
      return l10n.t('The reply was stopped: {0}.', detail);
    default:
      break;
  }
  const status = e.status;
  if (status === 401) {
    return l10n.t('OpenRouter rejected the API key ({0}). Set a valid key with "OpenRouter: Set API key".', detail);
  }
  if (status === 402) {
    return l10n.t('Your OpenRouter account needs more credits: {0}', detail);
  }
  if (status === 403 && Array.isArray(md.reasons)) {
    const reasons = md.reasons.filter((r): r is string => typeof r === 'string').join(', ') || l10n.t('unspecified reasons');
    return provider
      ? l10n.t('The request was flagged by moderation by {0} for: {1}. No credits were charged.', provider, reasons)
      : l10n.t('The request was flagged by moderation for: {0}. No credits were charged.', reasons);
  }
  let text = detail || `HTTP ${status ?? '?'}`;
  if (raw && /provider returned error/i.test(detail)) {
    text = provider ? l10n.t('{0} returned an error: {1}', provider, raw) : l10n.t('The provider returned an error: {0}', raw);
  } else if (provider && !text.includes(provider)) {
    text = l10n.t('{0} (provider: {1})', text, provider);
  }
  if (status === 429) {
    // One sentence with what to do; the provider's own (often long, repeated) text is in `detail` and
    // `metadata.raw`, which the log keeps.
    const by = provider ?? 'OpenRouter';
    const limit = /^rate limit exceeded:\s*(.+?)[.\s]*$/i.exec(detail)?.[1];
    const when = e.retryAfterMs !== undefined ? waitFor(e.retryAfterMs) : l10n.t('shortly');
    return limit ? l10n.t('Rate limited by {0} ({1}): try again {2}, or pick another model.', by, limit, when) : l10n.t('Rate limited by {0}: try again {1}, or pick another model.', by, when);
  }
  if (status === 408) return l10n.t('The request timed out at OpenRouter: {0}', text);
  if (status !== undefined && status >= 500) return l10n.t("OpenRouter or the model's provider failed ({0}): {1}", status, text);
  if (e.kind === 'stream') return l10n.t('The model stopped with an error: {0}', text);
  return status ? l10n.t('OpenRouter error {0}: {1}', status, text) : l10n.t('OpenRouter error: {0}', text);
}

/**
 * A server-given wait for people, capped so that an absurd `Retry-After` (a date years ahead) reads as
 * "later" rather than as a number of seconds: `in 20 s`, `in 3 min`, `in 2 h`, else `tomorrow or later`.
 */
function waitFor(ms: number): string {
  const s = Math.ceil(ms / 1000);
  if (s < 120) return l10n.t('in {0} s', s);
  if (s < 2 * 3600) return l10n.t('in {0} min', Math.ceil(s / 60));
  if (s <= 24 * 3600) return l10n.t('in {0} h', Math.ceil(s / 3600));
  return l10n.t('tomorrow or later');
}

/**
 * Replaces every occurrence of the API key, and anything shaped like an OpenRouter key (`sk-or-…`),
 * with `[redacted]`. Applied to every server text that reaches an error message or a log.
 */
export function redactKey(text: string, apiKey?: string): string {
  let out = text;
  if (apiKey && apiKey.length >= 8) out = out.split(apiKey).join('[redacted]');
  return out.replace(/sk-or-[A-Za-z0-9_-]{8,}/g, '[redacted]');
}

/**
 * A short identifier from the server (a generation id from `x-generation-id` or a reply's `id`) as it may be
 * logged, shown or stored: at most 200 characters, key-redacted ({@link redactKey}), without control characters.
 */
export function serverId(value: string, apiKey?: string): string {
  return redactKey(value.slice(0, 300), apiKey).replace(/[\p{Cc}\p{Cf}]/gu, '').slice(0, 200);
}

/**
 * Parses `Retry-After` (delta seconds or an HTTP date) into milliseconds from `now`.
 * @returns milliseconds (≥ 0), or `undefined` when absent or unreadable.
 */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(v)) return Math.round(Number(v) * 1000);
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The `error` object of an OpenRouter body, loosely typed as received. */
interface WireError {
  code?: number | string;
  message?: string;
  metadata?: Record<string, unknown>;
}

function asWireError(v: unknown): WireError | undefined {
  return v !== null && typeof v === 'object' ? (v as WireError) : undefined;
}

/**
 * Builds the error for a non-2xx HTTP response from its status, body text and headers.
 * Bodies that are not OpenRouter's JSON shape (a proxy's HTML page, an empty body) still give an error
 * with the status and a trimmed excerpt.
 */
export function errorFromHttp(
  status: number,
  bodyText: string,
  headers: Record<string, string | string[] | undefined>,
  apiKey?: string,
): OpenRouterError {
  let wire: WireError | undefined;
  try {
    wire = asWireError((JSON.parse(bodyText) as { error?: unknown }).error);
  } catch {
    wire = undefined;
  }
  const fallback = bodyText.trim() === '' ? `HTTP ${status}` : bodyText.trim().replace(/\s+/g, ' ').slice(0, 200);
  const metadata = wire?.metadata && typeof wire.metadata === 'object' ? wire.metadata : undefined;
  const genId = headers['x-generation-id'];
  const firstGenId = Array.isArray(genId) ? genId[0] : genId;
  return new OpenRouterError({
    kind: 'http',
    status,
    code: wire?.code ?? status,
    errorType: str(metadata?.error_type),
    metadata: redactMetadata(metadata, apiKey),
    detail: redactKey(str(wire?.message) ?? fallback, apiKey),
    retryAfterMs: parseRetryAfter(headers['retry-after']),
    generationId: typeof firstGenId === 'string' ? serverId(firstGenId, apiKey) : undefined,
  });
}

/**
 * Builds the error for an in-band `error` object found in a 200 response (stream chunk or JSON body).
 * `retryable` is false: content may already have been delivered.
 */
export function errorFromInBand(error: unknown, generationId: string | undefined, apiKey?: string): OpenRouterError {
  const wire = asWireError(error) ?? {};
  const status = typeof wire.code === 'number' ? wire.code : Number.parseInt(String(wire.code ?? ''), 10) || undefined;
  const metadata = wire.metadata && typeof wire.metadata === 'object' ? wire.metadata : undefined;
  return new OpenRouterError({
    kind: 'stream',
    status,
    code: wire.code,
    errorType: str(metadata?.error_type),
    metadata: redactMetadata(metadata, apiKey),
    detail: redactKey(str(wire.message) ?? 'unknown error', apiKey),
    retryable: false,
    generationId: typeof generationId === 'string' ? serverId(generationId, apiKey) : undefined,
  });
}

/** Most entries of error metadata copied, in all, and how deep: the rest is dropped unread. */
const MAX_METADATA_ENTRIES = 200;
const MAX_METADATA_DEPTH = 4;

/**
 * A copy of an error's `metadata`, bounded and key-redacted, made without recursion: at most
 * {@link MAX_METADATA_ENTRIES} entries {@link MAX_METADATA_DEPTH} levels deep, strings redacted and cut to
 * 2,000 characters. Metadata nested 5,000 deep made a recursive copy overflow the stack, so a 429 read
 * "Could not reach OpenRouter".
 */
function redactMetadata(md: Record<string, unknown> | undefined, apiKey?: string): Record<string, unknown> | undefined {
  if (!md) return undefined;
  const out: Record<string, unknown> = {};
  let budget = MAX_METADATA_ENTRIES;
  const copy = (v: unknown): unknown => (typeof v === 'string' ? redactKey(v.slice(0, 4000), apiKey).slice(0, 2000) : typeof v === 'number' || typeof v === 'boolean' || v === null ? v : undefined);
  const queue: Array<{ from: object; to: Record<string, unknown> | unknown[]; depth: number }> = [{ from: md, to: out, depth: 1 }];
  for (let q = queue.shift(); q; q = queue.shift()) {
    const entries = Array.isArray(q.from) ? q.from.map((v, i) => [i, v] as const) : Object.entries(q.from);
    for (const [k, v] of entries) {
      if (--budget < 0) return out;
      let value = copy(v);
      if (v !== null && typeof v === 'object' && q.depth < MAX_METADATA_DEPTH) {
        value = Array.isArray(v) ? [] : {};
        queue.push({ from: v, to: value as Record<string, unknown>, depth: q.depth + 1 });
      }
      if (value === undefined) continue;
      if (Array.isArray(q.to)) q.to.push(value);
      else q.to[String(k)] = value;
    }
  }
  return out;
}
