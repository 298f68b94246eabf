/**
 * Makes real PNG files for tests (8-bit RGB, zlib-deflated scanlines), built with the project's own
 * chunk writer. `noise` gives incompressible pixels, so a 1024×768 image is about 2.3 MB (3.1 MB as base64),
 * the size of what image models really send.
 */
import { deflateSync } from 'node:zlib';
import { makeChunk, PNG_SIGNATURE } from '../../src/images/png';

export interface MakePngOptions {
  /** Fill with pseudo-random bytes from this seed instead of a gradient. */
  noiseSeed?: number;
  /** RGBA (colour type 6) with an alpha ramp from transparent (left) to opaque (right), instead of RGB. */
  alpha?: boolean;
}

/** Builds a `width`×`height` RGB PNG. Deterministic for the same arguments. */
export function makePng(width: number, height: number, opts: MakePngOptions = {}): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = opts.alpha ? 6 : 2; // RGBA or RGB
  const bpp = opts.alpha ? 4 : 3;
  const raw = Buffer.alloc((width * bpp + 1) * height);
  let seed = opts.noiseSeed ?? 0;
  for (let y = 0; y < height; y++) {
    const row = y * (width * bpp + 1);
    raw[row] = 0;
    for (let x = 0; x < width; x++) {
      const p = row + 1 + x * bpp;
      if (opts.alpha) raw[p + 3] = (x * 255) / Math.max(1, width - 1);
      if (opts.noiseSeed !== undefined) {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        raw[p] = seed >>> 24;
        raw[p + 1] = (seed >>> 16) & 0xff;
        raw[p + 2] = (seed >>> 8) & 0xff;
      } else {
        raw[p] = (x * 255) / Math.max(1, width - 1);
        raw[p + 1] = (y * 255) / Math.max(1, height - 1);
        raw[p + 2] = 128;
      }
    }
  }
  return Buffer.concat([
    PNG_SIGNATURE,
    makeChunk('IHDR', ihdr),
    makeChunk('IDAT', deflateSync(raw, { level: opts.noiseSeed !== undefined ? 1 : 9 })),
    makeChunk('IEND', new Uint8Array()),
  ]);
}

/** A minimal JPEG-looking file (SOI + APP0/JFIF header + EOI); enough for magic-byte sniffing. */
export function makeJpegHeader(): Buffer {
  return Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]);
}

/** What {@link makeJpeg} writes into EXIF. */
export interface ExifFields {
  description?: string;
  software?: string;
  /** IFD0 `Make` and `Model` (ComfyUI's WebP/JPEG writers put `workflow:{…}` and `prompt:{…}` there). */
  make?: string;
  model?: string;
  /** The Exif IFD's `UserComment` (type UNDEFINED): the 8-byte character code and the text, as given. */
  userComment?: Buffer;
  /** TIFF byte order: `II` little-endian (default) or `MM` big-endian. */
  byteOrder?: 'II' | 'MM';
}

/** The TIFF data of an EXIF block (header, IFD0, an Exif IFD for `UserComment`), as cameras and tools write it. */
export function makeTiff(exif: ExifFields): Buffer {
  const le = exif.byteOrder !== 'MM';
  const u16 = (n: number): Buffer => { const b = Buffer.alloc(2); if (le) b.writeUInt16LE(n); else b.writeUInt16BE(n); return b; };
  const u32 = (n: number): Buffer => { const b = Buffer.alloc(4); if (le) b.writeUInt32LE(n); else b.writeUInt32BE(n); return b; };
  type Entry = { tag: number; type: number; data: Buffer };
  const ascii = (tag: number, v: string | undefined): Entry[] => (v === undefined ? [] : [{ tag, type: 2, data: Buffer.from(`${v}\0`, 'latin1') }]);
  const ifd0: Entry[] = [...ascii(0x010e, exif.description), ...ascii(0x010f, exif.make), ...ascii(0x0110, exif.model), ...ascii(0x0131, exif.software)];
  const sub: Entry[] = exif.userComment ? [{ tag: 0x9286, type: 7, data: exif.userComment }] : [];
  // Layout: header (8), IFD0, its data, then the Exif IFD and its data.
  const ifdSize = (n: number): number => 2 + n * 12 + 4;
  const n0 = ifd0.length + (sub.length ? 1 : 0);
  const data0 = ifd0.reduce((n, e) => n + (e.data.length > 4 ? e.data.length : 0), 0);
  const subAt = 8 + ifdSize(n0) + data0;
  const write = (entries: Entry[], at: number, extra: Buffer[] = []): Buffer => {
    let dataAt = at + ifdSize(entries.length + extra.length);
    const head: Buffer[] = [u16(entries.length + extra.length)];
    const data: Buffer[] = [];
    for (const e of entries) {
      head.push(u16(e.tag), u16(e.type), u32(e.data.length));
      if (e.data.length <= 4) head.push(Buffer.concat([e.data, Buffer.alloc(4 - e.data.length)]));
      else { head.push(u32(dataAt)); data.push(e.data); dataAt += e.data.length; }
    }
    head.push(...extra, u32(0));
    return Buffer.concat([...head, ...data]);
  };
  const pointer = sub.length ? [Buffer.concat([u16(0x8769), u16(4), u32(1), u32(subAt)])] : [];
  const first = write(ifd0, 8, pointer);
  return Buffer.concat([Buffer.from(le ? 'II' : 'MM', 'latin1'), u16(42), u32(8), first, sub.length ? write(sub, subAt) : Buffer.alloc(0)]);
}

/**
 * A minimal JPEG header (SOI, an EXIF APP1 with the given fields, SOF0 with the size, EOI): enough for
 * readers of metadata and size, not a decodable picture.
 */
export function makeJpeg(width: number, height: number, exif: ExifFields = {}): Buffer {
  // SOI, then a JFIF APP0 as cameras and encoders write it.
  const parts: Buffer[] = [Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00])];
  if (Object.values(exif).some((v) => v !== undefined && v !== 'II' && v !== 'MM')) {
    const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), makeTiff(exif)]);
    const len = Buffer.alloc(2);
    len.writeUInt16BE(body.length + 2);
    parts.push(Buffer.from([0xff, 0xe1]), len, body);
  }
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, 0, 0, 0, 0, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]);
  sof.writeUInt16BE(height, 5);
  sof.writeUInt16BE(width, 7);
  parts.push(sof, Buffer.from([0xff, 0xd9]));
  return Buffer.concat(parts);
}

/** `png` with a `tEXt` (Latin-1) or `zTXt` (deflated) chunk `keyword` → `text` before `IEND`, as other tools write them. */
export function withPngText(png: Buffer, keyword: string, text: string, type: 'tEXt' | 'zTXt' = 'tEXt'): Buffer {
  const key = Buffer.from(`${keyword}\0`, 'latin1');
  const value = Buffer.from(text, 'latin1');
  const data = type === 'tEXt' ? Buffer.concat([key, value]) : Buffer.concat([key, Buffer.from([0]), deflateSync(value)]);
  const iend = png.length - 12;
  return Buffer.concat([png.subarray(0, iend), Buffer.from(makeChunk(type, data)), png.subarray(iend)]);
}

/**
 * A WebP file (RIFF, `VP8X` with the size) of `width` × `height` carrying an `EXIF` chunk with the EXIF
 * `ImageDescription` `exifDescription` and/or an `XMP ` chunk holding `xmp`. No image data: enough for
 * metadata readers and `image-size`.
 */
export function makeWebp(width: number, height: number, { exifDescription, xmp, exif }: { exifDescription?: string; xmp?: string; exif?: ExifFields }): Buffer {
  const chunk = (fourcc: string, data: Buffer): Buffer => {
    const h = Buffer.alloc(8);
    h.write(fourcc, 0, 'latin1');
    h.writeUInt32LE(data.length, 4);
    return Buffer.concat([h, data, Buffer.alloc(data.length % 2)]);
  };
  const chunks: Buffer[] = [];
  const fields = exif ?? (exifDescription !== undefined ? { description: exifDescription } : undefined);
  if (fields) chunks.push(chunk('EXIF', makeTiff(fields)));
  if (xmp !== undefined) chunks.push(chunk('XMP ', Buffer.from(xmp, 'utf8')));
  const vp8x = Buffer.alloc(10);
  vp8x[0] = (fields ? 0x08 : 0) | (xmp !== undefined ? 0x04 : 0); // EXIF, XMP present
  vp8x.writeUIntLE(width - 1, 4, 3);
  vp8x.writeUIntLE(height - 1, 7, 3);
  const body = Buffer.concat([Buffer.from('WEBP', 'latin1'), chunk('VP8X', vp8x), ...chunks]);
  const head = Buffer.alloc(8);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

/**
 * A simple lossless WebP (`RIFF`, one `VP8L` chunk) of `width` × `height`: the VP8L header (signature,
 * 14-bit sizes, the alpha bit) and filler bytes standing for the bitstream (not decodable, but what
 * `image-size` and the metadata writers read).
 */
export function makeSimpleWebp(width: number, height: number, alpha = false): Buffer {
  const bits = ((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14) | ((alpha ? 1 : 0) << 28);
  const vp8l = Buffer.alloc(64, 0x5a);
  vp8l[0] = 0x2f;
  vp8l.writeUInt32LE(bits >>> 0, 1);
  const head = Buffer.alloc(8);
  head.write('VP8L', 0, 'latin1');
  head.writeUInt32LE(vp8l.length, 4);
  const body = Buffer.concat([Buffer.from('WEBP', 'latin1'), head, vp8l]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}

/** A WebP whose `EXIF` chunk holds the description `description`. */
export function makeWebpWithExif(width: number, height: number, description: string): Buffer {
  return makeWebp(width, height, { exifDescription: description });
}
