import * as vscode from 'vscode';
import { showError } from '../platform/notify';
import { DESCRIBE_MAX_TOKENS, type ChatSession } from './session';
import { estimateText } from '../openrouter/pricing';
import type { Consent } from '../platform/consent';
import type { ModelCatalog } from '../platform/modelCatalog';
import type { SpendQuestion } from '../shared/spendQuestion';
import type { ChatViewProvider } from './chatViewProvider';
import { ImageRejectedError } from '../images/mime';
import { settings } from '../platform/config';
import { activeImageUri, readWorkspaceImage, readWorkspaceImages, type WorkspaceImage } from '../platform/readImage';
import { isAutomationArg } from '../platform/args';
import { showOpenRouterError } from '../platform/errors';
import type { ClientProvider } from '../platform/clientFactory';
import { collectReply } from '../openrouter/collect';
import { errorMessage } from '../shared/format';

/** The automation argument of `openrouterStudio.describeImage`. */
export interface DescribeArgs {
  model?: string;
  prompt?: string;
}

/**
 * `openrouterStudio.describeImage (uri | uri[], { model?, prompt? })`: sends one or more workspace images
 * (read through `workspace.fs`, checked by magic bytes and `openrouterStudio.maxImageMB` before any
 * request) to a vision model and streams the description into a new turn of the chat view.
 * Explorer multi-selection arrives as `(clicked, selected[])`: all selected images go in one turn.
 * @returns the full description when the stream ends.
 * @throws {ImageRejectedError} for a file too large or not an image (no request is sent);
 *   the client's error after the partial text reached the view.
 */
export async function describeImage(
  session: ChatSession,
  view: ChatViewProvider,
  log: vscode.LogOutputChannel,
  first?: unknown,
  second?: unknown,
): Promise<string | undefined> {
  const active = activeImageUri();
  const uris = Array.isArray(second) && second.every((u) => u instanceof vscode.Uri) && second.length > 0
    ? (second as vscode.Uri[])
    : Array.isArray(first) ? (first as unknown[]).filter((u): u is vscode.Uri => u instanceof vscode.Uri)
    : first instanceof vscode.Uri ? [first] : active ? [active] : [];
  // Menus pass (uri, uri[]) from the explorer and (uri, { groupId, editorIndex }) from an editor title;
  // only a plain options object without those marks automation.
  const automated = isAutomationArg(second);
  const args: DescribeArgs = automated ? (second as DescribeArgs) : {};
  if (uris.length === 0) {
    const msg = vscode.l10n.t('Select a PNG, JPEG, WebP or GIF image to describe.');
    if (automated) throw new ImageRejectedError(msg);
    void showError(msg);
    return undefined;
  }
  const s = settings(uris[0]);
  let images: WorkspaceImage[];
  try {
    images = await readWorkspaceImages(uris, s.maxImageBytes);
  } catch (err) {
    void showError(errorMessage(err));
    if (automated) throw err;
    return undefined;
  }
  await view.reveal();
  const prompt = args.prompt?.trim() || s.describePrompt;
  try {
    return await session.send(prompt, { model: args.model?.trim() || s.visionModel, images, maxTokens: DESCRIBE_MAX_TOKENS, origin: automated ? 'automation' : 'interactive' });
  } catch (err) {
    // Shown once: a turn of the chat view already shows its error (with Retry); a notification only adds what
    // the view cannot offer (Set API key, Add credits) or an error from before the turn began.
    if (session.needsNotice(err)) void showOpenRouterError(err, log, { feature: vscode.l10n.t('Describe this image'), modelSetting: 'visionModel' });
    if (automated) throw err;
    return undefined;
  }
}

/** What {@link describeForTool} gives an agent. */
export interface ToolDescription {
  text: string;
  model: string;
  /** USD, when the reply reports it. */
  cost?: number;
}

/**
 * Describe this image for an agent's tool: the same checks (a workspace image by its bytes, at most
 * `maxImageBytes`) and defaults (`describePrompt`, `visionModel`) as the command, at most
 * {@link DESCRIBE_MAX_TOKENS}; the reply is collected for the agent instead of streamed into the chat view
 * (the agent's own chat shows it). Refused past the spending limit ({@link SpendingLimitError}), nothing sent.
 * @throws {OutsideWorkspaceError} / {@link ImageRejectedError} before anything is sent; the client's errors;
 *   the signal's reason when cancelled.
 */
export async function describeForTool(deps: DescribeToolDeps, uri: vscode.Uri, args: DescribeArgs, signal: AbortSignal): Promise<ToolDescription> {
  const s = settings(uri);
  const image = await readWorkspaceImage(uri, s.maxImageBytes);
  const question = await describeQuestion(deps.catalog, uri, args);
  await deps.consent.checkLimit(question, 'tool');
  const model = args.model?.trim() || s.visionModel;
  const prompt = args.prompt?.trim() || s.describePrompt;
  const reply = await collectReply(deps.clients.get().streamChat({ model, messages: [{ role: 'user', content: [{ type: 'text', text: prompt }, { type: 'image_url', image_url: { url: image.dataUrl } }] }], max_tokens: DESCRIBE_MAX_TOKENS }, { signal }));
  return { text: reply.text, model, cost: reply.usage?.cost };
}

/** What the describe tool needs: the client, the vision model's price, and the spending limit. */
export interface DescribeToolDeps {
  clients: ClientProvider;
  catalog: Pick<ModelCatalog, 'find'>;
  consent: Pick<Consent, 'checkLimit'>;
}

/**
 * The question before describing `uri` (the describe tool's confirmation, and the spending limit): the
 * model, the prompt, the reply's bound ({@link DESCRIBE_MAX_TOKENS}), the image as the upload, and an upper
 * estimate from the model's `/models` prices.
 */
export async function describeQuestion(catalog: Pick<ModelCatalog, 'find'>, uri: vscode.Uri, args: DescribeArgs): Promise<SpendQuestion> {
  const t = vscode.l10n.t;
  const s = settings(uri);
  const model = args.model?.trim() || s.visionModel;
  const prompt = args.prompt?.trim() || s.describePrompt;
  const name = vscode.workspace.asRelativePath(uri, false);
  const info = await catalog.find('text', model).catch(() => undefined);
  return {
    title: t('Describe {0} with OpenRouter?', name),
    facts: [{ label: t('Model'), value: model }, { label: t('Reply'), value: t('at most {0} tokens', DESCRIBE_MAX_TOKENS.toLocaleString('en-US')) }, { label: t('Prompt'), value: prompt }],
    uploads: [name],
    estimate: estimateText(info, { promptChars: prompt.length, images: 1, maxTokens: DESCRIBE_MAX_TOKENS }),
  };
}
