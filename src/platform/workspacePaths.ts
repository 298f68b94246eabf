import { realpath } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { OutsideWorkspaceError } from '../images/paths';

/**
 * The workspace boundary for what the extension reads and writes. A workspace is written by a stranger:
 * its file names, its symbolic links and the URIs its webview content can post. Each check below
 * refuses with an {@link OutsideWorkspaceError} whose message names the file, never silently.
 */

/** True when the absolute path `child` is `parent` or lies below it (both already normalised). */
export function isInsidePath(child: string, parent: string, sep: string = path.sep): boolean {
  const p = parent.endsWith(sep) ? parent : parent + sep;
  return child === parent || child.startsWith(p);
}

/** True when `uri`'s path has a `.` or `..` segment (which `getWorkspaceFolder`'s prefix test does not resolve). */
export function hasDotSegments(uri: vscode.Uri): boolean {
  return uri.path.split('/').some((s) => s === '.' || s === '..');
}

/** The real path of the deepest existing ancestor of `fsPath` (itself when it exists), joined with the missing rest. */
async function realPathOfNearest(fsPath: string): Promise<string> {
  const missing: string[] = [];
  let at = fsPath;
  for (;;) {
    try {
      return path.join(await realpath(at), ...missing.reverse());
    } catch (err) {
      const parent = path.dirname(at);
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || parent === at) throw err;
      missing.push(path.basename(at));
      at = parent;
    }
  }
}

/**
 * Checks that `uri` lies inside the workspace folder `root`: no `.`/`..` segments, under `root` by path,
 * and on `file:` also by real path, so a symbolic link that leaves the folder is refused. For a path that
 * does not exist yet, its nearest existing ancestor is resolved.
 * @param what how the message names the thing, e.g. `The output folder "images"`.
 * @throws {OutsideWorkspaceError}
 */
export async function assertInsideFolder(uri: vscode.Uri, root: vscode.Uri, what: string): Promise<void> {
  const rel = vscode.workspace.asRelativePath(uri);
  const fail = (why: string): never => {
    throw new OutsideWorkspaceError(vscode.l10n.t('{0} {1}; only files inside the workspace folder are used.', what, why));
  };
  if (hasDotSegments(uri)) fail(vscode.l10n.t('({0}) has "." or ".." in its path', rel));
  const rootPath = root.path.endsWith('/') ? root.path : `${root.path}/`;
  if (uri.scheme !== root.scheme || uri.authority !== root.authority || !(uri.path === root.path || uri.path.startsWith(rootPath))) {
    fail(vscode.l10n.t('({0}) is outside the workspace folder', rel));
  }
  if (uri.scheme !== 'file') return;
  const [real, realRoot] = await Promise.all([realPathOfNearest(uri.fsPath), realpath(root.fsPath)]);
  if (!isInsidePath(real, realRoot)) fail(vscode.l10n.t('({0}) leads outside the workspace folder through a symbolic link', rel));
}

/**
 * The workspace folder that holds `uri`, checked as {@link assertInsideFolder} does.
 * @throws {OutsideWorkspaceError} when no workspace folder holds it, or it escapes its folder.
 */
export async function workspaceFolderOf(uri: vscode.Uri, what: string): Promise<vscode.WorkspaceFolder> {
  const folder = hasDotSegments(uri) ? undefined : vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) {
    throw new OutsideWorkspaceError(vscode.l10n.t('{0} ({1}) is not inside a workspace folder; only workspace files are used.', what, uri.scheme === 'file' ? uri.fsPath : uri.toString(true)));
  }
  await assertInsideFolder(uri, folder.uri, what);
  return folder;
}
