import * as vscode from 'vscode';
import { DEFAULT_ALT_TEXT_PROMPT, DEFAULT_DESCRIBE_PROMPT } from '../shared/prompts';
import { clampSetting, DEFAULT_IMAGE_COMPONENTS, NUMBER_RANGES } from '../shared/settingRanges';

/** The settings section; every setting key is `openrouterStudio.<name>`. */
export const SECTION = 'openrouterStudio';


/** A setting's list of JSX element names, kept only when each is a JSX name; otherwise the default. */
function imageComponentsOf(v: unknown): readonly string[] {
  if (!Array.isArray(v) || v.length === 0 || v.length > 50 || !v.every((x) => typeof x === 'string' && /^[A-Za-z_$][\w$-]{0,63}$/.test(x))) return DEFAULT_IMAGE_COMPONENTS;
  return v as string[];
}

/** Where a user, workspace or folder set `key` (its default does not count). */
function isSet(c: vscode.WorkspaceConfiguration, key: string): boolean {
  const i = c.inspect(key);
  return i !== undefined && [i.globalValue, i.workspaceValue, i.workspaceFolderValue, i.globalLanguageValue, i.workspaceLanguageValue, i.workspaceFolderLanguageValue].some((x) => x !== undefined);
}

/**
 * The key to read of a renamed setting: the new one, unless only the old one is set (then it still applies,
 * as its deprecation message in `package.json` says).
 */
function renamed(c: vscode.WorkspaceConfiguration, key: string, old: string): string {
  return !isSet(c, key) && isSet(c, old) ? old : key;
}

/** Typed read access to the extension's settings, with their defaults from `package.json`. */
export function settings(scope?: vscode.ConfigurationScope) {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const num = (key: keyof typeof NUMBER_RANGES): number => clampSetting(c.get<unknown>(key), NUMBER_RANGES[key]);
  return {
    /** Seconds. */
    requestTimeoutSeconds: num('requestTimeoutSeconds'),
    imageModel: c.get<string>('imageModel', 'google/gemini-2.5-flash-image').trim() || 'google/gemini-2.5-flash-image',
    aspectRatio: c.get<string>('aspectRatio', '1:1'),
    /** `''` means the model's default. */
    imageSize: c.get<string>('imageSize', ''),
    /** Which API makes images for a model both offer (`imageEndpoint`, formerly `imageApi`; README, "Two APIs"). */
    imageApi: ((v) => (v === 'images' || v === 'chat' ? v : 'auto'))(c.get<unknown>(renamed(c, 'imageEndpoint', 'imageApi'), 'auto')) as 'auto' | 'images' | 'chat',
    /** Relative to the workspace folder. */
    outputDirectory: c.get<string>('outputDirectory', 'images'),
    embedMetadata: c.get<boolean>('embedMetadata', true),
    /** Characters of earlier turns re-sent with each chat message. */
    chatHistoryCharacters: num('chatHistoryCharacters'),
    chatModel: c.get<string>('chatModel', 'google/gemini-2.5-flash').trim() || 'google/gemini-2.5-flash',
    /** The text model Generate SVG asks (`drawingModel`, formerly `svgModel`). */
    svgModel: c.get<string>(renamed(c, 'drawingModel', 'svgModel'), 'anthropic/claude-sonnet-4.5').trim() || 'anthropic/claude-sonnet-4.5',
    visionModel: c.get<string>('visionModel', 'google/gemini-2.5-flash').trim() || 'google/gemini-2.5-flash',
    describePrompt: c.get<string>('describePrompt', DEFAULT_DESCRIBE_PROMPT).trim() || DEFAULT_DESCRIBE_PROMPT,
    /** The instruction sent with each image by **Add missing alt text** and its Quick Fix. */
    altTextPrompt: c.get<string>('altTextPrompt', DEFAULT_ALT_TEXT_PROMPT).trim() || DEFAULT_ALT_TEXT_PROMPT,
    /** Information diagnostics on images without alt text. */
    altTextDiagnostics: c.get<boolean>('altText.diagnostics', true),
    /**
     * Whether a run on several files shows its edits in the Refactor Preview first (`altText.previewEdits`;
     * user settings only: a workspace cannot turn the review off).
     */
    altTextPreview: c.inspect<unknown>('altText.previewEdits')?.globalValue !== false,
    /** The JSX elements read as images (names as written: `img`, `Image`…); at most 50, each a JSX name. */
    imageComponents: imageComponentsOf(c.get<unknown>('altText.imageComponents')),
    /** Bytes (`maxImageMB`, formerly `maxImageBytes` in bytes). */
    maxImageBytes: renamed(c, 'maxImageMB', 'maxImageBytes') === 'maxImageBytes' ? num('maxImageBytes') : num('maxImageMB') * 1024 * 1024,
    /** Bounds on one streamed reply, in the client's units (characters, bytes, a count). */
    streamLimits: {
      maxEventChars: num('maxEventMB') * 1024 * 1024,
      maxImageBytes: num('maxGeneratedImageMB') * 1024 * 1024,
      maxImages: Math.floor(num('maxImagesPerReply')),
      maxTextChars: num('maxReplyCharacters'),
    },
  };
}
