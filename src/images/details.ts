/**
 * What an image file says about itself: type, pixel size, and how it was made, read from the metadata that
 * OpenRouter Studio and other tools write. Pure code, no `vscode`.
 *
 * - OpenRouter Studio (PNG `iTXt`; JPEG and WebP XMP, see ./xmp.ts): `Description` (prompt), `Source` (model),
 *   `Software`, `openrouter:*`.
 * - AUTOMATIC1111 / Forge (PNG `parameters`; JPEG/WebP EXIF `UserComment`): the prompt, then
 *   `Negative prompt: …`, then `Steps: …, Model: …` (https://github.com/AUTOMATIC1111/stable-diffusion-webui).
 * - SwarmUI (`parameters` holding JSON `{ sui_image_params: { prompt, model } }`) and Fooocus (`parameters`
 *   holding JSON with `prompt` and `base_model`).
 * - ComfyUI (PNG `prompt` and `workflow`; WebP/JPEG EXIF `Model` as `prompt:{…}` and `Make` as
 *   `workflow:{…}`; JSON graphs, read tolerantly of ComfyUI's bare `NaN`): summarised to the node types, the
 *   positive prompt (followed from the sampler's `positive` input) and the checkpoint, never shown whole.
 *
 * Bounded: only the PNG text chunks shown are read, each within a limit and the file within an inflate
 * budget ({@link readTextChunks}); text is clipped before it is split or parsed; XMP is read up to
 * {@link MAX_XMP_BYTES}. Reading any file costs milliseconds, whatever it holds.
 * - JPEG: EXIF `ImageDescription`, `Software`, XMP `dc:description`; WebP: its `EXIF` and `XMP ` chunks
 *   (EXIF first, then XMP `dc:description` and `xmp:CreatorTool`); read with `exifr`.
 * Pixel sizes come from `image-size`.
 */
import * as l10n from '@vscode/l10n';
import { markupParsers } from '../shared/loadParsers';
import { clip as clipText } from '../shared/format';
import { ImageRejectedError, sniffImageMime, type ImageMime } from './mime';
import { readTextChunks } from './png';
import { provenanceFromXmp, xmpOf } from './xmp';

/** The result of `openrouterStudio.imageDetails`. Text fields come from the file: untrusted. */
export interface ImageDetails {
  mimeType: ImageMime | 'image/svg+xml';
  /** Pixels (an SVG: its width and height, else its viewBox's, in user units; 0 when unknown). */
  width: number;
  height: number;
  /** File size in bytes. */
  bytes: number;
  prompt?: string;
  model?: string;
  /** The OpenRouter API that made it: `chat` or `images`. */
  api?: string;
  aspectRatio?: string;
  imageSize?: string;
  resolution?: string;
  background?: string;
  outputFormat?: string;
  outputCompression?: number;
  seed?: number;
  /** Workspace-relative names of the reference images. */
  references?: string[];
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
/** Longest generation-parameters text read (A1111, SwarmUI, Fooocus), in bytes; real ones are a few KB. */
const MAX_PARAMETERS_BYTES = 64 * 1024;
/** Longest ComfyUI graph parsed, in bytes: real graphs are tens to hundreds of KB; a larger one is not parsed. */
export const MAX_GRAPH_BYTES = 2 * 1024 * 1024;
/** Longest WebP EXIF chunk read, in bytes: room for a ComfyUI graph of {@link MAX_GRAPH_BYTES} in each of Make and Model. */
const MAX_WEBP_EXIF_BYTES = 2 * MAX_GRAPH_BYTES + 64 * 1024;
/** Longest XMP packet parsed, in bytes (a JPEG's XMP segment holds at most 64 KB). */
export const MAX_XMP_BYTES = 64 * 1024;
/** Longest text read of a field shown as one line (prompt, model, software…), in bytes: a few times {@link MAX_FIELD}. */
const MAX_TEXT_BYTES = 4 * MAX_FIELD * 4;

/**
 * The PNG text keywords read, with their limits in bytes; every other keyword is skipped unread. A graph
 * over its limit is reported as too large rather than cut (a cut graph does not parse).
 */
function pngKeywordLimit(keyword: string): number {
  if (keyword === 'prompt' || keyword === 'workflow') return MAX_GRAPH_BYTES;
  if (keyword === 'parameters') return MAX_PARAMETERS_BYTES;
  if (keyword === 'Description' || keyword === 'Source' || keyword === 'Software' || keyword.startsWith('openrouter:')) return MAX_TEXT_BYTES;
  return 0;
}

/** A field's text as shown: NULs removed, trimmed, at most {@link MAX_FIELD} characters and an ellipsis. */
const clip = (s: string | undefined): string | undefined => {
  const t = s?.replace(/\0/g, '').trim();
  return t ? clipText(t, MAX_FIELD + 1) : undefined;
};

/** A recorded whole number (a seed, a compression), or `undefined` for anything else. */
function wholeNumber(s: string | undefined): number | undefined {
  const n = s !== undefined && /^\d{1,16}$/.test(s.trim()) ? Number(s.trim()) : NaN;
  return Number.isSafeInteger(n) ? n : undefined;
}

/** A recorded JSON list of file names (at most 16, each clipped), or `undefined`. */
function nameList(s: string | undefined): string[] | undefined {
  if (s === undefined || s.length > 64 * 1024) return undefined;
  try {
    const v: unknown = JSON.parse(s);
    const names = Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, 16).map((x) => clipText(x, 500)) : [];
    return names.length > 0 ? names : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads an image's details from its bytes.
 * @throws {ImageRejectedError} when the bytes are not a PNG, JPEG, WebP, GIF or SVG image.
 */
export async function readImageDetails(bytes: Uint8Array): Promise<ImageDetails> {
  if (looksLikeSvg(bytes)) return svgDetails(bytes);
  const mimeType = sniffImageMime(bytes);
  if (!mimeType) throw new ImageRejectedError(l10n.t('This file is not a PNG, JPEG, WebP, GIF or SVG image.'));
  let width = 0;
  let height = 0;
  try {
    ({ width, height } = markupParsers().imageSize(bytes));
  } catch {
    // A truncated header: the size stays unknown (0 × 0).
  }
  const details: ImageDetails = { mimeType, width, height, bytes: bytes.length };
  if (mimeType === 'image/png') {
    const tooLarge: string[] = [];
    const text = readPngText(bytes, tooLarge);
    Object.assign(details, pngDetails(text, tooLarge));
  }
  else if (mimeType === 'image/jpeg' || mimeType === 'image/webp') {
    Object.assign(details, await exifDetails(bytes));
    // This extension's own fields, from its XMP packet, over what EXIF said.
    const own = provenanceFromXmp(xmpOf(bytes));
    if (own) for (const [k, v] of Object.entries(pngDetails(own))) if (v !== undefined) (details as unknown as Record<string, unknown>)[k] = v;
  }
  for (const k of Object.keys(details) as Array<keyof ImageDetails>) if (details[k] === undefined) delete details[k];
  return details;
}

/** Bytes of an SVG file searched for its size and this extension's `<metadata>` (the saved SVGs hold it first). */
export const MAX_SVG_HEAD_BYTES = 256 * 1024;

/**
 * Whether a file is SVG text: after a byte order mark, an XML declaration, comments and a DOCTYPE, its first
 * tag is `<svg`. Reads at most the first 4 KB.
 */
export function looksLikeSvg(bytes: Uint8Array): boolean {
  let s = new TextDecoder().decode(bytes.subarray(0, 4096)).replace(/^\uFEFF/, '').trimStart();
  for (let n = 0; n < 16; n++) {
    const end = s.startsWith('<?') ? s.indexOf('?>') + 2 : s.startsWith('<!--') ? s.indexOf('-->') + 3 : /^<!DOCTYPE/i.test(s) ? s.indexOf('>') + 1 : 0;
    if (end <= 0) break;
    s = s.slice(end).trimStart();
  }
  return /^<svg[\s>]/i.test(s);
}

/**
 * An SVG's details: its size from the root's `width`/`height` (numbers, or `px`), else its `viewBox`; and the
 * provenance this extension writes into `<metadata>` (an XMP packet, read as JPEG and WebP packets are).
 * Reads at most {@link MAX_SVG_HEAD_BYTES}; linear in that.
 */
export function svgDetails(bytes: Uint8Array): ImageDetails {
  const head = new TextDecoder().decode(bytes.subarray(0, MAX_SVG_HEAD_BYTES));
  const tag = /<svg[\s>][^>]{0,4000}/i.exec(head)?.[0] ?? '';
  const attr = (name: string): string | undefined => new RegExp(`\\s${name}\\s*=\\s*["']([^"']{0,200})["']`).exec(tag)?.[1];
  const num = (v: string | undefined): number => (v && /^\s*\d+(\.\d+)?\s*(px)?\s*$/.test(v) ? parseFloat(v) : 0);
  const box = (attr('viewBox') ?? '').trim().split(/[\s,]+/).map(Number);
  let width = num(attr('width'));
  let height = num(attr('height'));
  if (!(width && height) && box.length === 4 && box.every(Number.isFinite)) [width, height] = [box[2], box[3]];
  const details: ImageDetails = { mimeType: 'image/svg+xml', width, height, bytes: bytes.length };
  const start = head.indexOf('<x:xmpmeta');
  const end = start < 0 ? -1 : head.indexOf('</x:xmpmeta>', start);
  const own = end < 0 ? undefined : provenanceFromXmp(head.slice(start, end + '</x:xmpmeta>'.length));
  if (own) Object.assign(details, pngDetails(own));
  for (const k of Object.keys(details) as Array<keyof ImageDetails>) if (details[k] === undefined) delete details[k];
  return details;
}

function readPngText(bytes: Uint8Array, tooLarge: string[]): Record<string, string> {
  try {
    return readTextChunks(bytes, { maxBytes: pngKeywordLimit, tooLarge });
  } catch {
    return {};
  }
}

/**
 * The details in a PNG's text chunks (keyword → text).
 * @param tooLarge keywords whose text was over its limit (a ComfyUI graph then says so).
 */
export function pngDetails(text: Record<string, string>, tooLarge: string[] = []): Partial<ImageDetails> {
  const d: Partial<ImageDetails> = {
    prompt: clip(text.Description),
    model: clip(text.Source),
    software: clip(text.Software),
    api: clip(text['openrouter:api']),
    aspectRatio: clip(text['openrouter:aspect_ratio']),
    imageSize: clip(text['openrouter:image_size']),
    resolution: clip(text['openrouter:resolution']),
    background: clip(text['openrouter:background']),
    outputFormat: clip(text['openrouter:output_format']),
    outputCompression: wholeNumber(text['openrouter:output_compression']),
    seed: wholeNumber(text['openrouter:seed']),
    references: nameList(text['openrouter:references']),
    generationId: clip(text['openrouter:generation_id']),
    editedFrom: clip(text['openrouter:edited_from']),
    variation: clip(text['openrouter:variation']),
  };
  const cost = Number(text['openrouter:cost_usd']);
  if (text['openrouter:cost_usd'] !== undefined && Number.isFinite(cost)) d.costUsd = cost;
  if (text.parameters) {
    const a = generationParameters(text.parameters);
    Object.assign(d, a, { prompt: d.prompt ?? a.prompt });
  } else if (text.prompt || text.workflow || tooLarge.includes('prompt') || tooLarge.includes('workflow')) {
    // A graph cut at its limit does not parse: it counts as too large.
    const graph = (k: string): string | undefined => (tooLarge.includes(k) ? undefined : text[k]);
    Object.assign(d, comfyUi(graph('prompt'), graph('workflow'), tooLarge.includes('prompt') || tooLarge.includes('workflow')));
  }
  return d;
}

/**
 * A `parameters` text of any of the tools that write one: SwarmUI's JSON (`sui_image_params`), Fooocus's
 * JSON (`prompt`, `base_model`, a `version` naming Fooocus), else AUTOMATIC1111/Forge's text ({@link a1111}).
 */
export function generationParameters(parameters: string): Partial<ImageDetails> {
  const text = parameters.slice(0, MAX_PARAMETERS_BYTES);
  if (/^\s*\{/.test(text)) {
    const json = parseJsonTolerantly(text);
    if (json && typeof json === 'object') {
      const o = json as Record<string, unknown>;
      const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
      const sui = o.sui_image_params;
      if (sui && typeof sui === 'object') {
        const p = sui as Record<string, unknown>;
        return { prompt: clip(str(p.prompt)), model: clip(str(p.model)), software: 'SwarmUI', parameters: clip(text) };
      }
      const key = (name: string): unknown => Object.entries(o).find(([k]) => k.toLowerCase().replace(/[\s_]/g, '') === name)?.[1];
      if (str(key('prompt')) !== undefined) {
        const version = str(key('version'));
        return { prompt: clip(str(key('prompt'))), model: clip(str(key('basemodel')) ?? str(key('model'))), software: version && /fooocus/i.test(version) ? 'Fooocus' : clip(version) ?? 'Fooocus', parameters: clip(text) };
      }
    }
  }
  return a1111(text);
}

/**
 * AUTOMATIC1111/Forge `parameters`: the prompt (text before `Negative prompt:` or the settings line), the
 * model (`Model:` on the settings line; a value with a comma is written in double quotes), and the whole
 * text as `parameters`. Reads at most {@link MAX_PARAMETERS_BYTES} characters.
 */
export function a1111(parameters: string): Partial<ImageDetails> {
  const text = parameters.slice(0, MAX_PARAMETERS_BYTES);
  const lines = text.split(/\r?\n/);
  const settingsAt = lines.findIndex((l) => /^Steps: /.test(l));
  const negativeAt = lines.findIndex((l) => l.startsWith('Negative prompt:'));
  const end = [negativeAt, settingsAt].filter((i) => i >= 0).reduce((a, b) => Math.min(a, b), lines.length);
  const raw = settingsAt >= 0 ? /(?:^|, )Model: ("(?:[^"\\]|\\.)*"|[^,]*)/.exec(lines[settingsAt])?.[1] : undefined;
  let model = raw;
  if (raw?.startsWith('"')) {
    try {
      model = JSON.parse(raw) as string;
    } catch {
      model = raw.slice(1, -1);
    }
  }
  return { prompt: clip(lines.slice(0, end).join('\n')), model: clip(model), software: 'AUTOMATIC1111 / Forge', parameters: clip(text) };
}

/**
 * JSON as ComfyUI writes it: Python's `json.dumps` lets bare `NaN`, `Infinity` and `-Infinity` through,
 * which `JSON.parse` refuses; outside strings they are read as `null`. `undefined` for text that does not
 * parse, that is over {@link MAX_GRAPH_BYTES}, or that nests deeper than {@link MAX_JSON_DEPTH}.
 */
export function parseJsonTolerantly(text: string | undefined): unknown {
  if (!text || text.length > MAX_GRAPH_BYTES || nestedDeeperThan(text, MAX_JSON_DEPTH)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    try {
      return JSON.parse(text.replace(/"(?:[^"\\]|\\.)*"|-?\b(?:NaN|Infinity)\b/g, (m) => (m.startsWith('"') ? m : 'null')));
    } catch {
      return undefined;
    }
  }
}

/** Deepest JSON nesting parsed: ComfyUI graphs are 4–6 levels deep; 100,000 levels take V8 70 ms to parse. */
const MAX_JSON_DEPTH = 64;

/** Whether JSON `text` nests arrays or objects deeper than `limit` (outside strings); one pass, no parse. */
function nestedDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0, inString = false; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

type ComfyNode = { class_type?: unknown; inputs?: Record<string, unknown> };

/** Inputs that hold a prompt's text, in the order they are tried. */
const TEXT_INPUTS = ['text', 'text_g', 'text_l', 'prompt', 'positive', 'string', 'value', 'text_positive'];

/**
 * The positive prompt of a ComfyUI API graph: from each sampler (a node with a `positive` input), follow the
 * links (`[node id, output]`) back through conditioning nodes to the first text input; at most 200 nodes
 * are visited. Falls back to the first `CLIPTextEncode`.
 */
function comfyPositivePrompt(graph: Record<string, ComfyNode>): string | undefined {
  const isLink = (v: unknown): v is [string | number, number] => Array.isArray(v) && v.length === 2 && (typeof v[0] === 'string' || typeof v[0] === 'number');
  const samplers = Object.values(graph).filter((n) => n?.inputs && isLink(n.inputs.positive));
  for (const sampler of samplers) {
    const queue: unknown[] = [sampler.inputs!.positive];
    const seen = new Set<string>();
    while (queue.length > 0 && seen.size < 200) {
      const link = queue.shift();
      if (!isLink(link) || seen.has(String(link[0]))) continue;
      seen.add(String(link[0]));
      const node = graph[String(link[0])];
      if (!node?.inputs || typeof node.inputs !== 'object') continue;
      for (const name of TEXT_INPUTS) {
        const v = node.inputs[name];
        if (typeof v === 'string' && v.trim()) return v;
      }
      for (const v of Object.values(node.inputs)) if (isLink(v)) queue.push(v);
    }
  }
  return Object.values(graph).find((n) => n?.class_type === 'CLIPTextEncode' && typeof n.inputs?.text === 'string')?.inputs?.text as string | undefined;
}

/**
 * ComfyUI's `prompt` (the API graph: id → `{ class_type, inputs }`) and `workflow` (the editor graph:
 * `{ nodes: [{ type }] }`): a one-line summary of the node types as `parameters`, the positive prompt
 * ({@link comfyPositivePrompt}) and the checkpoint as the model. Malformed JSON gives only what parses; a
 * graph over {@link MAX_GRAPH_BYTES} (or `tooLargeToRead`, when the reader left one out) is not parsed.
 */
export function comfyUi(prompt: string | undefined, workflow: string | undefined, tooLargeToRead = false): Partial<ImageDetails> {
  const graph = parseJsonTolerantly(prompt);
  const nodes: ComfyNode[] = graph && typeof graph === 'object' && !Array.isArray(graph) ? Object.values(graph as object).filter((n) => n && typeof n === 'object') : [];
  const wf = parseJsonTolerantly(workflow) as { nodes?: Array<{ type?: unknown }> } | undefined;
  // Only strings are names: `String()` of a deeply nested array would recurse until the stack overflows.
  const name = (v: unknown): string => (typeof v === 'string' ? v.slice(0, 100) : '?');
  const types = nodes.length > 0 ? nodes.map((n) => name(n.class_type)) : Array.isArray(wf?.nodes) ? wf.nodes.map((n) => name(n?.type)) : [];
  const counts = new Map<string, number>();
  for (const t of types) counts.set(t, (counts.get(t) ?? 0) + 1);
  const text = nodes.length > 0 ? comfyPositivePrompt(graph as Record<string, ComfyNode>) : undefined;
  const ckpt = nodes.find((n) => typeof n.inputs?.ckpt_name === 'string')?.inputs?.ckpt_name as string | undefined;
  const tooLarge = tooLargeToRead || (prompt?.length ?? 0) > MAX_GRAPH_BYTES || (workflow?.length ?? 0) > MAX_GRAPH_BYTES;
  const summary = types.length > 0 ? `ComfyUI workflow, ${types.length} nodes: ${[...counts].map(([t, n]) => (n > 1 ? `${t} ×${n}` : t)).join(', ')}`
    : tooLarge ? 'ComfyUI workflow (too large to read)' : 'ComfyUI workflow (unreadable)';
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

/**
 * The text of an EXIF `UserComment` (EXIF 2.32 §4.6.5, type UNDEFINED): an 8-byte character code, then the
 * text. `UNICODE\0` is UTF-16 in the byte order of the TIFF header (`littleEndian`), unless the zero bytes of
 * mostly-ASCII text show the other order (some writers use big-endian whatever the header says);
 * `ASCII\0\0\0` and an undefined code are read as UTF-8. Trailing NULs and spaces are removed.
 */
export function userCommentText(bytes: Uint8Array, littleEndian: boolean): string {
  const code = String.fromCharCode(...bytes.subarray(0, 8));
  const body = bytes.subarray(code.length === 8 && /^(ASCII|UNICODE|JIS)\0|^\0{8}/.test(code) ? 8 : 0);
  let text: string;
  if (code.startsWith('UNICODE\0')) {
    let even = 0;
    let odd = 0;
    for (let i = 0; i + 1 < body.length && i < 4096; i += 2) {
      if (body[i] === 0) even++;
      if (body[i + 1] === 0) odd++;
    }
    const le = even > 2 * odd ? false : odd > 2 * even ? true : littleEndian;
    const units = Buffer.from(body.subarray(0, body.length & ~1));
    if (!le) units.swap16();
    text = units.toString('utf16le');
  } else text = Buffer.from(body.buffer, body.byteOffset, body.length).toString('utf8');
  return text.replace(/[\0 ]+$/, '');
}

/** Whether TIFF data (`II*\0` or `MM\0*`) is little-endian. */
function tiffIsLittleEndian(tiff: Uint8Array | undefined): boolean {
  return !(tiff && tiff[0] === 0x4d && tiff[1] === 0x4d);
}

/** The TIFF data of a JPEG's first EXIF APP1 segment (after `Exif\0\0`), for its byte order. */
function jpegTiff(bytes: Uint8Array): Uint8Array | undefined {
  const at = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 64 * 1024)).indexOf('Exif\0\0', 0, 'latin1');
  return at < 0 ? undefined : bytes.subarray(at + 6, at + 8);
}

/**
 * EXIF and XMP of a JPEG or a WebP: description, software, generation parameters in `UserComment`
 * (AUTOMATIC1111/Forge and the JSON of SwarmUI and Fooocus), and ComfyUI graphs in `Model`/`Make`.
 */
async function exifDetails(bytes: Uint8Array): Promise<Partial<ImageDetails>> {
  const { exifr } = markupParsers();
  const buffer = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.length);
  const webp = sniffImageMime(bytes) === 'image/webp';
  // exifr reads JPEG but not WebP: for WebP it gets the TIFF data of the `EXIF` chunk, and the XMP packet
  // of the `XMP ` chunk as a sidecar.
  // A WebP's EXIF chunk has no size limit of its own (a JPEG's is 64 KB): a larger one is not read.
  const exif = webp ? webpExif(bytes) : bytes;
  const input = webp && exif && exif.length > MAX_WEBP_EXIF_BYTES ? undefined : exif;
  let tags: Record<string, unknown> = {};
  try {
    if (input) tags = (await exifr.parse(buffer(input), { tiff: true, xmp: true, exif: true, mergeOutput: true, userComment: true })) ?? {};
  } catch {
    // unreadable EXIF: nothing from it
  }
  const xmpChunk = webp ? webpChunk(bytes, 'XMP ') : undefined;
  // exifr's XMP parser takes seconds on a few hundred KB of repeated elements: a packet over the cap is not read.
  if (xmpChunk && xmpChunk.length <= MAX_XMP_BYTES) {
    try {
      const xmp = (await exifr.sidecar(buffer(xmpChunk), {}, 'xmp')) as { dc?: { description?: unknown }; xmp?: { CreatorTool?: unknown } } | undefined;
      tags = { description: xmp?.dc?.description, CreatorTool: xmp?.xmp?.CreatorTool, ...tags };
    } catch {
      // unreadable XMP: nothing from it
    }
  }
  const text = (v: unknown): string | undefined => {
    if (typeof v === 'string') return v.slice(0, MAX_GRAPH_BYTES + 16);
    if (v instanceof Uint8Array) return new TextDecoder().decode(v.subarray(0, MAX_TEXT_BYTES));
    if (v && typeof v === 'object' && 'value' in v) return text((v as { value: unknown }).value);
    if (v && typeof v === 'object') return text(Object.values(v)[0]);
    return undefined;
  };
  const d: Partial<ImageDetails> = { prompt: clip(text(tags.ImageDescription) ?? text(tags.description)), software: clip(text(tags.Software) ?? text(tags.CreatorTool)) };
  const raw = tags.userComment ?? tags.UserComment;
  const comment = raw instanceof Uint8Array ? userCommentText(raw.subarray(0, MAX_PARAMETERS_BYTES * 2 + 8), tiffIsLittleEndian(webp ? input : jpegTiff(bytes))) : text(raw);
  if (comment) {
    // A comment is generation parameters when it is JSON of a known tool or has A1111's settings line.
    const a = generationParameters(comment);
    if (a.software !== 'AUTOMATIC1111 / Forge' || /\nSteps: /.test(`\n${comment}`)) Object.assign(d, a, { prompt: d.prompt ?? a.prompt });
  }
  // ComfyUI's WebP and JPEG writers keep the API graph in `Model` and the editor graph in `Make`.
  const make = text(tags.Make);
  const model = text(tags.Model);
  if (model?.startsWith('prompt:') || make?.startsWith('workflow:')) {
    Object.assign(d, comfyUi(model?.startsWith('prompt:') ? model.slice(7) : undefined, make?.startsWith('workflow:') ? make.slice(9) : undefined));
  }
  return d;
}
