/** Formatting shared by the extension host and the chat view. Pure code. */

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

/** `text` for the label of a Markdown link or image (`[…]`): `\`, `[` and `]` get a backslash. */
export function escapeMarkdownLabel(text: string): string {
  return text.replace(/[\\[\]]/g, '\\$&');
}

/**
 * `text` cut to at most `max` characters, with `…` as the last one when cut.
 * @param max characters (UTF-16 code units), ≥ 1.
 */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}
