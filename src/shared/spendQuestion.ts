/**
 * The question asked before a paid request, as text, and the spending limit's rule. Pure: no `vscode`. The
 * VS Code side (`platform/consent.ts`) shows the text in a modal dialog and in the agent tools' confirmations;
 * the unit tests read it here, since VS Code's test host answers modal dialogs by itself.
 */
import * as l10n from '@vscode/l10n';
import { describeEstimate, type Estimate } from '../openrouter/pricing';
import { clip, formatCost } from './format';

/** One labelled fact of what will be sent (`Model: openai/gpt-image-1`). */
export interface Fact {
  label: string;
  value: string;
}

/** What a paid request is, for the person who pays for it. */
export interface SpendQuestion {
  /** One line: what will be done (`Generate again with openai/gpt-image-1?`). */
  title: string;
  /** Model, API, every control, the count, the folder, the prompt …, in reading order. */
  facts: Fact[];
  /** Workspace files that will be uploaded, by workspace-relative name. */
  uploads: string[];
  estimate: Estimate;
  /** The workspace's running total (USD) and the user's limit, when one is set. */
  spending?: { totalUsd: number; limitUsd: number };
}

/** Longest value shown of one fact, in characters (a prompt can be long; its start says what it is). */
const MAX_FACT = 300;
/** Most uploads named one by one; the rest are counted. */
const MAX_NAMED_UPLOADS = 16;

/** `text` on one line: every run of white space (newlines, tabs, line separators) becomes one space. */
export function oneLineText(text: string): string {
  return text.replace(/[\s\u2028\u2029\u0085]+/g, ' ').trim();
}

/** How the running total, a request's estimate and the spending limit relate (see {@link limitVerdict}). */
export type LimitVerdict = 'none' | 'within' | 'over' | 'unknown';

/**
 * How the total, the request's estimate and the limit relate.
 * - `none`: no limit is set.
 * - `within`: the total plus the estimate stays at or under the limit.
 * - `over`: the total already reached the limit, or would pass it with this request.
 * - `unknown`: under the limit, but the request's price is unknown, so it may pass it.
 * @param totalUsd the workspace's running total.
 * @param limitUsd `undefined` when no limit is set.
 */
export function limitVerdict(totalUsd: number, estimate: Estimate, limitUsd: number | undefined): LimitVerdict {
  if (limitUsd === undefined) return 'none';
  if (totalUsd >= limitUsd) return 'over';
  if (estimate.basis === 'unknown') return 'unknown';
  return totalUsd + estimate.usd > limitUsd ? 'over' : 'within';
}

/**
 * The spending limit from the setting's value: a finite number above 0 (USD); anything else (0, negative,
 * text, a workspace's value, which the caller never passes) means no limit.
 */
export function spendingLimitOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

/**
 * The question's lines, each one line of plain text (the caller escapes them for where they are shown):
 * every fact, the uploads by name (`Uploads 2 workspace files: a.png, b.png`), the estimate, and the total
 * against the limit when one is set (with a warning line when the request would pass it).
 */
export function questionLines(q: SpendQuestion): string[] {
  const lines = q.facts.filter((f) => f.value !== '').map((f) => `${f.label}: ${clip(oneLineText(f.value), MAX_FACT)}`);
  if (q.uploads.length > 0) {
    const named = q.uploads.slice(0, MAX_NAMED_UPLOADS).map((u) => clip(oneLineText(u), 200));
    const more = q.uploads.length > MAX_NAMED_UPLOADS ? ` ${l10n.t('and {0} more', q.uploads.length - MAX_NAMED_UPLOADS)}` : '';
    lines.push(q.uploads.length === 1 ? l10n.t('Uploads 1 workspace file: {0}', named[0]) : l10n.t('Uploads {0} workspace files: {1}', q.uploads.length, named.join(', ') + more));
  }
  lines.push(l10n.t('Estimated cost: {0}', describeEstimate(q.estimate)));
  if (q.spending) {
    const { totalUsd, limitUsd } = q.spending;
    lines.push(l10n.t('Spent in this workspace: {0} of your {1} limit', formatCost(totalUsd), formatCost(limitUsd)));
    const verdict = limitVerdict(totalUsd, q.estimate, limitUsd);
    if (verdict === 'over') lines.push(l10n.t('This passes your spending limit (setting {0}).', 'openrouterStudio.spendingLimitUsd'));
    else if (verdict === 'unknown') lines.push(l10n.t('The price is unknown, so this may pass your spending limit (setting {0}).', 'openrouterStudio.spendingLimitUsd'));
  }
  return lines;
}
