import * as vscode from 'vscode';

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
    chatModel: c.get<string>('chatModel', 'google/gemini-2.5-flash').trim() || 'google/gemini-2.5-flash',
    visionModel: c.get<string>('visionModel', 'google/gemini-2.5-flash').trim() || 'google/gemini-2.5-flash',
    describePrompt: c.get<string>('describePrompt', DEFAULT_DESCRIBE_PROMPT).trim() || DEFAULT_DESCRIBE_PROMPT,
    /** Bytes. */
    maxImageBytes: c.get<number>('maxImageBytes', 20 * 1024 * 1024),
  };
}
