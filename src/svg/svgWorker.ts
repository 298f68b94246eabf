/**
 * The SVG sanitizer in a worker thread: jsdom takes about half a second to load and a large SVG some
 * milliseconds to parse, none of which may block the extension host's thread. The requests and replies are
 * {@link SvgRequest} and {@link SvgReply}; `sanitizeInWorker.ts` is the side that sends them. Pure code, no `vscode`.
 */
import { parentPort } from 'node:worker_threads';
import { JSDOM } from 'jsdom';
import { errorReply, type WorkerReply } from '../shared/workerQueue';
import { SvgRejectedError, type Removal, type SvgRejection } from './rejection';
import { sanitizeSvg, svgForSaving, type SvgWindow } from './sanitize';

/** One job: sanitize an SVG, or make it the text that is saved (sanitized again, with the provenance packet if any). */
export type SvgRequest = { id: number; op: 'sanitize'; text: string } | { id: number; op: 'save'; text: string; packet?: string };

/** The answer to the request of the same `id`: the SVG (and what was removed), or the refusal. */
export type SvgReply = WorkerReply & { svg?: string; removed?: Removal[]; rejection?: { code: SvgRejection; detail: string } };

let window: SvgWindow | undefined;

/**
 * Runs one request in this thread (what the worker does with each message). The DOM is jsdom's, made once:
 * it runs no script and loads no resource (jsdom's defaults: `runScripts` and `resources` unset).
 */
export function handle(req: SvgRequest): SvgReply {
  try {
    window ??= new JSDOM('').window as unknown as SvgWindow;
    if (req.op === 'sanitize') return { id: req.id, ...sanitizeSvg(window, req.text) };
    return { id: req.id, svg: svgForSaving(window, req.text, req.packet) };
  } catch (err) {
    return { ...errorReply(req.id, err), ...(err instanceof SvgRejectedError ? { rejection: { code: err.code, detail: err.detail } } : {}) };
  }
}

parentPort?.on('message', (req: SvgRequest) => parentPort!.postMessage(handle(req)));
