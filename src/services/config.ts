import * as vscode from 'vscode';
import { DEFAULT_ALT_TEXT_PROMPT } from '../altText/text';

/** The settings section; every setting key is `openrouterStudio.<name>`. */
export const SECTION = 'openrouterStudio';

export const DEFAULT_DESCRIBE_PROMPT =
  'Describe this image. Start with one sentence of alt text (under 125 characters), then a short detailed description.';

/** Typed read access to the extension's settings, with their defaults from `package.json`. */
export function settings(scope?: vscode.ConfigurationScope) {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  return {
    /** Seconds. */
    requestTimeoutSeconds: Math.max(5, c.get<number>('requestTimeoutSeconds', 60)),
    imageModel: c.get<string>('imageModel', 'google/gemini-2.5-flash-image').trim() || 'google/gemini-2.5-flash-image',
    aspectRatio: c.get<string>('aspectRatio', '1:1'),
    /** `''` means the model's default. */
    imageSize: c.get<string>('imageSize', ''),
    /** Relative to the workspace folder. */
    outputDirectory: c.get<string>('outputDirectory', 'images'),
    embedMetadata: c.get<boolean>('embedMetadata', true),
    /** Characters of earlier turns re-sent with each chat message. */
    chatHistoryCharacters: Math.max(0, c.get<number>('chatHistoryCharacters', 40_000)),
    chatModel: c.get<string>('chatModel', 'google/gemini-2.5-flash').trim() || 'google/gemini-2.5-flash',
    visionModel: c.get<string>('visionModel', 'google/gemini-2.5-flash').trim() || 'google/gemini-2.5-flash',
    describePrompt: c.get<string>('describePrompt', DEFAULT_DESCRIBE_PROMPT).trim() || DEFAULT_DESCRIBE_PROMPT,
    /** The instruction sent with each image by **Add missing alt text** and its Quick Fix. */
    altTextPrompt: c.get<string>('altTextPrompt', DEFAULT_ALT_TEXT_PROMPT).trim() || DEFAULT_ALT_TEXT_PROMPT,
    /** Information diagnostics on images without alt text. */
    altTextDiagnostics: c.get<boolean>('altText.diagnostics', true),
    /** Bytes. */
    maxImageBytes: c.get<number>('maxImageBytes', 20 * 1024 * 1024),
    /** Bounds on one streamed reply, in the client's units (characters, bytes, a count). */
    streamLimits: {
      maxEventChars: Math.max(1, c.get<number>('maxEventMB', 64)) * 1024 * 1024,
      maxImageBytes: Math.max(1, c.get<number>('maxGeneratedImageMB', 32)) * 1024 * 1024,
      maxImages: Math.max(1, Math.floor(c.get<number>('maxImagesPerReply', 8))),
      maxTextChars: Math.max(1000, c.get<number>('maxReplyCharacters', 2_000_000)),
    },
  };
}
