import * as vscode from 'vscode';
import type { ImageDetails } from '../images/readDetails';
import { ImageRejectedError } from '../images/mime';
import { clip, errorMessage } from '../shared/format';
import { isAutomationArg } from '../platform/args';
import type { ImageCommandDeps } from '../generate';
import { showError } from '../platform/notify';
import { generateAgain } from './generateAgain';
import { detailsOf, imageUriOf } from './read';
import { canGenerateAgain, detailRows } from './rows';

/**
 * `openrouterStudio.imageDetails [uri] [{ show?: boolean }]`: what is known about an image (explorer and the
 * image preview's title bar). Shown as a list: choosing a row (or its copy button) copies its value; "Generate
 * again" when the image was made here. With `{ show: false }` nothing is shown.
 * @returns the details.
 * @throws with an argument: {@link ImageRejectedError} for a file that is not an image.
 */
export async function imageDetails(deps: ImageCommandDeps, first?: unknown, second?: unknown): Promise<ImageDetails | undefined> {
  const automated = isAutomationArg(second);
  const uri = imageUriOf(first);
  if (!uri) {
    const message = vscode.l10n.t('Select a PNG, JPEG, WebP, GIF or SVG image to see its details.');
    if (automated) throw new ImageRejectedError(message);
    void showError(message);
    return undefined;
  }
  let details: ImageDetails;
  try {
    details = await detailsOf(uri);
  } catch (err) {
    if (automated) throw err;
    void showError(errorMessage(err));
    return undefined;
  }
  if (automated && (second as { show?: unknown }).show === false) return details;
  void showDetails(deps, uri, details);
  return details;
}

type Row = vscode.QuickPickItem & { value?: string; action?: 'all' };

/** The title-bar button of Image details that makes the image again (it asks first, listing what it sends). */
const AGAIN: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('sync'), tooltip: vscode.l10n.t('Generate again… (asks first, with the price)') };

async function showDetails(deps: ImageCommandDeps, uri: vscode.Uri, details: ImageDetails): Promise<void> {
  const copy: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('copy'), tooltip: vscode.l10n.t('Copy') };
  const rows = detailRows(details);
  // The first, focused row is harmless (Copy all): Enter never spends. Generate again is an explicit button.
  const items: Row[] = [
    { label: `$(copy) ${vscode.l10n.t('Copy all')}`, action: 'all' },
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    ...rows.map((r) => ({ label: r.label, description: clip(r.value.replace(/\s+/g, ' '), 300), value: r.value, buttons: [copy] })),
  ];
  const pick = vscode.window.createQuickPick<Row>();
  pick.title = vscode.l10n.t('Image details: {0}', vscode.workspace.asRelativePath(uri));
  pick.placeholder = canGenerateAgain(details) ? vscode.l10n.t('Choose a row to copy its value; Generate again is the button above') : vscode.l10n.t('Choose a row to copy its value');
  pick.matchOnDescription = true;
  pick.items = items;
  if (canGenerateAgain(details)) pick.buttons = [AGAIN];
  const copyValue = async (text: string, what: string): Promise<void> => {
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Copied {0}', what)}`, 2000);
  };
  pick.onDidTriggerButton((b) => {
    if (b !== AGAIN) return;
    pick.hide();
    void generateAgain(deps, uri);
  });
  pick.onDidTriggerItemButton((e) => void copyValue(e.item.value ?? '', e.item.label.toLowerCase()));
  pick.onDidAccept(() => {
    const item = pick.selectedItems[0];
    pick.hide();
    if (item?.action === 'all') void copyValue(rows.map((r) => `${r.label}: ${r.value}`).join('\n'), vscode.l10n.t('all details'));
    else if (item?.value !== undefined) void copyValue(item.value, item.label.toLowerCase());
  });
  pick.onDidHide(() => pick.dispose());
  pick.show();
}
