/**
 * What a gallery tile can do, each exactly as the command it stands for (with that command's checks and
 * questions): open, reveal in the Explorer, copy the path or a Markdown link, Image details, Generate again,
 * Edit image, Describe, Refine in the chat view; and delete to the trash after asking.
 */
import * as vscode from 'vscode';
import { markdownLinks } from '../altText';
import { askModal, showError, showInfo } from '../platform/notify';
import { errorMessage } from '../shared/format';
import type { GalleryAction } from '../webview/galleryProtocol';
import { fileName, type GalleryEntry } from './entry';

/** What the gallery's actions need. */
export interface GalleryDeps {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  /** Attaches the image in the chat view and shows it ("Refine this"). */
  refine: (uri: vscode.Uri) => Promise<void>;
}

/** The commands the actions stand for. */
const COMMANDS: Partial<Record<GalleryAction, string>> = {
  details: 'openrouterStudio.imageDetails',
  generateAgain: 'openrouterStudio.generateAgain',
  edit: 'openrouterStudio.editImage',
  describe: 'openrouterStudio.describeImage',
};

/** Runs `action` on the image of `entry`; failures are shown to the user, never thrown into the view. */
export async function runAction(deps: GalleryDeps, action: GalleryAction, entry: GalleryEntry): Promise<void> {
  const uri = vscode.Uri.parse(entry.uri, true);
  try {
    const command = COMMANDS[action];
    if (command) {
      await vscode.commands.executeCommand(command, uri);
      return;
    }
    switch (action) {
      case 'open':
        await vscode.commands.executeCommand('vscode.open', uri);
        return;
      case 'reveal':
        await vscode.commands.executeCommand('revealInExplorer', uri);
        return;
      case 'copyPath':
        await vscode.env.clipboard.writeText(entry.path);
        void showInfo(vscode.l10n.t('Copied {0}', entry.path));
        return;
      case 'copyLink':
        await vscode.env.clipboard.writeText(markdownLinkTo(uri));
        void showInfo(vscode.l10n.t('Copied a Markdown link to {0}', entry.path));
        return;
      case 'refine':
        await deps.refine(uri);
        return;
      case 'delete':
        await deleteToTrash(uri, entry);
        return;
    }
  } catch (err) {
    deps.log.warn(`Gallery: ${action} failed: ${errorMessage(err)}`);
    void showError(errorMessage(err));
  }
}

/**
 * A Markdown link to `uri`, relative to the Markdown file open in an editor (as Insert Markdown link writes
 * it), else to the top of its workspace folder; the file name as its alt text.
 */
export function markdownLinkTo(uri: vscode.Uri): string {
  const editor = vscode.window.visibleTextEditors.find((e) => e.document.languageId === 'markdown');
  const from = editor?.document.uri.path ?? `${(vscode.workspace.getWorkspaceFolder(uri)?.uri.path ?? '').replace(/\/$/, '')}/index.md`;
  const alt = fileName({ path: uri.path }).replace(/\.[^.]+$/, '').replace(/-/g, ' ');
  return markdownLinks(from, [uri.path], alt);
}

/**
 * Asks, then moves the file to the trash (`workspace.fs.delete` with `useTrash`); where the file system has no
 * trash, asks again before deleting it for good.
 */
async function deleteToTrash(uri: vscode.Uri, entry: GalleryEntry): Promise<void> {
  const del = vscode.l10n.t('Move to Trash');
  const answer = await askModal(vscode.l10n.t('Move {0} to the trash?', entry.path), vscode.l10n.t('You can restore it from the trash.'), del);
  if (answer !== del) return;
  try {
    await vscode.workspace.fs.delete(uri, { useTrash: true });
  } catch (err) {
    // A remote or virtual file system may have no trash ("provider does not support it"): as VS Code's
    // explorer does, the file is deleted for good only after a second, plain question.
    if (!/trash/i.test(errorMessage(err))) throw err;
    const forGood = vscode.l10n.t('Delete Permanently');
    const again = await askModal(vscode.l10n.t('{0} cannot be moved to the trash here. Delete it permanently?', entry.path), vscode.l10n.t('This file system has no trash: the file cannot be restored.'), forGood);
    if (again !== forGood) return;
    await vscode.workspace.fs.delete(uri, { useTrash: false });
  }
}
