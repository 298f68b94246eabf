/** Formatting shared by the extension host and the chat view. Pure code. */
import * as l10n from '@vscode/l10n';

/**
 * A cost in USD for people: `$0`, `<$0.0001`, `$0.0387` under ten cents, else `$1.24`.
 * @param usd OpenRouter's `usage.cost` (credits = USD).
 */
export function formatCost(usd: number): string {
  if (usd === 0) return '$0';
  if (usd < 0.0001) return '<$0.0001';
  return usd < 0.1 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

/** `text` escaped for HTML: element content and quoted attribute values (`&`, `<`, `>`, `"`, `'`). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * `text` for the label of a Markdown link or image (`[…]`), or a double-quoted attribute of HTML inside
 * Markdown, so that it re-parses as exactly that text: every character that can start or end Markdown or
 * GFM syntax there (escapes, brackets, raw HTML, entities, table pipes, emphasis, code, images,
 * strikethrough, link destinations) or end an attribute value becomes a numeric character reference. A
 * numeric reference is decoded to the same character in a label (CommonMark 0.31 §2.5) and in an attribute
 * value (WHATWG HTML §13.2.5.72), and is never syntax itself: `|` as `&#124;` does not split a GFM table
 * cell (GFM §4.10: cells split before inline parsing).
 */
export function escapeMarkdownLabel(text: string): string {
  return text.replace(/[\\[\]<>&|*_`!"'()~]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * `text` as plain text in a Markdown paragraph of its own (an agent tool's confirmation): every character
 * {@link escapeMarkdownLabel} escapes, and `:`, `.` and `@` as numeric character references too, so that
 * GFM's autolinks (`https://…`, `www.…`, `name@host.example`), which need those characters literally, cannot
 * form either. Decoded back to the same characters when rendered.
 */
export function escapeMarkdownText(text: string): string {
  return escapeMarkdownLabel(text).replace(/[:.@]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * `text` cut to at most `max` characters, with `…` as the last one when cut.
 * @param max characters (UTF-16 code units), ≥ 1.
 */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/**
 * `text` as one log line: line breaks, tabs and every other control or format character (C0, C1, U+2028,
 * U+2029, bidi overrides) written as escapes (`\n`, `\u001b`, `\u202e`), so that text from a file, a model
 * or a server (a model id with a newline) cannot forge a line of its own or hide what it is.
 */
export function escapeControls(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** What went wrong, for people: an `Error`'s message, else the thrown value as text. The one way the code reads a caught error. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A progress message with the time it has run: `receiving… · 12 s`, `1 of 3 · 1 min 5 s`. */
export function elapsedText(message: string, seconds: number): string {
  const time = seconds < 60 ? l10n.t('{0} s', seconds) : l10n.t('{0} min {1} s', Math.floor(seconds / 60), seconds % 60);
  return message ? `${message} · ${time}` : time;
}
