/**
 * Sends the gallery's metadata reading to a worker thread (`detailsWorker.ts`, bundled as
 * `dist/detailsWorker.js`): a {@link WorkerQueue} (one file at a time, each with a deadline). Pure code, no
 * `vscode`, so the benchmark runs it in plain Node.
 */
import path from 'node:path';
import * as l10n from '@vscode/l10n';
import { ImageRejectedError } from '../images/mime';
import { WorkerQueue, WorkerTimeoutError } from '../shared/workerQueue';
import type { DetailsReply, DetailsRequest } from './detailsWorker';
import type { EntryDetails } from './entry';

/** How long one file's metadata may take to read, in milliseconds (the worst real file takes about 30). */
export const DETAILS_DEADLINE_MS = 5000;

/** The worker and its queue. */
export class DetailsWorker {
  private readonly jobs: WorkerQueue<DetailsRequest, DetailsReply>;

  /** @param script the worker's file (default: `detailsWorker.js` beside this module or bundle). */
  constructor(script = path.join(__dirname, 'detailsWorker.js')) {
    this.jobs = new WorkerQueue(script, {
      closed: () => l10n.t('the image reader was closed'),
      exited: (code) => l10n.t('the image reader stopped (exit code {0})', code),
      timedOut: (s) => new WorkerTimeoutError(l10n.t('the file took longer than {0} seconds to read', s)),
    });
  }

  /**
   * The details of an image's bytes, as `readImageDetails` reads them (without `parameters`).
   * @throws {ImageRejectedError} when the bytes are not a PNG, JPEG, WebP, GIF or SVG image;
   *   {@link WorkerTimeoutError} past {@link DETAILS_DEADLINE_MS}.
   */
  async read(bytes: Uint8Array): Promise<EntryDetails> {
    const reply = await this.jobs.run({ bytes }, { deadlineMs: DETAILS_DEADLINE_MS });
    if (reply.details) return reply.details;
    if (reply.error?.name === 'ImageRejectedError') throw new ImageRejectedError(reply.error.message);
    throw Object.assign(new Error(reply.error?.message ?? 'no reply'), { name: reply.error?.name ?? 'Error' });
  }

  /** Ends the worker; files still waiting are rejected. */
  dispose(): void {
    this.jobs.dispose();
  }
}
