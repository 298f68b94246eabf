/**
 * One image of the gallery's index: its file (workspace-relative path, modification time, size) and what the
 * file says about itself (the fields Image details reads), or why it could not be read; and who made it.
 * Pure code, no `vscode`.
 */
import type { ImageDetails } from '../images/readDetails';
import type { GALLERY_MAKERS } from '../webview/galleryProtocol';

/** Who made an image, from the `Software` its metadata names (the list is the gallery protocol's). */
export type Maker = (typeof GALLERY_MAKERS)[number];

/** What the index keeps of a file's details: all but the long `parameters` text (Image details reads it on demand). */
export type EntryDetails = Omit<ImageDetails, 'parameters'>;

/** One indexed image file. Text fields come from the file: untrusted, shown as text only. */
export interface GalleryEntry {
  /** The file's `vscode.Uri` as a string: the entry's identity. */
  uri: string;
  /** Workspace-relative path with `/` separators (with the folder's name first in a multi-root workspace). */
  path: string;
  /** Modification time, in milliseconds since the epoch. */
  mtime: number;
  /** File size, in bytes. */
  size: number;
  /** What the file says of itself; absent when it could not be read (see `error`). */
  details?: EntryDetails;
  /** Why the file could not be read (not an image, too large, unreadable), for the tile. */
  error?: string;
}

/** The file name of an entry (the last segment of its path). */
export function fileName(e: Pick<GalleryEntry, 'path'>): string {
  return e.path.slice(e.path.lastIndexOf('/') + 1);
}

/** The folder of an entry's path (`''` at the top). */
export function folderOf(path: string): string {
  const at = path.lastIndexOf('/');
  return at < 0 ? '' : path.slice(0, at);
}

/**
 * Who made an image: this extension, AUTOMATIC1111/Forge, ComfyUI, SwarmUI and Fooocus by the `Software` their
 * readers report (`images/parameters.ts`, `images/comfyUi.ts`); any other software named in EXIF/XMP (a
 * camera, an editor) is `camera`; nothing named is `unknown`.
 */
export function makerOf(d: EntryDetails | undefined): Maker {
  const s = d?.software;
  if (!s) return 'unknown';
  if (s === 'OpenRouter Studio') return 'openrouter';
  if (s === 'AUTOMATIC1111 / Forge') return 'a1111';
  if (s === 'ComfyUI') return 'comfyui';
  if (s === 'SwarmUI') return 'swarmui';
  if (s === 'Fooocus') return 'fooocus';
  return 'camera';
}

/** Standard aspect ratios a pixel size is matched to (within 1%), wider ones first. */
const RATIOS: ReadonlyArray<[string, number]> = [['21:9', 21 / 9], ['16:9', 16 / 9], ['3:2', 3 / 2], ['4:3', 4 / 3], ['5:4', 5 / 4], ['1:1', 1], ['4:5', 4 / 5], ['3:4', 3 / 4], ['2:3', 2 / 3], ['9:16', 9 / 16]];

/**
 * An image's aspect ratio: the one recorded at generation (`aspectRatio`), else its pixel size matched to a
 * standard ratio within 1%, else the reduced `width:height`; `undefined` when the size is unknown.
 */
export function aspectOf(d: EntryDetails | undefined): string | undefined {
  if (!d) return undefined;
  if (d.aspectRatio) return d.aspectRatio;
  if (!(d.width > 0 && d.height > 0)) return undefined;
  const r = d.width / d.height;
  const near = RATIOS.find(([, x]) => Math.abs(r - x) / x < 0.01);
  if (near) return near[0];
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const g = gcd(Math.round(d.width), Math.round(d.height)) || 1;
  return `${Math.round(d.width) / g}:${Math.round(d.height) / g}`;
}
