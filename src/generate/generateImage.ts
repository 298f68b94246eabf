import * as vscode from 'vscode';
import { showError, showInfo, showWarning } from '../platform/notify';
import { generatedBaseName, splitFileName } from '../images/naming';
import { checkedOutputFolder } from '../platform/saver';
import { OpenRouterError } from '../openrouter/errors';
import { buildChatImageRequest } from '../openrouter/chatImageRequest';
import { buildImagesRequest, MAX_N, MAX_REFERENCES } from '../openrouter/imageApi';
import type { Origin } from '../platform/consent';
import type { Fact, SpendQuestion } from '../shared/spendQuestion';
import { describeEstimate, estimateChatImage, estimateImages } from '../openrouter/pricing';
import { chooseApi } from './route';
import { planGeneration, planQuestion } from './plan';
import { provenanceText, type Provenance } from '../images/provenance';
import { askControls, askGenerateArgs, askReferencePrompt, rememberPrompt } from './imageQuickInput';
import type { EditArgs, GenerateArgs, ImageCommandDeps } from './types';

export type { EditArgs, GenerateArgs, ImageCommandDeps } from './types';
import { settings } from '../platform/config';
import { showOpenRouterError } from '../platform/errors';
import { formatCost, errorMessage } from '../shared/format';
import { escapeAltText, graphemePrefix, oneLine } from '../altText';
import { runImageJob, runImageJobs, type ImageJob, type ImageJobRequest, type ImageJobResult, type SaveTarget } from './imageJob';
import { ArgumentError, isAutomationArg } from '../platform/args';
import { activeImageUri, readWorkspaceImage } from '../platform/readImage';

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
  return generate(deps, args, { automated });
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
  if (arg !== undefined && arg !== null) return generate(deps, { ...parseArgs(arg), references: uris }, { automated: true });
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
  return args ? generate(deps, args, { automated: false }) : undefined;
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
  return generate(deps, parseArgs(args), { automated: true, tool: run });
}

/** How a tool run opens an image: beside the chat, without taking focus. */
const BESIDE = { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: false };

/** Hands a finished job to a tool run: its result is collected and its images open beside the chat. */
async function toTool(tool: ToolRun, result: ImageJobResult): Promise<vscode.Uri[]> {
  tool.results.push(result);
  for (const uri of result.uris) await vscode.commands.executeCommand('vscode.open', uri, BESIDE);
  return result.uris;
}

/**
 * How a run was started, and what it asks before anything is sent.
 * - `automated`: started by code (an argument): no UI besides progress; errors are shown and thrown; past the
 *   spending limit it is refused.
 * - `tool`: an agent's tool run ({@link ToolRun}); refused past the limit (the tool's confirmation asked).
 * - `askFirst`: the question's title: the whole plan (model, API, every control, the count, each reference,
 *   the estimate) is asked before sending, each reference can be left out (Generate again).
 * An interactive run without `askFirst` has shown its estimate in its own steps; it asks only past the limit.
 */
export interface RunHow {
  automated: boolean;
  tool?: ToolRun;
  askFirst?: string;
}

/** Generates with `args`: chooses the API, checks, asks (see {@link RunHow}), sends, saves and presents. */
async function generate(deps: ImageCommandDeps, args: GenerateArgs, how: RunHow): Promise<vscode.Uri[] | undefined> {
  const { automated, tool } = how;
  await rememberPrompt(deps.state, args.prompt);
  const markdownEditor = activeMarkdownEditor();
  const origin: Origin = tool ? 'tool' : automated ? 'automation' : 'interactive';
  const run = async (): Promise<vscode.Uri[] | undefined> => {
    const target = await generationTarget(args.prompt, new Date(), args.outputDirectory, automated);
    if (!target) return undefined;
    let chosen = args;
    let plan = await planGeneration(deps, chosen, target.root);
    const folder = vscode.workspace.asRelativePath(target.folder, false);
    const title = how.askFirst ?? vscode.l10n.t('Generate {0} image(s) with {1}?', plan.count, plan.modelId);
    let question = await planQuestion(deps, title, plan, folder, tool?.signal);
    if (how.askFirst !== undefined) {
      const answer = await deps.consent.ask(question, vscode.l10n.t('Generate'));
      if (!answer) return undefined;
      if (answer.uploads.length < plan.references.length) {
        // A reference left out is not read again, let alone sent: the plan is made anew without it.
        chosen = { ...args, references: plan.references.filter((r) => answer.uploads.includes(r.name)).map((r) => r.uri) };
        plan = await planGeneration(deps, chosen, target.root);
        question = await planQuestion(deps, title, plan, folder);
      }
    }
    if (!(await deps.consent.checkLimit(question, origin))) return undefined;
    const job = (request: ImageJobRequest, p: Provenance): ImageJob => ({
      client: deps.clients.get(),
      request,
      title: vscode.l10n.t('Generating image with {0}', plan.modelId),
      log: deps.log,
      target,
      signal: tool?.signal,
      metadata: (reply) => (plan.embed ? provenanceText({ ...p, generationId: reply.id, cost: reply.usage?.cost }) : undefined),
    });
    // Generate again from the notification asks first, as everywhere it is offered.
    const again = (): unknown => generate(deps, { ...chosen, api: plan.api }, { automated: false, askFirst: vscode.l10n.t('Generate again with {0}?', plan.modelId) });
    if (plan.jobs.length > 1) {
      const uris = await runVariations(plan.jobs.map((j) => job(j.request, j.provenance)), plan.modelId, markdownEditor, chosen, again, deps.log, tool);
      if (uris && plan.api === 'images' && plan.count > 1 && uris.length < plan.count && !tool) deps.log.warn(`${uris.length} of ${plan.count} images came back.`);
      return uris;
    }
    const result = await runImageJob(job(plan.jobs[0].request, plan.jobs[0].provenance));
    if (!result) return undefined;
    if (tool) return toTool(tool, result);
    if (plan.count > 1 && result.uris.length < plan.count) result.notes.push(vscode.l10n.t('{0} of {1} images came back.', result.uris.length, plan.count));
    await presentResult(result, args.prompt, markdownEditor, again, deps.log);
    return result.uris;
  };
  return tool ? run() : withErrors(run, automated, deps.log);
}

/**
 * Generate again from recorded arguments (Image details, the hover, the explorer): the whole plan is asked
 * first ({@link RunHow.askFirst}), each recorded reference by name, and nothing is sent without that yes.
 * @returns the saved files; `undefined` when declined, cancelled or failed (shown).
 */
export function generateAgainWith(deps: ImageCommandDeps, args: GenerateArgs): Promise<vscode.Uri[] | undefined> {
  return generate(deps, parseArgs(args), { automated: false, askFirst: vscode.l10n.t('Generate again with {0}?', args.model ?? settings().imageModel) });
}

/**
 * The question an agent's generate tool shows before it runs: the plan (model, count, resolution or size,
 * format, references by name, folder, prompt) and its estimate. Sends nothing.
 * @throws as {@link generateImage} with an argument, for arguments that would be refused.
 */
export async function generationQuestionForTool(deps: ImageCommandDeps, args: GenerateArgs): Promise<SpendQuestion> {
  const parsed = parseArgs(args);
  const target = await generationTarget(parsed.prompt, new Date(), parsed.outputDirectory, true);
  const plan = await planGeneration(deps, parsed, target?.root);
  return planQuestion(deps, vscode.l10n.t('Generate {0} image(s) with OpenRouter?', plan.count), plan, target ? vscode.workspace.asRelativePath(target.folder, false) : '');
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
    // The price before the user decides: the model and the estimate of one edit.
    const planned = await planEdit(deps, { source, instruction: '' }).catch(() => undefined);
    prompt = await vscode.window.showInputBox({
      title: vscode.l10n.t('Edit {0}', vscode.workspace.asRelativePath(source)),
      prompt: planned ? vscode.l10n.t('Describe the change. {0} edits it: {1}.', planned.modelId, describeEstimate(planned.question.estimate)) : vscode.l10n.t('Describe the change'),
      placeHolder: vscode.l10n.t('e.g. make the sky a sunset, remove the text'),
      ignoreFocusOut: true,
    });
  }
  prompt = prompt?.trim();
  if (!prompt) return undefined;
  const instruction = prompt;
  const markdownEditor = activeMarkdownEditor();
  return withErrors(() => edit(deps, { source, instruction, model, aspectRatio, markdownEditor, how: { automated } }), automated, deps.log);
}

/**
 * Edit image for an agent's tool: {@link editImage}'s checks and saving, run as {@link ToolRun}.
 * @returns the saved files, or `undefined` when cancelled.
 * @throws {OutsideWorkspaceError} / {@link ImageRejectedError} for a source that is not a workspace image (nothing sent); the request's errors.
 */
export function editImageForTool(deps: ImageCommandDeps, source: vscode.Uri, args: { prompt: string; model?: string }, tool: ToolRun): Promise<vscode.Uri[] | undefined> {
  return edit(deps, { source, instruction: args.prompt.trim(), model: args.model, how: { automated: true, tool } });
}

/** What Edit image is run on, and how it was started. */
interface EditRun {
  source: vscode.Uri;
  instruction: string;
  model?: string;
  aspectRatio?: string;
  /** The Markdown editor it was started from (Insert Markdown link). */
  markdownEditor?: vscode.TextEditor;
  how: RunHow;
}

/** One Edit image request, planned: sends nothing. */
interface EditPlan {
  modelId: string;
  api: 'chat' | 'images';
  request: ImageJobRequest;
  question: SpendQuestion;
}

/**
 * Plans Edit image: reads the source (a workspace image by its bytes), chooses the API, builds the request
 * and the question (model, API, aspect ratio, where it is saved, the instruction, the source as the upload,
 * and the estimate).
 * @throws the checks of {@link readWorkspaceImage}; {@link ImageControlError} from the route.
 */
async function planEdit(deps: ImageCommandDeps, e: Omit<EditRun, 'how' | 'markdownEditor'>, title?: string): Promise<EditPlan> {
  const t = vscode.l10n.t;
  const s = settings(e.source);
  const modelId = e.model?.trim() || s.imageModel;
  const image = await readWorkspaceImage(e.source, s.maxImageBytes);
  const [info, imageModel] = await Promise.all([deps.catalog.find('image', modelId), deps.catalog.find('imageApi', modelId)]);
  const api = chooseApi(s.imageApi, modelId, info !== undefined, imageModel, { aspectRatio: e.aspectRatio });
  const request: ImageJobRequest = api === 'images'
    ? { api, body: buildImagesRequest(imageModel!, e.instruction, { aspectRatio: e.aspectRatio, references: [image.dataUrl] }) }
    : { api, body: buildChatImageRequest(info, modelId, [{ type: 'text', text: e.instruction }, { type: 'image_url', image_url: { url: image.dataUrl } }], e.aspectRatio) };
  const estimate = api === 'images'
    ? estimateImages(await deps.catalog.imagePrices(modelId).catch(() => undefined), { images: 1, references: 1, promptChars: e.instruction.length })
    : estimateChatImage(info, { promptChars: e.instruction.length, inputImages: 1 });
  const name = vscode.workspace.asRelativePath(e.source, false);
  const facts: Fact[] = [
    { label: t('Model'), value: modelId },
    { label: t('API'), value: api === 'images' ? t('Image API') : t('chat completions') },
    { label: t('Aspect ratio'), value: e.aspectRatio ?? '' },
    { label: t('Images'), value: t('{0} in 1 request', 1) },
    { label: t('Saved into'), value: t('the folder of {0}, as a new file', name) },
    { label: t('Instruction'), value: e.instruction },
  ];
  return { modelId, api, request, question: { title: title ?? t('Edit {0} with {1}?', name, modelId), facts, uploads: [name], estimate } };
}

/**
 * The question an agent's edit tool shows before it runs (see {@link planEdit}). Sends nothing.
 * @throws as {@link planEdit}.
 */
export async function editQuestionForTool(deps: ImageCommandDeps, source: vscode.Uri, args: { prompt: string; model?: string }): Promise<SpendQuestion> {
  return (await planEdit(deps, { source, instruction: args.prompt.trim(), model: args.model }, vscode.l10n.t('Edit {0} with OpenRouter?', vscode.workspace.asRelativePath(source, false)))).question;
}

/** The work of Edit image once the source and the instruction are known: plans, asks (see {@link RunHow}), sends, saves. */
async function edit(deps: ImageCommandDeps, e: EditRun): Promise<vscode.Uri[] | undefined> {
  const { source, instruction, how } = e;
  const s = settings(source);
  const plan = await planEdit(deps, e, how.askFirst);
  if (how.askFirst !== undefined && !(await deps.consent.ask(plan.question, vscode.l10n.t('Edit'), { chooseUploads: false }))) return undefined;
  if (!(await deps.consent.checkLimit(plan.question, how.tool ? 'tool' : how.automated ? 'automation' : 'interactive'))) return undefined;
  const name = source.path.slice(source.path.lastIndexOf('/') + 1);
  const { base } = splitFileName(source.path);
  const root = vscode.workspace.getWorkspaceFolder(source)?.uri;
  const result = await runImageJob({
    client: deps.clients.get(),
    request: plan.request,
    title: vscode.l10n.t('Editing {0} with {1}', name, plan.modelId),
    log: deps.log,
    target: { folder: vscode.Uri.joinPath(source, '..'), baseName: `${base}-edit`, root },
    signal: how.tool?.signal,
    metadata: (reply) => (s.embedMetadata ? provenanceText({ prompt: instruction, model: plan.modelId, api: plan.api, aspectRatio: e.aspectRatio, generationId: reply.id, cost: reply.usage?.cost, editedFrom: name }) : undefined),
  });
  if (!result) return undefined;
  if (how.tool) return toTool(how.tool, result);
  const again = (): unknown => withErrors(() => edit(deps, { ...e, how: { automated: false, askFirst: vscode.l10n.t('Edit {0} again with {1}?', name, plan.modelId) } }), false, deps.log);
  await presentResult(result, instruction, e.markdownEditor, again, deps.log);
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
  const failures = outcome.errors.map(({ index, error }) => vscode.l10n.t('Request {0}: {1}', index + 1, errorMessage(error)));
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
    const shown = err instanceof OpenRouterError ? showOpenRouterError(err, log, run) : showError(errorMessage(err));
    if (!(err instanceof OpenRouterError)) log.error(errorMessage(err));
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
