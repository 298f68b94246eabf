/**
 * Sends the alt-text features' parsing to a worker thread (`altTextWorker.ts`, bundled as
 * `dist/altTextWorker.js`), so that no document, however large or slow to parse, blocks the extension
 * host's thread. One worker, started on first use and not keeping the process alive; jobs run one at a
 * time in order. A job that runs past its deadline, or whose signal aborts while it runs, ends the worker
 * (the only way to stop a parse); the jobs behind it go to a new one. Pure code, no `vscode`.
 */
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import * as l10n from '@vscode/l10n';
import type { MarkupReply, MarkupRequest } from './altTextWorker';
import type * as Check from './check';
import type { AltWrite } from './check';
import type { FoundImage } from './find';

/** Thrown when parsing a document took longer than its deadline. */
export class ParseTimeoutError extends Error {
  override readonly name = 'ParseTimeoutError';
}

type Job = { req: MarkupRequest; deadlineMs: number; signal?: AbortSignal; resolve: (r: MarkupReply) => void; reject: (e: unknown) => void };

let nextId = 1;

/** The worker and its queue. */
export class MarkupWorker {
  private worker: Worker | undefined;
  private readonly queue: Job[] = [];
  private running: { job: Job; timer: ReturnType<typeof setTimeout>; onAbort: () => void } | undefined;

  /** @param script the worker's file (default: `altTextWorker.js` beside this module or bundle). */
  constructor(private readonly script = path.join(__dirname, 'altTextWorker.js')) {}

  /**
   * The images of a Markdown or HTML text, as {@link findMarkdownImages} / {@link findHtmlImages} give them.
   * @param opts.deadlineMs how long the parse may take, in milliseconds.
   * @throws {ParseTimeoutError} past the deadline; the signal's reason when it aborts.
   */
  async find(markup: 'markdown' | 'html', text: string, opts: { deadlineMs: number; signal?: AbortSignal }): Promise<FoundImage[]> {
    const reply = await this.run({ id: nextId++, op: 'find', markup, text }, opts);
    return reply.images ?? [];
  }

  /**
   * `text` with the writes applied and checked, as {@link applyAltWrites} does.
   * @throws {AltTextCheckError} when the result would parse as another document; as {@link find} otherwise.
   */
  async apply(markup: 'markdown' | 'html', text: string, writes: AltWrite[], opts: { deadlineMs: number; signal?: AbortSignal }): Promise<string> {
    const reply = await this.run({ id: nextId++, op: 'apply', markup, text, writes }, opts);
    return reply.text ?? text;
  }

  /** Ends the worker; jobs still waiting are rejected. */
  dispose(): void {
    const all = [...(this.running ? [this.running.job] : []), ...this.queue.splice(0)];
    this.stopRunning();
    void this.worker?.terminate();
    this.worker = undefined;
    for (const j of all) j.reject(new Error(l10n.t('the alt-text parser was closed')));
  }

  private run(req: MarkupRequest, opts: { deadlineMs: number; signal?: AbortSignal }): Promise<MarkupReply> {
    opts.signal?.throwIfAborted();
    return new Promise<MarkupReply>((resolve, reject) => {
      this.queue.push({ req, deadlineMs: opts.deadlineMs, signal: opts.signal, resolve, reject });
      this.next();
    }).then((reply) => {
      if (!reply.error) return reply;
      if (reply.error.name === 'AltTextCheckError') {
        // Required here, not at load: the diagnostics (loaded at activation) never apply edits.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { AltTextCheckError } = require('./check') as typeof Check;
        throw new AltTextCheckError(reply.error.message);
      }
      throw Object.assign(new Error(reply.error.message), { name: reply.error.name });
    });
  }

  private start(): Worker {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Worker: W } = require('node:worker_threads') as typeof import('node:worker_threads');
    const w = new W(this.script);
    w.unref();
    w.on('message', (reply: MarkupReply) => {
      const r = this.running;
      if (!r || r.job.req.id !== reply.id) return;
      this.stopRunning();
      r.job.resolve(reply);
      this.next();
    });
    w.on('error', (err) => this.fail(err));
    w.on('exit', (code) => {
      // Our own terminate() has already let go of it; any other exit ends the running job.
      if (this.worker !== w) return;
      this.worker = undefined;
      if (this.running) this.fail(new Error(l10n.t('the alt-text parser stopped (exit code {0})', code)));
    });
    return w;
  }

  private next(): void {
    if (this.running) return;
    let job = this.queue.shift();
    // A job whose signal aborted while it waited is dropped without being sent.
    while (job?.signal?.aborted) {
      job.reject(job.signal.reason);
      job = this.queue.shift();
    }
    if (!job) return;
    this.worker ??= this.start();
    const j = job;
    const timer = setTimeout(() => this.fail(new ParseTimeoutError(l10n.t('the document took longer than {0} seconds to parse', Math.round(j.deadlineMs / 1000)))), j.deadlineMs);
    const onAbort = (): void => this.fail(j.signal!.reason);
    j.signal?.addEventListener('abort', onAbort, { once: true });
    this.running = { job: j, timer, onAbort };
    this.worker.postMessage(j.req);
  }

  /** Ends the running job with `err`, and the worker with it; the queue goes on in a new worker. */
  private fail(err: unknown): void {
    const r = this.running;
    this.stopRunning();
    void this.worker?.terminate();
    this.worker = undefined;
    r?.job.reject(err);
    this.next();
  }

  private stopRunning(): void {
    if (!this.running) return;
    clearTimeout(this.running.timer);
    this.running.job.signal?.removeEventListener('abort', this.running.onAbort);
    this.running = undefined;
  }
}
