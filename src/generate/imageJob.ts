import * as vscode from 'vscode';
import { CONTEXT_KEYS, setContext } from '../platform/contexts';
import { withNotificationProgress } from '../platform/notify';
import { IMAGE_EXTENSIONS, ImageRejectedError, verifyImage, type ImageMime } from '../images/mime';
import { withProvenance } from '../images/xmp';
import { saveNewFile, type FileSystemLike } from '../platform/saver';
import { collectUntilError, type CollectedReply } from '../openrouter/collect';
import type { OpenRouterClient } from '../openrouter/client';
import type { ImagesRequest } from '../openrouter/imageApi';
import type { ChatRequest } from '../openrouter/types';
import { errorMessage } from '../shared/format';

/** What one job sends: a chat completion (streamed; the model's text comes too) or an Image API request. */
export type ImageJobRequest = { api: 'chat'; body: ChatRequest } | { api: 'images'; body: ImagesRequest };

/** Where and under which name the images of one job are saved. */
export interface SaveTarget {
  folder: vscode.Uri;
  /** Name without extension; `-2`, `-3` … are added on collision. */
  baseName: string;
  /** The workspace folder `folder` must stay inside (checked again when saving); none for a folder the user picked in a save dialog. */
  root?: vscode.Uri;
  /** The file system to save through; default `workspace.fs`. */
  fs?: FileSystemLike;
}

export interface ImageJob {
  client: OpenRouterClient;
  request: ImageJobRequest;
  /** Where the images go, resolved (and checked) before anything is sent. */
  target: SaveTarget;
  /** Provenance to embed (keyword → text: PNG text chunks, JPEG/WebP XMP), or `undefined` for none. */
  metadata?: (reply: CollectedReply) => Record<string, string> | undefined;
  log: vscode.LogOutputChannel;
  /** Progress title, e.g. `Generating image with google/gemini-2.5-flash-image`. */
  title: string;
  /** A caller's cancellation besides the notification's Cancel (an agent tool's token). */
  signal?: AbortSignal;
}

/** Aborts of the jobs under way, for {@link cancelImageJobs}. */
const running = new Set<AbortController>();

/**
 * Cancels every image job under way, as their notifications' Cancel buttons do
 * (`openrouterStudio.cancelImageGeneration`). Nothing is saved for a cancelled job.
 * @returns how many jobs were cancelled.
 */
export function cancelImageJobs(): number {
  const n = running.size;
  for (const a of running) a.abort();
  return n;
}

/** What a finished job produced. */
export interface ImageJobResult {
  uris: vscode.Uri[];
  reply: CollectedReply;
  /** Reasons for images that were refused (bad type, bad data). */
  refused: string[];
  /** What went wrong after some images were kept: the reply broke off, or a later image could not be saved. */
  notes: string[];
}

/**
 * Runs one image request under a cancellable progress notification (stages: waiting, receiving,
 * saving), then verifies every image by magic bytes and saves each as a new file. Images that arrived
 * before the reply broke off are paid for: they are saved, with a note. Nothing is written when the
 * request fails before any image, when no image passes the checks, or when it is cancelled (a cancel
 * while saving removes what this job had saved).
 * @returns the saved files, or `undefined` when cancelled.
 * @throws {OpenRouterError} from the request; {@link ImageRejectedError} when the reply has no usable image.
 */
export async function runImageJob(job: ImageJob): Promise<ImageJobResult | undefined> {
  return withNotificationProgress(job.title, true, (progress, signal) => executeImageJob(job, (message) => progress.report({ message }), signal));
}

/** What {@link runImageJobs} gives back: each job's result (`undefined` when cancelled) or error, by index. */
export interface ImageJobsOutcome {
  results: Array<ImageJobResult | undefined>;
  errors: Array<{ index: number; error: unknown }>;
}

/**
 * Runs several image jobs at once (variations) under one cancellable progress notification that counts the
 * finished ones (`2 of 4`). `onResult` runs as soon as a job's images are saved. Cancel aborts the jobs
 * still running and keeps what finished; one failure does not stop the others.
 */
export async function runImageJobs(jobs: ImageJob[], title: string, onResult?: (result: ImageJobResult, index: number) => unknown): Promise<ImageJobsOutcome> {
  return withNotificationProgress(title, true, async (progress, signal) => {
    let finished = 0;
    progress.report({ message: vscode.l10n.t('{0} of {1}', 0, jobs.length) });
    const settled = await Promise.allSettled(jobs.map(async (job, index) => {
      try {
        const result = await executeImageJob(job, () => undefined, signal);
        if (result) await onResult?.(result, index);
        return result;
      } finally {
        progress.report({ message: vscode.l10n.t('{0} of {1}', ++finished, jobs.length), increment: 100 / jobs.length });
      }
    }));
    return {
      results: settled.map((s) => (s.status === 'fulfilled' ? s.value : undefined)),
      errors: settled.flatMap((s, index) => (s.status === 'rejected' ? [{ index, error: s.reason }] : [])),
    };
  });
}

/**
 * The work of {@link runImageJob} without its notification: stages go to `report`, `signal` cancels.
 * @returns the saved files, or `undefined` when cancelled.
 * @throws as {@link runImageJob}.
 */
export async function executeImageJob(job: ImageJob, report: (message: string) => void, signal: AbortSignal): Promise<ImageJobResult | undefined> {
  // Its own controller, so that cancelImageJobs() reaches it as well as `signal`.
  const abort = new AbortController();
  const onAbort = (): void => abort.abort();
  if (signal.aborted || job.signal?.aborted) abort.abort();
  signal.addEventListener('abort', onAbort);
  job.signal?.addEventListener('abort', onAbort);
  running.add(abort);
  setContext(CONTEXT_KEYS.generating, true);
  try {
    report(vscode.l10n.t('waiting for the model…'));
    let receiving = false;
    let images = 0;
    const { reply, error } = job.request.api === 'images'
      ? await receiveImages(job.client, job.request.body, abort.signal)
      : await collectUntilError(job.client.streamChat(job.request.body, { signal: abort.signal }), (e) => {
        if (e.type === 'image') report(vscode.l10n.t('received image {0}…', ++images));
        else if (!receiving && (e.type === 'text' || e.type === 'reasoning')) {
          receiving = true;
          report(vscode.l10n.t('receiving…'));
        }
      });
    if (abort.signal.aborted) return undefined;
    const notes: string[] = [];
    if (error !== undefined) {
      if (reply.images.length === 0) throw error;
      const why = errorMessage(error);
      notes.push(vscode.l10n.t('The reply broke off after {0} image(s); what arrived is kept. {1}', reply.images.length, why));
      job.log.warn(`Reply broke off after ${reply.images.length} image(s); keeping them: ${why}`);
    }
    const refused = reply.imageErrors.map((e) => vscode.l10n.t('Image {0}: {1}.', e.index + 1, e.reason));
    const verified: Array<{ ext: string; data: Uint8Array }> = [];
    for (const img of reply.images) {
      try {
        const mime = verifyImage(img.mimeType, img.data);
        verified.push({ ext: IMAGE_EXTENSIONS[mime], data: withMetadata(mime, img.data, job, reply) });
      } catch (err) {
        refused.push(errorMessage(err));
      }
    }
    for (const r of refused) job.log.warn(`Refused image: ${r}`);
    if (verified.length === 0) {
      const said = reply.text.trim() ? ' ' + vscode.l10n.t('The model said: "{0}"', reply.text.trim().slice(0, 300)) : '';
      throw new ImageRejectedError((refused.length > 0 ? refused.join(' ') : vscode.l10n.t('The model returned no image.')) + said);
    }
    report(vscode.l10n.t('saving…'));
    const uris: vscode.Uri[] = [];
    const fs = job.target.fs ?? vscode.workspace.fs;
    const cancelled = async (): Promise<undefined> => {
      // Cancelled while saving: a cancelled job writes nothing, so what it saved goes again.
      for (const u of uris) await fs.delete(u, { useTrash: false }).then(undefined, () => undefined);
      job.log.info('Cancelled while saving; removed the images this job had saved.');
      return undefined;
    };
    for (const v of verified) {
      if (abort.signal.aborted) return cancelled();
      try {
        uris.push(await saveNewFile(job.target.folder, job.target.baseName, v.ext, v.data, job.target.root, job.target.fs));
      } catch (err) {
        if (uris.length === 0) throw err;
        const why = errorMessage(err);
        notes.push(vscode.l10n.t('Image {0} could not be saved: {1}', uris.length + 1, why));
        job.log.warn(`Image not saved after ${uris.length} saved: ${why}`);
        break;
      }
    }
    if (abort.signal.aborted) return cancelled();
    setContext(CONTEXT_KEYS.imageSaved, true);
    job.log.info(`Saved ${uris.map((u) => vscode.workspace.asRelativePath(u)).join(', ')} (generation ${reply.id ?? '?'}${reply.usage?.cost !== undefined ? `, $${reply.usage.cost}` : ''})`);
    return { uris, reply, refused, notes };
  } finally {
    running.delete(abort);
    if (running.size === 0) setContext(CONTEXT_KEYS.generating, false);
    signal.removeEventListener('abort', onAbort);
    job.signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * An Image API request as a collected reply (no text: the Image API sends none). One JSON body: it either
 * arrives whole or fails whole, so an error comes back with an empty reply.
 */
async function receiveImages(client: OpenRouterClient, body: ImagesRequest, signal: AbortSignal): Promise<{ reply: CollectedReply; error?: unknown }> {
  try {
    const r = await client.generateImages(body, { signal });
    return { reply: { model: body.model, text: '', reasoning: '', images: r.images, imageErrors: r.imageErrors, usage: r.usage } };
  } catch (error) {
    return { reply: { text: '', reasoning: '', images: [], imageErrors: [] }, error };
  }
}

/** The image with its provenance ({@link withProvenance}); a file it cannot be embedded in is saved as sent. */
function withMetadata(mime: ImageMime, bytes: Uint8Array, job: ImageJob, reply: CollectedReply): Uint8Array {
  const r = withProvenance(mime, bytes, mime === 'image/gif' ? undefined : job.metadata?.(reply));
  if (r.skipped) job.log.warn(`Metadata not embedded: ${r.skipped}`);
  return r.bytes;
}
