/**
 * Consumes a reply stream into one result, for callers that act on the whole reply (saving images).
 * Pure code, no `vscode`.
 */
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
  const r: CollectedReply = { text: '', reasoning: '', images: [], imageErrors: [] };
  for await (const e of stream) {
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
  return r;
}
