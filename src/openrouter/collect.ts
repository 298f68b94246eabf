/**
 * Consumes a reply stream into one result, for callers that act on the whole reply (saving images).
 * Pure code, no `vscode`.
 */
import * as l10n from '@vscode/l10n';
import type { GeneratedImage, StreamEvent, Usage } from './types';

/** A whole streamed reply. */
export interface CollectedReply {
  id?: string;
  model?: string;
  text: string;
  reasoning: string;
  images: GeneratedImage[];
  imageErrors: Array<{ index: number; reason: string }>;
  finishReason?: string;
  usage?: Usage;
}

/**
 * Reads every event of `stream` into a {@link CollectedReply}, calling `onEvent` for each as it comes.
 * @throws whatever the stream throws (an `OpenRouterError`, an `AbortError`); nothing is returned then.
 */
export async function collectReply(stream: AsyncIterable<StreamEvent>, onEvent?: (e: StreamEvent) => void): Promise<CollectedReply> {
  const { reply, error } = await collectUntilError(stream, onEvent);
  if (error !== undefined) throw error;
  return reply;
}

/**
 * As {@link collectReply}, but a failure does not take away what arrived before it: the reply so far
 * comes back with the error, so content the user paid for (an image that arrived before the connection
 * broke) can still be kept.
 * @returns the reply so far, and the error that ended the stream, if any.
 */
export async function collectUntilError(stream: AsyncIterable<StreamEvent>, onEvent?: (e: StreamEvent) => void): Promise<{ reply: CollectedReply; error?: unknown }> {
  const r: CollectedReply = { text: '', reasoning: '', images: [], imageErrors: [] };
  try {
    for await (const e of stream) collectEvent(r, e, onEvent);
  } catch (error) {
    return { reply: r, error: error ?? new Error(l10n.t('the stream failed')) };
  }
  return { reply: r };
}

function collectEvent(r: CollectedReply, e: StreamEvent, onEvent?: (e: StreamEvent) => void): void {
  onEvent?.(e);
  switch (e.type) {
    case 'start':
      r.id = e.id;
      r.model = e.model;
      break;
    case 'text':
      r.text += e.text;
      break;
    case 'reasoning':
      r.reasoning += e.text;
      break;
    case 'image':
      r.images.push({ index: e.index, mimeType: e.mimeType, data: e.data });
      break;
    case 'image-error':
      r.imageErrors.push({ index: e.index, reason: e.reason });
      break;
    case 'finish':
      r.finishReason = e.reason;
      break;
    case 'usage':
      r.usage = e.usage;
      break;
  }
}
