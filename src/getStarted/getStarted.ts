import * as vscode from 'vscode';
import { checkedOutputFolder, saveNewFile } from '../platform/saver';
import { settings } from '../platform/config';
import { showError } from '../platform/notify';
import { errorMessage } from '../shared/format';

/** The walkthrough's id, as `workbench.action.openWalkthrough` takes it: `<publisher>.<name>#<walkthrough id>`. */
export const WALKTHROUGH_ID = 'openrouter-studio.openrouter-studio#openrouterStudio.getStarted';

/** `openrouterStudio.getStarted`: opens the Get Started walkthrough (it never opens by itself). */
export async function getStarted(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false);
}

/**
 * `openrouterStudio.addSampleImage`: for the walkthrough's Describe step in a workspace without images —
 * copies the extension's sample picture into the output folder (`openrouterStudio.outputDirectory`) as
 * `openrouter-sample.png` (`-2` … when taken, never over a file) and opens it.
 * @returns the new file; `undefined` with a message when no folder is open.
 */
export async function addSampleImage(extensionUri: vscode.Uri): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void showError(vscode.l10n.t('Open a folder first: the sample image is saved into it.'));
    return undefined;
  }
  try {
    const target = await checkedOutputFolder(folder.uri, settings(folder.uri).outputDirectory);
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'media', 'walkthrough', 'sample.png'));
    const uri = await saveNewFile(target, 'openrouter-sample', 'png', bytes, folder.uri);
    await vscode.commands.executeCommand('vscode.open', uri);
    return uri;
  } catch (err) {
    void showError(errorMessage(err));
    return undefined;
  }
}
