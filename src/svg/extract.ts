/** Finding the SVG document in a model's reply. Pure code, no `vscode`, no DOM. */

/**
 * The SVG document in a model's reply: from the first `<svg` tag to the last `</svg>` (a reply may wrap it
 * in a Markdown code fence or in prose). Linear in the reply's length.
 * @returns the document's text, or `undefined` when the reply holds none.
 */
export function extractSvg(reply: string): string | undefined {
  const start = reply.search(/<svg[\s>]/i);
  if (start < 0) return undefined;
  let end = -1;
  for (const m of reply.slice(start).matchAll(/<\/svg\s*>/gi)) end = start + m.index + m[0].length;
  return end < 0 ? undefined : reply.slice(start, end);
}
