import * as vscode from 'vscode';
import { showError, showInfo, showWarning } from '../platform/notify';
import { generatedBaseName, splitFileName } from '../images/naming';
import { checkedOutputFolder } from '../platform/saver';
import { OpenRouterError } from '../openrouter/errors';
import { buildImageRequest } from '../openrouter/imageRequest';
import { ASPECT_RATIOS, IMAGE_SIZES } from '../openrouter/types';
import { askGenerateArgs, rememberPrompt } from './imageQuickInput';
import type { EditArgs, GenerateArgs, ImageCommandDeps } from './types';

export type { EditArgs, GenerateArgs, ImageCommandDeps } from './types';
import type { ClientProvider } from '../platform/clientFactory';
import { settings } from '../platform/config';
import type { KeyStore } from '../platform/keyStore';
import type { ModelCatalog } from '../platform/modelCatalog';
import { showOpenRouterError } from '../platform/errors';
import { formatCost } from '../shared/format';
import { escapeAltText, graphemePrefix, oneLine } from '../altText';
import { runImageJob, runImageJobs, type ImageJob, type ImageJobResult, type SaveTarget } from './imageJob';
import { isAutomationArg } from '../platform/args';
import { activeImageUri, readWorkspaceImage } from '../platform/readImage';

/** Thrown for an automation argument that does not have the documented shape. */
class ArgumentError extends Error {}

/** Most images one Generate image run requests at once. */
export const MAX_VARIATIONS = 4;

function parseArgs(arg: unknown): GenerateArgs {
  const a = arg as Partial<GenerateArgs>;
  if (typeof a !== 'object' || a === null || typeof a.prompt !== 'string' || a.prompt.trim() === '') {
    throw new ArgumentError('openrouterStudio.generateImage takes { prompt, model?, aspectRatio?, imageSize?, outputDirectory?, count? } with a non-empty prompt.');
  }
  if (a.count !== undefined && !(Number.isInteger(a.count) && a.count >= 1 && a.count <= MAX_VARIATIONS)) throw new ArgumentError(`count must be a whole number from 1 to ${MAX_VARIATIONS}.`);
  for (const k of ['model', 'aspectRatio', 'imageSize', 'outputDirectory'] as const) {
    if (a[k] !== undefined && typeof a[k] !== 'string') throw new ArgumentError(`${k} must be a string.`);
  }
  if (a.aspectRatio && !(ASPECT_RATIOS as readonly string[]).includes(a.aspectRatio)) throw new ArgumentError(`aspectRatio must be one of ${ASPECT_RATIOS.join(', ')}.`);
  if (a.imageSize && !(IMAGE_SIZES as readonly string[]).includes(a.imageSize)) throw new ArgumentError(`imageSize must be one of ${IMAGE_SIZES.join(', ')}.`);
  return { prompt: a.prompt.trim(), model: a.model, aspectRatio: a.aspectRatio, imageSize: a.imageSize, outputDirectory: a.outputDirectory, count: a.count };
}

/**
 * `openrouterStudio.generateImage [args]`. Without an argument: a multi-step quick input (prompt, model,
 * aspect ratio, size). With {@link GenerateArgs}: no UI besides progress, for automation and tests.
 * @returns the saved files' Uris; `undefined` when cancelled.
 * @throws with an argument: the request's or the saver's error (also shown as a notification).
 */
export async function generateImage(deps: ImageCommandDeps, arg?: unknown): Promise<vscode.Uri[] | undefined> {
  const automated = arg !== undefined && arg !== null && !(arg instanceof vscode.Uri);
  let args: GenerateArgs | undefined;
  if (automated) {
    args = parseArgs(arg);
  } else {
    if (!(await ensureKey(deps))) return undefined;
    args = await askGenerateArgs(deps);
    if (!args) return undefined;
  }
  await rememberPrompt(deps.state, args.prompt);
  const markdownEditor = activeMarkdownEditor();
  const s = settings();
  const modelId = args.model?.trim() || s.imageModel;
  const aspectRatio = args.aspectRatio ?? s.aspectRatio;
  const imageSize = args.imageSize ?? (s.imageSize || undefined);
  const count = args.count ?? 1;
  const run = async (): Promise<vscode.Uri[] | undefined> => {
    const target = await generationTarget(args.prompt, new Date(), args.outputDirectory, automated);
    if (!target) return undefined;
    const model = await deps.catalog.find('image', modelId);
    const job = (variation?: string): ImageJob => ({
      client: deps.clients.get(),
      request: buildImageRequest(model, modelId, args.prompt, aspectRatio, imageSize),
      title: vscode.l10n.t('Generating image with {0}', modelId),
      log: deps.log,
      target,
      metadata: (reply) => (s.embedMetadata ? pngMetadata(args.prompt, modelId, aspectRatio, reply.id, reply.usage?.cost, undefined, imageSize, variation) : undefined),
    });
    if (count > 1) return runVariations(Array.from({ length: count }, (_, i) => job(`${i + 1}/${count}`)), modelId, markdownEditor, args, () => generateImage(deps, args), deps.log);
    const result = await runImageJob(job());
    if (!result) return undefined;
    await presentResult(result, args.prompt, markdownEditor, () => generateImage(deps, args), deps.log);
    return result.uris;
  };
  return withErrors(run, automated, deps.log);
}

/**
 * `openrouterStudio.editImage [uri] [args]`: sends a workspace image (as a data URL) with an instruction
 * to an image model and saves the result next to the source as `<name>-edit.<ext>` (`-edit-2` …).
 * @returns the saved files' Uris; `undefined` when cancelled.
 */
export async function editImage(deps: ImageCommandDeps, uriArg?: unknown, arg?: unknown): Promise<vscode.Uri[] | undefined> {
  const automated = isAutomationArg(arg);
  const source = uriArg instanceof vscode.Uri ? uriArg : activeImageUri();
  if (!source) {
    void showError(vscode.l10n.t('Open or select a PNG, JPEG, WebP or GIF image to edit.'));
    return undefined;
  }
  let prompt: string | undefined;
  let model: string | undefined;
  let aspectRatio: string | undefined;
  if (automated) {
    const a = arg as Partial<EditArgs>;
    if (typeof a.prompt !== 'string' || a.prompt.trim() === '') throw new ArgumentError('openrouterStudio.editImage takes (uri, { prompt, model?, aspectRatio? }) with a non-empty prompt.');
    ({ prompt, model, aspectRatio } = a);
  } else {
    if (!(await ensureKey(deps))) return undefined;
    prompt = await vscode.window.showInputBox({
      title: vscode.l10n.t('Edit {0}', vscode.workspace.asRelativePath(source)),
      prompt: vscode.l10n.t('Describe the change'),
      placeHolder: vscode.l10n.t('e.g. make the sky a sunset, remove the text'),
      ignoreFocusOut: true,
    });
  }
  prompt = prompt?.trim();
  if (!prompt) return undefined;
  const instruction = prompt;
  const s = settings(source);
  const modelId = model?.trim() || s.imageModel;
  const markdownEditor = activeMarkdownEditor();
  const run = async (): Promise<vscode.Uri[] | undefined> => {
    const image = await readWorkspaceImage(source, s.maxImageBytes);
    const info = await deps.catalog.find('image', modelId);
    const name = source.path.slice(source.path.lastIndexOf('/') + 1);
    const { base } = splitFileName(source.path);
    const folder = vscode.Uri.joinPath(source, '..');
    const root = vscode.workspace.getWorkspaceFolder(source)?.uri;
    const result = await runImageJob({
      client: deps.clients.get(),
      request: buildImageRequest(info, modelId, [{ type: 'text', text: instruction }, { type: 'image_url', image_url: { url: image.dataUrl } }], aspectRatio),
      title: vscode.l10n.t('Editing {0} with {1}', name, modelId),
      log: deps.log,
      target: { folder, baseName: `${base}-edit`, root },
      metadata: (reply) => (s.embedMetadata ? pngMetadata(instruction, modelId, aspectRatio, reply.id, reply.usage?.cost, name) : undefined),
    });
    if (!result) return undefined;
    await presentResult(result, instruction, markdownEditor, () => editImage(deps, source, { prompt: instruction, model, aspectRatio }), deps.log);
    return result.uris;
  };
  return withErrors(run, automated, deps.log);
}

/**
 * Variations: the jobs run in parallel under one notification; each image opens as soon as it is saved.
 * A summary names what was saved, what failed (each request's message) and the total cost.
 * @returns every saved file; `undefined` when all were cancelled.
 * @throws when nothing was saved: the one error, or an `Error` with every request's message.
 */
async function runVariations(jobs: ImageJob[], modelId: string, markdownEditor: vscode.TextEditor | undefined, args: GenerateArgs, again: () => unknown, log: vscode.LogOutputChannel): Promise<vscode.Uri[] | undefined> {
  const outcome = await runImageJobs(jobs, vscode.l10n.t('Generating {0} images with {1}', jobs.length, modelId), async (r) => {
    for (const uri of r.uris) await vscode.commands.executeCommand('vscode.open', uri, { preview: false, preserveFocus: true });
  });
  const results = outcome.results.filter((r): r is ImageJobResult => r !== undefined);
  const uris = results.flatMap((r) => r.uris);
  const failures = outcome.errors.map(({ index, error }) => vscode.l10n.t('Request {0}: {1}', index + 1, error instanceof Error ? error.message : String(error)));
  for (const f of failures) log.warn(`Variation failed: ${f}`);
  if (uris.length === 0) {
    if (outcome.errors.length === 0) return undefined;
    const first = outcome.errors[0].error;
    if (outcome.errors.every((e) => e.error instanceof Error && first instanceof Error && e.error.message === first.message)) throw first;
    throw new Error(vscode.l10n.t('No image was saved. {0}', failures.join(' ')));
  }
  const costs = results.map((r) => r.reply.usage?.cost).filter((c): c is number => c !== undefined);
  const cost = costs.length > 0 ? ` (${vscode.l10n.t('{0} in total', formatCost(costs.reduce((a, b) => a + b, 0)))})` : '';
  const cancelled = jobs.length - results.length - outcome.errors.length;
  const notes = [...results.flatMap((r) => r.notes), ...failures, ...(cancelled > 0 ? [vscode.l10n.t('{0} cancelled.', cancelled)] : [])];
  const names = uris.map((u) => vscode.workspace.asRelativePath(u)).join(', ');
  offerFollowUps(vscode.l10n.t('Saved {0} of {1} variations: {2}{3}.', results.length, jobs.length, names, cost) + (notes.length > 0 ? ` ${notes.join(' ')}` : ''), notes.length > 0, uris, args.prompt, markdownEditor, again, log, 'plural');
  return uris;
}

/** Runs `run`; errors become notifications (with Retry), and are rethrown for automation. */
async function withErrors(run: () => Promise<vscode.Uri[] | undefined>, automated: boolean, log: vscode.LogOutputChannel): Promise<vscode.Uri[] | undefined> {
  try {
    return await run();
  } catch (err) {
    const shown = err instanceof OpenRouterError ? showOpenRouterError(err, log, run) : showError(err instanceof Error ? err.message : String(err));
    if (!(err instanceof OpenRouterError)) log.error(err instanceof Error ? err.message : String(err));
    if (automated) {
      void shown;
      throw err;
    }
    await shown;
    return undefined;
  }
}

/** PNG text chunks describing how an image was made. */
export function pngMetadata(prompt: string, model: string, aspectRatio: string | undefined, generationId: string | undefined, cost: number | undefined, source?: string, imageSize?: string, variation?: string): Record<string, string> {
  const m: Record<string, string> = { Description: prompt, Software: 'OpenRouter Studio', Source: model };
  if (aspectRatio) m['openrouter:aspect_ratio'] = aspectRatio;
  if (imageSize) m['openrouter:image_size'] = imageSize;
  if (variation) m['openrouter:variation'] = variation;
  if (generationId) m['openrouter:generation_id'] = generationId;
  if (cost !== undefined) m['openrouter:cost_usd'] = String(cost);
  if (source) m['openrouter:edited_from'] = source;
  return m;
}

async function ensureKey(deps: ImageCommandDeps): Promise<boolean> {
  if (await deps.keys.get()) return true;
  await showOpenRouterError(new OpenRouterError({ kind: 'no-key', detail: vscode.l10n.t('no API key') }), deps.log);
  return false;
}

function activeMarkdownEditor(): vscode.TextEditor | undefined {
  const e = vscode.window.activeTextEditor;
  return e?.document.languageId === 'markdown' ? e : undefined;
}

/**
 * Where a generated image goes: `<folder>/<outputDirectory>` of the active editor's workspace folder,
 * the only folder, or the one the user picks; with no folder open, a save dialog (interactive only).
 * @throws {OutsideWorkspaceError} when the directory would leave the workspace folder, by path or through
 *   a symbolic link.
 */
async function generationTarget(prompt: string, when: Date, outputDirectory: string | undefined, automated: boolean): Promise<SaveTarget | undefined> {
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

/** Opens the images and offers the follow-up actions; shows the model's text and the cost. */
async function presentResult(result: ImageJobResult, prompt: string, markdownEditor: vscode.TextEditor | undefined, again: () => unknown, log: vscode.LogOutputChannel): Promise<void> {
  for (const uri of result.uris) await vscode.commands.executeCommand('vscode.open', uri, { preview: result.uris.length === 1 });
  const names = result.uris.map((u) => vscode.workspace.asRelativePath(u)).join(', ');
  const cost = result.reply.usage?.cost !== undefined ? ` (${formatCost(result.reply.usage.cost)})` : '';
  const said = result.reply.text.trim() ? ` — ${result.reply.text.trim().slice(0, 200)}` : '';
  const refused = result.refused.length > 0 ? ' ' + vscode.l10n.t('{0} image(s) refused: {1}', result.refused.length, result.refused.join(' ')) : '';
  const notes = result.notes.length > 0 ? ` ${result.notes.join(' ')}` : '';
  offerFollowUps(vscode.l10n.t('Saved {0}', names) + `${cost}${said}${refused}${notes}`, !!(refused || notes), result.uris, prompt, markdownEditor, again, log, 'singular');
}

/**
 * The notification after saving, with its follow-ups: Insert Markdown link(s) (when started from a Markdown
 * editor), Copy path(s), Generate again. Not awaited: the command resolves when the files are saved, not
 * when the notification is dismissed.
 */
function offerFollowUps(message: string, warn: boolean, uris: vscode.Uri[], prompt: string, markdownEditor: vscode.TextEditor | undefined, again: () => unknown, log: vscode.LogOutputChannel, labels: 'singular' | 'plural'): void {
  const [insert, copy] = labels === 'plural' ? [vscode.l10n.t('Insert Markdown links'), vscode.l10n.t('Copy paths')] : [vscode.l10n.t('Insert Markdown link'), vscode.l10n.t('Copy path')];
  const generateAgain = vscode.l10n.t('Generate again');
  const actions = [...(markdownEditor ? [insert] : []), copy, generateAgain];
  void (warn ? showWarning : showInfo)(message, ...actions).then(async (choice) => {
    if (choice === insert && markdownEditor) await insertMarkdownLinks(markdownEditor, uris, prompt);
    else if (choice === copy) await vscode.env.clipboard.writeText(uris.map((u) => (u.scheme === 'file' ? u.fsPath : u.toString())).join('\n'));
    else if (choice === generateAgain) await again();
  }, (err) => log.error(String(err)));
}

/**
 * Markdown image links to `uris`, relative to `fromDocument`'s folder, with `alt` as text: one line of
 * visible characters, at most 120, written so that it re-parses as that text ({@link escapeAltText}).
 */
export function markdownLinks(fromDocument: vscode.Uri, uris: vscode.Uri[], alt: string): string {
  // Cut first, on a whole character, then escaped: a cut after escaping could split `&#93;` and break the link.
  const safeAlt = escapeAltText(graphemePrefix(oneLine(alt), 120), 'markdown');
  const from = fromDocument.path.slice(0, fromDocument.path.lastIndexOf('/')).split('/').filter(Boolean);
  return uris
    .map((u) => {
      const to = u.path.split('/').filter(Boolean);
      let i = 0;
      while (i < from.length && i < to.length - 1 && from[i] === to[i]) i++;
      const rel = [...from.slice(i).map(() => '..'), ...to.slice(i)].map((s) => encodeURIComponent(s).replace(/%2F/g, '/')).join('/');
      return `![${safeAlt}](${rel})`;
    })
    .join('\n');
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
  await shown.edit((b) => b.replace(shown.selection, markdownLinks(doc.uri, uris, alt)));
}
