/**
 * Text that VS Code renders as a notification, progress title or quick-pick label must never become a
 * link: VS Code parses `[label](target)` there (`parseLinkedText` in `vs/base/common/linkedText.ts`,
 * targets `http(s):`, `command:` and `file:`), and a click on a `command:` link runs that command with
 * its arguments. Model replies, server error texts and workspace file names are written by strangers.
 */

/**
 * Breaks every `](` so that no `[label](target)` can parse as a link, keeping all characters visible
 * (a space goes between `]` and `(`). Pure, for use where any message is built.
 * @param text any text, trusted or not.
 * @returns the same text with `](` written as `] (`.
 */
export function inertText(text: string): string {
  return text.replace(/\]\s*\(/g, '] (');
}
