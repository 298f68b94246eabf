import * as vscode from 'vscode';

/**
 * True for an automation options object (`{ prompt?, model?, … }`), false for what menus pass as the
 * second argument: `uri[]` from the explorer, `{ groupId, editorIndex }` from an editor title bar.
 */
export function isAutomationArg(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof vscode.Uri) && !('groupId' in v) && !('editorIndex' in v);
}

/**
 * An automation argument that does not have the documented shape (`executeCommand('openrouterStudio.x', …)`):
 * for the developer calling the command, so not translated. The one such error of the extension.
 */
export class ArgumentError extends TypeError {
  override readonly name = 'ArgumentError';
}
