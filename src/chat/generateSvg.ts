import * as vscode from 'vscode';
import { OpenRouterError } from '../openrouter/errors';
import { settings } from '../platform/config';
import { showOpenRouterError } from '../platform/errors';
import type { ClientProvider } from '../platform/clientFactory';
import { generateSvgFile } from '../svg';
import type { ChatViewProvider } from './chatViewProvider';
import type { ChatSession } from './session';

/**
 * `openrouterStudio.generateSvg`. From the palette: asks for a description, then draws the SVG in a new turn
 * of the chat view (previews, code, Save). With an argument `{ prompt, model?, outputDirectory? }`: no UI; the
 * SVG is drawn, sanitized and saved (`generateSvgFile`).
 * @returns the saved `.svg` (automation), else `undefined`.
 * @throws (automation only) `TypeError` for another argument, `SvgRejectedError` when the model sent no usable
 *   SVG, the client's error; nothing is saved then.
 */
export async function generateSvg(session: ChatSession, view: ChatViewProvider, clients: ClientProvider, log: vscode.LogOutputChannel, arg?: unknown): Promise<vscode.Uri | undefined> {
  if (arg !== undefined) {
    // Past the spending limit automation is refused before anything is sent (the argument is checked first).
    const a = arg as { prompt?: unknown; model?: unknown };
    if (a && typeof a === 'object' && typeof a.prompt === 'string' && a.prompt.trim()) await session.svg.allowed(a.prompt.trim(), typeof a.model === 'string' && a.model.trim() ? a.model.trim() : settings().svgModel, 'automation');
    return generateSvgFile(clients, arg, log);
  }
  // The price before the user decides: one reply of at most SVG_MAX_TOKENS from the SVG model.
  const price = await session.svg.priceText().catch(() => undefined);
  const prompt = await vscode.window.showInputBox({
    title: vscode.l10n.t('Generate SVG'),
    prompt: price
      ? vscode.l10n.t('Describe the icon, logo or illustration. {0} draws it in the chat view ({1}), where you can save it.', settings().svgModel, price)
      : vscode.l10n.t('Describe the icon, logo or illustration. {0} draws it in the chat view, where you can save it.', settings().svgModel),
    placeHolder: vscode.l10n.t('e.g. a minimal line icon of a paper plane'),
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Describe the SVG to draw.')),
  });
  if (!prompt?.trim()) return undefined;
  await view.reveal();
  try {
    await session.svg.send(prompt.trim());
  } catch (err) {
    // The turn shows every error; a notification adds what the view cannot offer (setting a key, credits).
    if (err instanceof OpenRouterError) await showOpenRouterError(err, log);
  }
  return undefined;
}
