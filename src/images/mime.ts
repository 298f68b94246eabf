/**
 * Image type detection by magic bytes, and the checks every image passes before it is saved or sent.
 * Signatures: PNG spec §5.2; JPEG (JFIF/EXIF) SOI `FF D8 FF`; WebP `RIFF….WEBP` (RFC 9649 §2);
 * GIF `GIF87a`/`GIF89a`. Pure code, no `vscode`.
 */
import * as l10n from '@vscode/l10n';

/** The raster types the extension accepts from models and sends to them. */
export type ImageMime = 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif';

export const IMAGE_EXTENSIONS: Record<ImageMime, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

/** File extensions (lower case, no dot) the commands accept, with the type each should hold. */
export const EXTENSION_MIME: Record<string, ImageMime> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif' };

/** A glob for the files named as images of {@link EXTENSION_MIME}, in lower or upper case (`**\/*.{png,…,GIF}`). */
export const IMAGE_FILES_GLOB = `**/*.{${[...Object.keys(EXTENSION_MIME), ...Object.keys(EXTENSION_MIME).map((e) => e.toUpperCase())].join(',')}}`;

/**
 * Detects the image type from the first bytes.
 * @returns the MIME type, or `undefined` for anything that is not PNG, JPEG, WebP or GIF (SVG, HTML, …).
 */
export function sniffImageMime(bytes: Uint8Array): ImageMime | undefined {
  const b = bytes;
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'image/webp';
  if (b.length >= 6 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a')) return 'image/gif';
  return undefined;
}

function ascii(b: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...b.subarray(start, end));
}

/** Thrown when an image is refused; the message is fit to show a user. */
export class ImageRejectedError extends Error {
  override readonly name = 'ImageRejectedError';
}

/**
 * Checks an image a model sent: its bytes must be PNG, JPEG, WebP or GIF and match the type its data URL
 * declared (`image/jpg` is read as `image/jpeg`).
 * @returns the verified type.
 * @throws {ImageRejectedError} for an empty file, another type (SVG, HTML, …) or a mismatch.
 */
export function verifyImage(declaredMime: string, bytes: Uint8Array): ImageMime {
  if (bytes.length === 0) throw new ImageRejectedError(l10n.t('The model sent an empty image.'));
  const actual = sniffImageMime(bytes);
  const declared = declaredMime.toLowerCase() === 'image/jpg' ? 'image/jpeg' : declaredMime.toLowerCase();
  if (!actual) throw new ImageRejectedError(l10n.t('The model sent "{0}" data that is not a PNG, JPEG, WebP or GIF image; it was not saved.', declared));
  if (actual !== declared) throw new ImageRejectedError(l10n.t('The model declared {0} but sent {1} bytes; the image was not saved.', declared, actual));
  return actual;
}
