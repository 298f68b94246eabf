import * as vscode from 'vscode';
import { showError } from '../platform/notify';
import type { ChatSession } from './session';
import type { ChatViewProvider } from './chatViewProvider';
import { ImageRejectedError } from '../images/mime';
import { settings } from '../platform/config';
import { activeImageUri, readWorkspaceImage, type WorkspaceImage } from '../platform/readImage';
import { isAutomationArg } from '../platform/args';
import { showOpenRouterError } from '../platform/errors';
import type { ClientProvider } from '../platform/clientFactory';
import { collectReply } from '../openrouter/collect';

/** The automation argument of `openrouterStudio.describeImage`. */
export interface DescribeArgs {
  model?: string;
  prompt?: string;
}

/**
 * `openrouterStudio.describeImage (uri | uri[], { model?, prompt? })`: sends one or more workspace images
 * (read through `workspace.fs`, checked by magic bytes and `openrouterStudio.maxImageBytes` before any
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
    images = await Promise.all(uris.map((u) => readWorkspaceImage(u, s.maxImageBytes)));
  } catch (err) {
    void showError(err instanceof Error ? err.message : String(err));
    if (automated) throw err;
    return undefined;
  }
  await view.reveal();
  const prompt = args.prompt?.trim() || s.describePrompt;
  try {
    return await session.send(prompt, { model: args.model?.trim() || s.visionModel, images });
  } catch (err) {
    if (automated) {
      void showOpenRouterError(err, log);
      throw err;
    }
    await showOpenRouterError(err, log);
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
 * `maxImageBytes`) and defaults (`describePrompt`, `visionModel`) as the command; the reply is collected for
 * the agent instead of streamed into the chat view (the agent's own chat shows it).
 * @throws {OutsideWorkspaceError} / {@link ImageRejectedError} before anything is sent; the client's errors;
 *   the signal's reason when cancelled.
 */
export async function describeForTool(clients: ClientProvider, uri: vscode.Uri, args: DescribeArgs, signal: AbortSignal): Promise<ToolDescription> {
  const s = settings(uri);
  const image = await readWorkspaceImage(uri, s.maxImageBytes);
  const model = args.model?.trim() || s.visionModel;
  const prompt = args.prompt?.trim() || s.describePrompt;
  const reply = await collectReply(clients.get().streamChat({ model, messages: [{ role: 'user', content: [{ type: 'text', text: prompt }, { type: 'image_url', image_url: { url: image.dataUrl } }] }] }, { signal }));
  return { text: reply.text, model, cost: reply.usage?.cost };
}
