/** The OpenRouter client: plain Node, no `vscode` imports. */
export * from './client';
export * from './errors';
export * from './types';
export { ChunkDecoder } from './stream';
export { sseData } from './sse';
export { collectReply, type CollectedReply } from './collect';
export * from './chatImageRequest';
