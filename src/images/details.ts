/**
 * What an image file says about itself: type, pixel size, and how it was made, read from the metadata that
 * OpenRouter Studio and other tools write. Pure code, no `vscode`.
 *
 * - OpenRouter Studio (PNG `iTXt`): `Description` (prompt), `Source` (model), `Software`, `openrouter:*`.
 * - AUTOMATIC1111 / Forge (PNG `parameters`; JPEG/WebP EXIF `UserComment`): the prompt, then
 *   `Negative prompt: …`, then `Steps: …, Model: …` (https://github.com/AUTOMATIC1111/stable-diffusion-webui).
 * - ComfyUI (PNG `prompt` and `workflow`, JSON graphs): summarised to the node types, the positive prompt
 *   and the checkpoint, never shown whole.
 * - JPEG: EXIF `ImageDescription`, `Software`, XMP `dc:description`; WebP: its `EXIF` and `XMP ` chunks
 *   (EXIF first, then XMP `dc:description` and `xmp:CreatorTool`); read with `exifr`.
 * Pixel sizes come from `image-size`.
 */
import * as l10n from '@vscode/l10n';
import { markupParsers } from '../altText/loadParsers';
import { clip as clipText } from '../shared/format';
import { ImageRejectedError, sniffImageMime, type ImageMime } from './mime';
import { readTextChunks } from './png';

/** The result of `openrouterStudio.imageDetails`. Text fields come from the file: untrusted. */
export interface ImageDetails {
  mimeType: ImageMime;
  /** Pixels. */
  width: number;
  height: number;
  /** File size in bytes. */
  bytes: number;
  prompt?: string;
  model?: string;
  aspectRatio?: string;
  imageSize?: string;
  generationId?: string;
  /** USD. */
  costUsd?: number;
  editedFrom?: string;
  /** `2/4` for the second of four variations. */
  variation?: string;
  software?: string;
  /** AUTOMATIC1111/Forge generation parameters, or a ComfyUI workflow summary. */
  parameters?: string;
}

/** Longest text kept of one field, in characters (a ComfyUI graph can be megabytes). */
const MAX_FIELD = 4000;

/** A field's text as shown: NULs removed, trimmed, at most {@link MAX_FIELD} characters and an ellipsis. */
const clip = (s: string | undefined): string | undefined => {
  const t = s?.replace(/\0/g, '').trim();
  return t ? clipText(t, MAX_FIELD + 1) : undefined;
};

/**
 * Reads an image's details from its bytes.
 * @throws {ImageRejectedError} when the bytes are not a PNG, JPEG, WebP or GIF image.
 */
export async function readImageDetails(bytes: Uint8Array): Promise<ImageDetails> {
  const mimeType = sniffImageMime(bytes);
  if (!mimeType) throw new ImageRejectedError(l10n.t('This file is not a PNG, JPEG, WebP or GIF image.'));
  let width = 0;
  let height = 0;
  try {
    ({ width, height } = markupParsers().imageSize(bytes));
  } catch {
    // A truncated header: the size stays unknown (0 × 0).
  }
  const details: ImageDetails = { mimeType, width, height, bytes: bytes.length };
  if (mimeType === 'image/png') Object.assign(details, pngDetails(readPngText(bytes)));
  else if (mimeType === 'image/jpeg' || mimeType === 'image/webp') Object.assign(details, await exifDetails(bytes));
  for (const k of Object.keys(details) as Array<keyof ImageDetails>) if (details[k] === undefined) delete details[k];
  return details;
}

function readPngText(bytes: Uint8Array): Record<string, string> {
  try {
    return readTextChunks(bytes);
  } catch {
    return {};
  }
}

/** The details in a PNG's text chunks (keyword → text). */
export function pngDetails(text: Record<string, string>): Partial<ImageDetails> {
  const d: Partial<ImageDetails> = {
    prompt: clip(text.Description),
    model: clip(text.Source),
    software: clip(text.Software),
    aspectRatio: clip(text['openrouter:aspect_ratio']),
    imageSize: clip(text['openrouter:image_size']),
    generationId: clip(text['openrouter:generation_id']),
    editedFrom: clip(text['openrouter:edited_from']),
    variation: clip(text['openrouter:variation']),
  };
  const cost = Number(text['openrouter:cost_usd']);
  if (text['openrouter:cost_usd'] !== undefined && Number.isFinite(cost)) d.costUsd = cost;
  if (text.parameters) {
    const a = a1111(text.parameters);
    Object.assign(d, a, { prompt: d.prompt ?? a.prompt });
  }
  else if (text.prompt || text.workflow) Object.assign(d, comfyUi(text.prompt, text.workflow));
  return d;
}

/**
 * AUTOMATIC1111/Forge `parameters`: the prompt (text before `Negative prompt:` or the settings line), the
 * model (`Model:` on the settings line), and the whole text as `parameters`.
 */
export function a1111(parameters: string): Partial<ImageDetails> {
  const lines = parameters.split(/\r?\n/);
  const settingsAt = lines.findIndex((l) => /^Steps: /.test(l));
  const negativeAt = lines.findIndex((l) => l.startsWith('Negative prompt:'));
  const end = [negativeAt, settingsAt].filter((i) => i >= 0).reduce((a, b) => Math.min(a, b), lines.length);
  const model = settingsAt >= 0 ? /(?:^|, )Model: ([^,]+)/.exec(lines[settingsAt])?.[1] : undefined;
  return { prompt: clip(lines.slice(0, end).join('\n')), model: clip(model), software: 'AUTOMATIC1111 / Forge', parameters: clip(parameters) };
}

/**
 * ComfyUI's `prompt` (the API graph: id → `{ class_type, inputs }`) and `workflow` (the editor graph:
 * `{ nodes: [{ type }] }`): a one-line summary of the node types as `parameters`, the text of the first
 * `CLIPTextEncode` as the prompt, and the checkpoint as the model. Malformed JSON gives only what parses.
 */
export function comfyUi(prompt: string | undefined, workflow: string | undefined): Partial<ImageDetails> {
  const parse = (s: string | undefined): unknown => {
    try {
      return s ? JSON.parse(s) : undefined;
    } catch {
      return undefined;
    }
  };
  const graph = parse(prompt);
  const nodes: Array<{ class_type?: unknown; inputs?: Record<string, unknown> }> = graph && typeof graph === 'object' ? Object.values(graph as object).filter((n) => n && typeof n === 'object') : [];
  const wf = parse(workflow) as { nodes?: Array<{ type?: unknown }> } | undefined;
  const types = nodes.length > 0 ? nodes.map((n) => String(n.class_type)) : Array.isArray(wf?.nodes) ? wf.nodes.map((n) => String(n?.type)) : [];
  const counts = new Map<string, number>();
  for (const t of types) counts.set(t, (counts.get(t) ?? 0) + 1);
  const text = nodes.find((n) => n.class_type === 'CLIPTextEncode' && typeof n.inputs?.text === 'string')?.inputs?.text as string | undefined;
  const ckpt = nodes.find((n) => typeof n.inputs?.ckpt_name === 'string')?.inputs?.ckpt_name as string | undefined;
  const summary = types.length > 0 ? `ComfyUI workflow, ${types.length} nodes: ${[...counts].map(([t, n]) => (n > 1 ? `${t} ×${n}` : t)).join(', ')}` : 'ComfyUI workflow (unreadable)';
  return { prompt: clip(text), model: clip(ckpt), software: 'ComfyUI', parameters: clip(summary) };
}

/**
 * The data of a WebP file's first chunk named `fourcc` (RIFF container: `RIFF`, size, `WEBP`, then chunks of
 * a FourCC, a little-endian size and the data padded to an even length;
 * https://developers.google.com/speed/webp/docs/riff_container); `undefined` when there is none. A size
 * that runs past the end of the file gives what is there.
 */
export function webpChunk(bytes: Uint8Array, fourcc: 'EXIF' | 'XMP '): Uint8Array | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  for (let at = 12; at + 8 <= bytes.length;) {
    const name = String.fromCharCode(...bytes.subarray(at, at + 4));
    const size = view.getUint32(at + 4, true);
    if (name === fourcc) return bytes.subarray(at + 8, Math.min(bytes.length, at + 8 + size));
    at += 8 + size + (size % 2);
  }
  return undefined;
}

/** The TIFF data of a WebP file's `EXIF` chunk, without the `Exif\0\0` prefix some writers add. */
export function webpExif(bytes: Uint8Array): Uint8Array | undefined {
  const data = webpChunk(bytes, 'EXIF');
  return data && String.fromCharCode(...data.subarray(0, 6)) === 'Exif\0\0' ? data.subarray(6) : data;
}

/** EXIF and XMP of a JPEG or a WebP: description, software, and A1111 parameters in `UserComment`. */
async function exifDetails(bytes: Uint8Array): Promise<Partial<ImageDetails>> {
  const { exifr } = markupParsers();
  const buffer = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.length);
  const webp = sniffImageMime(bytes) === 'image/webp';
  // exifr reads JPEG but not WebP: for WebP it gets the TIFF data of the `EXIF` chunk, and the XMP packet
  // of the `XMP ` chunk as a sidecar.
  const input = webp ? webpExif(bytes) : bytes;
  let tags: Record<string, unknown> = {};
  try {
    if (input) tags = (await exifr.parse(buffer(input), { tiff: true, xmp: true, exif: true, mergeOutput: true })) ?? {};
  } catch {
    // unreadable EXIF: nothing from it
  }
  const xmpChunk = webp ? webpChunk(bytes, 'XMP ') : undefined;
  if (xmpChunk) {
    try {
      const xmp = (await exifr.sidecar(buffer(xmpChunk), {}, 'xmp')) as { dc?: { description?: unknown }; xmp?: { CreatorTool?: unknown } } | undefined;
      tags = { description: xmp?.dc?.description, CreatorTool: xmp?.xmp?.CreatorTool, ...tags };
    } catch {
      // unreadable XMP: nothing from it
    }
  }
  const text = (v: unknown): string | undefined => {
    if (typeof v === 'string') return v;
    if (v instanceof Uint8Array) return new TextDecoder().decode(v.subarray(v.length >= 8 && /^(ASCII|UNICODE)\0/.test(String.fromCharCode(...v.subarray(0, 8))) ? 8 : 0));
    if (v && typeof v === 'object' && 'value' in v) return text((v as { value: unknown }).value);
    if (v && typeof v === 'object') return text(Object.values(v)[0]);
    return undefined;
  };
  const d: Partial<ImageDetails> = { prompt: clip(text(tags.ImageDescription) ?? text(tags.description)), software: clip(text(tags.Software) ?? text(tags.CreatorTool)) };
  const comment = text(tags.UserComment);
  if (comment && /\nSteps: /.test(`\n${comment}`)) {
    const a = a1111(comment);
    Object.assign(d, a, { prompt: d.prompt ?? a.prompt });
  }
  return d;
}
