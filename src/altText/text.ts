/**
 * Turning a model's reply into alt text that can be written into a document. Pure code, no `vscode`.
 */
import * as l10n from '@vscode/l10n';
import { escapeMarkdownLabel } from '../shared/format';
import type { AltSyntax } from './find';

/** The default of `openrouterStudio.altTextPrompt`. */
export const DEFAULT_ALT_TEXT_PROMPT =
  'Write the alt text for this image: one sentence under 125 characters that says what the image shows and why it matters in the text around it. ' +
  'Do not start with "image of" or "picture of". Write it in the language of the surrounding text. Reply with the alt text only.';

/** Longest alt text written, in characters; a longer reply is cut at a sentence or word end. */
export const MAX_ALT_CHARACTERS = 250;

const QUOTES: Array<[string, string]> = [['"', '"'], ["'", "'"], ['“', '”'], ['‘', '’'], ['«', '»'], ['„', '“'], ['`', '`'], ['**', '**'], ['*', '*'], ['_', '_']];

/** Thrown when a reply holds no usable alt text. */
export class EmptyAltTextError extends Error {
  override readonly name = 'EmptyAltTextError';
}

/**
 * One clean line of alt text from a model's reply: white space (new lines included) collapsed, trimmed,
 * a leading `Alt text:` label and surrounding quotes (straight, curly, guillemets, back quotes, emphasis)
 * removed, and cut to {@link MAX_ALT_CHARACTERS} at the last sentence end (else word end, with `…`).
 * @throws {EmptyAltTextError} when nothing is left.
 */
export function cleanAltText(reply: string): string {
  let s = reply.replace(/\s+/g, ' ').trim();
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
      s = `${head.slice(0, word > 60 ? word : MAX_ALT_CHARACTERS - 1).trimEnd()}…`;
    }
  }
  if (s === '') throw new EmptyAltTextError(l10n.t('The model returned no alt text.'));
  return s;
}

/**
 * Escapes alt text for where it is written: in a Markdown label `\`, `[` and `]` get a backslash; in an
 * HTML attribute value (double-quoted) `&`, `"` and `<` become character references.
 */
export function escapeAltText(alt: string, syntax: AltSyntax): string {
  return syntax === 'markdown'
    ? escapeMarkdownLabel(alt)
    : alt.replace(/[&"<]/g, (c) => (c === '&' ? '&amp;' : c === '"' ? '&quot;' : '&lt;'));
}

/** The text of the request: the instruction, then the document's words around the image. */
export function altTextInstruction(prompt: string, context: string): string {
  return context ? `${prompt}\n\nSurrounding text ([image] marks where the image is):\n${context}` : prompt;
}
