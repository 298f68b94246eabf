import * as vscode from 'vscode';
import { showError } from './notify';
import { isAbortError, OpenRouterError } from '../openrouter/errors';
import { errorMessage } from '../shared/format';

export const KEYS_URL = 'https://openrouter.ai/settings/keys';
export const CREDITS_URL = 'https://openrouter.ai/settings/credits';

/**
 * Shows an error as a notification with the actions that fit it (labels localised): "Set API key" (and "Get a key") for a
 * missing or rejected key, "Add credits" for 402, "Retry" for retryable failures when `retry` is given.
 * Aborts are not errors and show nothing. The message never contains the key (the client redacts it).
 * @returns the label of the action chosen, after it has been carried out (`Retry` runs `retry`).
 */
export async function showOpenRouterError(err: unknown, log: vscode.LogOutputChannel, retry?: () => unknown): Promise<string | undefined> {
  if (isAbortError(err)) return undefined;
  const message = errorMessage(err);
  log.error(message);
  const setKey = vscode.l10n.t('Set API key');
  const getKey = vscode.l10n.t('Get a key');
  const addCredits = vscode.l10n.t('Add credits');
  // A request that may have run (and been billed) says so on its Retry too.
  const again = err instanceof OpenRouterError && err.mayHaveRun ? vscode.l10n.t('Retry (may be charged again)') : vscode.l10n.t('Retry');
  const actions: string[] = [];
  if (err instanceof OpenRouterError) {
    if (err.kind === 'no-key') actions.push(setKey, getKey);
    else if (err.status === 401) actions.push(setKey);
    else if (err.status === 402) actions.push(addCredits);
    if (retry && (err.retryable || err.status === 408 || err.status === 429 || (err.status ?? 0) >= 500 || err.kind === 'network' || err.kind === 'timeout')) actions.push(again);
  }
  const choice = await showError(message, ...actions);
  if (choice === setKey) await vscode.commands.executeCommand('openrouterStudio.setApiKey');
  else if (choice === getKey) await vscode.env.openExternal(vscode.Uri.parse(KEYS_URL));
  else if (choice === addCredits) await vscode.env.openExternal(vscode.Uri.parse(CREDITS_URL));
  else if (choice === again) await retry?.();
  return choice;
}
