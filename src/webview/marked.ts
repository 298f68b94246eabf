/**
 * The chat view's Markdown renderer, before sanitizing: marked with GFM, raw HTML shown as the literal
 * text the model sent, images never loaded. Pure (no DOM), so tests in Node render what the view renders.
 */
import * as l10n from '@vscode/l10n';
import { decodeNamedCharacterReference } from 'decode-named-character-reference';
import { Marked } from 'marked';
import { decodeNumericCharacterReference } from 'micromark-util-decode-numeric-character-reference';
import { escapeHtml } from '../shared/format';

/**
 * `text` with its character references decoded as CommonMark decodes them in a label (§2.5: named HTML5
 * references, decimal up to 7 digits, hexadecimal up to 6; an invalid code point becomes U+FFFD);
 * anything else that starts with `&` stays as written.
 */
export function decodeCharacterReferences(text: string): string {
  return text.replace(/&(?:#(\d{1,7})|#[xX]([\da-fA-F]{1,6})|([A-Za-z][A-Za-z\d]{0,31}));/g, (whole, dec?: string, hex?: string, name?: string) => {
    if (dec) return decodeNumericCharacterReference(dec, 10);
    if (hex) return decodeNumericCharacterReference(hex, 16);
    const named = decodeNamedCharacterReference(name!);
    return named === false ? whole : named;
  });
}

/**
 * Raw HTML in model output is shown as the literal text the model sent, never parsed as markup (as VS
 * Code's own chat does): an unclosed `<style>`, `<math>` or `<!--` then cannot swallow the rest of the
 * reply. Images are never loaded from a reply: a web image shows as a link with its URL, anything else
 * as its alt text (character references decoded, as in any Markdown renderer's `alt`) and a short note.
 * Images the extension saved are shown by the view itself.
 */
export const chatMarked = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: {
    html: ({ text }) => escapeHtml(text),
    image({ href, text, tokens }) {
      const label = tokens ? this.parser.parseInline(tokens, this.parser.textRenderer) : text;
      const alt = decodeCharacterReferences(label).trim() || l10n.t('image');
      if (/^https?:\/\//i.test(href)) return `<a href="${escapeHtml(href)}">${escapeHtml(l10n.t('{0} (image: {1})', alt, href))}</a>`;
      return escapeHtml(/^data:/i.test(href) ? l10n.t('{0} (an inline image, not shown)', alt) : l10n.t('{0} (image: {1})', alt, href.slice(0, 200)));
    },
  },
});
