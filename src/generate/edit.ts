/**
 * **Edit image with prompt**: a workspace image and an instruction go to an image model (chat completions:
 * as an image part; the Image API: as `input_references`); the result is saved beside the source.
 */
import * as vscode from 'vscode';
import { buildChatImageRequest } from '../openrouter/chatImageRequest';
import { buildImagesRequest } from '../openrouter/imageApi';
import { describeEstimate, estimateChatImage, estimateImages } from '../openrouter/pricing';
import { provenanceText } from '../images/provenance';
import { splitFileName } from '../images/naming';
import { ArgumentError, isAutomationArg } from '../platform/args';
import { chooseModel } from '../platform/chooseModel';
import { settings } from '../platform/config';
import { showError } from '../platform/notify';
import { activeImageUri, readWorkspaceImage } from '../platform/readImage';
import type { Fact, SpendQuestion } from '../shared/spendQuestion';
import { runImageJob, type ImageJobRequest } from './imageJob';
import { presentResult, toTool } from './present';
import { chooseApi } from './route';
import { ensureKey, imageRun, withErrors, type ImageRun, type ToolRun } from './run';
import type { EditArgs, ImageCommandDeps } from './types';

/**
 * `openrouterStudio.editImage [uri] [args]`: sends a workspace image with an instruction to an image model
 * and saves the result next to the source as `<name>-edit.<ext>` (`-edit-2` …). With {@link EditArgs}: no UI
 * besides progress.
 * @returns the saved files' Uris; `undefined` when cancelled.
 * @throws with an argument: {@link ArgumentError} for a missing prompt; the request's or the saver's error.
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
    const asked = await askEdit(deps, source);
    if (!asked) return undefined;
    ({ prompt, model } = asked);
  }
  prompt = prompt?.trim();
  if (!prompt) return undefined;
  const run = imageRun(deps.log, { automated });
  const e: EditTarget = { source, instruction: prompt, model, aspectRatio };
  return withErrors(run, () => edit(deps, e, run));
}

/** The button of Edit image's box that opens the model picker. */
const CHOOSE_MODEL: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('symbol-class'), tooltip: vscode.l10n.t('Choose model…') };

/**
 * Edit image's box: the change to make, with the model and the estimate of one edit said in it (the price
 * before the user decides), and a button that opens the model picker (as Generate image's model step);
 * the box comes back with the words typed so far and the new model's estimate.
 * @returns the instruction and the model; `undefined` when the user closed the box.
 */
async function askEdit(deps: ImageCommandDeps, source: vscode.Uri): Promise<{ prompt: string; model: string } | undefined> {
  let model = settings(source).imageModel;
  let value = '';
  for (;;) {
    const planned = await planEdit(deps, { source, instruction: '', model }).catch(() => undefined);
    const box = vscode.window.createInputBox();
    box.title = vscode.l10n.t('Edit {0}', vscode.workspace.asRelativePath(source));
    box.prompt = planned ? vscode.l10n.t('Describe the change. {0} edits it: {1}.', planned.modelId, describeEstimate(planned.question.estimate)) : vscode.l10n.t('Describe the change. {0} edits it.', model);
    box.placeholder = vscode.l10n.t('e.g. make the sky a sunset, remove the text');
    box.ignoreFocusOut = true;
    box.value = value;
    box.buttons = [CHOOSE_MODEL];
    const answer = await new Promise<'accept' | 'choose' | undefined>((resolve) => {
      box.onDidAccept(() => {
        if (!box.value.trim()) return;
        value = box.value;
        resolve('accept');
        box.hide();
      });
      box.onDidTriggerButton(() => {
        value = box.value;
        resolve('choose');
        box.hide();
      });
      box.onDidHide(() => {
        resolve(undefined);
        box.dispose();
      });
      box.show();
    });
    if (answer === 'accept') return { prompt: value.trim(), model };
    if (answer === undefined) return undefined;
    model = (await chooseModel(deps.catalog, deps.log, { kind: 'image', title: vscode.l10n.t('Edit image: model'), current: model })) ?? model;
  }
}

/**
 * Edit image for an agent's tool: {@link editImage}'s checks and saving, run as {@link ToolRun}.
 * @returns the saved files, or `undefined` when cancelled.
 * @throws {OutsideWorkspaceError} / {@link ImageRejectedError} for a source that is not a workspace image (nothing sent); the request's errors.
 */
export function editImageForTool(deps: ImageCommandDeps, source: vscode.Uri, args: { prompt: string; model?: string }, tool: ToolRun): Promise<vscode.Uri[] | undefined> {
  return edit(deps, { source, instruction: args.prompt.trim(), model: args.model }, imageRun(deps.log, { automated: true, tool }));
}

/** What Edit image is run on. */
interface EditTarget {
  source: vscode.Uri;
  instruction: string;
  model?: string;
  aspectRatio?: string;
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
async function planEdit(deps: ImageCommandDeps, e: EditTarget, title?: string): Promise<EditPlan> {
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

/** The work of Edit image once the source and the instruction are known: plans, asks (see {@link ImageRun}), sends, saves. */
async function edit(deps: ImageCommandDeps, e: EditTarget, run: ImageRun): Promise<vscode.Uri[] | undefined> {
  const { source, instruction } = e;
  const s = settings(source);
  const plan = await planEdit(deps, e, run.askFirst);
  if (run.askFirst !== undefined && !(await deps.consent.ask(plan.question, vscode.l10n.t('Edit'), { chooseUploads: false }))) return undefined;
  if (!(await deps.consent.checkLimit(plan.question, run.origin))) return undefined;
  const name = source.path.slice(source.path.lastIndexOf('/') + 1);
  const { base } = splitFileName(source.path);
  const root = vscode.workspace.getWorkspaceFolder(source)?.uri;
  const result = await runImageJob({
    client: deps.clients.get(),
    request: plan.request,
    title: vscode.l10n.t('Editing {0} with {1}', name, plan.modelId),
    log: deps.log,
    target: { folder: vscode.Uri.joinPath(source, '..'), baseName: `${base}-edit`, root },
    signal: run.signal,
    metadata: (reply) => (s.embedMetadata ? provenanceText({ prompt: instruction, model: plan.modelId, api: plan.api, aspectRatio: e.aspectRatio, generationId: reply.id, cost: reply.usage?.cost, editedFrom: name }) : undefined),
  });
  if (!result) return undefined;
  if (run.tool) return toTool(run.tool, result);
  // Edit again from the notification asks first, as Generate again does.
  const again = (): unknown => {
    const next: ImageRun = { ...run, automated: false, origin: 'interactive', askFirst: vscode.l10n.t('Edit {0} again with {1}?', name, plan.modelId) };
    return withErrors(next, () => edit(deps, e, next));
  };
  await presentResult(run, result, instruction, again);
  return result.uris;
}
