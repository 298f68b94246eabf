import * as vscode from 'vscode';
import { MARKUP_EXTENSIONS, markupOf } from './documentImages';
import { ALT_TEXT_MAX_TOKENS, runAltText, type AddAltTextResult, type AltTextDeps, type AltTextRunSummary } from './run';
import { markDecorative } from './decorative';
import type { AltImprovement } from './text';
import { isAbortError } from '../openrouter/errors';
import { settings } from '../platform/config';
import type { SpendQuestion } from '../shared/spendQuestion';
import { formatCost, errorMessage } from '../shared/format';
import { ArgumentError, isAutomationArg } from '../platform/args';
import { showOpenRouterError } from '../platform/errors';
import { showError, showInfo, showWarning, withNotificationProgress } from '../platform/notify';
import { filesUnder } from '../platform/workspaceFiles';

/** The automation argument of `openrouterStudio.addAltText`. */
export interface AddAltTextArgs {
  /** Vision model; default `openrouterStudio.visionModel`. */
  model?: string;
  /** Also replace alt text that is there; default `false` (only missing or empty alt text). */
  overwrite?: boolean;
}

/**
 * `openrouterStudio.addAltText [uri | (uri, uri[])] [args]`: alt text for every image without it in a
 * Markdown, HTML, MDX or component (JSX, TSX, Vue, Svelte, Astro) file, or in every such file under a folder
 * (default: the active editor's document).
 * Interactive: a cancellable progress notification counting images (`3 of 12`), then a summary with the
 * cost; errors as notifications. With {@link AddAltTextArgs}: no UI at all.
 * @returns what was written and skipped; `undefined` interactively when there was nothing to run on.
 * @throws with an argument: the error that stopped the run (a key, credit or moderation problem), after
 *   what finished before it was written; an {@link ArgumentError} for a malformed argument.
 */
export async function addAltText(deps: AltTextDeps, first?: unknown, second?: unknown): Promise<AddAltTextResult | undefined> {
  const automated = isAutomationArg(second);
  const args = (automated ? second : {}) as AddAltTextArgs;
  if (args.model !== undefined && typeof args.model !== 'string') throw new ArgumentError('model must be a string.');
  if (args.overwrite !== undefined && typeof args.overwrite !== 'boolean') throw new ArgumentError('overwrite must be true or false.');
  const picked = Array.isArray(second) && second.length > 0 && second.every((u) => u instanceof vscode.Uri) ? (second as vscode.Uri[])
    : first instanceof vscode.Uri ? [first]
    : vscode.window.activeTextEditor ? [vscode.window.activeTextEditor.document.uri] : [];
  const fail = (message: string): undefined => {
    if (automated) throw new Error(message);
    void showError(message);
    return undefined;
  };
  if (picked.length === 0) return fail(vscode.l10n.t('Open a Markdown, HTML, MDX or component file (JSX, TSX, Vue, Svelte, Astro), or pick one or a folder in the Explorer, to add alt text.'));
  let files: vscode.Uri[];
  try {
    files = (await Promise.all(picked.map((p) => filesUnder(p, Object.keys(MARKUP_EXTENSIONS))))).flat();
    const docs = await Promise.all(files.map((f) => vscode.workspace.openTextDocument(f)));
    files = docs.filter((d) => markupOf(d) !== undefined).map((d) => d.uri);
  } catch (err) {
    return fail(errorMessage(err));
  }
  if (files.length === 0) return fail(vscode.l10n.t('No Markdown, HTML, MDX or component file (JSX, TSX, Vue, Svelte, Astro) to add alt text to.'));
  const model = args.model?.trim() || settings(files[0]).visionModel;
  const overwrite = args.overwrite ?? false;
  if (automated) {
    const { error, declined: _declined, ...result } = await runAltText(deps, files, { model, overwrite });
    if (error !== undefined) throw error;
    return result;
  }
  // A folder (or several files) asks first, with the number of images and files and the estimate.
  const askFirst = files.length > 1 || picked.some((p) => !files.some((f) => f.toString() === p.toString()));
  return interactive(deps, files, { model, overwrite, askFirst });
}

/**
 * The Quick Fix: alt text for the one image whose reference holds `offset` in `uri`, with progress and
 * errors shown. Command `openrouterStudio.generateAltTextAt` (not in the palette).
 */
export async function generateAltTextAt(deps: AltTextDeps, uri: unknown, offset: unknown): Promise<AddAltTextResult | undefined> {
  if (!(uri instanceof vscode.Uri) || typeof offset !== 'number') return undefined;
  return interactive(deps, [uri], { model: settings(uri).visionModel, overwrite: false, at: offset });
}

/**
 * The Quick Fix **Improve alt text with OpenRouter** on an image that has alt text (command
 * `openrouterStudio.improveAltTextAt uri offset`, not in the palette): asks what the image is for
 * (informative, functional, or — for an element — decorative, which writes `alt=""` and sends nothing), then
 * sends the image with its current alt text and the words around it, and replaces the alt text with the
 * answer, left selected (one Undo restores the old one).
 */
export async function improveAltTextAt(deps: AltTextDeps, uri: unknown, offset: unknown, current: unknown): Promise<AddAltTextResult | boolean | undefined> {
  if (!(uri instanceof vscode.Uri) || typeof offset !== 'number' || typeof current !== 'string') return undefined;
  const t = vscode.l10n.t;
  const doc = await vscode.workspace.openTextDocument(uri);
  const element = doc.getText(new vscode.Range(doc.positionAt(offset), doc.positionAt(offset + 1))) === '<';
  const purposes = [
    { label: t('Informative'), detail: t('It shows something the text needs: describe what matters'), purpose: 'informative' as const },
    { label: t('Functional'), detail: t('It is a link or a button: say what it does or where it leads'), purpose: 'functional' as const },
    ...(element ? [{ label: t('Decorative'), detail: t('It only decorates: write alt="" so screen readers skip it (nothing is sent)'), purpose: 'decorative' as const }] : []),
  ];
  const picked = await vscode.window.showQuickPick(purposes, { title: t('Improve alt text: what is this image for?'), placeHolder: t('Now: {0}', current.slice(0, 200)) });
  if (!picked) return undefined;
  if (picked.purpose === 'decorative') return markDecorative(uri, offset, true);
  return interactive(deps, [uri], { model: settings(uri).visionModel, overwrite: true, at: offset, improve: { current, purpose: picked.purpose } });
}

/**
 * The question before a run of Add missing alt text: the model, how many images in how many files, the
 * reply's bound, each image uploaded, and the estimate.
 */
export function altTextQuestion(model: string, summary: AltTextRunSummary): SpendQuestion {
  const t = vscode.l10n.t;
  return {
    title: t('Write alt text for {0} image(s) in {1} file(s) with {2}?', summary.images, summary.files, model),
    facts: [
      { label: t('Model'), value: model },
      { label: t('Requests'), value: t('{0}, one per image, each reply at most {1} tokens', summary.images, ALT_TEXT_MAX_TOKENS) },
      { label: t('Files'), value: String(summary.files) },
    ],
    uploads: summary.uploads,
    estimate: summary.estimate,
  };
}

/**
 * An interactive run: a folder (`askFirst`) asks first with {@link altTextQuestion}; a single image or file
 * asks only past the spending limit. Then progress, and a summary with the cost.
 */
async function interactive(deps: AltTextDeps, files: vscode.Uri[], opts: { model: string; overwrite: boolean; at?: number; askFirst?: boolean; improve?: AltImprovement }): Promise<AddAltTextResult | undefined> {
  const title = files.length === 1 ? vscode.l10n.t('Alt text for {0}', vscode.workspace.asRelativePath(files[0])) : vscode.l10n.t('Alt text for {0} files', files.length);
  let agreedPastLimit = false;
  const confirm = async (summary: AltTextRunSummary): Promise<boolean> => {
    const question = altTextQuestion(opts.model, summary);
    const pastLimit = deps.consent.wouldPass(summary.estimate.usd ?? 0);
    if (opts.askFirst) {
      // The question shows the total against the limit, so its yes also agrees to pass it.
      if (!(await deps.consent.ask(question, vscode.l10n.t('Write alt text'), { chooseUploads: false }))) return false;
    } else if (!(await deps.consent.checkLimit(question, 'interactive'))) return false;
    agreedPastLimit = pastLimit;
    return true;
  };
  const run = withNotificationProgress(title, true, (progress, signal) => {
    let last = 0;
    return runAltText(deps, files, {
      ...opts,
      // A run on several files is reviewed in the Refactor Preview, unless the user turned that off.
      preview: opts.askFirst === true && settings(files[0]).altTextPreview,
      confirm,
      limitAgreed: () => agreedPastLimit,
      signal,
      onProgress: ({ done, total }) => {
        progress.report({ message: vscode.l10n.t('{0} of {1}', done, total), increment: total > 0 ? ((done - last) / total) * 100 : undefined });
        last = done;
      },
    });
  });
  let outcome: Awaited<typeof run>;
  try {
    outcome = await run;
  } catch (err) {
    // Cancel while the documents were still being parsed: nothing was sent or written, nothing to report.
    if (isAbortError(err)) return undefined;
    const message = errorMessage(err);
    deps.log.error(message);
    void showError(message);
    return undefined;
  }
  const { error, declined, ...result } = outcome;
  if (declined) return undefined;
  for (const s of result.skipped) deps.log.info(`Skipped ${s.target} in ${s.file}: ${s.reason}`);
  if (error !== undefined) void showOpenRouterError(error, deps.log);
  void summarise(result, files.length, deps.log);
  return result;
}

/** The summary notification: how many were written, how many skipped and why, and the cost. */
export function summaryOf(result: AddAltTextResult, fileCount: number): string {
  const images = (n: number): string => (n === 1 ? vscode.l10n.t('1 image') : vscode.l10n.t('{0} images', n));
  const one = fileCount === 1;
  const cost = result.cost !== undefined ? ` (${formatCost(result.cost)})` : '';
  const written = result.updated > 0
    ? one ? vscode.l10n.t('Alt text written for {0}{1}.', images(result.updated), cost) : vscode.l10n.t('Alt text written for {0} in {1} files{2}.', images(result.updated), fileCount, cost)
    : one ? vscode.l10n.t('No alt text written{0}.', cost) : vscode.l10n.t('No alt text written in {0} files{1}.', fileCount, cost);
  if (result.skipped.length === 0) return result.updated > 0 ? written : one ? vscode.l10n.t('Every image already has alt text.') : vscode.l10n.t('Every image in {0} files already has alt text.', fileCount);
  const reasons = new Map<string, number>();
  for (const s of result.skipped) reasons.set(s.reason, (reasons.get(s.reason) ?? 0) + 1);
  const why = [...reasons].map(([r, n]) => `${n} ${r}`).join('; ');
  return vscode.l10n.t('{0} {1} skipped: {2}.', written, images(result.skipped.length), why);
}

async function summarise(result: AddAltTextResult, fileCount: number, log: vscode.LogOutputChannel): Promise<void> {
  const message = summaryOf(result, fileCount);
  const details = vscode.l10n.t('Show details');
  const choice = result.skipped.length > 0 ? await showWarning(message, details) : await showInfo(message);
  if (choice === details) log.show(true);
}
