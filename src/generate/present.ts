/**
 * How a run's results reach the user: the saved images open, and one notification says what was saved (the
 * model's words, the cost, what failed) with its follow-ups (Insert Markdown link, Copy path, Generate
 * again); for an agent's tool, the images open beside the chat and the results are collected instead.
 */
import * as vscode from 'vscode';
import { markdownLinks } from '../altText';
import { splitFileName } from '../images/naming';
import { showInfo, showWarning } from '../platform/notify';
import { errorMessage, formatCost } from '../shared/format';
import type { ImageJobResult } from './imageJob';
import { activeMarkdownEditor, type ImageRun, type ToolRun } from './run';

/** How a tool run opens an image: beside the chat, without taking focus. */
const BESIDE = { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: false };

/** What the notification after saving offers again: the run's own question, asked anew. */
export type Again = () => unknown;

/** Hands a finished job to a tool run: its result is collected and its images open beside the chat. */
export async function toTool(tool: ToolRun, result: ImageJobResult): Promise<vscode.Uri[]> {
  tool.results.push(result);
  for (const uri of result.uris) await vscode.commands.executeCommand('vscode.open', uri, BESIDE);
  return result.uris;
}

/** Opens one variation's images as soon as they are saved (beside the chat for a tool, which collects the result). */
export async function openVariation(run: ImageRun, result: ImageJobResult): Promise<void> {
  run.tool?.results.push(result);
  for (const uri of result.uris) await vscode.commands.executeCommand('vscode.open', uri, run.tool ? BESIDE : { preview: false, preserveFocus: true });
}

/** Opens the images of one request and offers the follow-ups; shows the model's text and the cost. */
export async function presentResult(run: ImageRun, result: ImageJobResult, prompt: string, again: Again): Promise<void> {
  for (const uri of result.uris) await vscode.commands.executeCommand('vscode.open', uri, { preview: result.uris.length === 1 });
  const names = result.uris.map((u) => vscode.workspace.asRelativePath(u)).join(', ');
  const cost = result.reply.usage?.cost !== undefined ? ` (${formatCost(result.reply.usage.cost)})` : '';
  const said = result.reply.text.trim() ? ` — ${result.reply.text.trim().slice(0, 200)}` : '';
  const refused = result.refused.length > 0 ? ' ' + vscode.l10n.t('{0} image(s) refused: {1}', result.refused.length, result.refused.join(' ')) : '';
  const notes = result.notes.length > 0 ? ` ${result.notes.join(' ')}` : '';
  offerFollowUps(run, { message: vscode.l10n.t('Saved {0}', names) + `${cost}${said}${refused}${notes}`, warn: !!(refused || notes), uris: result.uris, prompt, plural: false }, again);
}

/** The variations that came back, summarised: what was saved, what failed (each request's message), the total cost. */
export interface VariationsSummary {
  results: ImageJobResult[];
  /** One message per failed request. */
  failures: string[];
  /** How many were asked for. */
  asked: number;
  cancelled: number;
}

/** The notification after variations, with the follow-ups for all their files. */
export function presentVariations(run: ImageRun, v: VariationsSummary, prompt: string, again: Again): void {
  const uris = v.results.flatMap((r) => r.uris);
  const costs = v.results.map((r) => r.reply.usage?.cost).filter((c): c is number => c !== undefined);
  const cost = costs.length > 0 ? ` (${vscode.l10n.t('{0} in total', formatCost(costs.reduce((a, b) => a + b, 0)))})` : '';
  const notes = [...v.results.flatMap((r) => r.notes), ...v.failures, ...(v.cancelled > 0 ? [vscode.l10n.t('{0} cancelled.', v.cancelled)] : [])];
  const names = uris.map((u) => vscode.workspace.asRelativePath(u)).join(', ');
  const message = vscode.l10n.t('Saved {0} of {1} variations: {2}{3}.', v.results.length, v.asked, names, cost) + (notes.length > 0 ? ` ${notes.join(' ')}` : '');
  offerFollowUps(run, { message, warn: notes.length > 0, uris, prompt, plural: true }, again);
}

/** One notification after saving: its text, whether it warns, the files, the prompt (as alt text), singular or plural labels. */
interface FollowUp {
  message: string;
  warn: boolean;
  uris: vscode.Uri[];
  prompt: string;
  plural: boolean;
}

/**
 * The notification after saving, with its follow-ups: Insert Markdown link(s) (when the run started from a
 * Markdown editor), Copy path(s), Generate again. Not awaited: the command resolves when the files are saved,
 * not when the notification is dismissed.
 */
function offerFollowUps(run: ImageRun, f: FollowUp, again: Again): void {
  const [insert, copy] = f.plural ? [vscode.l10n.t('Insert Markdown links'), vscode.l10n.t('Copy paths')] : [vscode.l10n.t('Insert Markdown link'), vscode.l10n.t('Copy path')];
  const generateAgain = vscode.l10n.t('Generate again');
  const editor = run.markdownEditor;
  const actions = [...(editor ? [insert] : []), copy, generateAgain];
  void (f.warn ? showWarning : showInfo)(f.message, ...actions).then(async (choice) => {
    if (choice === insert && editor) await insertMarkdownLinks(editor, f.uris, f.prompt);
    else if (choice === copy) await vscode.env.clipboard.writeText(f.uris.map((u) => (u.scheme === 'file' ? u.fsPath : u.toString())).join('\n'));
    else if (choice === generateAgain) await again();
  }, (err) => run.log.error(errorMessage(err)));
}

/**
 * `openrouterStudio.insertImageLink uri`: inserts a Markdown link to the image into the visible Markdown
 * editor (relative path, file name as alt text), or says that none is open.
 */
export async function insertImageLink(uri: unknown): Promise<void> {
  if (!(uri instanceof vscode.Uri)) return;
  const editor = activeMarkdownEditor() ?? vscode.window.visibleTextEditors.find((e) => e.document.languageId === 'markdown');
  if (!editor) {
    void showInfo(vscode.l10n.t('Open a Markdown file to insert the image link into.'));
    return;
  }
  await insertMarkdownLinks(editor, [uri], splitFileName(uri.path).base.replace(/-/g, ' '));
}

async function insertMarkdownLinks(editor: vscode.TextEditor, uris: vscode.Uri[], alt: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(editor.document.uri);
  const shown = await vscode.window.showTextDocument(doc, editor.viewColumn);
  await shown.edit((b) => b.replace(shown.selection, markdownLinks(doc.uri.path, uris.map((u) => u.path), alt)));
}
