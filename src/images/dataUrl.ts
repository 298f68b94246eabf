/**
 * `data:` URLs (RFC 2397) for images: strict decoding of what a model sends, and encoding of what we
 * send. Pure code: no `vscode`, usable from the OpenRouter client and the webview alike (it uses only
 * `Buffer` where available, else `atob`/`btoa`).
 */
import * as l10n from '@vscode/l10n';

/** A decoded data URL. `mimeType` is lower-cased as declared, without parameters. */
export interface DecodedDataUrl {
  mimeType: string;
  data: Uint8Array;
}

/** Thrown by {@link decodeDataUrl} for anything that is not a well-formed base64 data URL. */
export class DataUrlError extends Error {
  override readonly name = 'DataUrlError';
}

const BASE64_BODY = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Decodes a base64 `data:` URL, strictly: the header must be `data:<type>/<subtype>[;params];base64,`,
 * the body only base64 characters (no white space) with correct padding, and the result non-empty.
 * Runs in time linear in the URL's length.
 * @param url e.g. `data:image/png;base64,iVBORw0…` (megabytes are fine).
 * @returns the declared MIME type (lower case) and the decoded bytes.
 * @throws {DataUrlError} with a reason fit to show a user.
 */
export function decodeDataUrl(url: string): DecodedDataUrl {
  if (!url.startsWith('data:')) throw new DataUrlError(l10n.t('not a data: URL'));
  const comma = url.indexOf(',');
  if (comma < 0) throw new DataUrlError(l10n.t('data: URL has no comma'));
  const header = url.slice(5, comma).toLowerCase();
  const params = header.split(';');
  const mimeType = params[0].trim();
  if (!/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(mimeType)) throw new DataUrlError(l10n.t('bad media type "{0}"', mimeType.slice(0, 40)));
  if (!params.slice(1).some((p) => p.trim() === 'base64')) throw new DataUrlError(l10n.t('data: URL is not base64-encoded'));
  const body = url.slice(comma + 1);
  if (body.length === 0) throw new DataUrlError(l10n.t('data: URL is empty'));
  if (body.length % 4 !== 0) throw new DataUrlError(l10n.t('data: URL holds invalid base64'));
  const data = decodeBase64(body);
  if (!data) throw new DataUrlError(l10n.t('data: URL holds invalid base64'));
  if (data.length === 0) throw new DataUrlError(l10n.t('data: URL is empty'));
  return { mimeType, data };
}

/**
 * Decodes `b64` (length a multiple of 4) only when it is strict base64: `A–Z a–z 0–9 + /` then at most two
 * `=`. With `Buffer` this costs about the decoding itself: Node's decoder skips or stops at any other
 * character (white space, `!`, `=` inside, non-ASCII), which always makes the output shorter than the
 * length the input promises, and accepts only the URL-safe `-` and `_` as extras, which are looked for
 * with `indexOf`. Without `Buffer` (the webview), a regular expression checks first.
 * @returns the bytes, or `undefined` when `b64` is not strict base64.
 */
export function decodeBase64(b64: string): Uint8Array | undefined {
  if (typeof Buffer === 'undefined') return BASE64_BODY.test(b64) ? base64ToBytes(b64) : undefined;
  if (b64.indexOf('-') >= 0 || b64.indexOf('_') >= 0) return undefined;
  const pad = b64.charCodeAt(b64.length - 1) === 61 ? (b64.charCodeAt(b64.length - 2) === 61 ? 2 : 1) : 0;
  const data = base64ToBytes(b64);
  return data.length === (b64.length / 4) * 3 - pad ? data : undefined;
}

/**
 * Encodes bytes as a base64 data URL.
 * @param mimeType e.g. `image/png`.
 * @returns `data:<mimeType>;base64,<base64>`.
 */
export function encodeDataUrl(mimeType: string, data: Uint8Array): string {
  return `data:${mimeType};base64,${bytesToBase64(data)}`;
}

function base64ToBytes(b64: string): Uint8Array {
  if (typeof Buffer !== 'undefined') {
    const buf = Buffer.from(b64, 'base64');
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function bytesToBase64(data: Uint8Array): string {
  if (typeof Buffer !== 'undefined') return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
  let bin = '';
  for (let i = 0; i < data.length; i += 0x8000) bin += String.fromCharCode(...data.subarray(i, i + 0x8000));
  return btoa(bin);
}
