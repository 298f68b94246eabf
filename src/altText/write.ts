import * as vscode from 'vscode';
import { altReplacement, AltTextCheckError } from './check';
import { markupWorker } from './documentImages';
import { RUN_PARSE_DEADLINE_MS, type Job, type Plan, type SkippedImage } from './plan';
import { errorMessage } from '../shared/format';
import { settings } from '../platform/config';

/**
 * The run's last phase: each file's edited text re-parsed (in the worker thread) before anything is written,
 * then every result written in one `WorkspaceEdit` (one undo), only into documents whose text is still what
 * the run read; what is not written is added to `skipped` with the reason.
 * @param how.stopped whether the run stopped (an image not described says so, else that it was cancelled).
 * @param how.skipped where what is not written is added, with the reason.
 * @param how.select leave the one text written selected in its editor (the Quick Fix: the model's words are
 *   there to read, and one Undo removes them).
 * @param how.preview each alt text needs the user's confirmation in VS Code's Refactor Preview
 *   (`WorkspaceEditEntryMetadata.needsConfirmation`, listed unticked): what they do not tick, or discard, is
 *   not written, and is added to `skipped` with its text in the log (it was paid for).
 * @returns how many alt texts were written.
 * @throws when VS Code does not apply the edit (without a preview).
 */
export async function writeAltText(plans: Plan[], jobs: Map<string, Job>, how: { stopped: boolean; skipped: SkippedImage[]; log: vscode.LogOutputChannel; select?: boolean; preview?: boolean }): Promise<number> {
  const { stopped, skipped, log } = how;
  // Each file's edited text is re-parsed (in the worker thread) before anything is written: a reply that
  // would change more than the alt text (a new link, a split table cell) leaves the whole file as it is.
  const checked = await Promise.all(plans.map(async (plan) => {
    const writes: Array<Plan['items'][number] & { alt: string }> = [];
    const reasons: Array<{ target: string; reason: string }> = [];
    for (const item of plan.items) {
      const job = jobs.get(item.key)!;
      const reason = job.error ?? (job.alt === undefined ? (stopped ? vscode.l10n.t('not described: the run stopped') : vscode.l10n.t('not described: cancelled')) : undefined);
      if (reason) reasons.push({ target: item.target, reason });
      else writes.push({ ...item, alt: job.alt! });
    }
    let refused: { log: string; reason: string } | undefined;
    if (writes.length > 0) {
      try {
        await markupWorker().apply(plan.markup, plan.text, writes.map((w) => ({ edit: w, alt: w.alt })), { deadlineMs: RUN_PARSE_DEADLINE_MS, components: settings(plan.uri).imageComponents });
      } catch (err) {
        const log = errorMessage(err);
        refused = { log, reason: err instanceof AltTextCheckError ? vscode.l10n.t('the alt text would change the document around it; nothing was written to it') : log };
      }
    }
    return { writes, reasons, refused };
  }));
  const docs = await Promise.all(plans.map((p) => vscode.workspace.openTextDocument(p.uri)));
  // From here to `applyEdit` nothing awaits: the versions checked are the versions edited.
  const edit = new vscode.WorkspaceEdit();
  let updated = 0;
  let written: { uri: vscode.Uri; start: number; length: number } | undefined;
  const proposed: Array<{ plan: Plan; file: string; writes: ProposedWrite[] }> = [];
  // One category for the preview: its box (grouped by type) or each file's ticks them at once. VS Code lists
  // entries that need confirmation unticked: nothing is written that the user did not tick.
  const metadata: vscode.WorkspaceEditEntryMetadata | undefined = how.preview ? { needsConfirmation: true, label: vscode.l10n.t('Alt text from OpenRouter'), description: vscode.l10n.t('tick what to write') } : undefined;
  for (const [i, plan] of plans.entries()) {
    const file = vscode.workspace.asRelativePath(plan.uri);
    const doc = docs[i];
    const { writes, reasons, refused } = checked[i];
    if (doc.version !== plan.version || doc.getText() !== plan.text) {
      for (const item of plan.items) skipped.push({ file, target: item.target, reason: vscode.l10n.t('the file changed during the run; nothing was written to it') });
      continue;
    }
    for (const r of reasons) skipped.push({ file, ...r });
    if (refused !== undefined) {
      log.warn(`Alt text not written to ${file}: ${refused.log}`);
      for (const w of writes) skipped.push({ file, target: w.target, reason: refused.reason });
      continue;
    }
    const mine: ProposedWrite[] = [];
    for (const w of writes) {
      const text = altReplacement(w, w.alt);
      edit.replace(plan.uri, new vscode.Range(doc.positionAt(w.start), doc.positionAt(w.end)), text, metadata);
      written = { uri: plan.uri, start: w.start + w.before.length, length: text.length - w.before.length - w.after.length };
      mine.push({ start: w.start, end: w.end, text, target: w.target, alt: w.alt });
      updated++;
    }
    if (mine.length > 0) proposed.push({ plan, file, writes: mine });
  }
  if (updated === 0) return 0;
  // A refactoring for VS Code: when it spans several files, they are saved as after a rename
  // (`files.refactoring.autoSave`, on by default), instead of staying open and unsaved in the background.
  const applied = await vscode.workspace.applyEdit(edit, { isRefactoring: true });
  if (how.preview) return keptInPreview(proposed, applied, how);
  if (!applied) throw new Error(vscode.l10n.t('VS Code did not apply the alt text edit; nothing was written.'));
  if (how.select && updated === 1 && written) selectWritten(written);
  return updated;
}

/** One replacement offered: the original range of the document, its new text, and what it was for. */
interface ProposedWrite {
  start: number;
  end: number;
  text: string;
  target: string;
  alt: string;
}

/**
 * After the Refactor Preview: which replacements are in the documents now (the user may untick some, or
 * discard all). Each is looked for where it would be with the ones before it applied or not.
 * @returns how many were written; the others are added to `how.skipped`, their text to the log.
 */
async function keptInPreview(proposed: Array<{ plan: Plan; file: string; writes: ProposedWrite[] }>, applied: boolean, how: { skipped: SkippedImage[]; log: vscode.LogOutputChannel }): Promise<number> {
  let kept = 0;
  for (const { plan, file, writes } of proposed) {
    const text = applied ? (await vscode.workspace.openTextDocument(plan.uri)).getText() : plan.text;
    let shift = 0;
    for (const w of [...writes].sort((a, b) => a.start - b.start)) {
      if (text.startsWith(w.text, w.start + shift)) {
        shift += w.text.length - (w.end - w.start);
        kept++;
      } else {
        how.log.info(`Alt text not written to ${file} (${w.target}), not ticked in the preview: ${w.alt}`);
        how.skipped.push({ file, target: w.target, reason: vscode.l10n.t('not ticked in the preview (the text is in the output log)') });
      }
    }
  }
  return kept;
}

/** Selects the written alt text in the editor that shows its document (the only write of the edit, so its offsets before it hold). */
function selectWritten(w: { uri: vscode.Uri; start: number; length: number }): void {
  const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === w.uri.toString());
  if (!editor) return;
  const start = editor.document.positionAt(w.start);
  const end = editor.document.positionAt(w.start + w.length);
  editor.selection = new vscode.Selection(start, end);
  editor.revealRange(new vscode.Range(start, end));
}
