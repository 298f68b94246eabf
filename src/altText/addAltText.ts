import { createHash } from 'node:crypto';
import pLimit from 'p-limit';
import * as vscode from 'vscode';
import { lacksAltText, surroundingText, type FoundImage } from './find';
import { markupParsers } from '../shared/loadParsers';
import { altTextInstruction, cleanAltText } from './text';
import { altReplacement, AltTextCheckError } from './check';
import { collectReply } from '../openrouter/collect';
import { isAbortError, OpenRouterError } from '../openrouter/errors';
import type { ClientProvider } from '../platform/clientFactory';
import { settings } from '../platform/config';
import { UntrustedBaseUrlError } from '../platform/baseUrlGuard';
import { SpendingLimitError, type Consent } from '../platform/consent';
import type { ModelCatalog } from '../platform/modelCatalog';
import { addEstimates, estimateText, type Estimate } from '../openrouter/pricing';
import type { SpendQuestion } from '../shared/spendQuestion';
import { assertInsideFolder } from '../platform/workspacePaths';
import { formatCost, errorMessage } from '../shared/format';
import { ArgumentError, isAutomationArg } from '../platform/args';
import { documentImages, MARKUP_EXTENSIONS, markupOf, markupWorker } from './documentImages';
import { showOpenRouterError } from '../platform/errors';
import { showError, showInfo, showWarning, withNotificationProgress } from '../platform/notify';
import { readWorkspaceImage, type WorkspaceImage } from '../platform/readImage';

/** The automation argument of `openrouterStudio.addAltText`. */
export interface AddAltTextArgs {
  /** Vision model; default `openrouterStudio.visionModel`. */
  model?: string;
  /** Also replace alt text that is there; default `false` (only missing or empty alt text). */
  overwrite?: boolean;
}

/** What a run did. `file` is workspace-relative; `target` is the image as written in the document. */
export interface AddAltTextResult {
  updated: number;
  skipped: Array<{ file: string; target: string; reason: string }>;
  /** USD, summed over the requests that reported it. */
  cost?: number;
}

export interface AltTextDeps {
  clients: ClientProvider;
  /** The vision model's price, for the estimate. */
  catalog: Pick<ModelCatalog, 'find'>;
  /** The question before a folder run, and the spending limit. */
  consent: Pick<Consent, 'ask' | 'checkLimit' | 'wouldPass' | 'refusal'>;
  log: vscode.LogOutputChannel;
}

/**
 * `max_tokens` of each alt-text request: the reply is read up to 4,000 characters (about four a token) and
 * cut to 250 (`MAX_ALT_CHARACTERS`); a longer reply would be paid for and thrown away.
 */
export const ALT_TEXT_MAX_TOKENS = 1000;

/** What a run is about to send, for the question before it starts. */
export interface AltTextRunSummary {
  images: number;
  files: number;
  /** Workspace-relative names of the images that will be uploaded. */
  uploads: string[];
  estimate: Estimate;
}

/** Requests at once. */
const PARALLEL = 4;
/** How long a run may parse one document, in milliseconds (in the worker thread; Cancel ends it sooner). */
const RUN_PARSE_DEADLINE_MS = 120_000;

/** Errors after which no other request can succeed either: the run stops. */
export function stopsTheRun(err: unknown): boolean {
  if (err instanceof UntrustedBaseUrlError || err instanceof SpendingLimitError) return true;
  return err instanceof OpenRouterError && (err.kind === 'no-key' || err.status === 401 || err.status === 402 || err.status === 403);
}

/** One document as the run read it. */
interface Plan {
  uri: vscode.Uri;
  markup: 'markdown' | 'html';
  version: number;
  text: string;
  items: Array<{ start: number; end: number; before: string; after: string; syntax: 'markdown' | 'html'; target: string; key: string }>;
}

/** One distinct image (by its bytes) to describe. */
interface Job {
  image: WorkspaceImage;
  context: string;
  alt?: string;
  error?: string;
}

/** Where a run is: reported after each finished image. */
export interface AltTextProgress {
  done: number;
  total: number;
}

/**
 * Writes alt text for the images of `files` (Markdown and HTML documents, read as the editor has them):
 * each distinct image (by its bytes) is sent once to the vision model with `openrouterStudio.altTextPrompt`
 * and the words around its first use, at most {@link PARALLEL} requests at once; each reply becomes one
 * clean, escaped line. All results go in as one `WorkspaceEdit` (one undo), and only into documents whose
 * text is still what the run read; the others are skipped with the reason. What finished before a cancel
 * or a stopping error is written. Each request asks for at most {@link ALT_TEXT_MAX_TOKENS}; the run stops
 * before the image that would pass the spending limit (unless `opts.limitAgreed` says the user agreed).
 * @param opts.at only the image whose reference holds this offset (the Quick Fix); needs one file.
 * @param opts.confirm asked once the images are known and before any request, with their count, their files
 *   and the estimate: `false` sends nothing (`declined`).
 * @returns the counts, and `error` when an error stopped the run ({@link stopsTheRun}).
 */
export async function runAltText(
  deps: AltTextDeps,
  files: vscode.Uri[],
  opts: RunOptions,
): Promise<AddAltTextResult & { error?: unknown; declined?: boolean }> {
  const s = settings(files[0]);
  const { plans, jobs, skipped } = await findImages(deps, files, opts, s.maxImageBytes);
  // The price before anything is sent: each image is one vision request of at most ALT_TEXT_MAX_TOKENS.
  const info = jobs.size > 0 ? await deps.catalog.find('text', opts.model).catch(() => undefined) : undefined;
  const estimateOf = (job: Job): Estimate => estimateText(info, { promptChars: altTextInstruction(s.altTextPrompt, job.context).length, images: 1, maxTokens: ALT_TEXT_MAX_TOKENS });
  if (jobs.size > 0 && opts.confirm) {
    const uploads = [...jobs.values()].map((j) => vscode.workspace.asRelativePath(j.image.uri, false));
    if (!(await opts.confirm({ images: jobs.size, files: plans.length, uploads, estimate: addEstimates(...[...jobs.values()].map(estimateOf)) }))) return { updated: 0, skipped, declined: true };
  }
  const { cost, stop } = await describeImages(deps, [...jobs.values()], opts, (job) => ({ estimate: estimateOf(job), instruction: altTextInstruction(s.altTextPrompt, job.context) }));
  const updated = await writeAltText(deps, plans, jobs, stop !== undefined, skipped);
  return { updated, skipped, cost, error: stop };
}

/** What {@link runAltText} is asked to do (see there). */
interface RunOptions {
  model: string;
  overwrite: boolean;
  at?: number;
  signal?: AbortSignal;
  onProgress?: (p: AltTextProgress) => void;
  confirm?: (summary: AltTextRunSummary) => Promise<boolean>;
  limitAgreed?: () => boolean;
}

/**
 * The run's first phase: the images of `files` to describe, each distinct image (by its bytes) one job with
 * the words around its first use, and every image left out with the reason. Sends nothing.
 */
async function findImages(deps: AltTextDeps, files: vscode.Uri[], opts: RunOptions, maxImageBytes: number): Promise<{ plans: Plan[]; jobs: Map<string, Job>; skipped: AddAltTextResult['skipped'] }> {
  const skipped: AddAltTextResult['skipped'] = [];
  const plans: Plan[] = [];
  const jobs = new Map<string, Job>();
  const reads = new Map<string, Promise<WorkspaceImage>>();
  for (const uri of files) {
    // A document is read (and its text sent around its images) only when it is inside its workspace folder
    // by real path too: a folder run must not follow a directory symlink out of the workspace.
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (folder) {
      try {
        await assertInsideFolder(uri, folder.uri, vscode.l10n.t('The document'));
      } catch (err) {
        deps.log.warn(`Skipped ${uri.toString(true)}: ${errorMessage(err)}`);
        skipped.push({ file: vscode.workspace.asRelativePath(uri), target: vscode.workspace.asRelativePath(uri), reason: vscode.l10n.t('the document leads outside the workspace folder (not read)') });
        continue;
      }
    }
    const doc = await vscode.workspace.openTextDocument(uri);
    const text = doc.getText();
    const plan: Plan = { uri, markup: markupOf(doc) ?? 'markdown', version: doc.version, text, items: [] };
    const file = vscode.workspace.asRelativePath(uri);
    const wanted = (img: FoundImage): boolean => !img.decorative && (opts.at !== undefined ? img.start <= opts.at && opts.at <= img.end : opts.overwrite || lacksAltText(img));
    for (const img of await documentImages(doc, text, wanted, { deadlineMs: RUN_PARSE_DEADLINE_MS, signal: opts.signal })) {
      if (!img.file) {
        skipped.push({ file, target: img.target, reason: img.skip });
        continue;
      }
      const key = img.file.toString();
      if (!reads.has(key)) reads.set(key, readWorkspaceImage(img.file, maxImageBytes));
      let image: WorkspaceImage;
      try {
        image = await reads.get(key)!;
      } catch (err) {
        skipped.push({ file, target: img.target, reason: errorMessage(err) });
        continue;
      }
      const hash = createHash('sha256').update(image.bytes).digest('hex');
      if (!jobs.has(hash)) jobs.set(hash, { image, context: surroundingText(text, img.start, img.end) });
      plan.items.push({ ...img.edit, target: img.target, key: hash });
    }
    if (plan.items.length > 0) plans.push(plan);
  }

  return { plans, jobs, skipped };
}

/**
 * The run's second phase: each job described by the vision model, at most {@link PARALLEL} at once, none
 * started that would pass the spending limit (those under way finish and are kept). A job gets its `alt`, or
 * its `error`; an error that stops the run ({@link stopsTheRun}) is returned as `stop`, as is the refusal at
 * the limit.
 */
async function describeImages(deps: AltTextDeps, list: Job[], opts: RunOptions, requestOf: (job: Job) => { estimate: Estimate; instruction: string }): Promise<{ cost?: number; stop?: unknown }> {
  const client = list.length > 0 ? deps.clients.get() : undefined;
  /** USD of the requests under way, reserved against the spending limit until their cost is counted. */
  let reserved = 0;
  /** Set when the next request would pass the limit: no more start. */
  let limited = false;
  const abort = new AbortController();
  const onOuterAbort = (): void => abort.abort();
  opts.signal?.addEventListener('abort', onOuterAbort);
  let cost: number | undefined;
  let stop: unknown;
  let done = 0;
  opts.onProgress?.({ done, total: list.length });
  const limit = pLimit(PARALLEL);
  try {
    await Promise.all(list.map((job) => limit(async () => {
      if (abort.signal.aborted || limited) return;
      // The spending limit: no request starts that would pass it; those under way finish and are kept.
      const { estimate, instruction } = requestOf(job);
      const share = estimate.basis === 'unknown' ? 0 : estimate.usd;
      if (!opts.limitAgreed?.() && deps.consent.wouldPass(reserved + share)) {
        stop ??= deps.consent.refusal(estimate);
        limited = true;
        return;
      }
      reserved += share;
      try {
        const stream = client!.streamChat({
          model: opts.model,
          messages: [{ role: 'user', content: [{ type: 'text', text: instruction }, { type: 'image_url', image_url: { url: job.image.dataUrl } }] }],
          max_tokens: ALT_TEXT_MAX_TOKENS,
        }, { signal: abort.signal });
        const reply = await collectReply(stream);
        if (reply.usage?.cost !== undefined) cost = (cost ?? 0) + reply.usage.cost;
        job.alt = cleanAltText(reply.text);
        deps.log.info(`Alt text for ${vscode.workspace.asRelativePath(job.image.uri)}: ${job.alt}`);
      } catch (err) {
        if (isAbortError(err) || abort.signal.aborted) return;
        if (stopsTheRun(err)) {
          stop ??= err;
          abort.abort();
          return;
        }
        job.error = errorMessage(err);
        deps.log.warn(`No alt text for ${vscode.workspace.asRelativePath(job.image.uri)}: ${job.error}`);
      } finally {
        reserved -= share;
        if (!abort.signal.aborted || job.alt !== undefined) opts.onProgress?.({ done: ++done, total: list.length });
      }
    })));
  } finally {
    opts.signal?.removeEventListener('abort', onOuterAbort);
  }

  return { cost, stop };
}

/**
 * The run's last phase: each file's edited text re-parsed (in the worker thread) before anything is written,
 * then every result written in one `WorkspaceEdit` (one undo), only into documents whose text is still what
 * the run read; what is not written is added to `skipped` with the reason.
 * @param stopped whether the run stopped (an image not described says so, else that it was cancelled).
 * @returns how many alt texts were written.
 * @throws when VS Code does not apply the edit.
 */
async function writeAltText(deps: AltTextDeps, plans: Plan[], jobs: Map<string, Job>, stopped: boolean, skipped: AddAltTextResult['skipped']): Promise<number> {
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
        await markupWorker().apply(plan.markup, plan.text, writes.map((w) => ({ edit: w, alt: w.alt })), { deadlineMs: RUN_PARSE_DEADLINE_MS });
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
      deps.log.warn(`Alt text not written to ${file}: ${refused.log}`);
      for (const w of writes) skipped.push({ file, target: w.target, reason: refused.reason });
      continue;
    }
    for (const w of writes) {
      edit.replace(plan.uri, new vscode.Range(doc.positionAt(w.start), doc.positionAt(w.end)), altReplacement(w, w.alt));
      updated++;
    }
  }
  // A refactoring for VS Code: when it spans several files, they are saved as after a rename
  // (`files.refactoring.autoSave`, on by default), instead of staying open and unsaved in the background.
  if (updated > 0 && !(await vscode.workspace.applyEdit(edit, { isRefactoring: true }))) throw new Error(vscode.l10n.t('VS Code did not apply the alt text edit; nothing was written.'));
  return updated;
}

/**
 * The Markdown and HTML files a run covers: a file itself; a folder's files (`.md`, `.markdown`, `.html`,
 * `.htm`) at any depth, leaving out what `files.exclude` and `search.exclude` exclude and what a
 * `.gitignore` in the folder or above it (up to the workspace folder) ignores.
 */
export async function markupFilesUnder(uri: vscode.Uri): Promise<vscode.Uri[]> {
  const stat = await vscode.workspace.fs.stat(uri);
  if (!(stat.type & vscode.FileType.Directory)) return [uri];
  const excludes = ['files.exclude', 'search.exclude'].flatMap((section) => {
    const patterns = vscode.workspace.getConfiguration(undefined, uri).get<Record<string, unknown>>(section) ?? {};
    return Object.entries(patterns).filter(([, on]) => on === true).map(([glob]) => glob);
  });
  const include = new vscode.RelativePattern(uri, `**/*.{${Object.keys(MARKUP_EXTENSIONS).join(',')}}`);
  const found = await vscode.workspace.findFiles(include, excludes.length > 0 ? `{${excludes.join(',')}}` : null);
  const root = vscode.workspace.getWorkspaceFolder(uri)?.uri ?? uri;
  const ignoreFiles = [
    ...ancestorsOf(uri, root).map((d) => vscode.Uri.joinPath(d, '.gitignore')),
    ...(await vscode.workspace.findFiles(new vscode.RelativePattern(uri, '**/.gitignore'), null)),
  ];
  const rules: Array<{ dir: string; ig: ReturnType<ReturnType<typeof markupParsers>['ignore']> }> = [];
  for (const f of ignoreFiles) {
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(f));
      rules.push({ dir: f.path.slice(0, f.path.lastIndexOf('/') + 1), ig: markupParsers().ignore().add(text) });
    } catch {
      // No .gitignore at that level.
    }
  }
  return found
    .filter((f) => !rules.some((r) => f.path.startsWith(r.dir) && r.ig.ignores(f.path.slice(r.dir.length))))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** `dir` and its ancestors up to `root` (inclusive), outermost first. */
function ancestorsOf(dir: vscode.Uri, root: vscode.Uri): vscode.Uri[] {
  const out: vscode.Uri[] = [];
  for (let d = dir; ; d = vscode.Uri.joinPath(d, '..')) {
    out.unshift(d);
    if (d.path === root.path || d.path.length <= root.path.length || d.path === '/') break;
  }
  return out;
}


/**
 * `openrouterStudio.addAltText [uri | (uri, uri[])] [args]`: alt text for every image without it in a
 * Markdown or HTML file, or in every such file under a folder (default: the active editor's document).
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
  if (picked.length === 0) return fail(vscode.l10n.t('Open a Markdown or HTML file, or pick one or a folder in the Explorer, to add alt text.'));
  let files: vscode.Uri[];
  try {
    files = (await Promise.all(picked.map(markupFilesUnder))).flat();
    const docs = await Promise.all(files.map((f) => vscode.workspace.openTextDocument(f)));
    files = docs.filter((d) => markupOf(d) !== undefined).map((d) => d.uri);
  } catch (err) {
    return fail(errorMessage(err));
  }
  if (files.length === 0) return fail(vscode.l10n.t('No Markdown or HTML file to add alt text to.'));
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
async function interactive(deps: AltTextDeps, files: vscode.Uri[], opts: { model: string; overwrite: boolean; at?: number; askFirst?: boolean }): Promise<AddAltTextResult | undefined> {
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
