/**
 * OpenRouter's dedicated Image API, the pure part: the models list with its typed capability descriptors,
 * building a `POST /images` request from the controls a model accepts (and refusing the others before
 * anything is sent); the reply is read by `imagesReply.ts`. No `vscode`, no I/O: the client sends what this builds.
 *
 * Documentation: guide "Image Generation" (https://openrouter.ai/docs/guides/overview/multimodal/image-generation),
 * API reference "Images": `POST /api/v1/images` (Generate an image), `GET /api/v1/images/models` (List image
 * generation models).
 */
import * as l10n from '@vscode/l10n';

/**
 * What one request field accepts, from a model's `supported_parameters` (an absent key: not accepted).
 * `boolean` means the field is accepted with any value of its type (`seed`: any whole number). A kind this
 * code does not know is kept as `unknown` with its kind only (its body is not stored: one model's sent 7.9 MB
 * into global state) and ignored: no control is offered for it.
 */
export type CapabilityDescriptor =
  | { type: 'enum'; values: string[] }
  | { type: 'range'; min: number; max: number }
  | { type: 'boolean' }
  | { type: 'unknown'; kind: string };

/** A model of `GET /images/models`. */
export interface ImageModel {
  id: string;
  name: string;
  description: string;
  inputModalities: string[];
  outputModalities: string[];
  /** Request field → what it accepts. The union over the model's endpoints (OpenRouter's "coarse discovery aid"). */
  supportedParameters: Record<string, CapabilityDescriptor>;
  /** Whether some endpoint streams (`stream: true`). */
  supportsStreaming: boolean;
}

/** One reference image, as the API takes it (a data URL here: the extension never sends a link). */
export interface InputReference {
  type: 'image_url';
  image_url: { url: string };
}

/** The body of `POST /images` (only documented fields; a field the model does not accept is never set). */
export interface ImagesRequest {
  model: string;
  prompt: string;
  n?: number;
  seed?: number;
  aspect_ratio?: string;
  resolution?: string;
  background?: string;
  output_format?: string;
  output_compression?: number;
  input_references?: InputReference[];
}

/** The controls a user or an automation call chooses, by their extension names (each checked against the model). */
export interface ImageControls {
  /** `aspect_ratio`: 1:1 … 21:9, the extended ratios (1:4, 9:21 …) and `auto`, as the model lists. */
  aspectRatio?: string;
  /** `resolution` tier: 512, 1K, 2K, 4K, as the model lists. */
  resolution?: string;
  /** `background`: `auto`, `transparent` (PNG or WebP output), `opaque`. */
  background?: string;
  /** `output_format`: `png`, `jpeg` or `webp`. */
  outputFormat?: string;
  /** `output_compression`: 0–100, for JPEG and WebP. */
  outputCompression?: number;
  /** `seed`: a whole number. */
  seed?: number;
  /** Images in one request (`n`). */
  count?: number;
  /** Reference images, as data URLs (checked by their bytes before this is called). */
  references?: string[];
}

/** Every aspect ratio the Image API documents (API reference: `aspect_ratio`); each model accepts a subset. */
export const IMAGE_API_ASPECT_RATIOS = ['1:1', '1:2', '1:4', '1:8', '2:1', '2:3', '3:2', '3:4', '4:1', '4:3', '4:5', '5:4', '8:1', '9:16', '16:9', '9:19.5', '19.5:9', '9:20', '20:9', '9:21', '21:9', 'auto'] as const;
/** The resolution tiers (guide "Image Generation": 512, 1K, 2K, 4K). */
export const RESOLUTIONS = ['512', '1K', '2K', '4K'] as const;
/** `background` values (API reference). */
export const BACKGROUNDS = ['auto', 'transparent', 'opaque'] as const;
/** Most reference images in one request (API reference: `input_references`, maximum array length 16). */
export const MAX_REFERENCES = 16;
/** Most images in one request (API reference: `n`, 1–10). */
export const MAX_N = 10;
/** Output formats whose bytes the extension can check and save; `svg` is refused (not a checked raster). */
/** The `TypeError` message of a models list or reply body without its `data` array. */
export const NO_DATA = 'no data array';
export const RASTER_OUTPUT_FORMATS = ['png', 'jpeg', 'webp'] as const;
/** Formats with an alpha channel: `background: transparent` needs one (API reference: `background`). */
const ALPHA_FORMATS = new Set(['png', 'webp']);

/** A control the chosen model does not accept, or a value outside what it accepts: nothing was sent. */
export class ImageControlError extends Error {
  constructor(message: string, readonly field: string) {
    super(message);
    this.name = 'ImageControlError';
  }
}

/** Reads one capability descriptor; unknown kinds are kept as `unknown`. */
function toDescriptor(raw: unknown): CapabilityDescriptor {
  const d = raw as { type?: unknown; values?: unknown; min?: unknown; max?: unknown } | null;
  const kind = typeof d?.type === 'string' ? d.type : '';
  if (kind === 'enum' && Array.isArray(d?.values)) return { type: 'enum', values: d.values.filter((v): v is string => typeof v === 'string').slice(0, 100).map((v) => v.slice(0, 40)) };
  if (kind === 'range' && typeof d?.min === 'number' && typeof d.max === 'number' && Number.isFinite(d.min) && Number.isFinite(d.max) && d.min <= d.max) return { type: 'range', min: d.min, max: d.max };
  if (kind === 'boolean') return { type: 'boolean' };
  return { type: 'unknown', kind: kind.slice(0, 40) };
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

/**
 * Reads the body of `GET /images/models` (`{ data: [{ id, name, description, architecture, supported_parameters,
 * supports_streaming, endpoints }] }`): entries without a string `id` are skipped; at most `max` are kept.
 * @throws {TypeError} when there is no `data` array (the client turns it into a protocol error).
 */
export function parseImageModels(body: unknown, max: number): ImageModel[] {
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw new TypeError(NO_DATA);
  const out: ImageModel[] = [];
  for (const m of data) {
    if (out.length >= max) break;
    const w = m as { id?: unknown; name?: unknown; description?: unknown; architecture?: { input_modalities?: unknown; output_modalities?: unknown }; supported_parameters?: unknown; supports_streaming?: unknown } | null;
    if (typeof w?.id !== 'string' || w.id === '' || w.id.length > 200) continue;
    const params: Record<string, CapabilityDescriptor> = {};
    if (w.supported_parameters && typeof w.supported_parameters === 'object' && !Array.isArray(w.supported_parameters)) {
      for (const [k, v] of Object.entries(w.supported_parameters).slice(0, 64)) params[k] = toDescriptor(v);
    }
    out.push({
      id: w.id,
      name: typeof w.name === 'string' ? w.name.slice(0, 200) : w.id,
      description: typeof w.description === 'string' ? w.description.slice(0, 2000) : '',
      inputModalities: strings(w.architecture?.input_modalities),
      outputModalities: strings(w.architecture?.output_modalities),
      supportedParameters: params,
      supportsStreaming: w.supports_streaming === true,
    });
  }
  return out;
}

/** How a model's descriptor for `field` reads for people: `1K, 2K, 4K` or `0–100`. */
export function describeAllowed(d: CapabilityDescriptor | undefined): string {
  if (!d) return l10n.t('not accepted by this model');
  if (d.type === 'enum') return d.values.join(', ');
  if (d.type === 'range') return `${d.min}–${d.max}`;
  return l10n.t('any value');
}

/** The model's descriptor for a request field, when it has a kind this code knows. */
export function descriptorOf(model: ImageModel, field: keyof ImagesRequest): Exclude<CapabilityDescriptor, { type: 'unknown' }> | undefined {
  const d = model.supportedParameters[field];
  return d && d.type !== 'unknown' ? d : undefined;
}

/** Whether `model` can make several images in one request (`n` accepted with a maximum above 1). */
export function maxImagesPerRequest(model: ImageModel): number {
  const d = descriptorOf(model, 'n');
  if (!d) return 1;
  if (d.type === 'range') return Math.max(1, Math.min(MAX_N, Math.floor(d.max)));
  if (d.type === 'enum') return Math.max(1, ...d.values.map(Number).filter((v) => Number.isInteger(v) && v <= MAX_N));
  return MAX_N;
}

/**
 * Builds the `POST /images` body for `model` from `controls`, checking each against the model's descriptors.
 * `count` above what one request of the model can make is not set here: the caller splits it into
 * requests ({@link maxImagesPerRequest}). `background: transparent` without a format asks for PNG when the
 * model lets the format be chosen.
 * @throws {ImageControlError} naming the field and the values the model accepts, for a control it does not
 *   accept, a value outside its descriptor, a transparent background with JPEG, compression with PNG, SVG
 *   output, or more than {@link MAX_REFERENCES} references.
 */
export function buildImagesRequest(model: ImageModel, prompt: string, controls: ImageControls): ImagesRequest {
  const req: ImagesRequest = { model: model.id, prompt };
  const unsupported = (field: string): ImageControlError => new ImageControlError(l10n.t('{0} does not accept {1}.', model.id, field), field);
  const check = (field: keyof ImagesRequest, value: string | number): void => {
    const d = model.supportedParameters[field];
    if (!d) throw unsupported(field);
    const bad = (): ImageControlError => new ImageControlError(l10n.t('{0} must be one of {1} for {2} (was {3}).', field, describeAllowed(d), model.id, String(value).slice(0, 40)), field);
    if (d.type === 'enum' && !d.values.includes(String(value))) throw bad();
    if (d.type === 'range' && !(typeof value === 'number' && value >= d.min && value <= d.max)) throw bad();
  };
  const c = controls;
  if (c.aspectRatio !== undefined) {
    check('aspect_ratio', c.aspectRatio);
    req.aspect_ratio = c.aspectRatio;
  }
  if (c.resolution !== undefined) {
    check('resolution', c.resolution);
    req.resolution = c.resolution;
  }
  if (c.outputFormat !== undefined) {
    if (!(RASTER_OUTPUT_FORMATS as readonly string[]).includes(c.outputFormat)) {
      throw new ImageControlError(l10n.t('output_format must be one of {0} (was {1}).', RASTER_OUTPUT_FORMATS.join(', '), c.outputFormat.slice(0, 40)), 'output_format');
    }
    check('output_format', c.outputFormat);
    req.output_format = c.outputFormat;
  }
  if (c.background !== undefined) {
    check('background', c.background);
    req.background = c.background;
    if (c.background === 'transparent') {
      if (req.output_format === undefined && model.supportedParameters.output_format) {
        check('output_format', 'png');
        req.output_format = 'png';
      }
      if (req.output_format !== undefined && !ALPHA_FORMATS.has(req.output_format)) {
        throw new ImageControlError(l10n.t('A transparent background needs PNG or WebP output (output_format was {0}).', req.output_format), 'background');
      }
    }
  }
  if (c.outputCompression !== undefined) {
    if (!Number.isInteger(c.outputCompression)) throw new ImageControlError(l10n.t('output_compression must be a whole number.'), 'output_compression');
    if (req.output_format === undefined || req.output_format === 'png') {
      throw new ImageControlError(l10n.t('output_compression applies to JPEG and WebP output only: choose output_format jpeg or webp.'), 'output_compression');
    }
    check('output_compression', c.outputCompression);
    req.output_compression = c.outputCompression;
  }
  if (c.seed !== undefined) {
    if (!Number.isSafeInteger(c.seed) || c.seed < 0) throw new ImageControlError(l10n.t('seed must be a whole number from 0.'), 'seed');
    check('seed', c.seed);
    req.seed = c.seed;
  }
  if (c.count !== undefined && c.count > 1) {
    const most = maxImagesPerRequest(model);
    if (most > 1) {
      const n = Math.min(c.count, most);
      check('n', n);
      req.n = n;
    }
  }
  if (c.references !== undefined && c.references.length > 0) {
    if (c.references.length > MAX_REFERENCES) throw new ImageControlError(l10n.t('At most {0} reference images can be sent ({1} were given).', MAX_REFERENCES, c.references.length), 'input_references');
    const d = model.supportedParameters.input_references;
    if (!d && !model.inputModalities.includes('image')) throw unsupported('input_references');
    if (d?.type === 'range' && c.references.length > d.max) {
      throw new ImageControlError(l10n.t('{0} takes at most {1} reference images ({2} were given).', model.id, d.max, c.references.length), 'input_references');
    }
    req.input_references = c.references.map((url) => ({ type: 'image_url', image_url: { url } }));
  }
  return req;
}
