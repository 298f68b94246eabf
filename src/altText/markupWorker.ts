/**
 * Sends the alt-text features' parsing to a worker thread (`altTextWorker.ts`, bundled as
 * `dist/altTextWorker.js`), so that no document, however large or slow to parse, blocks the extension
 * host's thread: a {@link WorkerQueue} (one job at a time, deadlines, cancel). Pure code, no `vscode`.
 */
import path from 'node:path';
import * as l10n from '@vscode/l10n';
import { WorkerQueue, WorkerTimeoutError, type WithoutId } from '../shared/workerQueue';
import type { MarkupReply, MarkupRequest } from './altTextWorker';
import type * as Check from './check';
import type { AltWrite } from './check';
import type { FoundImage, Markup } from './foundImage';

/** Thrown when parsing a document took longer than its deadline. */
export class ParseTimeoutError extends WorkerTimeoutError {
  override readonly name = 'ParseTimeoutError';
}

/** The worker and its queue. */
export class MarkupWorker {
  private readonly jobs: WorkerQueue<MarkupRequest, MarkupReply>;

  /** @param script the worker's file (default: `altTextWorker.js` beside this module or bundle). */
  constructor(script = path.join(__dirname, 'altTextWorker.js')) {
    this.jobs = new WorkerQueue(script, {
      closed: () => l10n.t('the alt-text parser was closed'),
      exited: (code) => l10n.t('the alt-text parser stopped (exit code {0})', code),
      timedOut: (s) => new ParseTimeoutError(l10n.t('the document took longer than {0} seconds to parse', s)),
    });
  }

  /**
   * The images of a Markdown or HTML text, as {@link findMarkdownImages} / {@link findHtmlImages} give them.
   * @param opts.deadlineMs how long the parse may take, in milliseconds.
   * @throws {ParseTimeoutError} past the deadline; the signal's reason when it aborts.
   */
  async find(markup: Markup, text: string, opts: { deadlineMs: number; signal?: AbortSignal; components?: readonly string[] }): Promise<FoundImage[]> {
    const reply = await this.run({ op: 'find', markup, text, components: opts.components }, { deadlineMs: opts.deadlineMs, signal: opts.signal });
    return reply.images ?? [];
  }

  /**
   * `text` with the writes applied and checked, as {@link applyAltWrites} does.
   * @throws {AltTextCheckError} when the result would parse as another document; as {@link find} otherwise.
   */
  async apply(markup: Markup, text: string, writes: AltWrite[], opts: { deadlineMs: number; signal?: AbortSignal; components?: readonly string[] }): Promise<string> {
    const reply = await this.run({ op: 'apply', markup, text, writes, components: opts.components }, { deadlineMs: opts.deadlineMs, signal: opts.signal });
    return reply.text ?? text;
  }

  /** Ends the worker; jobs still waiting are rejected. */
  dispose(): void {
    this.jobs.dispose();
  }

  private async run(req: WithoutId<MarkupRequest>, opts: { deadlineMs: number; signal?: AbortSignal }): Promise<MarkupReply> {
    const reply = await this.jobs.run(req, opts);
    if (!reply.error) return reply;
    if (reply.error.name === 'AltTextCheckError') {
      // Required here, not at load: the diagnostics (loaded at activation) never apply edits.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { AltTextCheckError } = require('./check') as typeof Check;
      throw new AltTextCheckError(reply.error.message);
    }
    throw Object.assign(new Error(reply.error.message), { name: reply.error.name });
  }
}
