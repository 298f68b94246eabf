import * as vscode from 'vscode';
import { showInfo, withNotificationProgress } from './notify';
import type { KeyInfo } from '../openrouter/types';
import type { ClientProvider } from '../services/clientFactory';
import type { KeyStore } from '../services/keyStore';
import { KEYS_URL, showOpenRouterError } from './errors';

/** Formats a key's remaining credit for people: `$17.46 of $20.00 left`, or the usage when unlimited. */
export function describeCredit(info: KeyInfo): string {
  const usd = (n: number): string => `$${n.toFixed(2)}`;
  if (info.limit !== null && info.limitRemaining !== null) return `${usd(info.limitRemaining)} of ${usd(info.limit)} left`;
  return `${usd(info.usage)} used, no limit${info.isFreeTier ? ' (free tier)' : ''}`;
}

/**
 * `openrouterStudio.setApiKey [key]`: asks for the key in a password box (or takes it as the argument,
 * for automation), checks it with `GET /key`, and stores it in SecretStorage only if OpenRouter accepts it.
 * @returns the key's info when stored, `undefined` when cancelled or rejected (interactive).
 * @throws the client's error when called with an argument and the key is rejected.
 */
export async function setApiKey(keys: KeyStore, clients: ClientProvider, log: vscode.LogOutputChannel, arg?: unknown): Promise<KeyInfo | undefined> {
  const automated = typeof arg === 'string';
  let key = automated ? arg : undefined;
  if (!automated) {
    key = await vscode.window.showInputBox({
      title: 'OpenRouter API key',
      prompt: `Paste an OpenRouter API key (create one at ${KEYS_URL}). It is stored in VS Code's secret storage.`,
      placeHolder: 'sk-or-v1-…',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() === '' ? 'Enter a key' : /\s/.test(v.trim()) ? 'A key has no spaces' : undefined),
    });
  }
  key = key?.trim();
  if (!key) return undefined;
  const candidate = clients.withKey(key);
  let info: KeyInfo;
  try {
    info = await withNotificationProgress('Checking the OpenRouter API key…', false, () => candidate.getKeyInfo());
  } catch (err) {
    if (automated) throw err;
    await showOpenRouterError(err, log);
    return undefined;
  }
  await keys.set(key);
  log.info(`API key stored (label ${info.label || 'none'}).`);
  void showInfo(`OpenRouter API key saved${info.label ? ` (${info.label})` : ''}: ${describeCredit(info)}.`);
  return info;
}

/** `openrouterStudio.clearApiKey`: removes the stored key. */
export async function clearApiKey(keys: KeyStore, log: vscode.LogOutputChannel): Promise<void> {
  await keys.clear();
  log.info('API key removed from secret storage.');
  const env = process.env.OPENROUTER_API_KEY ? ' OPENROUTER_API_KEY from the environment is used now.' : '';
  void showInfo(`OpenRouter API key removed.${env}`);
}

/**
 * `openrouterStudio.showKeyInfo`: shows the key's label and remaining credit.
 * @returns the info, or `undefined` after showing an error.
 */
export async function showKeyInfo(clients: ClientProvider, log: vscode.LogOutputChannel): Promise<KeyInfo | undefined> {
  try {
    const info = await clients.get().getKeyInfo();
    void showInfo(`OpenRouter key ${info.label || ''}: ${describeCredit(info)}.`);
    return info;
  } catch (err) {
    void showOpenRouterError(err, log, () => showKeyInfo(clients, log));
    return undefined;
  }
}
