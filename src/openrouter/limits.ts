import * as l10n from '@vscode/l10n';
import { OpenRouterError } from './errors';

/**
 * Bounds on what one streamed reply may make the client hold. Each is named, with its unit, in the
 * error that ends a reply going over it; `setting` names the setting that raises it.
 */
export interface StreamLimits {
  /** Largest SSE event, in characters (≈ bytes: the wire is ASCII but for text). Default 64 MiB. */
  maxEventChars: number;
  /** Largest image, decoded, in bytes. Default 32 MiB. */
  maxImageBytes: number;
  /** Most images in one reply. Default 8. */
  maxImages: number;
  /**
   * Most characters of text and reasoning in one reply: `content`, `reasoning`, and what `reasoning_details`
   * carry (their `text` or `summary` when there is no `reasoning`, and any `data`). Default 2,000,000.
   */
  maxTextChars: number;
}

export const DEFAULT_STREAM_LIMITS: StreamLimits = { maxEventChars: 64 * 1024 * 1024, maxImageBytes: 32 * 1024 * 1024, maxImages: 8, maxTextChars: 2_000_000 };

/** The VS Code setting that raises each limit, named in the error message. */
export const LIMIT_SETTINGS: Record<keyof StreamLimits, string> = {
  maxEventChars: 'openrouterStudio.maxEventMB',
  maxImageBytes: 'openrouterStudio.maxGeneratedImageMB',
  maxImages: 'openrouterStudio.maxImagesPerReply',
  maxTextChars: 'openrouterStudio.maxReplyCharacters',
};

/** `n` bytes in MB, for messages (`64 MB`, `1.5 MB`). */
export const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MB`;

/** The error that ends a reply going over `limit`, naming the setting that raises it. */
export function limitError(limit: keyof StreamLimits, what: string, generationId?: string): OpenRouterError {
  return new OpenRouterError({ kind: 'limit', detail: l10n.t('{0} (setting {1})', what, LIMIT_SETTINGS[limit]), retryable: false, generationId });
}
