/**
 * What Image details reports of a file ({@link ImageDetails}), the bounds on what is read of it, and how a
 * recorded text becomes a field (clipped, a whole number, a list of names). Shared by the readers of each
 * format in this folder. Pure code, no `vscode`.
 */
import { clip as clipText } from '../shared/format';
import type { ImageMime } from './mime';

/** The result of `openrouterStudio.imageDetails`. Text fields come from the file: untrusted. */
export interface ImageDetails {
  mimeType: ImageMime | 'image/svg+xml';
  /** Pixels (an SVG: its width and height, else its viewBox's, in user units; 0 when unknown). */
  width: number;
  height: number;
  /** File size in bytes. */
  bytes: number;
  prompt?: string;
  /** What the image should not show (AUTOMATIC1111/Forge, ComfyUI, SwarmUI, Fooocus): kept apart from `prompt`. */
  negativePrompt?: string;
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
export const MAX_FIELD = 4000;
/** Longest generation-parameters text read (A1111, SwarmUI, Fooocus), in bytes; real ones are a few KB. */
export const MAX_PARAMETERS_BYTES = 64 * 1024;
/** Longest ComfyUI graph parsed, in bytes: real graphs are tens to hundreds of KB; a larger one is not parsed. */
export const MAX_GRAPH_BYTES = 2 * 1024 * 1024;
/** Longest WebP EXIF chunk read, in bytes: room for a ComfyUI graph of {@link MAX_GRAPH_BYTES} in each of Make and Model. */
export const MAX_WEBP_EXIF_BYTES = 2 * MAX_GRAPH_BYTES + 64 * 1024;
/** Longest XMP packet parsed, in bytes (a JPEG's XMP segment holds at most 64 KB). */
export const MAX_XMP_BYTES = 64 * 1024;
/** Longest text read of a field shown as one line (prompt, model, software…), in bytes: a few times {@link MAX_FIELD}. */
export const MAX_TEXT_BYTES = 4 * MAX_FIELD * 4;

/** A field's text as shown: NULs removed, trimmed, at most {@link MAX_FIELD} characters and an ellipsis. */
export const clip = (s: string | undefined): string | undefined => {
  const t = s?.replace(/\0/g, '').trim();
  return t ? clipText(t, MAX_FIELD + 1) : undefined;
};

/** A recorded whole number (a seed, a compression), or `undefined` for anything else. */
export function wholeNumber(s: string | undefined): number | undefined {
  const n = s !== undefined && /^\d{1,16}$/.test(s.trim()) ? Number(s.trim()) : NaN;
  return Number.isSafeInteger(n) ? n : undefined;
}

/** A recorded JSON list of file names (at most 16, each clipped), or `undefined`. */
export function nameList(s: string | undefined): string[] | undefined {
  if (s === undefined || s.length > 64 * 1024) return undefined;
  try {
    const v: unknown = JSON.parse(s);
    const names = Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, 16).map((x) => clipText(x, 500)) : [];
    return names.length > 0 ? names : undefined;
  } catch {
    return undefined;
  }
}
