/**
 * The extension side of the SVG sanitizer: sends each SVG to the worker (`svgWorker.ts`, bundled as
 * `dist/svgWorker.js`) through a {@link WorkerQueue}, and turns its refusals into messages for the user.
 * Pure code, no `vscode`.
 */
import path from 'node:path';
import * as l10n from '@vscode/l10n';
import { WorkerQueue, WorkerTimeoutError, type WithoutId } from '../shared/workerQueue';
import { MAX_RENDERED_NODES, MAX_SVG_CHARS, MAX_SVG_ELEMENTS, SvgRejectedError, type SanitizedSvg, type SvgRejection } from './rejection';
import type { SvgReply, SvgRequest } from './svgWorker';

/** How long one SVG may take to sanitize, in milliseconds (the largest allowed takes well under a second). */
export const SANITIZE_DEADLINE_MS = 15_000;

/** The user's message for a refusal. */
export function rejectionMessage(code: SvgRejection, detail = ''): string {
  switch (code) {
    case 'no-svg':
      return l10n.t('The model sent no SVG document (nothing from <svg to </svg>).');
    case 'too-large':
      return l10n.t('The SVG is over {0} characters.', MAX_SVG_CHARS.toLocaleString('en-US'));
    case 'too-deep':
      return l10n.t('The SVG nests its elements too deeply to be read.');
    case 'too-complex':
      return l10n.t('The SVG would draw over {0} elements through <use> (a chain of uses that multiplies).', MAX_RENDERED_NODES.toLocaleString('en-US'));
    case 'too-many-elements':
      return l10n.t('The SVG has over {0} elements.', MAX_SVG_ELEMENTS.toLocaleString('en-US'));
    case 'use-cycle':
      return l10n.t('The SVG has a <use> that refers to itself or to an element that contains it (a cycle, which can freeze what draws it).');
    case 'not-well-formed':
      return l10n.t('The SVG is not well-formed XML: {0}', detail || l10n.t('the parser gave no reason'));
    case 'not-svg':
      return l10n.t('The document is not an SVG image (its root is not an <svg> element in the SVG namespace).');
    case 'unsafe':
      return l10n.t('The SVG could not be made safe: sanitizing it twice gave different results.');
  }
}

/** The refusal as thrown on the extension side: its code and the user's message. */
export function rejectionError(code: SvgRejection, detail = ''): SvgRejectedError {
  return new SvgRejectedError(code, detail, rejectionMessage(code, detail));
}

/** The worker and its queue. */
export class SvgSanitizer {
  private readonly jobs: WorkerQueue<SvgRequest, SvgReply>;

  /** @param script the worker's file (default: `svgWorker.js` beside this module or bundle). */
  constructor(script = path.join(__dirname, 'svgWorker.js')) {
    this.jobs = new WorkerQueue(script, {
      closed: () => l10n.t('the SVG sanitizer was closed'),
      exited: (code) => l10n.t('the SVG sanitizer stopped (exit code {0})', code),
      timedOut: (s) => new WorkerTimeoutError(l10n.t('the SVG took longer than {0} seconds to sanitize', s)),
    });
  }

  /**
   * Sanitizes one SVG document (see `sanitizeSvg` in `sanitize.ts` for the rules).
   * @param text the SVG, from its `<svg` tag.
   * @throws {SvgRejectedError} with the user's message; a {@link WorkerTimeoutError} past
   *   {@link SANITIZE_DEADLINE_MS}; the signal's reason when it aborts.
   */
  async sanitize(text: string, signal?: AbortSignal): Promise<SanitizedSvg> {
    const r = await this.run({ op: 'sanitize', text }, signal);
    return { svg: r.svg ?? '', removed: r.removed ?? [] };
  }

  /**
   * The SVG as it is saved: sanitized again, with the XMP `packet` in a `<metadata>` element when given (see
   * `svgForSaving`).
   * @throws as {@link sanitize}.
   */
  async forSaving(text: string, packet?: string, signal?: AbortSignal): Promise<string> {
    return (await this.run({ op: 'save', text, packet }, signal)).svg ?? '';
  }

  /** Ends the worker; jobs still waiting are rejected. */
  dispose(): void {
    this.jobs.dispose();
  }

  private async run(req: WithoutId<SvgRequest>, signal?: AbortSignal): Promise<SvgReply> {
    const reply = await this.jobs.run(req, { deadlineMs: SANITIZE_DEADLINE_MS, signal });
    if (reply.rejection) throw rejectionError(reply.rejection.code, reply.rejection.detail);
    if (reply.error) throw Object.assign(new Error(reply.error.message), { name: reply.error.name });
    return reply;
  }
}
