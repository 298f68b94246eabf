/** The OpenRouter client: plain Node, no `vscode` imports. */
export * from './client';
export * from './errors';
export * from './types';
export { sseData, ChunkDecoder } from './stream';
export { collectReply, type CollectedReply } from './collect';
export * from './chatImageRequest';
