/**
 * The parsing of the alt-text features (Markdown, HTML, JSX, Vue, Svelte, Astro, MDX), in a worker thread: parsing a large or
 * list-heavy document can take seconds (micromark is not linear on every input), and the extension host's
 * own thread is shared by every extension. The requests and replies are {@link MarkupRequest} and
 * {@link MarkupReply}; see `markupWorker.ts` for the side that sends them. Pure code, no `vscode`.
 */
import { parentPort } from 'node:worker_threads';
import { errorReply, type WorkerReply } from '../shared/workerQueue';
import { applyAltWrites, type AltWrite } from './check';
import { findHtmlImages } from './findHtml';
import { findMarkdownImages } from './findMarkdown';
import { findJsxImages } from './findJsx';
import { findMdxImages } from './findMdx';
import { findSvelteImages } from './findSvelte';
import { findAstroImages } from './findAstro';
import { findVueImages } from './findVue';
import type { FoundImage, Markup } from './foundImage';

/** One job: the images of a text, or a text with alt text written into it (and checked). */
export type MarkupRequest =
  | { id: number; op: 'find'; markup: Markup; text: string; components?: readonly string[] }
  | { id: number; op: 'apply'; markup: Markup; text: string; writes: AltWrite[]; components?: readonly string[] };

/** The answer to the request of the same `id`: its result, or the error it threw (name and message). */
export type MarkupReply = WorkerReply & { images?: FoundImage[]; text?: string };

/** The images of `text` as the finder for `markup` gives them. */
function findImages(markup: Markup, text: string, components: readonly string[] | undefined): FoundImage[] {
  switch (markup) {
    case 'markdown':
      return findMarkdownImages(text);
    case 'html':
      return findHtmlImages(text);
    case 'jsx':
      return findJsxImages(text, components);
    case 'vue':
      return findVueImages(text, components);
    case 'svelte':
      return findSvelteImages(text, components);
    case 'astro':
      return findAstroImages(text, components);
    case 'mdx':
      return findMdxImages(text, components);
  }
}

/** Runs one request in this thread (what the worker does with each message). */
export function handle(req: MarkupRequest): MarkupReply {
  try {
    if (req.op === 'find') {
      const images = findImages(req.markup, req.text, req.components);
      return { id: req.id, images };
    }
    return { id: req.id, text: applyAltWrites(req.text, req.markup, req.writes, req.components) };
  } catch (err) {
    return errorReply(req.id, err);
  }
}

parentPort?.on('message', (req: MarkupRequest) => parentPort!.postMessage(handle(req)));
