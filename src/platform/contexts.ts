import * as vscode from 'vscode';

/**
 * The context keys this extension sets (`setContext`), for `when` clauses in `package.json`: menus and the
 * walkthrough's `onContext:` completion events.
 * See https://code.visualstudio.com/api/references/when-clause-contexts#add-a-custom-when-clause-context
 */
export const CONTEXT_KEYS = {
  /** A key is stored in SecretStorage (completes the walkthrough's first step, Set your API key). */
  hasStoredApiKey: 'openrouterStudio.hasStoredApiKey',
  /** An image has been saved in this window (completes the walkthrough's "Generate an image"). */
  imageSaved: 'openrouterStudio.imageSaved',
  /** An image is being generated (shows Cancel image generation in the Command Palette). */
  generating: 'openrouterStudio.generating',
} as const;

/** Sets one of {@link CONTEXT_KEYS} (fire and forget: a `when` clause reads it on its next evaluation). */
export function setContext(key: (typeof CONTEXT_KEYS)[keyof typeof CONTEXT_KEYS], value: boolean): void {
  void vscode.commands.executeCommand('setContext', key, value);
}
