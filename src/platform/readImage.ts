import * as vscode from 'vscode';
import { encodeDataUrl } from '../images/dataUrl';
import { EXTENSION_MIME, ImageRejectedError, sniffImageMime, type ImageMime } from '../images/mime';
import { workspaceFolderOf } from './workspacePaths';

/** A workspace image ready to send to a model. */
export interface WorkspaceImage {
  uri: vscode.Uri;
  mimeType: ImageMime;
  bytes: Uint8Array;
  /** `data:<mime>;base64,…` of the exact file bytes. */
  dataUrl: string;
}

/**
 * Reads an image through `workspace.fs` (local, remote and virtual workspaces) and checks it: at most
 * `maxBytes` (checked with `stat` before reading), and PNG, JPEG, WebP or GIF by its magic bytes
 * (the extension is not trusted). Only files inside a workspace folder are read: a path with `..`, or a
 * symbolic link out of the folder, is refused.
 * @throws {OutsideWorkspaceError} for a file outside the workspace folders.
 * @throws {ImageRejectedError} with a message naming the file, for a file too large or of another type.
 */
export async function readWorkspaceImage(uri: vscode.Uri, maxBytes: number): Promise<WorkspaceImage> {
  const name = vscode.workspace.asRelativePath(uri);
  await workspaceFolderOf(uri, vscode.l10n.t('The image {0}', name));
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.size > maxBytes) {
    const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;
    throw new ImageRejectedError(vscode.l10n.t('{0} is {1}, over the {2} limit (openrouterStudio.maxImageMB).', name, mb(stat.size), mb(maxBytes)));
  }
  const bytes = await vscode.workspace.fs.readFile(uri);
  // A file that grew between the stat and the read is held to the same bound.
  if (bytes.length > maxBytes) throw new ImageRejectedError(vscode.l10n.t('{0} is over the {1} MB limit (openrouterStudio.maxImageMB).', name, (maxBytes / 1024 / 1024).toFixed(1)));
  const mimeType = sniffImageMime(bytes);
  if (!mimeType) throw new ImageRejectedError(vscode.l10n.t('{0} is not a PNG, JPEG, WebP or GIF image.', name));
  return { uri, mimeType, bytes, dataUrl: encodeDataUrl(mimeType, bytes) };
}

/**
 * Most bytes of all the images one request carries (references, several images described at once): as data
 * URLs they make the request body, about 4/3 of this (16 references of 20 MB made a 447-million-character
 * body and 2.2 GB of memory in the extension host).
 */
export const MAX_IMAGES_TOTAL_BYTES = 32 * 1024 * 1024;

/**
 * Reads the images one request sends: each as {@link readWorkspaceImage} (at most `maxEach`), each file once
 * (a Uri given twice is read and sent once), and at most `maxTotal` bytes in all, checked with `stat` before
 * each file is read.
 * @throws as {@link readWorkspaceImage}; {@link ImageRejectedError} naming the total when the files come to more.
 */
export async function readWorkspaceImages(uris: vscode.Uri[], maxEach: number, maxTotal = MAX_IMAGES_TOTAL_BYTES): Promise<WorkspaceImage[]> {
  const seen = new Set<string>();
  const out: WorkspaceImage[] = [];
  let total = 0;
  for (const uri of uris) {
    if (seen.has(uri.toString())) continue;
    seen.add(uri.toString());
    const size = (await vscode.workspace.fs.stat(uri).then((s) => s.size, () => 0));
    if (total + size > maxTotal) {
      throw new ImageRejectedError(vscode.l10n.t('The images come to over {0} MB in all ({1} with {2}); one request carries at most that. Send fewer or smaller images.', maxTotal / 1024 / 1024, out.length + 1, vscode.workspace.asRelativePath(uri)));
    }
    const image = await readWorkspaceImage(uri, Math.min(maxEach, maxTotal - total));
    total += image.bytes.length;
    out.push(image);
  }
  return out;
}

/** The image shown in the active tab (VS Code's image preview, or an image opened as text), if any. */
export function activeImageUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const uri = input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText ? input.uri : undefined;
  const ext = uri?.path.split('.').pop()?.toLowerCase();
  return uri && ext && EXTENSION_MIME[ext] ? uri : undefined;
}
