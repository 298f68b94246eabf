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
 *
 * This module reads a file's type and size and hands its metadata to the reader of each kind, each a module of
 * its own: ./provenance.ts (this extension's fields), ./parameters.ts (AUTOMATIC1111, SwarmUI, Fooocus),
 * ./comfyUi.ts, ./exif.ts (JPEG and WebP EXIF/XMP) and ./svgDetails.ts.
 */
import * as l10n from '@vscode/l10n';
import { markupParsers } from '../shared/loadParsers';
import { comfyUi } from './comfyUi';
import { exifDetails } from './exif';
import { MAX_GRAPH_BYTES, MAX_PARAMETERS_BYTES, MAX_TEXT_BYTES, type ImageDetails } from './fields';
import { ImageRejectedError, sniffImageMime } from './mime';
import { generationParameters } from './parameters';
import { readTextChunks } from './png';
import { readProvenance } from './provenance';
import { looksLikeSvg, svgDetails } from './svgDetails';
import { provenanceFromXmp, xmpOf } from './xmp';

export type { ImageDetails } from './fields';
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
    Object.assign(details, textChunkDetails(text, tooLarge));
  }
  else if (mimeType === 'image/jpeg' || mimeType === 'image/webp') {
    Object.assign(details, await exifDetails(bytes));
    // This extension's own fields, from its XMP packet, over what EXIF said.
    const own = provenanceFromXmp(xmpOf(bytes));
    if (own) for (const [k, v] of Object.entries(readProvenance(own))) if (v !== undefined) (details as unknown as Record<string, unknown>)[k] = v;
  }
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
 * The details in a PNG's text chunks (keyword → text): this extension's fields ({@link readProvenance}), and
 * the generation parameters or ComfyUI graphs other tools write.
 * @param tooLarge keywords whose text was over its limit (a ComfyUI graph then says so).
 */
export function textChunkDetails(text: Record<string, string>, tooLarge: string[] = []): Partial<ImageDetails> {
  const d = readProvenance(text);
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
