import * as vscode from 'vscode';
import { settings } from '../platform/config';
import { formatCost } from '../shared/format';
import type { Spending } from '../platform/spending';
import { showInfo, withNotificationProgress } from '../platform/notify';
import type { KeyInfo } from '../openrouter/types';
import { OpenRouterError } from '../openrouter/errors';
import type { ClientProvider } from '../platform/clientFactory';
import type { KeyStore } from '../platform/keyStore';
import { KEYS_URL, showOpenRouterError } from '../platform/errors';
import { errorMessage } from '../shared/format';

/** Formats a key's remaining credit for people: `$17.46 of $20.00 left`, or the usage when unlimited. */
export function describeCredit(info: KeyInfo): string {
  const usd = (n: number): string => `$${n.toFixed(2)}`;
  if (info.limit !== null && info.limitRemaining !== null) return vscode.l10n.t('{0} of {1} left', usd(info.limitRemaining), usd(info.limit));
  return info.isFreeTier ? vscode.l10n.t('{0} used, no limit (free tier)', usd(info.usage)) : vscode.l10n.t('{0} used, no limit', usd(info.usage));
}

/**
 * `openrouterStudio.setApiKey [key]`: asks for the key in a password box (or takes it as the argument,
 * for automation), checks it with `GET /key`, and stores it in SecretStorage only if OpenRouter accepts it.
 * A rejected key is said in the box, which stays open (see {@link askForKey}).
 * @returns the key's info when stored, `undefined` when cancelled or rejected (interactive).
 * @throws the client's error when called with an argument and the key is rejected.
 */
export async function setApiKey(keys: KeyStore, clients: ClientProvider, log: vscode.LogOutputChannel, arg?: unknown): Promise<KeyInfo | undefined> {
  // Cancellable, and bounded by the request time-out: a server that never answers does not hold the check.
  const check = (key: string, signal: AbortSignal): Promise<KeyInfo> => clients.withKey(key).getKeyInfo({ signal: AbortSignal.any([signal, AbortSignal.timeout(settings().requestTimeoutSeconds * 1000)]) });
  let checked: { key: string; info: KeyInfo } | undefined;
  if (typeof arg === 'string') {
    const key = arg.trim();
    if (!key) return undefined;
    // Automation: the client's error goes to the caller.
    checked = { key, info: await withNotificationProgress(vscode.l10n.t('Checking the OpenRouter API key…'), true, (_p, signal) => check(key, signal)) };
  } else {
    checked = await askForKey(check, log);
    if (!checked) return undefined;
  }
  await keys.set(checked.key);
  const { info } = checked;
  log.info(`API key stored (label ${info.label || 'none'}).`);
  void showInfo(info.label ? vscode.l10n.t('OpenRouter API key saved ({0}): {1}.', info.label, describeCredit(info)) : vscode.l10n.t('OpenRouter API key saved: {0}.', describeCredit(info)));
  return info;
}

/**
 * The password box of Set API key. Enter checks the key while the box stays open (busy); a key OpenRouter
 * rejects, or a check that fails, is said inside the box (`InputBox.validationMessage`) with the key still
 * there to correct, as VS Code's own inputs do. Escape closes it and ends a check under way.
 * @returns the key and its info once OpenRouter accepted it; `undefined` when the box was closed.
 */
function askForKey(check: (key: string, signal: AbortSignal) => Promise<KeyInfo>, log: vscode.LogOutputChannel): Promise<{ key: string; info: KeyInfo } | undefined> {
  const box = vscode.window.createInputBox();
  box.title = vscode.l10n.t('OpenRouter API key');
  box.prompt = vscode.l10n.t("Paste an OpenRouter API key (create one at {0}). It is stored in VS Code's secret storage.", KEYS_URL);
  box.placeholder = 'sk-or-v1-…';
  box.password = true;
  box.ignoreFocusOut = true;
  const invalid = (v: string): string | undefined => (v.trim() === '' ? vscode.l10n.t('Enter a key') : /\s/.test(v.trim()) ? vscode.l10n.t('A key has no spaces') : undefined);
  let checking: AbortController | undefined;
  return new Promise((resolve) => {
    box.onDidChangeValue((v) => {
      box.validationMessage = v === '' ? undefined : invalid(v);
    });
    box.onDidAccept(async () => {
      const key = box.value.trim();
      box.validationMessage = invalid(box.value);
      if (box.validationMessage || checking) return;
      checking = new AbortController();
      box.busy = true;
      box.enabled = false;
      try {
        const info = await check(key, checking.signal);
        resolve({ key, info });
        box.hide();
      } catch (err) {
        if (checking.signal.aborted) return;
        log.warn(`API key not stored: ${errorMessage(err)}`);
        // The client's messages never contain the key. A rejected key is said for this box: correct it here.
        const message = err instanceof OpenRouterError && err.status === 401 ? vscode.l10n.t('OpenRouter rejected this key ({0}). Paste a valid key, or press Escape.', err.detail) : errorMessage(err);
        box.validationMessage = { message, severity: vscode.InputBoxValidationSeverity.Error };
      } finally {
        checking = undefined;
        box.busy = false;
        box.enabled = true;
      }
    });
    box.onDidHide(() => {
      checking?.abort();
      box.dispose();
      resolve(undefined);
    });
    box.show();
  });
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
