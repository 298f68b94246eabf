/**
 * Which base URL may receive the API key. Pure code (no `vscode`), so the rule is unit-tested alone.
 *
 * The rule: the key goes to the default base URL or to one the user set in user (or remote machine)
 * settings. A base URL from workspace or workspace-folder settings — which any repository can ship in
 * `.vscode/settings.json` — is used with the key only after the user approved its exact origin
 * (`scheme://host:port`). VS Code documents these settings levels in
 * https://code.visualstudio.com/api/references/vscode-api#WorkspaceConfiguration.inspect.
 */
import * as l10n from '@vscode/l10n';
import { DEFAULT_BASE_URL } from '../openrouter/client';

/** The levels of `WorkspaceConfiguration.inspect('baseUrl')` this rule reads. */
export interface InspectedBaseUrl {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/** Thrown for a base URL that is not an `http:`/`https:` URL. */
export class BaseUrlError extends Error {
  override readonly name = 'BaseUrlError';
}

/** The base URL to use and whether it needs the user's approval before the key goes there. */
export interface BaseUrlChoice {
  /** The base URL, without a trailing slash. */
  url: string;
  /** `url`'s origin, e.g. `https://openrouter.ai` or `http://127.0.0.1:8080`. */
  origin: string;
  /** Where `url` came from. */
  source: 'default' | 'user' | 'workspace';
  /** The origin of the user's own choice (user settings, else the default). */
  userOrigin: string;
}

/**
 * The origin of an `http:`/`https:` URL.
 * @throws {BaseUrlError} when `url` is not one; `where` names the setting's level in the message.
 */
export function originOf(url: string, where = 'openrouterStudio.baseUrl'): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new BaseUrlError(l10n.t('{0} is not a URL.', where));
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new BaseUrlError(l10n.t('{0} must be an http: or https: URL.', where));
  if (parsed.username || parsed.password) throw new BaseUrlError(l10n.t('{0} must not hold a user name or password.', where));
  return parsed.origin;
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim().replace(/\/+$/, '') : undefined;
}

/**
 * Decides the base URL from the inspected setting levels.
 * @param inspected `inspect('baseUrl')` of the `openrouterStudio` section (or `undefined`).
 * @returns the choice: a workspace or workspace-folder value wins, as in VS Code's own settings order.
 * @throws {BaseUrlError} when a value is not an `http:`/`https:` URL.
 */
export function chooseBaseUrl(inspected: InspectedBaseUrl | undefined): BaseUrlChoice {
  const user = text(inspected?.globalValue);
  const userUrl = user ?? DEFAULT_BASE_URL;
  const userOrigin = originOf(userUrl, l10n.t('openrouterStudio.baseUrl (user settings)'));
  const ws = text(inspected?.workspaceFolderValue) ?? text(inspected?.workspaceValue);
  if (ws === undefined) return { url: userUrl, origin: userOrigin, source: user ? 'user' : 'default', userOrigin };
  return { url: ws, origin: originOf(ws, l10n.t('openrouterStudio.baseUrl (workspace settings)')), source: 'workspace', userOrigin };
}

/**
 * True when the key may go to `choice.origin` only after the user approves it: the URL comes from
 * workspace settings, names another origin than the user's own choice, and was not approved before.
 */
export function needsApproval(choice: BaseUrlChoice, approvedOrigins: readonly string[]): boolean {
  return choice.source === 'workspace' && choice.origin !== choice.userOrigin && !approvedOrigins.includes(choice.origin);
}
