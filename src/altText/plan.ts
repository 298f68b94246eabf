import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { lacksAltText, surroundingText, type FoundImage, type Markup } from './foundImage';
import { documentImages, markupOf, markupWorker } from './documentImages';
import { assertInsideFolder } from '../platform/workspacePaths';
import { readWorkspaceImage, type WorkspaceImage } from '../platform/readImage';
import { errorMessage } from '../shared/format';
import { settings } from '../platform/config';

/** How long a run may parse one document, in milliseconds (in the worker thread; Cancel ends it sooner). */
export const RUN_PARSE_DEADLINE_MS = 120_000;

/** An image a run did not write alt text for. `file` is workspace-relative; `target` is the image as written. */
export interface SkippedImage {
  file: string;
  target: string;
  reason: string;
}

/** One document as the run read it. */
export interface Plan {
  uri: vscode.Uri;
  markup: Markup;
  version: number;
  text: string;
  items: Array<{ start: number; end: number; before: string; after: string; syntax: Markup; target: string; key: string }>;
}

/** One distinct image (by its bytes) to describe. */
export interface Job {
  image: WorkspaceImage;
  context: string;
  alt?: string;
  error?: string;
}

/** Which images of the files {@link findImages} takes. */
export interface FindOptions {
  /** Also images that have alt text. */
  overwrite: boolean;
  /** Only the image whose reference holds this offset (the Quick Fix). */
  at?: number;
  /** Bytes; a bigger image is skipped (`openrouterStudio.maxImageMB`). */
  maxImageBytes: number;
  signal?: AbortSignal;
}

/**
 * Why a document's alt text could not be written (it does not parse as a whole: `UnparsedDocumentError` of
 * check.ts, by name, so that this module does not load the checks), or `undefined`: the write's own check with no
 * writes. @throws what else the worker throws (a cancelled run's abort, a timeout), as finding does.
 */
async function whyUnwritable(plan: Plan, signal: AbortSignal | undefined): Promise<string | undefined> {
  try {
    await markupWorker().apply(plan.markup, plan.text, [], { deadlineMs: RUN_PARSE_DEADLINE_MS, signal, components: settings(plan.uri).imageComponents });
    return undefined;
  } catch (err) {
    if ((err as Error | undefined)?.name === 'UnparsedDocumentError') return errorMessage(err);
    throw err;
  }
}

/**
 * The run's first phase: the images of `files` to describe, each distinct image (by its bytes) one job with
 * the words around its first use, and every image left out with the reason. Sends nothing.
 */
export async function findImages(files: vscode.Uri[], opts: FindOptions, log: vscode.LogOutputChannel): Promise<{ plans: Plan[]; jobs: Map<string, Job>; skipped: SkippedImage[] }> {
  const skipped: SkippedImage[] = [];
  const plans: Plan[] = [];
  const jobs = new Map<string, Job>();
  const reads = new Map<string, Promise<WorkspaceImage>>();
  for (const uri of files) {
    // A document is read (and its text sent around its images) only when it is inside its workspace folder
    // by real path too: a folder run must not follow a directory symlink out of the workspace.
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (folder) {
      try {
        await assertInsideFolder(uri, folder.uri, vscode.l10n.t('The document'));
      } catch (err) {
        log.warn(`Skipped ${uri.toString(true)}: ${errorMessage(err)}`);
        skipped.push({ file: vscode.workspace.asRelativePath(uri), target: vscode.workspace.asRelativePath(uri), reason: vscode.l10n.t('the document leads outside the workspace folder (not read)') });
        continue;
      }
    }
    const doc = await vscode.workspace.openTextDocument(uri);
    const text = doc.getText();
    const plan: Plan = { uri, markup: markupOf(doc) ?? 'markdown', version: doc.version, text, items: [] };
    const file = vscode.workspace.asRelativePath(uri);
    const wanted = (img: FoundImage): boolean => !img.decorative && (opts.at !== undefined ? img.start <= opts.at && opts.at <= img.end : opts.overwrite || lacksAltText(img));
    const images = await documentImages(doc, text, wanted, { deadlineMs: RUN_PARSE_DEADLINE_MS, signal: opts.signal });
    // An MDX page's marks can come from its pieces while the whole page does not parse (it is being typed): it
    // could not be written, so nothing is asked of a model for it.
    const unwritable = plan.markup === 'mdx' && images.some((i) => i.file) ? await whyUnwritable(plan, opts.signal) : undefined;
    if (unwritable) {
      for (const img of images) skipped.push({ file, target: img.target, reason: unwritable });
      continue;
    }
    for (const img of images) {
      if (!img.file) {
        skipped.push({ file, target: img.target, reason: img.skip });
        continue;
      }
      const key = img.file.toString();
      if (!reads.has(key)) reads.set(key, readWorkspaceImage(img.file, opts.maxImageBytes));
      let image: WorkspaceImage;
      try {
        image = await reads.get(key)!;
      } catch (err) {
        skipped.push({ file, target: img.target, reason: errorMessage(err) });
        continue;
      }
      const hash = createHash('sha256').update(image.bytes).digest('hex');
      if (!jobs.has(hash)) jobs.set(hash, { image, context: surroundingText(text, img.start, img.end) });
      plan.items.push({ ...img.edit, target: img.target, key: hash });
    }
    if (plan.items.length > 0) plans.push(plan);
  }

  return { plans, jobs, skipped };
}
