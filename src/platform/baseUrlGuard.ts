import * as vscode from 'vscode';
import { showInfo } from './notify';
import { chooseBaseUrl, needsApproval, type BaseUrlChoice } from './baseUrlPolicy';
import { SECTION } from './config';
import { errorMessage } from '../shared/format';

/** Global-state key of the origins the user approved for a base URL from workspace settings. */
export const APPROVED_ORIGINS_KEY = 'openrouterStudio.approvedBaseUrlOrigins';

/** The user declined (or was not asked to approve) sending the key to a workspace's base URL. */
export class UntrustedBaseUrlError extends Error {
  override readonly name = 'UntrustedBaseUrlError';
}

/**
 * Keeps the API key with the hosts the user chose (see {@link chooseBaseUrl} for the rule): before a
 * request carries the key to a base URL from workspace settings on another origin, a modal names that
 * origin and asks once; the answer "send" is remembered per origin in global state until
 * {@link revoke}. Questions for the same origin asked at the same time share one modal. The approvals are
 * read before every request, so a revocation takes effect at once.
 */
export class BaseUrlGuard {
  private readonly asking = new Map<string, Promise<boolean>>();

  constructor(private readonly state: vscode.Memento, private readonly log: vscode.LogOutputChannel) {}

  /** The base URL in use now, from the settings. @throws {BaseUrlError} for a value that is not an http(s) URL. */
  current(): BaseUrlChoice {
    return chooseBaseUrl(vscode.workspace.getConfiguration(SECTION).inspect<string>('baseUrl'));
  }

  /** The origins approved so far. */
  approved(): string[] {
    const v = this.state.get<unknown>(APPROVED_ORIGINS_KEY);
    return Array.isArray(v) ? v.filter((o): o is string => typeof o === 'string') : [];
  }

  /**
   * Resolves when the key may go to `choice.origin`; asks the user in a modal when it is not yet approved.
   * @throws {UntrustedBaseUrlError} when the user declines; nothing has been sent then.
   */
  async ensureApproved(choice: BaseUrlChoice): Promise<void> {
    if (!needsApproval(choice, this.approved())) return;
    let answer = this.asking.get(choice.origin);
    if (!answer) {
      answer = this.ask(choice).finally(() => this.asking.delete(choice.origin));
      this.asking.set(choice.origin, answer);
    }
    if (!(await answer)) {
      throw new UntrustedBaseUrlError(
        vscode.l10n.t(
          "Your OpenRouter API key was not sent: this workspace's settings point openrouterStudio.baseUrl at {0}, which you have not approved. Remove the workspace setting, or run the command again and approve the host if you trust it.",
          choice.origin,
        ),
      );
    }
  }

  /**
   * Shows the question and returns the label picked. A modal warning by default; replaceable so that
   * the integration tests, whose workbench refuses modal dialogs, can answer it.
   */
  prompt: (message: string, detail: string, approve: string) => Thenable<string | undefined> = (message, detail, approve) =>
    vscode.window.showWarningMessage(message, { modal: true, detail }, approve);

  private async ask(choice: BaseUrlChoice): Promise<boolean> {
    const send = vscode.l10n.t('Send my key to {0}', choice.origin);
    let picked: string | undefined;
    try {
      picked = await this.prompt(
        vscode.l10n.t('This workspace sends OpenRouter requests to {0}', choice.origin),
        vscode.l10n.t(
          'The workspace settings (.vscode/settings.json) set openrouterStudio.baseUrl to {0} instead of {1}. Every request carries your OpenRouter API key. Send it there only if you trust that host; the answer is remembered for this host until "OpenRouter: Revoke approved base URLs".',
          choice.origin,
          choice.userOrigin,
        ),
        send,
      );
    } catch (err) {
      // A question that cannot be shown is a "no".
      this.log.warn(`Could not ask about base URL ${choice.origin}: ${errorMessage(err)}`);
    }
    const ok = picked === send;
    this.log.info(`Base URL ${choice.origin} from workspace settings ${ok ? 'approved' : 'declined'}.`);
    if (ok) {
      await this.state.update(APPROVED_ORIGINS_KEY, [...new Set([...this.approved(), choice.origin])]);
    }
    return ok;
  }

  /**
   * `openrouterStudio.revokeApprovedBaseUrls [origins]`: forgets approvals. Without an argument, a quick
   * pick of the approved origins (all preselected); with a string array, those origins (automation).
   * @returns the origins still approved.
   */
  async revoke(arg?: unknown): Promise<string[]> {
    const approved = this.approved();
    let drop: string[];
    if (Array.isArray(arg)) {
      drop = arg.filter((o): o is string => typeof o === 'string');
    } else {
      if (approved.length === 0) {
        void showInfo(vscode.l10n.t('No base URL from workspace settings is approved.'));
        return approved;
      }
      const picked = await vscode.window.showQuickPick(approved.map((o) => ({ label: o, picked: true })), {
        canPickMany: true,
        title: vscode.l10n.t('Revoke approved base URLs'),
        placeHolder: vscode.l10n.t('Hosts that may receive your OpenRouter key from workspace settings: checked ones are revoked'),
      });
      if (!picked) return approved;
      drop = picked.map((p) => p.label);
    }
    const left = approved.filter((o) => !drop.includes(o));
    await this.state.update(APPROVED_ORIGINS_KEY, left);
    this.log.info(`Revoked ${approved.length - left.length} approved base URL(s).`);
    return left;
  }
}
