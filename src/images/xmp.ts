/**
 * How an image was made, in an XMP packet: written into the JPEG and WebP files the extension saves (PNG
 * files carry the same fields as `iTXt` chunks) and read back by Image details. Pure: no `vscode`.
 *
 * - The packet: `dc:description` (the prompt), `xmp:CreatorTool` (`Software`), and every `openrouter:*` field
 *   plus `openrouter:model` (`Source`) as attributes in the namespace {@link OPENROUTER_NS}.
 * - JPEG: an APP1 segment `http://ns.adobe.com/xap/1.0/\0` + packet, after the SOI and any APP0/APP1
 *   segments (XMP Specification Part 3, 1.1.3: one segment, at most 65,502 bytes of packet).
 * - WebP: an `XMP ` chunk after the image data, with the XMP flag of the `VP8X` header set; a simple
 *   (`VP8 `/`VP8L`) file gets a `VP8X` header first, its canvas size read from the bitstream
 *   (https://developers.google.com/speed/webp/docs/riff_container#extended_file_format).
 * Reading takes only this extension's own fields and reads at most {@link MAX_PACKET_BYTES}.
 */

/** The namespace of the `openrouter:` fields. */
export const OPENROUTER_NS = 'https://github.com/openrouter-studio/openrouter-studio/ns/xmp/1.0/';
import * as l10n from '@vscode/l10n';
import { addTextChunks, PngError } from './png';

const XMP_HEADER = 'http://ns.adobe.com/xap/1.0/\0';
/** Largest packet one JPEG APP1 segment holds: 65,535 − 2 (length) − 29 (header). */
export const MAX_PACKET_BYTES = 65_535 - 2 - XMP_HEADER.length;

/** Thrown when the file's structure cannot be followed or the packet does not fit: the caller saves the image as sent. */
export class XmpError extends Error {
  override readonly name = 'XmpError';
}

/** XML text for an attribute value or element content: `& < > "` escaped; characters XML 1.0 forbids dropped. */
function xmlEscape(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/**
 * The XMP packet for the provenance fields (`Description`, `Software`, `Source`, `openrouter:<name>`; other
 * keys are skipped; `<name>` must be a plain XML name).
 */
export function xmpPacket(fields: Record<string, string>): string {
  const attrs: string[] = [];
  if (fields.Software !== undefined) attrs.push(`xmp:CreatorTool="${xmlEscape(fields.Software)}"`);
  if (fields.Source !== undefined) attrs.push(`openrouter:model="${xmlEscape(fields.Source)}"`);
  for (const [k, v] of Object.entries(fields)) {
    const m = /^openrouter:([A-Za-z_][\w.-]*)$/.exec(k);
    if (m && m[1] !== 'model') attrs.push(`openrouter:${m[1]}="${xmlEscape(v)}"`);
  }
  const description = fields.Description !== undefined ? `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xmlEscape(fields.Description)}</rdf:li></rdf:Alt></dc:description>` : '';
  return (
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>' +
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
    `<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:openrouter="${OPENROUTER_NS}" ${attrs.join(' ')}>` +
    `${description}</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="r"?>`
  );
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const concat = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/**
 * The JPEG with an XMP APP1 segment holding `packet`, inserted after the SOI and the APP0/APP1 segments that
 * follow it (so JFIF and EXIF stay first).
 * @throws {XmpError} for bytes that are not a JPEG whose segments can be followed, or a packet over {@link MAX_PACKET_BYTES}.
 */
export function addXmpToJpeg(jpeg: Uint8Array, packet: string): Uint8Array {
  const body = utf8(packet);
  if (body.length > MAX_PACKET_BYTES) throw new XmpError(l10n.t('the XMP packet is too large for one JPEG segment'));
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new XmpError(l10n.t('not a JPEG'));
  let at = 2;
  while (at + 4 <= jpeg.length && jpeg[at] === 0xff && (jpeg[at + 1] === 0xe0 || jpeg[at + 1] === 0xe1)) {
    const len = (jpeg[at + 2] << 8) | jpeg[at + 3];
    if (len < 2 || at + 2 + len > jpeg.length) throw new XmpError(l10n.t('a JPEG segment runs past the end'));
    at += 2 + len;
  }
  const header = utf8(XMP_HEADER);
  const len = 2 + header.length + body.length;
  return concat([jpeg.subarray(0, at), Uint8Array.of(0xff, 0xe1, len >> 8, len & 0xff), header, body, jpeg.subarray(at)]);
}

const fourcc = (b: Uint8Array, at: number): string => String.fromCharCode(b[at], b[at + 1], b[at + 2], b[at + 3]);
const rd32 = (b: Uint8Array, at: number): number => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
const u32le = (n: number): Uint8Array => Uint8Array.of(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24);
const u24le = (n: number): Uint8Array => Uint8Array.of(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff);

/** A chunk: fourcc, size, data, and the pad byte that keeps chunks at even offsets. */
function chunk(tag: string, data: Uint8Array): Uint8Array {
  return concat([utf8(tag), u32le(data.length), data, data.length % 2 ? Uint8Array.of(0) : new Uint8Array(0)]);
}

/**
 * The canvas size and alpha of a simple WebP's bitstream: `VP8 ` (lossy key frame: 14-bit width and height
 * after the start code) or `VP8L` (lossless: 14-bit width − 1 and height − 1, then the alpha bit).
 */
function simpleWebpCanvas(webp: Uint8Array, tag: string, data: number): { width: number; height: number; alpha: boolean } {
  if (tag === 'VP8 ') {
    if (webp[data + 3] !== 0x9d || webp[data + 4] !== 0x01 || webp[data + 5] !== 0x2a) throw new XmpError(l10n.t('a VP8 frame without its start code'));
    return { width: (webp[data + 6] | (webp[data + 7] << 8)) & 0x3fff, height: (webp[data + 8] | (webp[data + 9] << 8)) & 0x3fff, alpha: false };
  }
  if (webp[data] !== 0x2f) throw new XmpError(l10n.t('a VP8L stream without its signature'));
  const bits = rd32(webp, data + 1);
  return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, alpha: ((bits >>> 28) & 1) === 1 };
}

/**
 * The WebP with an `XMP ` chunk holding `packet` (replacing one already there) and the XMP flag set; a simple
 * file is made extended first. The image data is not touched.
 * @throws {XmpError} for bytes that are not a RIFF WebP whose chunks can be followed.
 */
export function addXmpToWebp(webp: Uint8Array, packet: string): Uint8Array {
  if (webp.length < 20 || fourcc(webp, 0) !== 'RIFF' || fourcc(webp, 8) !== 'WEBP') throw new XmpError(l10n.t('not a WebP'));
  const chunks: Array<{ tag: string; bytes: Uint8Array; data: number; size: number }> = [];
  const end = Math.min(webp.length, 8 + rd32(webp, 4));
  for (let at = 12; at + 8 <= end; ) {
    const size = rd32(webp, at + 4);
    const next = at + 8 + size + (size % 2);
    if (at + 8 + size > end) throw new XmpError(l10n.t('a WebP chunk runs past the end'));
    chunks.push({ tag: fourcc(webp, at), bytes: webp.subarray(at, Math.min(next, end)), data: at + 8, size });
    at = next;
  }
  if (chunks.length === 0) throw new XmpError(l10n.t('a WebP without chunks'));
  const kept = chunks.filter((c) => c.tag !== 'XMP ').map((c) => c.bytes);
  const first = chunks[0];
  if (first.tag === 'VP8X') {
    const header = new Uint8Array(first.bytes);
    header[8] |= 0x04; // XMP metadata present
    kept[0] = header;
  } else if (first.tag === 'VP8 ' || first.tag === 'VP8L') {
    const { width, height, alpha } = simpleWebpCanvas(webp, first.tag, first.data);
    kept.unshift(chunk('VP8X', concat([Uint8Array.of(0x04 | (alpha ? 0x10 : 0), 0, 0, 0), u24le(width - 1), u24le(height - 1)])));
  } else {
    throw new XmpError(l10n.t('a WebP starting with an unknown chunk'));
  }
  const body = concat([...kept, chunk('XMP ', utf8(packet))]);
  return concat([utf8('RIFF'), u32le(4 + body.length), utf8('WEBP'), body]);
}

/** The XMP packet of a JPEG (its first APP1 XMP segment) or a WebP (`XMP ` chunk), at most {@link MAX_PACKET_BYTES}. */
export function xmpOf(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    const header = utf8(XMP_HEADER);
    for (let at = 2, n = 0; at + 4 <= bytes.length && bytes[at] === 0xff && n < 64; n++) {
      const marker = bytes[at + 1];
      if (marker === 0xda || marker === 0xd9) break; // start of scan, end of image
      const len = (bytes[at + 2] << 8) | bytes[at + 3];
      if (len < 2) break;
      if (marker === 0xe1 && len >= 2 + header.length && header.every((b, i) => bytes[at + 4 + i] === b)) {
        return new TextDecoder().decode(bytes.subarray(at + 4 + header.length, Math.min(at + 2 + len, bytes.length)));
      }
      at += 2 + len;
    }
    return undefined;
  }
  if (bytes.length >= 20 && fourcc(bytes, 0) === 'RIFF' && fourcc(bytes, 8) === 'WEBP') {
    for (let at = 12, n = 0; at + 8 <= bytes.length && n < 64; n++) {
      const size = rd32(bytes, at + 4);
      if (fourcc(bytes, at) === 'XMP ') return size <= MAX_PACKET_BYTES ? new TextDecoder().decode(bytes.subarray(at + 8, Math.min(at + 8 + size, bytes.length))) : undefined;
      at += 8 + size + (size % 2);
    }
  }
  return undefined;
}

const unescapeXml = (s: string): string =>
  s.replace(/&(?:#x([0-9a-f]{1,6})|#(\d{1,7})|(amp|lt|gt|quot|apos));/gi, (m, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (name) return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[name.toLowerCase()];
    const cp = hex ? parseInt(hex, 16) : Number(dec);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
  });

/**
 * The provenance fields of a packet this extension wrote (`openrouter:model` present), as the keyword → text
 * map of the PNG chunks; `undefined` for any other packet. Linear in the packet's length.
 */
export function provenanceFromXmp(packet: string | undefined): Record<string, string> | undefined {
  if (!packet || packet.length > MAX_PACKET_BYTES || !packet.includes(OPENROUTER_NS)) return undefined;
  const out: Record<string, string> = {};
  for (const m of packet.matchAll(/\s(openrouter:[A-Za-z_][\w.-]*|xmp:CreatorTool)="([^"]*)"/g)) {
    const value = unescapeXml(m[2]);
    if (m[1] === 'xmp:CreatorTool') out.Software = value;
    else if (m[1] === 'openrouter:model') out.Source = value;
    else out[m[1]] = value;
  }
  const d = /<dc:description>\s*<rdf:Alt>\s*<rdf:li[^>]*>([^<]*)<\/rdf:li>/.exec(packet);
  if (d) out.Description = unescapeXml(d[1]);
  return out.Source !== undefined ? out : undefined;
}

/**
 * `bytes` with the provenance `fields` embedded the way the extension writes them: PNG text chunks, a JPEG
 * or WebP XMP packet; a GIF unchanged.
 * @throws {PngError} / {@link XmpError} when the file's structure cannot be followed (save it as sent then).
 */
export function embedProvenance(mime: 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif', bytes: Uint8Array, fields: Record<string, string>): Uint8Array {
  if (mime === 'image/png') return addTextChunks(bytes, fields);
  if (mime === 'image/jpeg') return addXmpToJpeg(bytes, xmpPacket(fields));
  if (mime === 'image/webp') return addXmpToWebp(bytes, xmpPacket(fields));
  return bytes;
}

/**
 * A generated image's bytes with its provenance, by the one policy of every save (Generate image, Edit, the
 * chat): `fields` embedded as {@link embedProvenance} does; without fields, or for a GIF, the bytes as they
 * are; for a file whose structure cannot be followed, the bytes as sent and `skipped` saying why (the image is
 * kept: it was paid for).
 * @throws what {@link embedProvenance} throws besides {@link PngError} and {@link XmpError}.
 */
export function withProvenance(mime: 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif', bytes: Uint8Array, fields: Record<string, string> | undefined): { bytes: Uint8Array; skipped?: string } {
  if (!fields || mime === 'image/gif') return { bytes };
  try {
    return { bytes: embedProvenance(mime, bytes, fields) };
  } catch (err) {
    if (err instanceof PngError || err instanceof XmpError) return { bytes, skipped: err.message };
    throw err;
  }
}
