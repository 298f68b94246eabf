import * as vscode from 'vscode';
import { showError } from './notify';
import { isAbortError, OpenRouterError } from '../openrouter/errors';
import { errorMessage, escapeControls } from '../shared/format';

export const KEYS_URL = 'https://openrouter.ai/settings/keys';
export const CREDITS_URL = 'https://openrouter.ai/settings/credits';

/** The model settings an error's "Choose model…" can open (`openrouterStudio.chooseModel`). */
export type ModelSetting = 'imageModel' | 'chatModel' | 'visionModel' | 'drawingModel';

/** What was being done when an error happened: its message names it, and its actions fit it. */
export interface ErrorContext {
  /** The feature that failed, e.g. "Improve prompt": the message reads "Improve prompt failed: …". */
  feature?: string;
  /** The setting whose model was asked: an unknown model or a rate limit offers "Choose model…" for it. */
  modelSetting?: ModelSetting;
  /** Runs the request again: offered as "Retry" for a failure that may pass. */
  retry?: () => unknown;
}

/** A model OpenRouter does not know or cannot serve: a 404, or a 400 that names the model. */
export function isModelError(err: unknown): boolean {
  return err instanceof OpenRouterError && (err.status === 404 || (err.status === 400 && /\bmodel\b/i.test(err.detail)));
}

/**
 * Whether an error needs a notification even where a view shows it: its fix is an action only a
 * notification offers (Set API key, Add credits).
 */
export function needsNotification(err: unknown): boolean {
  return err instanceof OpenRouterError && (err.kind === 'no-key' || err.status === 401 || err.status === 402);
}

/**
 * Shows an error as a notification with the actions that fit it (labels localised): "Set API key" (and "Get a key") for a
 * missing or rejected key, "Add credits" for 402, "Choose model…" for an unknown model or a rate limit when
 * `context.modelSetting` says which setting, "Retry" for retryable failures when a retry is given.
 * Aborts are not errors and show nothing. The message never contains the key (the client redacts it).
 * @param context what was being done (`feature`, `modelSetting`), or just the retry.
 * @returns the label of the action chosen, after it has been carried out (`Retry` runs the retry).
 */
export async function showOpenRouterError(err: unknown, log: vscode.LogOutputChannel, context: ErrorContext | (() => unknown) = {}): Promise<string | undefined> {
  if (isAbortError(err)) return undefined;
  const { feature, modelSetting, retry } = typeof context === 'function' ? { retry: context } : context;
  const message = feature ? vscode.l10n.t('{0} failed: {1}', feature, errorMessage(err)) : errorMessage(err);
  log.error(message);
  // A rate limit's message is one sentence; what the provider said (its limit, "add your own key") goes to the log.
  const said = err instanceof OpenRouterError && err.status === 429 ? [err.detail, err.metadata.raw].filter((x): x is string => typeof x === 'string' && x.trim() !== '') : [];
  if (said.length > 0) log.info(`Rate limit details: ${escapeControls(said.join(' — ')).slice(0, 2000)}`);
  const setKey = vscode.l10n.t('Set API key');
  const getKey = vscode.l10n.t('Get a key');
  const addCredits = vscode.l10n.t('Add credits');
  const chooseModel = vscode.l10n.t('Choose model…');
  // A request that may have run (and been billed) says so on its Retry too.
  const again = err instanceof OpenRouterError && err.mayHaveRun ? vscode.l10n.t('Retry (may be charged again)') : vscode.l10n.t('Retry');
  const actions: string[] = [];
  if (err instanceof OpenRouterError) {
    if (err.kind === 'no-key') actions.push(setKey, getKey);
    else if (err.status === 401) actions.push(setKey);
    else if (err.status === 402) actions.push(addCredits);
    if (retry && (err.retryable || err.status === 408 || err.status === 429 || (err.status ?? 0) >= 500 || err.kind === 'network' || err.kind === 'timeout')) actions.push(again);
    if (modelSetting && (isModelError(err) || err.status === 429)) actions.push(chooseModel);
  }
  const choice = await showError(message, ...actions);
  if (choice === setKey) await vscode.commands.executeCommand('openrouterStudio.setApiKey');
  else if (choice === getKey) await vscode.env.openExternal(vscode.Uri.parse(KEYS_URL));
  else if (choice === addCredits) await vscode.env.openExternal(vscode.Uri.parse(CREDITS_URL));
  else if (choice === chooseModel) await vscode.commands.executeCommand('openrouterStudio.chooseModel', modelSetting);
  else if (choice === again) await retry?.();
  return choice;
}
