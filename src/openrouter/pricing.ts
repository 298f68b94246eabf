/**
 * What a request will cost, before it is sent: estimates from OpenRouter's two price lists, and the one rule
 * for which reported cost counts after it. Pure: no `vscode`, no I/O.
 *
 * - `GET /models` prices a model per token (`prompt`, `completion`, `image_output`), per input image (`image`)
 *   and per request (`request`), as numbers of USD (see {@link Model}).
 * - The Image API prices each endpoint of a model in billable lines
 *   (`GET /images/models/{author}/{slug}/endpoints`: `endpoints[].pricing[] = { billable, unit, cost_usd,
 *   variant? }`, billable `output_image` | `input_image` | `input_reference` | `input_text` …, unit `image` |
 *   `megapixel` | `request` | `token`). Documentation: API reference "List endpoints for an image model".
 *
 * After the request, the reply's `usage.cost` is what counts ({@link saneCost}).
 */
import * as l10n from '@vscode/l10n';
import { formatCost } from '../shared/format';
import type { Model } from './types';

/** Highest cost of one request that is believed (USD): anything above it, like a negative one, is ignored. */
export const MAX_COST_USD = 1000;

/**
 * A reply's reported cost when it is believable: a finite number from 0 up to (not including)
 * {@link MAX_COST_USD}; else `undefined`. A server's `-5` or `1e308` is not counted, shown or saved.
 */
export function saneCost(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 && v < MAX_COST_USD ? v : undefined;
}

/**
 * An estimate of what requests will cost, in USD.
 * - `exact`: every part is priced per unit known before sending (per image, per request).
 * - `about`: a part depends on tokens the extension can only guess (the prompt's, an image's output tokens).
 * - `atMost`: an upper bound (the reply's `max_tokens`, or the dearest of the endpoints OpenRouter may route to).
 * - `unknown`: some part has no price in either list: said as such, never as free.
 */
export type Estimate = { basis: 'exact' | 'about' | 'atMost'; usd: number } | { basis: 'unknown'; usd?: undefined };

export const UNKNOWN: Estimate = { basis: 'unknown' };

const RANK = { exact: 0, about: 1, atMost: 2 } as const;

/** The sum of estimates: unknown when any is; else the least certain basis of the parts. */
export function addEstimates(...parts: Estimate[]): Estimate {
  let usd = 0;
  let basis: 'exact' | 'about' | 'atMost' = 'exact';
  for (const p of parts) {
    if (p.basis === 'unknown') return UNKNOWN;
    usd += p.usd;
    if (RANK[p.basis] > RANK[basis]) basis = p.basis;
  }
  return { basis, usd };
}

/** `e` multiplied by a whole number of requests. */
export function timesEstimate(e: Estimate, n: number): Estimate {
  return e.basis === 'unknown' ? e : { basis: e.basis, usd: e.usd * n };
}

/** An estimate for people: `$0.0400`, `about $0.0400`, `at most $0.0210`, `price unknown`. */
export function describeEstimate(e: Estimate): string {
  if (e.basis === 'unknown') return l10n.t('price unknown');
  const cost = formatCost(e.usd);
  return e.basis === 'exact' ? cost : e.basis === 'about' ? l10n.t('about {0}', cost) : l10n.t('at most {0}', cost);
}

/** Tokens guessed for `chars` characters of a prompt (about four characters a token in English). */
export function promptTokens(chars: number): number {
  return Math.ceil(Math.max(0, chars) / 4);
}

/**
 * Output tokens one generated image is billed as by a model priced per image token (`image_output`): Gemini's
 * documented 1,290 for a 1K image; 2K and 4K images are billed as more (Gemini 3 Pro Image: up to 2,000).
 */
export function imageOutputTokens(resolution: string | undefined): number {
  return resolution === '4K' ? 2000 : 1290;
}

/** Tokens of one input image for a model that prices images as prompt tokens (a 1,024-pixel tile is about 1,000). */
const INPUT_IMAGE_TOKENS = 1000;
/** Tokens of text an image model says beside its picture, guessed. */
const IMAGE_MODEL_TEXT_TOKENS = 200;

/** What one chat-completions image request sends. */
export interface ChatImageRequestShape {
  /** Characters of the prompt (and the history sent with it). */
  promptChars: number;
  /** Images sent with it (references, the image refined). */
  inputImages: number;
  /** `image_config.image_size`, when set. */
  imageSize?: string;
}

/**
 * One chat-completions image request (an image-output model of `/models`): the request price, the prompt's
 * tokens, the input images, and one image's output tokens (`image_output` × {@link imageOutputTokens}) with a
 * little text.
 * @param model the `/models` entry; `undefined` (not listed) gives unknown.
 */
export function estimateChatImage(model: Model | undefined, req: ChatImageRequestShape): Estimate {
  if (!model) return UNKNOWN;
  const p = model.pricing;
  if (p.request === undefined && p.imageOutput === undefined && p.completion === undefined) return UNKNOWN;
  let usd = p.request ?? 0;
  let basis: 'exact' | 'about' = 'exact';
  const perToken = (price: number | undefined, tokens: number): void => {
    if (!price || tokens <= 0) return;
    usd += price * tokens;
    basis = 'about';
  };
  perToken(p.prompt, promptTokens(req.promptChars));
  if (req.inputImages > 0) {
    if (p.image !== undefined) usd += p.image * req.inputImages;
    else perToken(p.prompt, INPUT_IMAGE_TOKENS * req.inputImages);
  }
  perToken(p.imageOutput ?? p.completion, imageOutputTokens(req.imageSize));
  perToken(p.completion, IMAGE_MODEL_TEXT_TOKENS);
  return { basis, usd };
}

/** What one text request sends and may receive. */
export interface TextRequestShape {
  promptChars: number;
  /** Images sent with it. */
  images: number;
  /** The request's `max_tokens`: the reply is billed for at most that many. */
  maxTokens: number;
}

/**
 * An upper bound for one text request (Describe, alt text, Improve prompt, Generate SVG): the request price,
 * the prompt's tokens and images, and `maxTokens` of output at the completion price (reasoning included, which
 * `max_tokens` bounds too).
 * @param model the `/models` entry; `undefined` gives unknown.
 */
export function estimateText(model: Model | undefined, req: TextRequestShape): Estimate {
  if (!model) return UNKNOWN;
  const p = model.pricing;
  if (p.prompt === undefined || p.completion === undefined) return UNKNOWN;
  let usd = (p.request ?? 0) + p.prompt * promptTokens(req.promptChars);
  if (req.images > 0) usd += p.image !== undefined ? p.image * req.images : p.prompt * INPUT_IMAGE_TOKENS * req.images;
  usd += Math.max(p.completion, p.internalReasoning ?? 0) * req.maxTokens;
  return { basis: 'atMost', usd };
}

/** One billable line of an Image API endpoint's price. */
export interface ImagePriceLine {
  /** `output_image`, `input_image`, `input_reference`, `input_text`, `input_font` …. */
  billable: string;
  /** `image`, `megapixel`, `request` or `token`. */
  unit: string;
  /** USD per unit. */
  costUsd: number;
  /** A priced variant, such as a resolution tier (`4K`); absent when the line holds for every request. */
  variant?: string;
}

/** The price of one endpoint (provider) of an Image API model. */
export interface ImageEndpointPrice {
  provider: string;
  lines: ImagePriceLine[];
}

/** Most endpoints and lines kept from one reply (a model has a handful). */
const MAX_ENDPOINTS = 32;
const MAX_LINES = 32;

/**
 * Reads the body of `GET /images/models/{author}/{slug}/endpoints` (`{ id, endpoints: [{ provider_name,
 * pricing: [{ billable, unit, cost_usd, variant? }] }] }`, also accepted inside `data`): each line with a
 * string billable and unit and a finite, non-negative `cost_usd` below {@link MAX_COST_USD}; strings clipped;
 * at most 32 endpoints of 32 lines.
 * @returns the endpoints; `[]` when the body has none.
 */
export function parseImageEndpoints(body: unknown): ImageEndpointPrice[] {
  const root = body as { data?: unknown; endpoints?: unknown } | null;
  const inner = (root && typeof root === 'object' && root.data && typeof root.data === 'object' ? root.data : root) as { endpoints?: unknown } | null;
  const list = inner?.endpoints;
  if (!Array.isArray(list)) return [];
  const out: ImageEndpointPrice[] = [];
  for (const e of list.slice(0, MAX_ENDPOINTS)) {
    const w = e as { provider_name?: unknown; pricing?: unknown } | null;
    if (!w || typeof w !== 'object' || !Array.isArray(w.pricing)) continue;
    const lines: ImagePriceLine[] = [];
    for (const l of w.pricing.slice(0, MAX_LINES)) {
      const x = l as { billable?: unknown; unit?: unknown; cost_usd?: unknown; variant?: unknown } | null;
      const cost = saneCost(x?.cost_usd);
      if (typeof x?.billable !== 'string' || typeof x.unit !== 'string' || cost === undefined) continue;
      lines.push({ billable: x.billable.slice(0, 40), unit: x.unit.slice(0, 40), costUsd: cost, ...(typeof x.variant === 'string' && x.variant ? { variant: x.variant.slice(0, 40) } : {}) });
    }
    out.push({ provider: typeof w.provider_name === 'string' ? w.provider_name.slice(0, 100) : '', lines });
  }
  return out;
}

/** Megapixels of an image of each resolution tier (a square at 512, 1,024, 2,048 and 4,096 pixels). */
const TIER_MEGAPIXELS: Record<string, number> = { '512': 0.262144, '1K': 1.048576, '2K': 4.194304, '4K': 16.777216 };

/** What one Image API request asks for. */
export interface ImagesRequestShape {
  /** Images it makes (`n`, or 1). */
  images: number;
  /** `resolution`, when set (else the model's default). */
  resolution?: string;
  /** Reference images sent (`input_references`). */
  references: number;
  promptChars: number;
}

/**
 * One Image API request on one endpoint: each billable line times its units. A line of a variant counts
 * only when the variant is the request's resolution; when none is, the dearest variant of each billable
 * counts (an upper bound). Megapixels are those of the resolution tier (1K when the model's default applies,
 * guessed). A line of a kind not known here makes the estimate unknown.
 */
export function estimateImagesOnEndpoint(endpoint: ImageEndpointPrice, req: ImagesRequestShape): Estimate {
  if (endpoint.lines.length === 0) return UNKNOWN;
  const plain = endpoint.lines.filter((l) => !l.variant);
  const variants = endpoint.lines.filter((l) => l.variant);
  const matching = variants.filter((l) => req.resolution !== undefined && l.variant!.toLowerCase() === req.resolution.toLowerCase());
  let bounded = false;
  let chosen: ImagePriceLine[];
  if (variants.length === 0 || matching.length > 0) chosen = [...plain, ...matching];
  else {
    bounded = true;
    const dearest = new Map<string, ImagePriceLine>();
    for (const l of variants) {
      const key = `${l.billable}|${l.unit}`;
      if ((dearest.get(key)?.costUsd ?? -1) < l.costUsd) dearest.set(key, l);
    }
    chosen = [...plain, ...dearest.values()];
  }
  const parts: Estimate[] = [];
  for (const l of chosen) {
    const input = l.billable === 'input_image' || l.billable === 'input_reference';
    const images = input ? req.references : l.billable === 'output_image' ? req.images : undefined;
    if (l.unit === 'request') parts.push({ basis: 'exact', usd: l.costUsd });
    else if (l.unit === 'image' && images !== undefined) parts.push({ basis: 'exact', usd: l.costUsd * images });
    else if (l.unit === 'megapixel' && images !== undefined) {
      const mp = input ? TIER_MEGAPIXELS['1K'] : TIER_MEGAPIXELS[req.resolution ?? ''];
      parts.push({ basis: mp !== undefined && !input ? 'exact' : 'about', usd: l.costUsd * (mp ?? TIER_MEGAPIXELS['1K']) * images });
    } else if (l.unit === 'token' && l.billable === 'input_text') parts.push({ basis: 'about', usd: l.costUsd * promptTokens(req.promptChars) });
    else if (l.billable === 'input_font') continue; // the extension sends no fonts
    else return UNKNOWN;
  }
  const sum = addEstimates(...parts);
  return bounded && sum.basis !== 'unknown' ? { basis: 'atMost', usd: sum.usd } : sum;
}

/**
 * One Image API request on a model: OpenRouter chooses the endpoint, so with several priced apart the dearest
 * counts (an upper bound).
 * @param endpoints from {@link parseImageEndpoints}; `undefined` or empty gives unknown.
 */
export function estimateImages(endpoints: ImageEndpointPrice[] | undefined, req: ImagesRequestShape): Estimate {
  if (!endpoints || endpoints.length === 0) return UNKNOWN;
  const each = endpoints.map((e) => estimateImagesOnEndpoint(e, req));
  if (each.some((e) => e.basis === 'unknown')) return UNKNOWN;
  const known = each as Array<Exclude<Estimate, { basis: 'unknown' }>>;
  const dearest = known.reduce((a, b) => (b.usd > a.usd ? b : a));
  const differ = known.some((e) => Math.abs(e.usd - dearest.usd) > 1e-12);
  return differ ? { basis: 'atMost', usd: dearest.usd } : dearest;
}
