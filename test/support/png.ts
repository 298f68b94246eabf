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
}

/** Builds a `width`×`height` RGB PNG. Deterministic for the same arguments. */
export function makePng(width: number, height: number, opts: MakePngOptions = {}): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const raw = Buffer.alloc((width * 3 + 1) * height);
  let seed = opts.noiseSeed ?? 0;
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0;
    for (let x = 0; x < width; x++) {
      const p = row + 1 + x * 3;
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

/**
 * A minimal JPEG header (SOI, an EXIF APP1 with IFD0 `ImageDescription` / `Software` when given, SOF0 with
 * the size, EOI): enough for readers of metadata and size, not a decodable picture.
 */
export function makeJpeg(width: number, height: number, exif: { description?: string; software?: string } = {}): Buffer {
  const entries = ([[0x010e, exif.description], [0x0131, exif.software]] as const).filter(([, v]) => v !== undefined) as Array<[number, string]>;
  // SOI, then a JFIF APP0 as cameras and encoders write it.
  const parts: Buffer[] = [Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00])];
  if (entries.length > 0) {
    const ifdSize = 2 + entries.length * 12 + 4;
    const data: Buffer[] = [];
    let dataOffset = 8 + ifdSize;
    const ifd = Buffer.alloc(ifdSize);
    ifd.writeUInt16LE(entries.length, 0);
    entries.forEach(([tag, value], i) => {
      const bytes = Buffer.from(`${value}\0`, 'latin1');
      const e = 2 + i * 12;
      ifd.writeUInt16LE(tag, e);
      ifd.writeUInt16LE(2, e + 2); // ASCII
      ifd.writeUInt32LE(bytes.length, e + 4);
      ifd.writeUInt32LE(dataOffset, e + 8);
      data.push(bytes);
      dataOffset += bytes.length;
    });
    const tiff = Buffer.concat([Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00]), ifd, ...data]);
    const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
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
export function makeWebp(width: number, height: number, { exifDescription, xmp }: { exifDescription?: string; xmp?: string }): Buffer {
  const chunk = (fourcc: string, data: Buffer): Buffer => {
    const h = Buffer.alloc(8);
    h.write(fourcc, 0, 'latin1');
    h.writeUInt32LE(data.length, 4);
    return Buffer.concat([h, data, Buffer.alloc(data.length % 2)]);
  };
  const chunks: Buffer[] = [];
  if (exifDescription !== undefined) {
    const jpg = makeJpeg(1, 1, { description: exifDescription });
    const app1 = jpg.indexOf(Buffer.from('Exif\0\0', 'latin1'));
    chunks.push(chunk('EXIF', jpg.subarray(app1 + 6, app1 - 2 + jpg.readUInt16BE(app1 - 2))));
  }
  if (xmp !== undefined) chunks.push(chunk('XMP ', Buffer.from(xmp, 'utf8')));
  const vp8x = Buffer.alloc(10);
  vp8x[0] = (exifDescription !== undefined ? 0x08 : 0) | (xmp !== undefined ? 0x04 : 0); // EXIF, XMP present
  vp8x.writeUIntLE(width - 1, 4, 3);
  vp8x.writeUIntLE(height - 1, 7, 3);
  const body = Buffer.concat([Buffer.from('WEBP', 'latin1'), chunk('VP8X', vp8x), ...chunks]);
  const head = Buffer.alloc(8);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

/** A WebP whose `EXIF` chunk holds the description `description`. */
export function makeWebpWithExif(width: number, height: number, description: string): Buffer {
  return makeWebp(width, height, { exifDescription: description });
}
