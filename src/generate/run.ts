/**
 * One image run's context: how it was started (interactively, by automation with an argument, or by an
 * agent's tool), its log, its signal, where its results are presented, and what it asks before sending. The
 * commands make it once and hand it down, instead of passing `automated`, `tool`, the Markdown editor and the
 * log through every call.
 */
import * as vscode from 'vscode';
import { OpenRouterError } from '../openrouter/errors';
import type { Origin } from '../platform/consent';
import { showOpenRouterError } from '../platform/errors';
import { showError } from '../platform/notify';
import { errorMessage } from '../shared/format';
import type { ImageJobResult } from './imageJob';
import type { ImageCommandDeps } from './types';

/**
 * A run for an agent's tool (`tools/`): cancelled by the tool's token; no notification (errors go to the
 * agent); images open beside without taking focus; every job's result is collected (costs, for the reply).
 */
export interface ToolRun {
  signal: AbortSignal;
  results: ImageJobResult[];
}

/**
 * How a run was started, and what it asks before anything is sent.
 * - `automated`: started by code (an argument): no UI besides progress; errors are shown and thrown; past the
 *   spending limit it is refused.
 * - `tool`: an agent's tool run ({@link ToolRun}); refused past the limit (the tool's confirmation asked).
 * - `askFirst`: the question's title: the whole plan (model, API, every control, the count, each reference,
 *   the estimate) is asked before sending, each reference can be left out (Generate again).
 * An interactive run without `askFirst` has shown its estimate in its own steps; it asks only past the limit.
 */
export interface RunHow {
  automated: boolean;
  tool?: ToolRun;
  askFirst?: string;
}

/** A run under way: {@link RunHow}, and what the run needs to present its results. */
export interface ImageRun extends RunHow {
  /** Who the spending limit is checked for: `interactive`, `automation` or `tool`. */
  origin: Origin;
  log: vscode.LogOutputChannel;
  /** The tool's signal, when a tool runs it. */
  signal?: AbortSignal;
  /** The Markdown editor the run was started from (its results offer Insert Markdown link). */
  markdownEditor?: vscode.TextEditor;
}

/** The context of a run started as `how`, from the editor active now. */
export function imageRun(log: vscode.LogOutputChannel, how: RunHow): ImageRun {
  return { ...how, origin: how.tool ? 'tool' : how.automated ? 'automation' : 'interactive', log, signal: how.tool?.signal, markdownEditor: activeMarkdownEditor() };
}

/** The active editor when it shows Markdown. */
export function activeMarkdownEditor(): vscode.TextEditor | undefined {
  const e = vscode.window.activeTextEditor;
  return e?.document.languageId === 'markdown' ? e : undefined;
}

/**
 * Runs `work` as `run` presents errors: a tool's errors go to the agent (thrown); otherwise they become
 * notifications (with Retry), and are also thrown for automation.
 */
export async function withErrors(run: ImageRun, work: () => Promise<vscode.Uri[] | undefined>): Promise<vscode.Uri[] | undefined> {
  if (run.tool) return work();
  try {
    return await work();
  } catch (err) {
    const shown = err instanceof OpenRouterError ? showOpenRouterError(err, run.log, work) : showError(errorMessage(err));
    if (!(err instanceof OpenRouterError)) run.log.error(errorMessage(err));
    if (run.automated) {
      void shown;
      throw err;
    }
    await shown;
    return undefined;
  }
}

/** Whether a key is stored; without one, says so (with Set API key) and returns false. */
export async function ensureKey(deps: ImageCommandDeps): Promise<boolean> {
  if (await deps.keys.get()) return true;
  await showOpenRouterError(new OpenRouterError({ kind: 'no-key', detail: vscode.l10n.t('no API key') }), deps.log);
  return false;
}
