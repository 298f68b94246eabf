/**
 * Prompt help: a text model rewrites an image prompt for the strengths of the image model that will draw it.
 * It never sends an image request: the caller shows the new text for the user to accept or edit.
 */
import * as l10n from '@vscode/l10n';
import { collectReply } from '../openrouter/collect';
import type { OpenRouterClient } from '../openrouter/client';
import type { ModelCatalog } from '../platform/modelCatalog';

/** Longest improved prompt kept, in characters. */
export const MAX_IMPROVED_PROMPT = 4000;
/** `max_tokens` of the request: what {@link MAX_IMPROVED_PROMPT} characters take, at about four a token. */
export const IMPROVE_MAX_TOKENS = 1000;

/** The instruction sent with the prompt (to the text model, as the system message). */
export function improveInstruction(target: { id: string; name?: string; description?: string }): string {
  const about = [target.name, target.description?.slice(0, 600)].filter(Boolean).join(': ');
  return [
    `Rewrite the user's image prompt so that the image model ${target.id}${about ? ` (${about})` : ''} draws it well.`,
    'Keep the intent, the subject and the language of the prompt. Add concrete details the model can use: subject, setting,',
    'composition and framing, lighting, colours, style or medium. Keep any text that must appear in the image exactly, in quotes.',
    'Reply with the rewritten prompt only: no preamble, no explanation, no quotes around it, at most 120 words.',
  ].join(' ');
}

/**
 * The model's reply as a prompt: surrounding quotes, a code fence and a "Prompt:" label removed, white space
 * collapsed to single spaces and lines, at most {@link MAX_IMPROVED_PROMPT} characters.
 * @throws {Error} when nothing usable is left.
 */
export function cleanImprovedPrompt(reply: string): string {
  let t = reply.trim().replace(/^```[\w-]*\n?([\s\S]*?)\n?```$/, '$1').trim();
  t = t.replace(/^(?:improved |rewritten )?prompt\s*:\s*/i, '').trim();
  if (/^(["'“‘«]).*(["'”’»])$/s.test(t)) t = t.slice(1, -1).trim();
  t = t.replace(/[ \t]+/g, ' ').replace(/\n{3,}/g, '\n\n').trim();
  if (!t) throw new Error(l10n.t('The model returned no prompt.'));
  return t.length > MAX_IMPROVED_PROMPT ? t.slice(0, MAX_IMPROVED_PROMPT) : t;
}

/**
 * Rewrites `prompt` with the text model `textModel` for the image model `target`, asking for at most
 * {@link IMPROVE_MAX_TOKENS} tokens.
 * @param signal Cancel and the deadline: the request ends at once.
 * @returns the new prompt (to be shown, never sent as an image request here).
 * @throws {OpenRouterError} from the request; an `Error` when the reply holds no prompt; the signal's reason.
 */
export async function improvePrompt(client: OpenRouterClient, textModel: string, prompt: string, target: { id: string; name?: string; description?: string }, signal?: AbortSignal): Promise<string> {
  const reply = await collectReply(client.streamChat({ model: textModel, messages: [{ role: 'system', content: improveInstruction(target) }, { role: 'user', content: prompt }], max_tokens: IMPROVE_MAX_TOKENS }, { signal }));
  return cleanImprovedPrompt(reply.text);
}

/**
 * {@link improvePrompt} for the image model `targetId`, described from the stored models lists (image-output
 * models of `/models`, else the Image API's) without fetching them.
 */
export function improvePromptFor(client: OpenRouterClient, catalog: Pick<ModelCatalog, 'cached'>, textModel: string, prompt: string, targetId: string, signal?: AbortSignal): Promise<string> {
  const target = catalog.cached('image', targetId) ?? catalog.cached('imageApi', targetId) ?? { id: targetId };
  return improvePrompt(client, textModel, prompt, target, signal);
}
