/**
 * The gallery's worker thread: what an image file says about itself ({@link readImageDetails}), read from its
 * bytes here, so that indexing thousands of files never holds the extension host's thread, which every
 * extension shares. The requests and replies are {@link DetailsRequest} and {@link DetailsReply};
 * `readInWorker.ts` is the side that sends them. Pure code, no `vscode`.
 */
import { parentPort } from 'node:worker_threads';
import { readImageDetails, type ImageDetails } from '../images/readDetails';
import { errorReply, type WorkerReply } from '../shared/workerQueue';

/** One job: the details of a file's bytes (all of it, or the head that holds a PNG's or JPEG's metadata). */
export type DetailsRequest = { id: number; bytes: Uint8Array };

/** The answer to the request of the same `id`: the details (without `parameters`), or the error. */
export type DetailsReply = WorkerReply & { details?: Omit<ImageDetails, 'parameters'> };

/** Runs one request in this thread (what the worker does with each message). */
export async function handle(req: DetailsRequest): Promise<DetailsReply> {
  try {
    const { parameters: _parameters, ...details } = await readImageDetails(req.bytes);
    return { id: req.id, details };
  } catch (err) {
    return errorReply(req.id, err);
  }
}

parentPort?.on('message', (req: DetailsRequest) => void handle(req).then((r) => parentPort!.postMessage(r)));
