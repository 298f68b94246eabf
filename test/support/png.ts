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
