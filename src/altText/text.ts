/**
 * Turning a model's reply into alt text that can be written into a document. Pure code, no `vscode`.
 *
 * The reply is untrusted: {@link cleanAltText} keeps only visible text on one line, and
 * {@link escapeAltText} writes it so that it re-parses as exactly that text and nothing else — no link, no
 * HTML, no emphasis, no split table cell — in a Markdown label, in an attribute of HTML inside Markdown, and
 * in an HTML file's attribute.
 */
import * as l10n from '@vscode/l10n';
import { escapeHtml, escapeMarkdownLabel } from '../shared/format';
import type { AltSyntax } from './foundImage';


/** Longest alt text written, in characters (UTF-16 code units); a longer reply is cut at a sentence or word end. */
export const MAX_ALT_CHARACTERS = 250;

const QUOTES: Array<[string, string]> = [['"', '"'], ["'", "'"], ['“', '”'], ['‘', '’'], ['«', '»'], ['„', '“'], ['`', '`'], ['**', '**'], ['*', '*'], ['_', '_']];

/** Thrown when a reply holds no usable alt text. */
export class EmptyAltTextError extends Error {
  override readonly name = 'EmptyAltTextError';
}

/**
 * Invisible characters that are removed: controls (NUL, ESC, DEL, C1…), format characters (bidi overrides
 * and isolates, zero-width space, word joiner, BOM, soft hyphen…: Unicode category Cf), lone surrogates and
 * noncharacters. A zero-width joiner or non-joiner between two letters or pictographs stays: emoji sequences
 * (👩‍💻) and Persian or Indic words need it; so do the tag characters of a subdivision flag (🏴󠁧󠁢󠁳󠁣󠁴󠁿).
 */
// eslint-disable-next-line no-misleading-character-class -- the joiners are listed one by one on purpose: this finds them alone
const INVISIBLE = /[\p{Cc}\p{Cs}\uFDD0-\uFDEF\uFFFE\uFFFF]|(?<![\p{L}\p{M}\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F])[\u200C\u200D]|[\u200C\u200D](?![\p{L}\p{M}\p{Extended_Pictographic}])|(?<![\p{Extended_Pictographic}\u{E0020}-\u{E007E}])[\u{E0020}-\u{E007F}]|(?![\u200C\u200D\u{E0020}-\u{E007F}])\p{Cf}/gu;

/**
 * Visible text only: {@link INVISIBLE} characters removed (tabs and line breaks too: turn white space
 * into spaces first where it matters).
 * @param text any text, e.g. a model's reply.
 */
export function visibleText(text: string): string {
  return text.replace(INVISIBLE, '');
}

/** `text` as one line of visible characters: white space (line breaks too) collapsed to single spaces, {@link visibleText}, trimmed. */
export function oneLine(text: string): string {
  return visibleText(text.replace(/\s/g, ' ')).replace(/ {2,}/g, ' ').trim();
}

let segmenter: Intl.Segmenter | undefined;

/**
 * The longest start of `text` that is whole grapheme clusters (a user-perceived character: an emoji with
 * its modifiers, a letter with its combining marks) and at most `max` UTF-16 code units long.
 * @param max code units, ≥ 0.
 */
export function graphemePrefix(text: string, max: number): string {
  if (text.length <= max) return text;
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let end = 0;
  // Only the clusters around the cut matter: start a little before it (a cluster is rarely > 64 units).
  for (const { index, segment } of segmenter.segment(text.slice(0, max + 64))) {
    if (index + segment.length > max) break;
    end = index + segment.length;
  }
  return text.slice(0, end);
}

/**
 * One clean line of alt text from a model's reply: invisible characters removed ({@link visibleText}),
 * white space (new lines included) collapsed, trimmed, a leading `Alt text:` label and surrounding quotes
 * (straight, curly, guillemets, back quotes, emphasis) removed, and cut to {@link MAX_ALT_CHARACTERS} at the
 * last sentence end (else word end, else a grapheme cluster's end, with `…`). Not escaped: see {@link escapeAltText}.
 * @throws {EmptyAltTextError} when nothing is left.
 */
export function cleanAltText(reply: string): string {
  // Cap what is looked at: a reply is usually one sentence; a runaway one need not be scanned whole.
  let s = oneLine(reply.slice(0, MAX_ALT_CHARACTERS * 16));
  s = s.replace(/^(alt(ernative)?[ -]?text|alt)\s*:\s*/i, '');
  for (let changed = true; changed;) {
    changed = false;
    for (const [open, close] of QUOTES) {
      if (s.length >= open.length + close.length && s.startsWith(open) && s.endsWith(close)) {
        s = s.slice(open.length, s.length - close.length).trim();
        changed = true;
      }
    }
  }
  if (s.length > MAX_ALT_CHARACTERS) {
    const head = s.slice(0, MAX_ALT_CHARACTERS);
    const sentence = Math.max(head.lastIndexOf('. '), head.lastIndexOf('! '), head.lastIndexOf('? '));
    if (sentence >= 60) s = head.slice(0, sentence + 1);
    else {
      const word = head.lastIndexOf(' ', MAX_ALT_CHARACTERS - 1);
      s = `${(word > 60 ? head.slice(0, word) : graphemePrefix(s, MAX_ALT_CHARACTERS - 1)).trimEnd()}…`;
    }
  }
  if (s === '') throw new EmptyAltTextError(l10n.t('The model returned no alt text.'));
  return s;
}

/**
 * Escapes clean alt text ({@link cleanAltText}) for where it is written, so that it re-parses as exactly
 * that text: `markdown` for a Markdown document (a label `![…]`, or a double-quoted `alt` attribute of HTML
 * inside Markdown, where a `|` would still split a table cell: {@link escapeMarkdownLabel}); `html` for an
 * HTML document's double-quoted `alt` attribute, and a JSX, Vue or Astro one ({@link escapeHtml}); `svelte` as HTML and
 * `{`, `}` too; `mdx` as a Markdown label and `{`, `}` too. Special characters become numeric character references (`|` → `&#124;`).
 */
export function escapeAltText(alt: string, syntax: AltSyntax): string {
  // A JSX string attribute decodes character references as HTML does (and `{`, `}` are literal inside it);
  // so do Vue's, Svelte's and Astro's templates (Astro's page, in the browser), but in Svelte `{` opens an
  // expression even inside quotes; in Astro it does not.
  if (syntax === 'markdown') return escapeMarkdownLabel(alt);
  if (syntax === 'mdx') return escapeMarkdownLabel(alt).replace(/[{}]/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = escapeHtml(alt);
  return syntax === 'svelte' ? html.replace(/[{}]/g, (c) => `&#${c.charCodeAt(0)};`) : html;
}

/** What Improve alt text asks besides the image: its alt text now, and what the image is for (WAI's alt decision tree). */
export interface AltImprovement {
  /** The alt text now, as the document has it (decoded). */
  current: string;
  /** `informative`: it shows something the text needs; `functional`: it is a link or a button. */
  purpose: 'informative' | 'functional';
}

/**
 * The text of the request: the instruction, then (Improve alt text) the current alt text and what the image
 * is for, then the document's words around the image.
 * https://www.w3.org/WAI/tutorials/images/decision-tree/
 */
export function altTextInstruction(prompt: string, context: string, improve?: AltImprovement): string {
  const parts = [prompt];
  if (improve) {
    parts.push(`The image already has this alt text: "${oneLine(improve.current).slice(0, 500)}". Improve it: keep what is right, correct what is wrong, add what is missing, and reply with the new alt text only.`);
    parts.push(improve.purpose === 'functional' ? 'The image is functional (a link or a button): say what it does or where it leads, not what it looks like.' : 'The image is informative: say what it shows that matters to the text around it.');
  }
  if (context) parts.push(`Surrounding text ([image] marks where the image is):\n${context}`);
  return parts.join('\n\n');
}

/**
 * Markdown image links to the files at `toPaths`, relative to the folder of the document at `fromPath` (both
 * absolute paths of one scheme, `/`-separated, as `Uri.path`), with `alt` as text: one line of visible
 * characters, at most 120, written so that it re-parses as that text ({@link escapeAltText}); each path
 * segment percent-encoded. One link per line (Insert Markdown link, the generate tool's reply).
 */
export function markdownLinks(fromPath: string, toPaths: string[], alt: string): string {
  // Cut first, on a whole character, then escaped: a cut after escaping could split `&#93;` and break the link.
  const safeAlt = escapeAltText(graphemePrefix(oneLine(alt), 120), 'markdown');
  const from = fromPath.slice(0, fromPath.lastIndexOf('/')).split('/').filter(Boolean);
  return toPaths
    .map((p) => {
      const to = p.split('/').filter(Boolean);
      let i = 0;
      while (i < from.length && i < to.length - 1 && from[i] === to[i]) i++;
      const rel = [...from.slice(i).map(() => '..'), ...to.slice(i)].map((s) => encodeURIComponent(s).replace(/%2F/g, '/')).join('/');
      return `![${safeAlt}](${rel})`;
    })
    .join('\n');
}
