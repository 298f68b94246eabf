import * as vscode from 'vscode';
import { showError, showInfo, showWarning } from '../platform/notify';
import { generatedBaseName, splitFileName } from '../images/naming';
import { checkedOutputFolder } from '../platform/saver';
import { OpenRouterError } from '../openrouter/errors';
import { randomInt } from 'node:crypto';
import { buildImageRequest } from '../openrouter/imageRequest';
import { buildImagesRequest, descriptorOf, ImageControlError, maxImagesPerRequest, MAX_N, MAX_REFERENCES, type ImageControls } from '../openrouter/imageApi';
import type { ContentPart } from '../openrouter/types';
import { chooseApi, MAX_VARIATIONS } from './route';
import { provenanceText, type Provenance } from './provenance';
import { askControls, askGenerateArgs, askReferencePrompt, rememberPrompt } from './imageQuickInput';
import type { EditArgs, GenerateArgs, ImageCommandDeps } from './types';

export type { EditArgs, GenerateArgs, ImageCommandDeps } from './types';
import type { ClientProvider } from '../platform/clientFactory';
import { settings } from '../platform/config';
import type { KeyStore } from '../platform/keyStore';
import type { ModelCatalog } from '../platform/modelCatalog';
import { showOpenRouterError } from '../platform/errors';
import { formatCost } from '../shared/format';
import { escapeAltText, graphemePrefix, oneLine } from '../altText';
import { runImageJob, runImageJobs, type ImageJob, type ImageJobRequest, type ImageJobResult, type SaveTarget } from './imageJob';
import { isAutomationArg } from '../platform/args';
import { activeImageUri, readWorkspaceImage } from '../platform/readImage';

/** Thrown for an automation argument that does not have the documented shape. */
class ArgumentError extends Error {}

export { MAX_VARIATIONS } from './route';

const STRING_ARGS = ['model', 'aspectRatio', 'imageSize', 'resolution', 'background', 'outputFormat', 'outputDirectory'] as const;

function parseArgs(arg: unknown): GenerateArgs {
  const a = arg as Partial<GenerateArgs>;
  if (typeof a !== 'object' || a === null || typeof a.prompt !== 'string' || a.prompt.trim() === '') {
    throw new ArgumentError('openrouterStudio.generateImage takes { prompt, model?, aspectRatio?, imageSize?, resolution?, background?, outputFormat?, outputCompression?, seed?, count?, references?, outputDirectory? } with a non-empty prompt.');
  }
  if (a.count !== undefined && !(Number.isInteger(a.count) && a.count >= 1 && a.count <= MAX_N)) throw new ArgumentError(`count must be a whole number from 1 to ${MAX_N}.`);
  for (const k of STRING_ARGS) if (a[k] !== undefined && typeof a[k] !== 'string') throw new ArgumentError(`${k} must be a string.`);
  for (const k of ['seed', 'outputCompression'] as const) if (a[k] !== undefined && !Number.isSafeInteger(a[k])) throw new ArgumentError(`${k} must be a whole number.`);
  if (a.references !== undefined && !(Array.isArray(a.references) && a.references.every((u) => u instanceof vscode.Uri))) throw new ArgumentError('references must be an array of Uris.');
  if (a.api !== undefined && a.api !== 'chat' && a.api !== 'images') throw new ArgumentError('api must be "chat" or "images".');
  return { ...a, prompt: a.prompt.trim() } as GenerateArgs;
}

/**
 * `openrouterStudio.generateImage [args]`. Without an argument: a multi-step quick input (prompt, model, then
 * the controls that model accepts). With {@link GenerateArgs}: no UI besides progress, for automation and tests.
 * The request goes through chat completions or the Image API by the rule of `route.ts`.
 * @returns the saved files' Uris; `undefined` when cancelled.
 * @throws with an argument: an {@link ImageControlError} for a control the model does not accept (nothing
 *   is sent), a reference that is not a workspace image, the request's or the saver's error (also shown).
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
  return generate(deps, args, automated);
}

/**
 * `openrouterStudio.generateFromImages clicked [selected] [args]` (explorer, on 1–16 selected images): the
 * prompt, then the same steps as Generate image, sending the images as references (the Image API's
 * `input_references`, or image parts for a chat model). With {@link GenerateArgs} as the third argument: no
 * UI besides progress.
 * @returns the saved files; `undefined` when cancelled.
 * @throws with an argument: as {@link generateImage}.
 */
export async function generateFromImages(deps: ImageCommandDeps, clicked?: unknown, selected?: unknown, arg?: unknown): Promise<vscode.Uri[] | undefined> {
  const uris = Array.isArray(selected) && selected.length > 0 ? selected.filter((u): u is vscode.Uri => u instanceof vscode.Uri) : clicked instanceof vscode.Uri ? [clicked] : [];
  if (arg !== undefined && arg !== null) return generate(deps, { ...parseArgs(arg), references: uris }, true);
  if (uris.length === 0) {
    void showError(vscode.l10n.t('Select 1 to {0} images in the explorer to generate from.', MAX_REFERENCES));
    return undefined;
  }
  if (uris.length > MAX_REFERENCES) {
    void showError(vscode.l10n.t('At most {0} reference images can be sent ({1} were given).', MAX_REFERENCES, uris.length));
    return undefined;
  }
  if (!(await ensureKey(deps))) return undefined;
  const prompt = await askReferencePrompt(uris);
  if (!prompt) return undefined;
  const args = await askControls(deps, { prompt, references: uris });
  return args ? generate(deps, args, false) : undefined;
}

/**
 * A run for an agent's tool (`tools/`): cancelled by the tool's token; no notification (errors go to the
 * agent); images open beside without taking focus; every job's result is collected (costs, for the reply).
 */
export interface ToolRun {
  signal: AbortSignal;
  results: ImageJobResult[];
}

/**
 * Generate image for an agent's tool: {@link generateImage}'s checks and saving, run as {@link ToolRun}.
 * @returns the saved files, or `undefined` when cancelled; `run.results` holds each request's result.
 * @throws as {@link generateImage} with an argument.
 */
export function generateImageForTool(deps: ImageCommandDeps, args: GenerateArgs, run: ToolRun): Promise<vscode.Uri[] | undefined> {
  return generate(deps, parseArgs(args), true, run);
}

/** How a tool run opens an image: beside the chat, without taking focus. */
const BESIDE = { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: false };

/** Hands a finished job to a tool run: its result is collected and its images open beside the chat. */
async function toTool(tool: ToolRun, result: ImageJobResult): Promise<vscode.Uri[]> {
  tool.results.push(result);
  for (const uri of result.uris) await vscode.commands.executeCommand('vscode.open', uri, BESIDE);
  return result.uris;
}

/** Generates with `args`: chooses the API, checks, sends, saves and presents (errors shown; rethrown when automated). */
async function generate(deps: ImageCommandDeps, args: GenerateArgs, automated: boolean, tool?: ToolRun): Promise<vscode.Uri[] | undefined> {
  await rememberPrompt(deps.state, args.prompt);
  const markdownEditor = activeMarkdownEditor();
  const run = async (): Promise<vscode.Uri[] | undefined> => {
    const target = await generationTarget(args.prompt, new Date(), args.outputDirectory, automated);
    if (!target) return undefined;
    const plan = await planGeneration(deps, args, target.root);
    const count = args.count ?? 1;
    const job = (request: ImageJobRequest, p: Provenance): ImageJob => ({
      client: deps.clients.get(),
      request,
      title: vscode.l10n.t('Generating image with {0}', plan.modelId),
      log: deps.log,
      target,
      signal: tool?.signal,
      metadata: (reply) => (plan.embed ? provenanceText({ ...p, generationId: reply.id, cost: reply.usage?.cost }) : undefined),
    });
    const again = (): unknown => generateImage(deps, { ...args, api: plan.api });
    if (plan.jobs.length > 1) return runVariations(plan.jobs.map((j) => job(j.request, j.provenance)), plan.modelId, markdownEditor, args, again, deps.log, tool);
    const result = await runImageJob(job(plan.jobs[0].request, plan.jobs[0].provenance));
    if (!result) return undefined;
    if (tool) return toTool(tool, result);
    if (count > 1 && result.uris.length < count) result.notes.push(vscode.l10n.t('{0} of {1} images came back.', result.uris.length, count));
    await presentResult(result, args.prompt, markdownEditor, again, deps.log);
    return result.uris;
  };
  return tool ? run() : withErrors(run, automated, deps.log);
}

/** The requests of one Generate image run, each with what is recorded in its images. */
interface GenerationPlan {
  modelId: string;
  api: 'chat' | 'images';
  embed: boolean;
  jobs: Array<{ request: ImageJobRequest; provenance: Provenance }>;
}

/**
 * Chooses the API, checks every control against the model, reads the references, and splits `count` into
 * one request (`n`) or parallel ones. Sends nothing.
 * @throws {ImageControlError} for a control the model does not accept; {@link ArgumentError} for a count the
 *   model cannot make; the reference checks' errors (outside the workspace, not an image, too large).
 */
async function planGeneration(deps: ImageCommandDeps, args: GenerateArgs, root: vscode.Uri | undefined): Promise<GenerationPlan> {
  const s = settings(root);
  const modelId = args.model?.trim() || s.imageModel;
  const [chatModel, imageModel] = await Promise.all([deps.catalog.find('image', modelId), deps.catalog.find('imageApi', modelId)]);
  const refs = await readReferences(args.references ?? [], s.maxImageBytes);
  const count = args.count ?? 1;
  const explicit: ImageControls = {
    aspectRatio: args.aspectRatio,
    resolution: args.resolution,
    background: args.background,
    outputFormat: args.outputFormat,
    outputCompression: args.outputCompression,
    seed: args.seed,
    count,
    references: refs.map((r) => r.dataUrl),
  };
  const inChat = chatModel !== undefined;
  // A recorded API (Generate again) counts as the setting would: the same rule and the same refusals.
  const api = chooseApi(args.api ?? s.imageApi, modelId, inChat, imageModel, explicit);
  const references = refs.length > 0 ? refs.map((r) => r.name) : undefined;
  const base = { prompt: args.prompt, model: modelId, api, references } as const;
  if (api === 'chat') {
    if (count > MAX_VARIATIONS) throw new ArgumentError(vscode.l10n.t('{0} makes one image per request: count can be at most {1}.', modelId, MAX_VARIATIONS));
    const aspectRatio = args.aspectRatio ?? s.aspectRatio;
    const imageSize = args.imageSize ?? args.resolution ?? (s.imageSize || undefined);
    const content: string | ContentPart[] = refs.length > 0 ? [{ type: 'text', text: args.prompt }, ...refs.map((r): ContentPart => ({ type: 'image_url', image_url: { url: r.dataUrl } }))] : args.prompt;
    const request: ImageJobRequest = { api: 'chat', body: buildImageRequest(chatModel, modelId, content, aspectRatio, imageSize) };
    const provenance: Provenance = { ...base, aspectRatio, imageSize };
    return { modelId, api, embed: s.embedMetadata, jobs: count > 1 ? Array.from({ length: count }, (_, i) => ({ request, provenance: { ...provenance, variation: `${i + 1}/${count}` } })) : [{ request, provenance }] };
  }
  const model = imageModel!;
  // Settings are defaults: sent only where the model accepts them. What the caller chose is checked.
  const accepts = (field: 'aspect_ratio' | 'resolution', v: string | undefined): string | undefined => {
    const d = descriptorOf(model, field);
    return v && d && (d.type !== 'enum' || d.values.includes(v)) ? v : undefined;
  };
  const perRequest = maxImagesPerRequest(model);
  if (count > Math.max(perRequest, MAX_VARIATIONS)) throw new ArgumentError(vscode.l10n.t('{0} makes at most {1} images per request: count can be at most {2}.', modelId, perRequest, Math.max(perRequest, MAX_VARIATIONS)));
  const oneRequest = count <= perRequest;
  const seed = args.seed ?? (descriptorOf(model, 'seed') ? randomSeed() : undefined);
  const controls: ImageControls = {
    ...explicit,
    aspectRatio: args.aspectRatio ?? accepts('aspect_ratio', s.aspectRatio),
    resolution: args.resolution ?? (args.imageSize !== undefined ? args.imageSize : accepts('resolution', s.imageSize || undefined)),
    seed,
    count: oneRequest ? count : 1,
  };
  const provenance = (sd: number | undefined, variation?: string): Provenance => ({ ...base, aspectRatio: controls.aspectRatio, resolution: controls.resolution, background: controls.background, outputFormat: controls.outputFormat, outputCompression: controls.outputCompression, seed: sd, variation });
  if (oneRequest) {
    const body = buildImagesRequest(model, args.prompt, controls);
    return { modelId, api, embed: s.embedMetadata, jobs: [{ request: { api: 'images', body }, provenance: provenance(seed) }] };
  }
  // Parallel requests: each its own seed (the same seed would make the same picture).
  return {
    modelId, api, embed: s.embedMetadata,
    jobs: Array.from({ length: count }, (_, i) => {
      const sd = seed === undefined ? undefined : (seed + i) % 2 ** 32;
      return { request: { api: 'images', body: buildImagesRequest(model, args.prompt, { ...controls, seed: sd }) }, provenance: provenance(sd, `${i + 1}/${count}`) };
    }),
  };
}

/** A seed for a model that takes one, so the image can be made again: 0 to 2³¹ − 1. */
function randomSeed(): number {
  return randomInt(0, 2 ** 31);
}

/**
 * Reads reference images: each a workspace image (checked by its bytes, at most `maxImageBytes`), at most
 * {@link MAX_REFERENCES}; the request they make is bounded by their count times that size.
 * @returns each as a data URL with its workspace-relative name.
 * @throws {ImageControlError} for more than {@link MAX_REFERENCES}; the checks of {@link readWorkspaceImage}.
 */
async function readReferences(uris: vscode.Uri[], maxImageBytes: number): Promise<Array<{ name: string; dataUrl: string }>> {
  if (uris.length > MAX_REFERENCES) throw new ImageControlError(vscode.l10n.t('At most {0} reference images can be sent ({1} were given).', MAX_REFERENCES, uris.length), 'input_references');
  const out: Array<{ name: string; dataUrl: string }> = [];
  for (const uri of uris) {
    const image = await readWorkspaceImage(uri, maxImageBytes);
    out.push({ name: vscode.workspace.asRelativePath(uri, false), dataUrl: image.dataUrl });
  }
  return out;
}

/**
 * `openrouterStudio.editImage [uri] [args]`: sends a workspace image with an instruction to an image model
 * (chat completions: as an image part; the Image API: as `input_references`) and saves the result next to
 * the source as `<name>-edit.<ext>` (`-edit-2` …).
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
  const markdownEditor = activeMarkdownEditor();
  return withErrors(() => edit(deps, source, instruction, model, aspectRatio, markdownEditor), automated, deps.log);
}

/**
 * Edit image for an agent's tool: {@link editImage}'s checks and saving, run as {@link ToolRun}.
 * @returns the saved files, or `undefined` when cancelled.
 * @throws {OutsideWorkspaceError} / {@link ImageRejectedError} for a source that is not a workspace image (nothing sent); the request's errors.
 */
export function editImageForTool(deps: ImageCommandDeps, source: vscode.Uri, args: { prompt: string; model?: string }, tool: ToolRun): Promise<vscode.Uri[] | undefined> {
  return edit(deps, source, args.prompt.trim(), args.model, undefined, undefined, tool);
}

/** The work of Edit image once the source and the instruction are known. */
async function edit(deps: ImageCommandDeps, source: vscode.Uri, instruction: string, model: string | undefined, aspectRatio: string | undefined, markdownEditor: vscode.TextEditor | undefined, tool?: ToolRun): Promise<vscode.Uri[] | undefined> {
  const s = settings(source);
  const modelId = model?.trim() || s.imageModel;
  const image = await readWorkspaceImage(source, s.maxImageBytes);
  const [info, imageModel] = await Promise.all([deps.catalog.find('image', modelId), deps.catalog.find('imageApi', modelId)]);
  const name = source.path.slice(source.path.lastIndexOf('/') + 1);
  const { base } = splitFileName(source.path);
  const folder = vscode.Uri.joinPath(source, '..');
  const root = vscode.workspace.getWorkspaceFolder(source)?.uri;
  const api = chooseApi(s.imageApi, modelId, info !== undefined, imageModel, { aspectRatio });
  const request: ImageJobRequest = api === 'images'
    ? { api, body: buildImagesRequest(imageModel!, instruction, { aspectRatio, references: [image.dataUrl] }) }
    : { api, body: buildImageRequest(info, modelId, [{ type: 'text', text: instruction }, { type: 'image_url', image_url: { url: image.dataUrl } }], aspectRatio) };
  const result = await runImageJob({
    client: deps.clients.get(),
    request,
    title: vscode.l10n.t('Editing {0} with {1}', name, modelId),
    log: deps.log,
    target: { folder, baseName: `${base}-edit`, root },
    signal: tool?.signal,
    metadata: (reply) => (s.embedMetadata ? provenanceText({ prompt: instruction, model: modelId, api, aspectRatio, generationId: reply.id, cost: reply.usage?.cost, editedFrom: name }) : undefined),
  });
  if (!result) return undefined;
  if (tool) return toTool(tool, result);
  await presentResult(result, instruction, markdownEditor, () => editImage(deps, source, { prompt: instruction, model, aspectRatio }), deps.log);
  return result.uris;
}

/**
 * Variations: the jobs run in parallel under one notification; each image opens as soon as it is saved.
 * A summary names what was saved, what failed (each request's message) and the total cost.
 * @returns every saved file; `undefined` when all were cancelled.
 * @throws when nothing was saved: the one error, or an `Error` with every request's message.
 */
async function runVariations(jobs: ImageJob[], modelId: string, markdownEditor: vscode.TextEditor | undefined, args: GenerateArgs, again: () => unknown, log: vscode.LogOutputChannel, tool?: ToolRun): Promise<vscode.Uri[] | undefined> {
  const outcome = await runImageJobs(jobs, vscode.l10n.t('Generating {0} images with {1}', jobs.length, modelId), async (r) => {
    tool?.results.push(r);
    for (const uri of r.uris) await vscode.commands.executeCommand('vscode.open', uri, tool ? BESIDE : { preview: false, preserveFocus: true });
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
  if (tool) return uris;
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
