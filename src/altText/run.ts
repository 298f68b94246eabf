import pLimit from 'p-limit';
import * as vscode from 'vscode';
import { altTextInstruction, cleanAltText, type AltImprovement } from './text';
import { findImages, type Job, type SkippedImage } from './plan';
import { writeAltText } from './write';
import { collectReply } from '../openrouter/collect';
import { isAbortError, OpenRouterError } from '../openrouter/errors';
import type { ClientProvider } from '../platform/clientFactory';
import { settings } from '../platform/config';
import { UntrustedBaseUrlError } from '../platform/baseUrlGuard';
import { SpendingLimitError, type Consent } from '../platform/consent';
import type { ModelCatalog } from '../platform/modelCatalog';
import { addEstimates, estimateText, type Estimate } from '../openrouter/pricing';
import { errorMessage } from '../shared/format';

/** What a run did. */
export interface AddAltTextResult {
  updated: number;
  skipped: SkippedImage[];
  /** USD, summed over the requests that reported it. */
  cost?: number;
}

export interface AltTextDeps {
  clients: ClientProvider;
  /** The vision model's price, for the estimate. */
  catalog: Pick<ModelCatalog, 'find'>;
  /** The question before a folder run, and the spending limit. */
  consent: Pick<Consent, 'ask' | 'checkLimit' | 'wouldPass' | 'refusal'>;
  log: vscode.LogOutputChannel;
}

/**
 * `max_tokens` of each alt-text request: the reply is read up to 4,000 characters (about four a token) and
 * cut to 250 (`MAX_ALT_CHARACTERS`); a longer reply would be paid for and thrown away.
 */
export const ALT_TEXT_MAX_TOKENS = 1000;

/** What a run is about to send, for the question before it starts. */
export interface AltTextRunSummary {
  images: number;
  files: number;
  /** Workspace-relative names of the images that will be uploaded. */
  uploads: string[];
  estimate: Estimate;
}

/** Requests at once. */
const PARALLEL = 4;

/** Errors after which no other request can succeed either: the run stops. */
export function stopsTheRun(err: unknown): boolean {
  if (err instanceof UntrustedBaseUrlError || err instanceof SpendingLimitError) return true;
  return err instanceof OpenRouterError && (err.kind === 'no-key' || err.status === 401 || err.status === 402 || err.status === 403);
}



/** Where a run is: reported after each finished image. */
export interface AltTextProgress {
  done: number;
  total: number;
}

/**
 * Writes alt text for the images of `files` (Markdown and HTML documents, read as the editor has them):
 * each distinct image (by its bytes) is sent once to the vision model with `openrouterStudio.altTextPrompt`
 * and the words around its first use, at most {@link PARALLEL} requests at once; each reply becomes one
 * clean, escaped line. All results go in as one `WorkspaceEdit` (one undo), and only into documents whose
 * text is still what the run read; the others are skipped with the reason. What finished before a cancel
 * or a stopping error is written. Each request asks for at most {@link ALT_TEXT_MAX_TOKENS}; the run stops
 * before the image that would pass the spending limit (unless `opts.limitAgreed` says the user agreed).
 * @param opts.at only the image whose reference holds this offset (the Quick Fix); needs one file.
 * @param opts.confirm asked once the images are known and before any request, with their count, their files
 *   and the estimate: `false` sends nothing (`declined`).
 * @returns the counts, and `error` when an error stopped the run ({@link stopsTheRun}).
 */
export async function runAltText(
  deps: AltTextDeps,
  files: vscode.Uri[],
  opts: RunOptions,
): Promise<AddAltTextResult & { error?: unknown; declined?: boolean }> {
  const s = settings(files[0]);
  const { plans, jobs, skipped } = await findImages(files, { ...opts, maxImageBytes: s.maxImageBytes }, deps.log);
  // The price before anything is sent: each image is one vision request of at most ALT_TEXT_MAX_TOKENS.
  const info = jobs.size > 0 ? await deps.catalog.find('text', opts.model).catch(() => undefined) : undefined;
  const estimateOf = (job: Job): Estimate => estimateText(info, { promptChars: altTextInstruction(s.altTextPrompt, job.context, opts.improve).length, images: 1, maxTokens: ALT_TEXT_MAX_TOKENS });
  if (jobs.size > 0 && opts.confirm) {
    const uploads = [...jobs.values()].map((j) => vscode.workspace.asRelativePath(j.image.uri, false));
    if (!(await opts.confirm({ images: jobs.size, files: plans.length, uploads, estimate: addEstimates(...[...jobs.values()].map(estimateOf)) }))) return { updated: 0, skipped, declined: true };
  }
  const { cost, stop } = await describeImages(deps, [...jobs.values()], opts, (job) => ({ estimate: estimateOf(job), instruction: altTextInstruction(s.altTextPrompt, job.context, opts.improve) }));
  const updated = await writeAltText(plans, jobs, { stopped: stop !== undefined, skipped, log: deps.log, select: opts.at !== undefined, preview: opts.preview });
  return { updated, skipped, cost, error: stop };
}

/** What {@link runAltText} is asked to do (see there). */
export interface RunOptions {
  model: string;
  overwrite: boolean;
  at?: number;
  signal?: AbortSignal;
  onProgress?: (p: AltTextProgress) => void;
  confirm?: (summary: AltTextRunSummary) => Promise<boolean>;
  limitAgreed?: () => boolean;
  /** Show the edits in the Refactor Preview before they are written (see `writeAltText`). */
  preview?: boolean;
  /** Improve alt text (with `at` and `overwrite`): the current alt text and what the image is for go with the image. */
  improve?: AltImprovement;
}

/**
 * The run's second phase: each job described by the vision model, at most {@link PARALLEL} at once, none
 * started that would pass the spending limit (those under way finish and are kept). A job gets its `alt`, or
 * its `error`; an error that stops the run ({@link stopsTheRun}) is returned as `stop`, as is the refusal at
 * the limit.
 */
async function describeImages(deps: AltTextDeps, list: Job[], opts: RunOptions, requestOf: (job: Job) => { estimate: Estimate; instruction: string }): Promise<{ cost?: number; stop?: unknown }> {
  const client = list.length > 0 ? deps.clients.get() : undefined;
  /** USD of the requests under way, reserved against the spending limit until their cost is counted. */
  let reserved = 0;
  /** Set when the next request would pass the limit: no more start. */
  let limited = false;
  const abort = new AbortController();
  const onOuterAbort = (): void => abort.abort();
  opts.signal?.addEventListener('abort', onOuterAbort);
  let cost: number | undefined;
  let stop: unknown;
  let done = 0;
  opts.onProgress?.({ done, total: list.length });
  const limit = pLimit(PARALLEL);
  try {
    await Promise.all(list.map((job) => limit(async () => {
      if (abort.signal.aborted || limited) return;
      // The spending limit: no request starts that would pass it; those under way finish and are kept.
      const { estimate, instruction } = requestOf(job);
      const share = estimate.basis === 'unknown' ? 0 : estimate.usd;
      if (!opts.limitAgreed?.() && deps.consent.wouldPass(reserved + share)) {
        stop ??= deps.consent.refusal(estimate);
        limited = true;
        return;
      }
      reserved += share;
      try {
        const stream = client!.streamChat({
          model: opts.model,
          messages: [{ role: 'user', content: [{ type: 'text', text: instruction }, { type: 'image_url', image_url: { url: job.image.dataUrl } }] }],
          max_tokens: ALT_TEXT_MAX_TOKENS,
        }, { signal: abort.signal });
        const reply = await collectReply(stream);
        if (reply.usage?.cost !== undefined) cost = (cost ?? 0) + reply.usage.cost;
        job.alt = cleanAltText(reply.text);
        deps.log.info(`Alt text for ${vscode.workspace.asRelativePath(job.image.uri)}: ${job.alt}`);
      } catch (err) {
        if (isAbortError(err) || abort.signal.aborted) return;
        if (stopsTheRun(err)) {
          stop ??= err;
          abort.abort();
          return;
        }
        job.error = errorMessage(err);
        deps.log.warn(`No alt text for ${vscode.workspace.asRelativePath(job.image.uri)}: ${job.error}`);
      } finally {
        reserved -= share;
        if (!abort.signal.aborted || job.alt !== undefined) opts.onProgress?.({ done: ++done, total: list.length });
      }
    })));
  } finally {
    opts.signal?.removeEventListener('abort', onOuterAbort);
  }

  return { cost, stop };
}
