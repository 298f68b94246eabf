/**
 * PNG chunk handling: CRC-32, chunk walking, and adding `iTXt` text chunks so a generated picture
 * carries how it was made. Pixel data (every `IDAT`) and all other chunks stay byte-identical.
 *
 * Format: PNG specification, 3rd edition (https://www.w3.org/TR/png-3/), §5.3 chunk layout,
 * §11.3.3.4 `iTXt`. Pure code, no `vscode`.
 */
import * as l10n from '@vscode/l10n';
import type * as Zlib from 'node:zlib';

export const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (ISO 3309, as PNG uses) of `bytes`, as an unsigned 32-bit number. */
export function crc32(bytes: Uint8Array, crc = 0xffffffff): number {
  let c = crc;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One chunk: its 4-letter type, and where its data lies in the file. */
export interface PngChunk {
  type: string;
  /** Offset of the chunk's length field. */
  offset: number;
  /** Data length in bytes (without length, type and CRC). */
  length: number;
}

/** Thrown for bytes that are not a well-formed PNG. */
export class PngError extends Error {
  override readonly name = 'PngError';
}

/**
 * Lists the chunks of a PNG file, checking signature, bounds and that it ends with `IEND`.
 * @throws {PngError} when the structure is broken.
 */
export function readChunks(png: Uint8Array): PngChunk[] {
  if (png.length < 8 || !PNG_SIGNATURE.every((b, i) => png[i] === b)) throw new PngError(l10n.t('not a PNG file'));
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: PngChunk[] = [];
  let off = 8;
  while (off + 12 <= png.length) {
    const length = view.getUint32(off);
    const type = String.fromCharCode(png[off + 4], png[off + 5], png[off + 6], png[off + 7]);
    if (off + 12 + length > png.length) throw new PngError(l10n.t('chunk {0} runs past the end of the file', type));
    chunks.push({ type, offset: off, length });
    off += 12 + length;
    if (type === 'IEND') return chunks;
  }
  throw new PngError(l10n.t('PNG has no IEND chunk'));
}

/** Builds one chunk (length, type, data, CRC). */
export function makeChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * Builds an uncompressed `iTXt` chunk (UTF-8 text; the keyword is Latin-1, 1–79 characters).
 * @throws {PngError} for an invalid keyword.
 */
export function makeITxtChunk(keyword: string, text: string): Uint8Array {
  if (!/^[\x20-\x7e\xa1-\xff]{1,79}$/.test(keyword) || /^ | $|  /.test(keyword)) throw new PngError(l10n.t('invalid PNG keyword "{0}"', keyword));
  const enc = new TextEncoder();
  const kw = Uint8Array.from(keyword, (c) => c.charCodeAt(0));
  const body = enc.encode(text);
  // keyword \0, compression flag 0, method 0, empty language tag \0, empty translated keyword \0, text
  const data = new Uint8Array(kw.length + 5 + body.length);
  data.set(kw, 0);
  data.set([0, 0, 0, 0, 0], kw.length);
  data.set(body, kw.length + 5);
  return makeChunk('iTXt', data);
}

/**
 * Returns a copy of `png` with one `iTXt` chunk per entry inserted right before the first `IDAT`
 * (so readers that stop early still see them). All original chunks are copied byte for byte.
 * @param text keyword → value, e.g. `{ Description: 'a red fox', Software: 'OpenRouter Studio' }`.
 * @throws {PngError} for a malformed PNG or keyword.
 */
export function addTextChunks(png: Uint8Array, text: Record<string, string>): Uint8Array {
  const chunks = readChunks(png);
  const idat = chunks.find((c) => c.type === 'IDAT');
  if (!idat) throw new PngError(l10n.t('PNG has no IDAT chunk'));
  const extra = Object.entries(text).map(([k, v]) => makeITxtChunk(k, v));
  const extraLen = extra.reduce((n, c) => n + c.length, 0);
  const end = chunks[chunks.length - 1];
  const total = end.offset + 12 + end.length;
  const out = new Uint8Array(total + extraLen);
  out.set(png.subarray(0, idat.offset), 0);
  let off = idat.offset;
  for (const c of extra) {
    out.set(c, off);
    off += c.length;
  }
  out.set(png.subarray(idat.offset, total), off);
  return out;
}

/**
 * Reads the text chunks of a PNG: `tEXt`, `zTXt` and `iTXt` (compressed or not), as PNG spec §11.3.4 defines
 * them. A chunk that cannot be read (bad compression) is left out.
 * @returns keyword → text (Latin-1 for `tEXt`/`zTXt`, UTF-8 for `iTXt`); the first chunk of a keyword wins.
 */
export function readTextChunks(png: Uint8Array): Record<string, string> {
  // zlib is required here, not at load: activation does not pay for it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { inflateSync } = require('node:zlib') as typeof Zlib;
  const out: Record<string, string> = {};
  const latin1 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.length).toString('latin1');
  for (const c of readChunks(png)) {
    if (c.type !== 'iTXt' && c.type !== 'tEXt' && c.type !== 'zTXt') continue;
    const data = png.subarray(c.offset + 8, c.offset + 8 + c.length);
    const nul = data.indexOf(0);
    if (nul < 0) continue;
    const keyword = latin1(data.subarray(0, nul));
    if (keyword in out) continue;
    try {
      if (c.type === 'tEXt') out[keyword] = latin1(data.subarray(nul + 1));
      else if (c.type === 'zTXt') out[keyword] = latin1(inflateSync(data.subarray(nul + 2)));
      else {
        const compressed = data[nul + 1] === 1;
        let p = nul + 3;
        p = data.indexOf(0, p) + 1; // language tag
        p = data.indexOf(0, p) + 1; // translated keyword
        if (p === 0) continue;
        const text = data.subarray(p);
        out[keyword] = new TextDecoder().decode(compressed ? inflateSync(text) : text);
      }
    } catch {
      // A chunk that does not inflate is not text we can show.
    }
  }
  return out;
}
