import * as vscode from 'vscode';
import { describeEstimate, type Estimate } from '../openrouter/pricing';
import { formatCost } from '../shared/format';
import { inertText } from '../shared/inertText';
import { limitVerdict, questionLines, spendingLimitOf, type SpendQuestion } from '../shared/spendQuestion';
import { askModal } from './notify';
import type { Spending } from './spending';

/** How a paid request was started: by the user in the UI, by code (`executeCommand` with an argument), or by an agent's tool. */
export type Origin = 'interactive' | 'automation' | 'tool';

/** A request refused before it was sent because it would pass the user's spending limit. */
export class SpendingLimitError extends Error {
  override readonly name = 'SpendingLimitError';
}

/** What the user agreed to: the uploads kept (workspace-relative names, a subset of the question's). */
export interface ConsentAnswer {
  uploads: string[];
}

/**
 * Answers a question in place of the dialog: for the extension's own integration tests (VS Code's test host
 * answers modal dialogs by itself, without showing them). `lines` is the text the dialog would show.
 */
export type Answerer = (q: SpendQuestion, lines: string[]) => Promise<ConsentAnswer | undefined>;

/** The setting, read from user settings only: a workspace's settings are written by whoever made the repository. */
const LIMIT_SETTING = 'spendingLimitUsd';

/**
 * The user's yes before money is spent: the question before a paid request (Generate again, a folder of alt
 * text), and the spending limit (`openrouterStudio.spendingLimitUsd`, user settings only) against this
 * workspace's running total ({@link Spending}).
 */
export class Consent {
  /** Set by the integration tests only (see {@link Answerer}). */
  answerer?: Answerer;

  constructor(private readonly spending: Pick<Spending, 'total'>) {}

  /** The spending limit in USD, from user settings only; `undefined` when none is set. */
  limit(): number | undefined {
    return spendingLimitOf(vscode.workspace.getConfiguration('openrouterStudio').inspect(LIMIT_SETTING)?.globalValue);
  }

  /** `q` with the running total and the limit, when a limit is set. */
  private withSpending(q: SpendQuestion): SpendQuestion {
    const limitUsd = this.limit();
    return limitUsd === undefined ? q : { ...q, spending: { totalUsd: this.spending.total.usd, limitUsd } };
  }

  /**
   * Asks before a paid request, in a modal dialog listing every fact, the uploads by name and the estimate
   * (and the total against the limit). With uploads (unless `opts.chooseUploads` is false), "Choose uploads…"
   * lets each be left out first.
   * @param action the button that says yes (`Generate`).
   * @returns the uploads kept; `undefined` when the user declined (nothing may be sent).
   */
  async ask(question: SpendQuestion, action: string, opts: { chooseUploads?: boolean } = {}): Promise<ConsentAnswer | undefined> {
    const q = this.withSpending(question);
    const lines = questionLines(q);
    if (this.answerer) return this.answerer(q, lines);
    const choose = vscode.l10n.t('Choose uploads…');
    const buttons = q.uploads.length > 0 && opts.chooseUploads !== false ? [action, choose] : [action];
    const picked = await askModal(q.title, lines.join('\n'), ...buttons);
    if (picked === action) return { uploads: q.uploads };
    if (picked !== choose) return undefined;
    // Labels through inertText (a name is a stranger's); the answer maps back by position.
    const items = q.uploads.map((u, index) => ({ label: inertText(u), picked: true, index }));
    const kept = await vscode.window.showQuickPick(items, {
      canPickMany: true,
      title: vscode.l10n.t('Which files may be uploaded? ({0})', describeEstimate(q.estimate)),
      placeHolder: vscode.l10n.t('Clear a file to leave it out; press Enter to send the request'),
      ignoreFocusOut: true,
    });
    return kept ? { uploads: kept.map((k) => q.uploads[k.index]) } : undefined;
  }

  /**
   * Whether spending `extraUsd` more now would pass the limit (or the total already reached it); `false` with
   * no limit. For runs of many requests (Add missing alt text), checked before each one.
   */
  wouldPass(extraUsd: number): boolean {
    return limitVerdict(this.spending.total.usd, { basis: 'exact', usd: extraUsd }, this.limit()) === 'over';
  }

  /** The refusal of a request past the limit (see {@link limitMessage}), with the current total. */
  refusal(estimate: Estimate): SpendingLimitError {
    const totalUsd = this.spending.total.usd;
    const limitUsd = this.limit() ?? 0;
    return new SpendingLimitError(limitMessage(totalUsd, estimate, limitUsd, limitVerdict(totalUsd, estimate, limitUsd) === 'unknown'));
  }

  /**
   * The spending limit for a request about to be sent. Within it (or with no limit) nothing happens. Past it
   * (or, under it, at an unknown price) an interactive request asks, showing the total, the limit and the
   * estimate; automation and agent tools are refused.
   * @returns `false` when the user declined.
   * @throws {SpendingLimitError} for automation and tools past the limit, naming the setting (nothing was sent).
   */
  async checkLimit(question: SpendQuestion, origin: Origin): Promise<boolean> {
    const limitUsd = this.limit();
    const totalUsd = this.spending.total.usd;
    const verdict = limitVerdict(totalUsd, question.estimate, limitUsd);
    if (verdict === 'none' || verdict === 'within') return true;
    if (origin !== 'interactive') throw this.refusal(question.estimate);
    const answer = await this.ask({ ...question, title: vscode.l10n.t('{0} This passes your spending limit.', question.title) }, vscode.l10n.t('Spend anyway'), { chooseUploads: false });
    return answer !== undefined;
  }
}

/** Why a request past the limit was refused: the total, the limit, the estimate and the setting. */
export function limitMessage(totalUsd: number, estimate: Estimate, limitUsd: number, unknown: boolean): string {
  return unknown
    ? vscode.l10n.t('Not sent: its price is unknown and this workspace has spent {0} of the {1} limit (setting {2}). Raise or clear the setting, or run it yourself to be asked.', formatCost(totalUsd), formatCost(limitUsd), 'openrouterStudio.spendingLimitUsd')
    : vscode.l10n.t('Not sent: this workspace has spent {0} of the {1} limit, and this request is estimated at {2} (setting {3}). Raise the setting, or reset the total with "OpenRouter: Reset the spending total".', formatCost(totalUsd), formatCost(limitUsd), describeEstimate(estimate), 'openrouterStudio.spendingLimitUsd');
}
