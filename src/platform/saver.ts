import { link, unlink } from 'node:fs/promises';
import * as vscode from 'vscode';
import { assertInsideFolder } from './workspacePaths';
import { candidateName } from '../images/naming';
import { resolveInside } from '../images/paths';

/**
 * Writes `data` as a new file `<folder>/<baseName>.<ext>` (or `-2`, `-3` … when taken), never
 * overwriting anything: the bytes go to a hidden temporary file in the same folder first, which is then
 * renamed with `overwrite: false`, so a reader never sees a half-written image and a file created
 * meanwhile by someone else is kept. Goes through `workspace.fs`, so remote and virtual workspaces work.
 * The folder is created when missing. With `root` (the workspace folder it must stay in), the folder is
 * checked before it is created and again after, by real path on `file:` (a symbolic link that leaves the
 * workspace is refused).
 * @param fs the file system (default `workspace.fs`; tests pass one with other timing or failures).
 * @returns the new file's Uri.
 * @throws {OutsideWorkspaceError} when `folder` leaves `root`; the file system's error (the temporary
 *   file is removed first).
 */
export async function saveNewFile(folder: vscode.Uri, baseName: string, ext: string, data: Uint8Array, root?: vscode.Uri, fs: FileSystemLike = vscode.workspace.fs): Promise<vscode.Uri> {
  const what = vscode.l10n.t('The folder {0}', vscode.workspace.asRelativePath(folder));
  if (root) await assertInsideFolder(folder, root, what);
  await fs.createDirectory(folder);
  if (root) await assertInsideFolder(folder, root, what);
  for (let attempt = 1; attempt <= 1000; attempt++) {
    const name = candidateName(baseName, ext, attempt);
    const target = vscode.Uri.joinPath(folder, name);
    const key = target.toString();
    // Names being written by this extension host are reserved, so two saves at the same moment (chat
    // and Generate image, say) never pick the same free name.
    if (reserved.has(key) || (await exists(fs, target))) continue;
    // Checked again after the await, and taken in the same turn: no other save can slip in between.
    if (reserved.has(key)) continue;
    reserved.add(key);
    const temp = vscode.Uri.joinPath(folder, `.${name}.${Math.random().toString(36).slice(2, 10)}.tmp`);
    try {
      await fs.writeFile(temp, data);
      await publish(fs, temp, target);
      return target;
    } catch (err) {
      await fs.delete(temp, { useTrash: false }).then(undefined, () => undefined);
      if ((err instanceof vscode.FileSystemError && err.code === 'FileExists') || (err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw err;
    } finally {
      reserved.delete(key);
    }
  }
  throw new Error(vscode.l10n.t('No free file name for {0} in {1}', `${baseName}.${ext}`, folder.fsPath));
}

/** The part of `vscode.FileSystem` the saver uses. */
export type FileSystemLike = Pick<vscode.FileSystem, 'stat' | 'createDirectory' | 'writeFile' | 'rename' | 'delete'>;

/** Target Uris being written now (see {@link saveNewFile}). */
const reserved = new Set<string>();

/**
 * Gives the finished temporary file its name without ever replacing a file. On `file:` a hard link is the
 * file system's own exclusive create (it fails with `EEXIST` if another process took the name meanwhile),
 * then the temporary name goes; elsewhere `rename` with `overwrite: false`, the best `workspace.fs` offers.
 */
async function publish(fs: FileSystemLike, temp: vscode.Uri, target: vscode.Uri): Promise<void> {
  if (temp.scheme === 'file' && fs === vscode.workspace.fs) {
    try {
      await link(temp.fsPath, target.fsPath);
      await unlink(temp.fsPath);
      return;
    } catch (err) {
      // A file system without hard links (FAT, some network shares) falls back to rename below.
      if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'ENOSYS'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
    }
  }
  await fs.rename(temp, target, { overwrite: false });
}

/**
 * The output folder for generated images: `setting` (e.g. `openrouterStudio.outputDirectory`) inside
 * the workspace folder `root`.
 * @throws {OutsideWorkspaceError} when `setting` would leave `root`.
 */
export function outputFolder(root: vscode.Uri, setting: string): vscode.Uri {
  const segments = resolveInside(setting);
  return segments.length > 0 ? vscode.Uri.joinPath(root, ...segments) : root;
}

/**
 * {@link outputFolder}, also checked by real path before anything is sent or written: a symbolic link on
 * the way out of `root` is refused, with a message naming the setting's value.
 * @throws {OutsideWorkspaceError} when the folder leaves `root`, by its path or through a link.
 */
export async function checkedOutputFolder(root: vscode.Uri, setting: string): Promise<vscode.Uri> {
  const target = outputFolder(root, setting);
  await assertInsideFolder(target, root, vscode.l10n.t('The output folder "{0}"', setting));
  return target;
}

async function exists(fs: FileSystemLike, uri: vscode.Uri): Promise<boolean> {
  try {
    await fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
