import * as vscode from 'vscode';
import { parseDocument } from './documentImages';
import { lacksAltText } from './foundImage';
import { showError } from '../platform/notify';
import { errorMessage } from '../shared/format';

/**
 * `openrouterStudio.markDecorativeAt uri offset`: the Quick Fix **Mark as decorative** on an HTML or JSX image
 * without alt text (an `<img>` in a Markdown file too): writes `alt=""`, which tells assistive technology to
 * skip the image (WCAG technique H67, https://www.w3.org/WAI/WCAG22/Techniques/html/H67). Markdown's own
 * `![](…)` has no way to say "decorative" (its empty alt is the missing alt text MD045 reports), so it is not
 * offered there. Nothing is sent anywhere; one Undo removes the edit.
 * @returns whether `alt=""` was written.
 */
export async function markDecorativeAt(uri: unknown, offset: unknown): Promise<boolean> {
  if (!(uri instanceof vscode.Uri) || typeof offset !== 'number') return false;
  return markDecorative(uri, offset, false);
}

/**
 * Writes `alt=""` on the element image at `offset` of `uri`: one without alt text, or (`replace`, from
 * Improve alt text) one whose alt text is replaced.
 * @returns whether it was written.
 */
export async function markDecorative(uri: vscode.Uri, offset: number, replace: boolean): Promise<boolean> {
  try {
    const doc = await vscode.workspace.openTextDocument(uri);
    const version = doc.version;
    const text = doc.getText();
    // An element (`<img>`, `<Image>`, HTML in Markdown too), not Markdown's `![…](…)`; an alt given by an
    // expression is not text to replace.
    const [image] = (await parseDocument(doc, text, { deadlineMs: 10_000 })).filter((i) => i.start <= offset && offset <= i.end && (replace ? !i.decorative && !i.bound : lacksAltText(i)) && text[i.start] === '<');
    if (!image || doc.version !== version) return false;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(doc.positionAt(image.edit.start), doc.positionAt(image.edit.end)), `${image.edit.before}${image.edit.after}`);
    return await vscode.workspace.applyEdit(edit);
  } catch (err) {
    void showError(vscode.l10n.t('Mark as decorative failed: {0}', errorMessage(err)));
    return false;
  }
}
