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
  const chunks = [...walkChunks(png)];
  const last = chunks[chunks.length - 1];
  if (last?.type === 'IEND') return chunks;
  const next = last ? last.offset + 12 + last.length : 8;
  if (next + 12 <= png.length) {
    const type = String.fromCharCode(...png.subarray(next + 4, next + 8));
    throw new PngError(l10n.t('chunk {0} runs past the end of the file', type));
  }
  throw new PngError(l10n.t('PNG has no IEND chunk'));
}

/**
 * The whole chunks of a PNG file up to `IEND`, or up to where the file is cut (a chunk that runs past the
 * end is not yielded): a truncated file still gives the chunks before the cut.
 * @throws {PngError} when the signature is not PNG's.
 */
export function* walkChunks(png: Uint8Array): Generator<PngChunk> {
  if (png.length < 8 || !PNG_SIGNATURE.every((b, i) => png[i] === b)) throw new PngError(l10n.t('not a PNG file'));
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  for (let off = 8; off + 12 <= png.length;) {
    const length = view.getUint32(off);
    const type = String.fromCharCode(png[off + 4], png[off + 5], png[off + 6], png[off + 7]);
    if (off + 12 + length > png.length) return;
    yield { type, offset: off, length };
    if (type === 'IEND') return;
    off += 12 + length;
  }
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
  if (!/^[\x20-\x7e\xa1-\xff]{1,79}$/.test(keyword) || /^ | $| {2}/.test(keyword)) throw new PngError(l10n.t('invalid PNG keyword "{0}"', keyword));
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

/** Default of {@link TextChunkLimits.maxBytes}: 64 KiB of text per keyword. */
export const MAX_TEXT_CHUNK_BYTES = 64 * 1024;
/** Default of {@link TextChunkLimits.budget}: 4 MiB inflated per file. */
export const TEXT_INFLATE_BUDGET = 4 * 1024 * 1024;
/**
 * Chunks looked at, and text chunks read, at most per file: real files have a few text chunks and at most
 * thousands of `IDAT` chunks; a file of millions of empty chunks is not walked to its end.
 */
const MAX_CHUNKS = 100_000;
const MAX_TEXT_CHUNKS = 1_000;

/** How much of a PNG's text {@link readTextChunks} reads. */
export interface TextChunkLimits {
  /**
   * The longest text read for a keyword, in bytes; 0 skips the keyword without decoding or inflating it.
   * Default {@link MAX_TEXT_CHUNK_BYTES} for every keyword.
   */
  maxBytes?: (keyword: string) => number;
  /** Bytes inflated at most over the whole file (`zTXt` and compressed `iTXt`). Default {@link TEXT_INFLATE_BUDGET}. */
  budget?: number;
  /** When given, receives each keyword whose text is over its limit or the budget (left out, or cut when uncompressed). */
  tooLarge?: string[];
}

/**
 * Reads the text chunks of a PNG: `tEXt`, `zTXt` and `iTXt` (compressed or not), as PNG spec §11.3.4 defines
 * them, within bounds: a compressed text that would inflate past its keyword's limit or the file's budget is
 * left out (`zlib`'s `maxOutputLength` stops the inflate there); an uncompressed one is cut to its limit.
 * A chunk that cannot be read (bad compression) is left out; a truncated file gives the text chunks before
 * the cut; the walk stops after 100,000 chunks or 1,000 text chunks. The cost is bounded by those counts,
 * the limits and the budget, whatever the file holds.
 * @returns keyword → text (Latin-1 for `tEXt`/`zTXt`, UTF-8 for `iTXt`); the first chunk of a keyword wins.
 * @throws {PngError} when the bytes are not a PNG.
 */
export function readTextChunks(png: Uint8Array, limits: TextChunkLimits = {}): Record<string, string> {
  // zlib is required here, not at load: activation does not pay for it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { inflateSync } = require('node:zlib') as typeof Zlib;
  const maxBytes = limits.maxBytes ?? (() => MAX_TEXT_CHUNK_BYTES);
  let budget = limits.budget ?? TEXT_INFLATE_BUDGET;
  const out: Record<string, string> = {};
  const latin1 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.length).toString('latin1');
  const utf8 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.length).toString('utf8');
  let chunks = 0;
  let texts = 0;
  for (const c of walkChunks(png)) {
    if (++chunks > MAX_CHUNKS) break;
    if (c.type !== 'iTXt' && c.type !== 'tEXt' && c.type !== 'zTXt') continue;
    if (++texts > MAX_TEXT_CHUNKS) break;
    const data = png.subarray(c.offset + 8, c.offset + 8 + c.length);
    // A keyword is 1–79 bytes (§11.3.4.2): look no further for its NUL.
    const nul = data.subarray(0, 80).indexOf(0);
    if (nul < 1) continue;
    const keyword = latin1(data.subarray(0, nul));
    if (keyword in out) continue;
    const max = maxBytes(keyword);
    if (max <= 0) continue;
    const inflate = (z: Uint8Array): Uint8Array | undefined => {
      try {
        const text = inflateSync(z, { maxOutputLength: Math.max(1, Math.min(max, budget)) });
        budget -= text.length;
        return text;
      } catch (err) {
        // Past the limit (ERR_BUFFER_TOO_LARGE) the budget is spent: the inflate ran that far.
        if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
          budget -= Math.min(max, budget);
          limits.tooLarge?.push(keyword);
        }
        return undefined; // else a chunk that does not inflate is not text we can show
      }
    };
    const cut = (text: Uint8Array): Uint8Array => {
      if (text.length > max) limits.tooLarge?.push(keyword);
      return text.subarray(0, max);
    };
    if (c.type === 'tEXt') out[keyword] = latin1(cut(data.subarray(nul + 1)));
    else if (c.type === 'zTXt') {
      const text = inflate(data.subarray(nul + 2));
      if (text) out[keyword] = latin1(text);
    } else {
      const compressed = data[nul + 1] === 1;
      let p = nul + 3;
      p = data.indexOf(0, p) + 1; // language tag
      p = p === 0 ? 0 : data.indexOf(0, p) + 1; // translated keyword
      if (p === 0) continue;
      const text = compressed ? inflate(data.subarray(p)) : cut(data.subarray(p));
      if (text) out[keyword] = utf8(text);
    }
  }
  return out;
}
