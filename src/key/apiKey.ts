import * as vscode from 'vscode';
import { settings } from '../platform/config';
import { formatCost } from '../shared/format';
import type { Spending } from '../platform/spending';
import { showInfo, withNotificationProgress } from '../platform/notify';
import type { KeyInfo } from '../openrouter/types';
import type { ClientProvider } from '../platform/clientFactory';
import type { KeyStore } from '../platform/keyStore';
import { KEYS_URL, showOpenRouterError } from '../platform/errors';

/** Formats a key's remaining credit for people: `$17.46 of $20.00 left`, or the usage when unlimited. */
export function describeCredit(info: KeyInfo): string {
  const usd = (n: number): string => `$${n.toFixed(2)}`;
  if (info.limit !== null && info.limitRemaining !== null) return vscode.l10n.t('{0} of {1} left', usd(info.limitRemaining), usd(info.limit));
  return info.isFreeTier ? vscode.l10n.t('{0} used, no limit (free tier)', usd(info.usage)) : vscode.l10n.t('{0} used, no limit', usd(info.usage));
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
      title: vscode.l10n.t('OpenRouter API key'),
      prompt: vscode.l10n.t("Paste an OpenRouter API key (create one at {0}). It is stored in VS Code's secret storage.", KEYS_URL),
      placeHolder: 'sk-or-v1-…',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() === '' ? vscode.l10n.t('Enter a key') : /\s/.test(v.trim()) ? vscode.l10n.t('A key has no spaces') : undefined),
    });
  }
  key = key?.trim();
  if (!key) return undefined;
  const candidate = clients.withKey(key);
  let info: KeyInfo;
  try {
    // Cancellable, and bounded by the request time-out: a server that never answers does not hold the check.
    info = await withNotificationProgress(vscode.l10n.t('Checking the OpenRouter API key…'), true, (_p, signal) => candidate.getKeyInfo({ signal: AbortSignal.any([signal, AbortSignal.timeout(settings().requestTimeoutSeconds * 1000)]) }));
  } catch (err) {
    if (automated) throw err;
    await showOpenRouterError(err, log);
    return undefined;
  }
  await keys.set(key);
  log.info(`API key stored (label ${info.label || 'none'}).`);
  void showInfo(info.label ? vscode.l10n.t('OpenRouter API key saved ({0}): {1}.', info.label, describeCredit(info)) : vscode.l10n.t('OpenRouter API key saved: {0}.', describeCredit(info)));
  return info;
}

/** `openrouterStudio.clearApiKey`: removes the stored key. */
export async function clearApiKey(keys: KeyStore, log: vscode.LogOutputChannel): Promise<void> {
  await keys.clear();
  log.info('API key removed from secret storage.');
  void showInfo(process.env.OPENROUTER_API_KEY ? vscode.l10n.t('OpenRouter API key removed. OPENROUTER_API_KEY from the environment is used now.') : vscode.l10n.t('OpenRouter API key removed.'));
}

/**
 * `openrouterStudio.showKeyInfo`: shows the key's label and remaining credit.
 * @returns the info, or `undefined` after showing an error.
 */
export async function showKeyInfo(clients: ClientProvider, log: vscode.LogOutputChannel, spending?: Spending): Promise<KeyInfo | undefined> {
  try {
    const info = await withNotificationProgress(vscode.l10n.t('Reading the key\'s usage…'), true, (_p, signal) => clients.get().getKeyInfo({ signal: AbortSignal.any([signal, AbortSignal.timeout(settings().requestTimeoutSeconds * 1000)]) }));
    const t = spending?.total;
    const here = t ? ' ' + vscode.l10n.t('OpenRouter Studio\'s requests in this workspace: {0} since {1}.', formatCost(t.usd), new Date(t.since).toLocaleDateString()) : '';
    const reset = vscode.l10n.t('Reset total');
    void showInfo(vscode.l10n.t('OpenRouter key {0}: {1}.', info.label || '', describeCredit(info)) + here, ...(spending ? [reset] : [])).then((choice) => (choice === reset ? spending?.reset() : undefined));
    return info;
  } catch (err) {
    void showOpenRouterError(err, log, () => showKeyInfo(clients, log, spending));
    return undefined;
  }
}
