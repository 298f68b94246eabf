/**
 * What a JPEG's or a WebP's EXIF and XMP say (read with `exifr`): description, software, generation
 * parameters in `UserComment` (AUTOMATIC1111/Forge and the JSON of SwarmUI and Fooocus), and ComfyUI graphs in
 * `Model`/`Make`; and the WebP chunks they are in. Pure code, no `vscode`.
 */
import { markupParsers } from '../shared/loadParsers';
import { comfyUi } from './comfyUi';
import { clip, MAX_GRAPH_BYTES, MAX_PARAMETERS_BYTES, MAX_TEXT_BYTES, MAX_WEBP_EXIF_BYTES, MAX_XMP_BYTES, type ImageDetails } from './fields';
import { sniffImageMime } from './mime';
import { generationParameters } from './parameters';

/**
 * The data of a WebP file's first chunk named `fourcc` (RIFF container: `RIFF`, size, `WEBP`, then chunks of
 * a FourCC, a little-endian size and the data padded to an even length;
 * https://developers.google.com/speed/webp/docs/riff_container); `undefined` when there is none. A size
 * that runs past the end of the file gives what is there.
 */
export function webpChunk(bytes: Uint8Array, fourcc: 'EXIF' | 'XMP '): Uint8Array | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  for (let at = 12; at + 8 <= bytes.length;) {
    const name = String.fromCharCode(...bytes.subarray(at, at + 4));
    const size = view.getUint32(at + 4, true);
    if (name === fourcc) return bytes.subarray(at + 8, Math.min(bytes.length, at + 8 + size));
    at += 8 + size + (size % 2);
  }
  return undefined;
}

/** The TIFF data of a WebP file's `EXIF` chunk, without the `Exif\0\0` prefix some writers add. */
export function webpExif(bytes: Uint8Array): Uint8Array | undefined {
  const data = webpChunk(bytes, 'EXIF');
  return data && String.fromCharCode(...data.subarray(0, 6)) === 'Exif\0\0' ? data.subarray(6) : data;
}

/**
 * The text of an EXIF `UserComment` (EXIF 2.32 §4.6.5, type UNDEFINED): an 8-byte character code, then the
 * text. `UNICODE\0` is UTF-16 in the byte order of the TIFF header (`littleEndian`), unless the zero bytes of
 * mostly-ASCII text show the other order (some writers use big-endian whatever the header says);
 * `ASCII\0\0\0` and an undefined code are read as UTF-8. Trailing NULs and spaces are removed.
 */
export function userCommentText(bytes: Uint8Array, littleEndian: boolean): string {
  const code = String.fromCharCode(...bytes.subarray(0, 8));
  const body = bytes.subarray(code.length === 8 && /^(ASCII|UNICODE|JIS)\0|^\0{8}/.test(code) ? 8 : 0);
  let text: string;
  if (code.startsWith('UNICODE\0')) {
    let even = 0;
    let odd = 0;
    for (let i = 0; i + 1 < body.length && i < 4096; i += 2) {
      if (body[i] === 0) even++;
      if (body[i + 1] === 0) odd++;
    }
    const le = even > 2 * odd ? false : odd > 2 * even ? true : littleEndian;
    const units = Buffer.from(body.subarray(0, body.length & ~1));
    if (!le) units.swap16();
    text = units.toString('utf16le');
  } else text = Buffer.from(body.buffer, body.byteOffset, body.length).toString('utf8');
  return text.replace(/[\0 ]+$/, '');
}

/** Whether TIFF data (`II*\0` or `MM\0*`) is little-endian. */
function tiffIsLittleEndian(tiff: Uint8Array | undefined): boolean {
  return !(tiff && tiff[0] === 0x4d && tiff[1] === 0x4d);
}

/** The TIFF data of a JPEG's first EXIF APP1 segment (after `Exif\0\0`), for its byte order. */
function jpegTiff(bytes: Uint8Array): Uint8Array | undefined {
  const at = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 64 * 1024)).indexOf('Exif\0\0', 0, 'latin1');
  return at < 0 ? undefined : bytes.subarray(at + 6, at + 8);
}

/**
 * EXIF and XMP of a JPEG or a WebP: description, software, generation parameters in `UserComment`
 * (AUTOMATIC1111/Forge and the JSON of SwarmUI and Fooocus), and ComfyUI graphs in `Model`/`Make`.
 */
export async function exifDetails(bytes: Uint8Array): Promise<Partial<ImageDetails>> {
  const { exifr } = markupParsers();
  const buffer = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.length);
  const webp = sniffImageMime(bytes) === 'image/webp';
  // exifr reads JPEG but not WebP: for WebP it gets the TIFF data of the `EXIF` chunk, and the XMP packet
  // of the `XMP ` chunk as a sidecar.
  // A WebP's EXIF chunk has no size limit of its own (a JPEG's is 64 KB): a larger one is not read.
  const exif = webp ? webpExif(bytes) : bytes;
  const input = webp && exif && exif.length > MAX_WEBP_EXIF_BYTES ? undefined : exif;
  let tags: Record<string, unknown> = {};
  try {
    if (input) tags = (await exifr.parse(buffer(input), { tiff: true, xmp: true, exif: true, mergeOutput: true, userComment: true })) ?? {};
  } catch {
    // unreadable EXIF: nothing from it
  }
  const xmpChunk = webp ? webpChunk(bytes, 'XMP ') : undefined;
  // exifr's XMP parser takes seconds on a few hundred KB of repeated elements: a packet over the cap is not read.
  if (xmpChunk && xmpChunk.length <= MAX_XMP_BYTES) {
    try {
      const xmp = (await exifr.sidecar(buffer(xmpChunk), {}, 'xmp')) as { dc?: { description?: unknown }; xmp?: { CreatorTool?: unknown } } | undefined;
      tags = { description: xmp?.dc?.description, CreatorTool: xmp?.xmp?.CreatorTool, ...tags };
    } catch {
      // unreadable XMP: nothing from it
    }
  }
  const text = (v: unknown): string | undefined => {
    if (typeof v === 'string') return v.slice(0, MAX_GRAPH_BYTES + 16);
    if (v instanceof Uint8Array) return new TextDecoder().decode(v.subarray(0, MAX_TEXT_BYTES));
    if (v && typeof v === 'object' && 'value' in v) return text((v as { value: unknown }).value);
    if (v && typeof v === 'object') return text(Object.values(v)[0]);
    return undefined;
  };
  const d: Partial<ImageDetails> = { prompt: clip(text(tags.ImageDescription) ?? text(tags.description)), software: clip(text(tags.Software) ?? text(tags.CreatorTool)) };
  const raw = tags.userComment ?? tags.UserComment;
  const comment = raw instanceof Uint8Array ? userCommentText(raw.subarray(0, MAX_PARAMETERS_BYTES * 2 + 8), tiffIsLittleEndian(webp ? input : jpegTiff(bytes))) : text(raw);
  if (comment) {
    // A comment is generation parameters when it is JSON of a known tool or has A1111's settings line.
    const a = generationParameters(comment);
    if (a.software !== 'AUTOMATIC1111 / Forge' || /\nSteps: /.test(`\n${comment}`)) Object.assign(d, a, { prompt: d.prompt ?? a.prompt });
  }
  // ComfyUI's WebP and JPEG writers keep the API graph in `Model` and the editor graph in `Make`.
  const make = text(tags.Make);
  const model = text(tags.Model);
  if (model?.startsWith('prompt:') || make?.startsWith('workflow:')) {
    Object.assign(d, comfyUi(model?.startsWith('prompt:') ? model.slice(7) : undefined, make?.startsWith('workflow:') ? make.slice(9) : undefined));
  }
  return d;
}
