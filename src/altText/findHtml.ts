/**
 * Finds the `<img>` elements of HTML, with exact source offsets: an HTML document, or the HTML of a Markdown
 * document. `parse5` with source locations (the WHATWG parsing algorithm), so `<img>` inside `<script>`,
 * `<style>`, `<textarea>` or comments is not an image. Pure code, no `vscode`.
 */
import type { DefaultTreeAdapterMap } from 'parse5';
import { markupParsers } from '../shared/loadParsers';
import { HTML_IMAGE, type AltEdit, type AltSyntax, type FoundImage } from './foundImage';

/**
 * The `<img>` elements of an HTML node of Markdown, read as the Markdown parser sees it: `value` is the HTML
 * without the markers of the containers it is in (`> ` of a block quote, a list item's indent), so an
 * `<img>` over two lines of a block quote is one tag. Offsets are mapped back to the source, line by line:
 * each line of `value` is the end of its line in `text[start, end)`. An HTML node whose lines do not map
 * (a tab expanded inside a container) gives no images rather than wrong offsets.
 */
export function htmlInMarkdown(text: string, start: number, end: number, value: string): FoundImage[] {
  const source = text.slice(start, end);
  if (source === value) return htmlImages(value, start, 'markdown');
  const lines = (s: string): Array<{ at: number; line: string }> => {
    const out: Array<{ at: number; line: string }> = [];
    const re = /\r\n|\r|\n/g;
    let at = 0;
    for (let m = re.exec(s); ; m = re.exec(s)) {
      out.push({ at, line: s.slice(at, m ? m.index : s.length) });
      if (!m) return out;
      at = m.index + m[0].length;
    }
  };
  const src = lines(source);
  const val = lines(value);
  if (val.length !== src.length || val.some((v, i) => !src[i].line.endsWith(v.line))) return [];
  // value offset → text offset, for an offset on line i of value.
  const map = (offset: number): number => {
    let i = val.length - 1;
    while (i > 0 && val[i].at > offset) i--;
    return start + src[i].at + (src[i].line.length - val[i].line.length) + (offset - val[i].at);
  };
  return htmlImages(value, 0, 'markdown').map((img) => ({
    ...img,
    start: map(img.start),
    end: map(img.end),
    edit: { ...img.edit, start: map(img.edit.start), end: map(img.edit.end) },
  }));
}

/**
 * How HTML is parsed: with source locations, and as a browser with scripting off parses it, so the `<img>`
 * inside `<noscript>` (the fallback a page shows without scripts) is an image too, not raw text.
 */
export const HTML_OPTIONS = { sourceCodeLocationInfo: true, scriptingEnabled: false } as const;

type Element = DefaultTreeAdapterMap['element'];
type ParentNode = DefaultTreeAdapterMap['parentNode'];

/**
 * Every `<img>` of an HTML document, in source order.
 * @param root `text` parsed by parse5 with `sourceCodeLocationInfo`, when the caller has it already.
 */
export function findHtmlImages(text: string, root?: ParentNode): FoundImage[] {
  return htmlImages(text, 0, 'html', root);
}


/**
 * The `<img>` elements of HTML `text` that starts at `offset` of its document: a whole HTML document
 * (`syntax` `html`) or a piece of HTML inside Markdown (`markdown`, parsed as a fragment).
 */
function htmlImages(text: string, offset: number, syntax: AltSyntax, parsed?: ParentNode): FoundImage[] {
  // Without `<img` or `<image` there is no image element to find: the HTML (a document, or each HTML block
  // of a Markdown document) is not parsed.
  if (!parsed && !HTML_IMAGE.test(text)) return [];
  const { parseHtml, parseHtmlFragment } = markupParsers();
  const root: ParentNode = parsed ?? (syntax === 'markdown' ? parseHtmlFragment(text, HTML_OPTIONS) : parseHtml(text, HTML_OPTIONS));
  const found: FoundImage[] = [];
  const walk = (node: ParentNode): void => {
    for (const child of node.childNodes) {
      if (!('tagName' in child)) continue;
      if (child.tagName === 'img') {
        const img = imageOf(child, text, offset, syntax);
        if (img) found.push(img);
      }
      walk(child.tagName === 'template' ? (child as DefaultTreeAdapterMap['template']).content : child);
    }
  };
  walk(root);
  return found;
}

function imageOf(el: Element, text: string, offset: number, syntax: AltSyntax): FoundImage | undefined {
  const loc = el.sourceCodeLocation;
  const src = el.attrs.find((a) => a.name === 'src');
  // An `<img>` the parser made up (no start tag in the source) has no place to write to.
  if (!loc?.startTag || !src) return undefined;
  const alt = el.attrs.find((a) => a.name === 'alt');
  const altLoc = loc.attrs?.alt;
  const tagStart = loc.startTag.startOffset + offset;
  // A new `alt` goes right after the tag name as written: `<IMG`, or `<image`, which HTML parses as `img`.
  const name = /^<[^\s/>]+/.exec(text.slice(loc.startTag.startOffset, loc.startTag.startOffset + 16))?.[0].length ?? '<img'.length;
  const edit: AltEdit = alt && altLoc
    ? { start: altLoc.startOffset + offset, end: altLoc.endOffset + offset, before: 'alt="', after: '"', syntax }
    : { start: tagStart + name, end: tagStart + name, before: ' alt="', after: '"', syntax };
  const attr = (name: string): string | undefined => el.attrs.find((a) => a.name === name)?.value.trim().toLowerCase();
  // `alt=""` written out (not a bare `alt`) is decorative too: WCAG technique H67, and markdownlint's MD045.
  const emptyAlt = alt !== undefined && alt.value === '' && altLoc !== undefined && text.slice(altLoc.startOffset, altLoc.endOffset).includes('=');
  const decorative = emptyAlt || attr('aria-hidden') === 'true' || attr('role') === 'presentation' || attr('role') === 'none';
  return { target: src.value, alt: alt?.value ?? '', ...(decorative ? { decorative } : {}), start: tagStart, end: loc.startTag.endOffset + offset, edit };
}
