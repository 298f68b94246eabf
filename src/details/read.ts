import { open } from 'node:fs/promises';
import * as vscode from 'vscode';
import { readImageDetails, type ImageDetails } from '../images/readDetails';
import { ImageRejectedError } from '../images/mime';
import { activeImageUri } from '../platform/readImage';

/** Largest file whose details are read, in bytes (the metadata of larger files is not worth the read). */
const MAX_DETAILS_BYTES = 64 * 1024 * 1024;

/** The image a command was run on: a Uri, a Uri string (from a hover's command link), else the active image. */
export function imageUriOf(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') {
    try {
      return vscode.Uri.parse(arg, true);
    } catch {
      return undefined;
    }
  }
  return activeImageUri();
}

/** Bytes read of a local PNG or JPEG: their text chunks and EXIF/XMP segments come before the image data. */
export const DETAILS_HEAD_BYTES = 4 * 1024 * 1024;
/** Files whose details are remembered (by Uri, checked against the file's modification time and size). */
const CACHE_ENTRIES = 256;
const cache = new Map<string, { mtime: number; size: number; details: ImageDetails }>();

/**
 * Reads an image file's details (see {@link readImageDetails}) through `workspace.fs`, remembered by Uri for as
 * long as the file's modification time and size stay the same (a hover on the same image reads nothing again).
 * Of a local PNG or JPEG only the first {@link DETAILS_HEAD_BYTES} are read (a hover read up to 64 MB before).
 * @throws {ImageRejectedError} naming the file, for a file that is not an image or too large.
 */
export async function detailsOf(uri: vscode.Uri): Promise<ImageDetails> {
  const stat = await vscode.workspace.fs.stat(uri);
  const key = uri.toString();
  const hit = cache.get(key);
  if (hit && hit.mtime === stat.mtime && hit.size === stat.size) {
    cache.delete(key);
    cache.set(key, hit);
    return { ...hit.details };
  }
  const bytes = await detailBytesOf(uri, stat);
  let details: ImageDetails;
  try {
    details = { ...(await readImageDetails(bytes)), bytes: stat.size };
  } catch (err) {
    throw err instanceof ImageRejectedError ? notAnImage(uri) : err;
  }
  cache.set(key, { mtime: stat.mtime, size: stat.size, details });
  if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  return { ...details };
}

/** The error for a file whose bytes are not an image, naming it. */
export function notAnImage(uri: vscode.Uri): ImageRejectedError {
  return new ImageRejectedError(vscode.l10n.t('{0} is not a PNG, JPEG, WebP, GIF or SVG image.', vscode.workspace.asRelativePath(uri)));
}

/**
 * The bytes of `uri` that Image details reads ({@link detailBytes}), within the bound of
 * {@link MAX_DETAILS_BYTES}; the gallery reads them so and parses them in its worker.
 * @throws {ImageRejectedError} naming the file, for a file over the bound.
 */
export async function detailBytesOf(uri: vscode.Uri, stat: vscode.FileStat): Promise<Uint8Array> {
  if (stat.size > MAX_DETAILS_BYTES) throw new ImageRejectedError(vscode.l10n.t('{0} is over {1} MB; its details are not read.', vscode.workspace.asRelativePath(uri), MAX_DETAILS_BYTES / 1024 / 1024));
  return detailBytes(uri, stat.size);
}

/**
 * The bytes the details need: of a local PNG or JPEG larger than {@link DETAILS_HEAD_BYTES}, its head (read
 * with a file handle; the rest is pixels); of anything else the whole file through `workspace.fs` (a WebP
 * keeps its XMP after the image data, and a remote or virtual file has no partial read).
 */
async function detailBytes(uri: vscode.Uri, size: number): Promise<Uint8Array> {
  if (uri.scheme !== 'file' || size <= DETAILS_HEAD_BYTES) return vscode.workspace.fs.readFile(uri);
  const handle = await open(uri.fsPath, 'r');
  try {
    const head = Buffer.alloc(DETAILS_HEAD_BYTES);
    const { bytesRead } = await handle.read(head, 0, DETAILS_HEAD_BYTES, 0);
    const png = head[0] === 0x89 && head.toString('latin1', 1, 4) === 'PNG';
    const jpeg = head[0] === 0xff && head[1] === 0xd8;
    if (png || jpeg) return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  return vscode.workspace.fs.readFile(uri);
}
