import * as vscode from 'vscode';

/**
 * True for an automation options object (`{ prompt?, model?, … }`), false for what menus pass as the
 * second argument: `uri[]` from the explorer, `{ groupId, editorIndex }` from an editor title bar.
 */
export function isAutomationArg(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof vscode.Uri) && !('groupId' in v) && !('editorIndex' in v);
}
