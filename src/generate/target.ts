/**
 * Where Generate image saves: the output folder of the right workspace folder, checked to stay inside it.
 */
import * as vscode from 'vscode';
import { generatedBaseName, splitFileName } from '../images/naming';
import { settings } from '../platform/config';
import { activeImageUri } from '../platform/readImage';
import { checkedOutputFolder } from '../platform/saver';
import type { SaveTarget } from './imageJob';

/**
 * Where a generated image goes: `<folder>/<outputDirectory>` of the active editor's workspace folder,
 * the only folder, or the one the user picks; with no folder open, a save dialog (interactive only).
 * @param when the time in the file's name.
 * @returns `undefined` when the user cancelled a choice.
 * @throws {OutsideWorkspaceError} when the directory would leave the workspace folder, by path or through
 *   a symbolic link; an `Error` for automation with no folder open.
 */
export async function generationTarget(prompt: string, when: Date, outputDirectory: string | undefined, automated: boolean): Promise<SaveTarget | undefined> {
  const baseName = generatedBaseName(prompt, when);
  const folders = vscode.workspace.workspaceFolders ?? [];
  let folder: vscode.WorkspaceFolder | undefined;
  const activeUri = vscode.window.activeTextEditor?.document.uri ?? activeImageUri();
  if (activeUri) folder = vscode.workspace.getWorkspaceFolder(activeUri);
  if (!folder && folders.length === 1) folder = folders[0];
  if (!folder && folders.length > 1) {
    folder = automated ? folders[0] : await vscode.window.showWorkspaceFolderPick({ placeHolder: vscode.l10n.t('Save the image in which workspace folder?') });
    if (!folder) return undefined;
  }
  if (!folder) {
    if (automated) throw new Error(vscode.l10n.t('Open a folder to save generated images into.'));
    const picked = await vscode.window.showSaveDialog({ title: vscode.l10n.t('Save generated image'), defaultUri: vscode.Uri.file(`${baseName}.png`), filters: { [vscode.l10n.t('Images')]: ['png', 'jpg', 'webp', 'gif'] } });
    if (!picked) return undefined;
    return { folder: vscode.Uri.joinPath(picked, '..'), baseName: splitFileName(picked.path).base };
  }
  const target = await checkedOutputFolder(folder.uri, outputDirectory ?? settings(folder.uri).outputDirectory);
  return { folder: target, baseName, root: folder.uri };
}
