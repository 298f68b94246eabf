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
    throw new ImageRejectedError(vscode.l10n.t('{0} is {1}, over the {2} limit (openrouterStudio.maxImageBytes).', name, mb(stat.size), mb(maxBytes)));
  }
  const bytes = await vscode.workspace.fs.readFile(uri);
  const mimeType = sniffImageMime(bytes);
  if (!mimeType) throw new ImageRejectedError(vscode.l10n.t('{0} is not a PNG, JPEG, WebP or GIF image.', name));
  return { uri, mimeType, bytes, dataUrl: encodeDataUrl(mimeType, bytes) };
}

/** The image shown in the active tab (VS Code's image preview, or an image opened as text), if any. */
export function activeImageUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const uri = input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText ? input.uri : undefined;
  const ext = uri?.path.split('.').pop()?.toLowerCase();
  return uri && ext && EXTENSION_MIME[ext] ? uri : undefined;
}
