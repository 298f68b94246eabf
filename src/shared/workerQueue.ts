/**
 * Jobs for a worker thread, one at a time in order, each with a deadline: the parsing of untrusted input
 * (a Markdown document, a model's SVG) runs off the extension host's thread, which every extension shares.
 * One worker, started on first use and not keeping the process alive. A job that runs past its deadline,
 * or whose signal aborts while it runs, ends the worker (the only way to stop a parse); the jobs behind it
 * go to a new one. Pure code, no `vscode`.
 */
import type { Worker } from 'node:worker_threads';
import { errorMessage } from './format';

/** What a worker answers to the request of the same `id`: its result, or the error it threw. */
export interface WorkerReply {
  id: number;
  error?: { name: string; message: string };
}

/** Thrown when a job took longer than its deadline. */
export class WorkerTimeoutError extends Error {
  override readonly name: string = 'WorkerTimeoutError';
}

/** The user-facing texts of a queue (the caller localizes them). */
export interface WorkerQueueTexts {
  /** For jobs still waiting when the queue is disposed. */
  closed: () => string;
  /** For the running job when the worker exits on its own. */
  exited: (code: number) => string;
  /** For a job past its deadline. */
  timedOut: (seconds: number) => Error;
}

/** A request before the queue numbers it (distributes over a union of requests). */
export type WithoutId<Req> = Req extends unknown ? Omit<Req, 'id'> : never;

type Job<Req, Reply> = { req: Req; deadlineMs: number; signal?: AbortSignal; resolve: (r: Reply) => void; reject: (e: unknown) => void };

/**
 * The queue of one worker script.
 * @typeParam Req a request: posted to the worker as is (structured clone), with the `id` the queue gives it.
 * @typeParam Reply the worker's answer: `{ id, error? }` and the job's result.
 */
export class WorkerQueue<Req extends { id: number }, Reply extends WorkerReply> {
  private worker: Worker | undefined;
  private readonly queue: Array<Job<Req, Reply>> = [];
  private running: { job: Job<Req, Reply>; timer: ReturnType<typeof setTimeout>; onAbort: () => void } | undefined;
  private nextId = 1;

  /** @param script the worker's file (a bundle in `dist/`, or tsc's output in tests). */
  constructor(
    private readonly script: string,
    private readonly texts: WorkerQueueTexts,
  ) {}

  /**
   * Runs one job.
   * @param req the request without its `id`.
   * @param opts.deadlineMs how long the job may run once started, in milliseconds.
   * @returns the worker's reply (which may carry `error`: the caller turns it into its own error type).
   * @throws the `timedOut` error past the deadline; the signal's reason when it aborts; an `Error` when the
   *   worker exits or the queue is disposed.
   */
  run(req: WithoutId<Req>, opts: { deadlineMs: number; signal?: AbortSignal }): Promise<Reply> {
    opts.signal?.throwIfAborted();
    return new Promise<Reply>((resolve, reject) => {
      this.queue.push({ req: { ...req, id: this.nextId++ } as unknown as Req, deadlineMs: opts.deadlineMs, signal: opts.signal, resolve, reject });
      this.next();
    });
  }

  /** Ends the worker; jobs still waiting are rejected. */
  dispose(): void {
    const all = [...(this.running ? [this.running.job] : []), ...this.queue.splice(0)];
    this.stopRunning();
    void this.worker?.terminate();
    this.worker = undefined;
    for (const j of all) j.reject(new Error(this.texts.closed()));
  }

  private start(): Worker {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Worker: W } = require('node:worker_threads') as typeof import('node:worker_threads');
    const w = new W(this.script);
    w.unref();
    w.on('message', (reply: Reply) => {
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
      if (this.running) this.fail(new Error(this.texts.exited(code)));
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
    const timer = setTimeout(() => this.fail(this.texts.timedOut(Math.round(j.deadlineMs / 1000))), j.deadlineMs);
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

/** The reply for a request that threw: its error's name and message (what a worker posts back). */
export function errorReply(id: number, err: unknown): WorkerReply {
  return { id, error: { name: err instanceof Error ? err.name : 'Error', message: errorMessage(err) } };
}
