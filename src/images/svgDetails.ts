/**
 * What an SVG file says about itself: its size (root `width`/`height`, else `viewBox`) and the provenance this
 * extension writes into `<metadata>`. Pure code, no `vscode`.
 */
import type { ImageDetails } from './fields';
import { readProvenance } from './provenance';
import { provenanceFromXmp } from './xmp';

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
  if (own) Object.assign(details, readProvenance(own));
  for (const k of Object.keys(details) as Array<keyof ImageDetails>) if (details[k] === undefined) delete details[k];
  return details;
}
