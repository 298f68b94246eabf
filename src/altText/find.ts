/**
 * Finds the images of a Markdown or HTML text and where their alt text is, with exact source offsets, so
 * that alt text can be checked and written in place. Pure code, no `vscode`, no network.
 *
 * Markdown: the CommonMark tree of `mdast-util-from-markdown` (https://github.com/syntax-tree/mdast-util-from-markdown):
 * `image` (`![alt](url "title")`), `imageReference` (`![alt][ref]`, `![ref][]`, `![ref]`, resolved through
 * their `definition`), and `html` nodes, whose `<img>` tags are read as HTML. Code spans and fenced or
 * indented code are not images. HTML: `parse5` with source locations (the WHATWG parsing algorithm), so
 * `<img>` inside `<script>`, `<style>`, `<textarea>` or comments is not an image either.
 * Offsets are UTF-16 code units of the given text (what `TextDocument.positionAt` takes).
 *
 * Speed: a text without image syntax is not parsed ({@link mayHoldImages}); a longer one is cut into pieces
 * that parse alone as in place (./blocks.ts) and only those that can hold an image are parsed, each
 * remembered by its text for the next pass ({@link findInPieces}).
 */
import type { Html, Image, ImageReference, Nodes, Root } from 'mdast';
import type { DefaultTreeAdapterMap } from 'parse5';
import { markupParsers } from '../shared/loadParsers';
import { markdownPieces, type Piece } from './blocks';

/**
 * Which document the alt text lands in, which decides how it is escaped: `markdown` for a Markdown
 * document (a label, or an attribute of HTML inside Markdown), `html` for an HTML document.
 */
export type AltSyntax = 'markdown' | 'html';

/** The edit that sets an image's alt text: replace `[start, end)` with `before + escaped alt + after`. */
export interface AltEdit {
  start: number;
  end: number;
  before: string;
  after: string;
  syntax: AltSyntax;
}

/** One image of a document. */
export interface FoundImage {
  /** The destination as written, with Markdown escapes and character references decoded (not percent-decoded). */
  target: string;
  /** The current alt text (`''` when missing or empty). For `![ref]` and `![ref][]` it is the label, as CommonMark says. */
  alt: string;
  /**
   * An `<img>` marked decorative (`aria-hidden="true"`, `role="presentation"` or `role="none"`): it needs no
   * alt text (WCAG technique H67), and none is written.
   */
  decorative?: boolean;
  /** Offsets of the whole reference (`![…](…)`, `<img …>`) in the text: the diagnostic's range. */
  start: number;
  end: number;
  edit: AltEdit;
}

/** True when the image has no alt text, or only white space, and is not marked decorative. */
export function lacksAltText(image: FoundImage): boolean {
  return !image.decorative && image.alt.trim() === '';
}

/** Where each image's (or link's) label is: the offsets of its `labelText` token. */
const LABELS = new WeakMap<object, [number, number]>();

let markdownOptions: Parameters<ReturnType<typeof markupParsers>['fromMarkdown']>[1] | undefined;

/**
 * The CommonMark + GFM tree of a Markdown text (`mdast-util-from-markdown` with `micromark-extension-gfm`:
 * tables, footnotes, strikethrough, autolink literals, task lists; and front matter, which holds no
 * images), each image's label offsets recorded.
 * Offsets are those of the text without a leading byte order mark.
 */
export function markdownTree(text: string): Root {
  const { fromMarkdown, gfm, gfmFromMarkdown, frontmatter, frontmatterFromMarkdown } = markupParsers();
  // Built once: making the extensions anew for every parse cost more than parsing a short document.
  // YAML and TOML front matter (`---` … `---`, `+++` … `+++` at the very start) is metadata, not Markdown.
  markdownOptions ??= {
    extensions: [gfm(), frontmatter(['yaml', 'toml'])],
    mdastExtensions: [gfmFromMarkdown(), frontmatterFromMarkdown(['yaml', 'toml']), {
      enter: {
        // `labelText` has no handler of its own in from-markdown; on enter, the image (or link) node is
        // under the label's buffer on the stack. Its offsets are where the alt text is written.
        labelText(token) {
          const node = this.stack[this.stack.length - 2];
          if (node) LABELS.set(node, [token.start.offset, token.end.offset]);
        },
      },
    }],
  };
  return fromMarkdown(text, markdownOptions) as Root;
}

/** `<img` or `<image` (parse5 reads an `<image>` start tag as `<img>`, as browsers do), in any case. */
const HTML_IMAGE = /<im(?:g|age)/i;

/**
 * Whether `text` can hold an image at all, from what every image needs in its source: in Markdown `![` (an
 * inline, full, collapsed or shortcut reference image starts with it, the two characters side by side; an
 * entity such as `&#33;` is never syntax) or raw HTML's `<img`/`<image`; in HTML the latter. A text without
 * them holds no image, so it is not parsed (most documents of a folder run hold none). Linear: `indexOf` and
 * one regular expression that cannot backtrack.
 */
export function mayHoldImages(text: string, markup: 'markdown' | 'html'): boolean {
  return (markup === 'markdown' && text.includes('![')) || HTML_IMAGE.test(text);
}

/**
 * Every image of a Markdown text, in source order. A text that {@link mayHoldImages} says holds none is not
 * parsed; of a longer text only the pieces that can hold an image are ({@link findInPieces}).
 * @param text the document's text (a leading byte order mark is allowed).
 * @param tree its {@link markdownTree}, when the caller has it already.
 */
export function findMarkdownImages(text: string, tree?: Root): FoundImage[] {
  if (!tree && !mayHoldImages(text, 'markdown')) return [];
  if (!tree) {
    const inPieces = findInPieces(text);
    if (inPieces) return inPieces;
  }
  tree ??= markdownTree(text);
  // micromark drops a leading BOM before counting offsets.
  const shift = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const definitions = new Map<string, string>();
  const images: Array<Image | ImageReference | Html> = [];
  const walk = (node: Nodes): void => {
    if (node.type === 'definition' && !definitions.has(node.identifier)) definitions.set(node.identifier, node.url);
    if (node.type === 'image' || node.type === 'imageReference' || node.type === 'html') images.push(node);
    if ('children' in node) for (const c of node.children) walk(c);
  };
  walk(tree);
  const found: FoundImage[] = [];
  for (const node of images) {
    const start = (node.position?.start.offset ?? 0) + shift;
    const end = (node.position?.end.offset ?? 0) + shift;
    if (node.type === 'html') {
      found.push(...htmlInMarkdown(text, start, end, node.value));
      continue;
    }
    const label = LABELS.get(node);
    if (!label) continue;
    const [ls, le] = [label[0] + shift, label[1] + shift];
    const alt = node.alt ?? '';
    if (node.type === 'image') {
      found.push({ target: node.url, alt, start, end, edit: { start: ls, end: le, before: '', after: '', syntax: 'markdown' } });
      continue;
    }
    const url = definitions.get(node.identifier);
    if (url === undefined) continue;
    // `![alt][ref]` keeps its reference; `![ref][]` and `![ref]` use the label as the reference, so
    // writing alt text turns them into `![alt][ref]`.
    const edit: AltEdit = node.referenceType === 'full'
      ? { start: ls, end: le, before: '', after: '', syntax: 'markdown' }
      : { start, end, before: '![', after: `][${text.slice(ls, le)}]`, syntax: 'markdown' };
    found.push({ target: url, alt, start, end, edit });
  }
  return found;
}

/** Texts shorter than this are parsed whole: cutting them saves less than it costs. */
const PIECES_FROM_CHARS = 2 * 1024;

/**
 * The images of a Markdown text from the pieces that can hold one ({@link markdownPieces}), each parsed on
 * its own, or `undefined` when the text is short, is one piece, or its definitions cannot be carried over.
 * A piece's parse depends on the rest of the document only through the definitions (`[label]: url`, and GFM's
 * `[^note]: …`) whose identifier a label in the piece has: those are found (in the pieces with `]:` and that
 * label), written before the piece as definitions of their own (`[id]: <url>`, checked to read back as the same
 * identifiers and URLs), and their URLs resolve the references as in the whole document (the first definition
 * of an identifier wins). The result equals the whole text's parse (checked in the tests on every corpus).
 */
function findInPieces(text: string): FoundImage[] | undefined {
  return text.length < PIECES_FROM_CHARS ? undefined : findMarkdownImagesInPieces(text);
}

/** {@link findInPieces} at any length (for the tests, which prove it equal to the whole parse on short texts too). */
export function findMarkdownImagesInPieces(text: string): FoundImage[] | undefined {
  const pieces = markdownPieces(text);
  if (pieces.length < 2) return undefined;
  const withImages = pieces.filter((p) => mayHoldImages(text.slice(p[0], p[1]), 'markdown'));
  if (withImages.length === 0) return [];
  const { normalizeIdentifier } = markupParsers();
  // Identifier → a label as the piece writes it (written back as is, it normalizes to the same identifier).
  const wanted = new Map<string, string>();
  for (const p of withImages) for (const [id, raw] of labelIdentifiers(text, p, normalizeIdentifier)) if (!wanted.has(id)) wanted.set(id, raw);
  // The definitions of those identifiers, in document order, each identifier's first.
  const definitions = new Map<string, string>();
  const notes = new Set<string>();
  for (const p of pieces) {
    const piece = text.slice(p[0], p[1]);
    if (!piece.includes(']:') || ![...labelIdentifiers(text, p, normalizeIdentifier).keys()].some((id) => wanted.has(id))) continue;
    walkDefinitions(markdownTree(p[0] === 0 ? piece : `\n${piece}`), (id, url) => {
      if (wanted.has(id) && !definitions.has(id)) definitions.set(id, url);
    }, (id) => {
      // A note `[^x]` is called by the label `^x`.
      if (wanted.has(`^${id}`)) notes.add(id);
    });
  }
  const written = [...definitions].map(([id, url]) => `[${wanted.get(id)}]: <${[...url].map((c) => (/[A-Za-z0-9]/.test(c) ? c : `&#x${c.codePointAt(0)!.toString(16)};`)).join('')}>`)
    .concat([...notes].map((id) => `[${wanted.get(`^${id}`)}]: .`)).join('\n');
  if (written && !readsBack(written, definitions, notes)) return undefined;
  const found: FoundImage[] = [];
  for (const p of withImages) {
    const piece = text.slice(p[0], p[1]);
    // The first piece keeps its place (front matter, a byte order mark): the definitions follow it, as the
    // piece ends where nothing is open. Any other piece follows them (or one blank line, so that it is not
    // taken for front matter).
    const head = p[0] === 0 ? '' : written ? `${written}\n\n` : '\n';
    const whole = p[0] === 0 ? (written ? `${piece}\n\n${written}\n` : piece) : head + piece;
    const shift = p[0] - head.length;
    for (const img of parsePiece(whole)) {
      if (img.start < head.length || img.end > head.length + piece.length) continue;
      found.push({ ...img, start: img.start + shift, end: img.end + shift, edit: { ...img.edit, start: img.edit.start + shift, end: img.edit.end + shift } });
    }
  }
  return found;
}

/** The images of pieces parsed lately, by their text (with the definitions written before them): at most this many characters. */
const PIECES_KEPT_CHARS = 4_000_000;
const parsedPieces = new Map<string, FoundImage[]>();
let parsedChars = 0;

/** Forgets the pieces parsed (for the benchmark, which measures a first parse). */
export function forgetParsedPieces(): void {
  parsedPieces.clear();
  parsedChars = 0;
}

/**
 * The images of one piece's text, from {@link parsedPieces} when that text was parsed lately: a pass after an
 * edit parses only the pieces the edit touched (a parse is a function of the text alone).
 */
function parsePiece(whole: string): FoundImage[] {
  const hit = parsedPieces.get(whole);
  if (hit) {
    parsedPieces.delete(whole);
    parsedPieces.set(whole, hit);
    return hit;
  }
  const found = findMarkdownImages(whole, markdownTree(whole));
  if (whole.length <= PIECES_KEPT_CHARS / 4) {
    parsedPieces.set(whole, found);
    parsedChars += whole.length;
    for (const [k] of parsedPieces) {
      if (parsedChars <= PIECES_KEPT_CHARS) break;
      parsedPieces.delete(k);
      parsedChars -= k.length;
    }
  }
  return found;
}

/**
 * The identifiers a label in `text[piece]` can have, each with a label that has it: for each unescaped `]`, the text back to the nearest
 * unescaped `[` (a label holds no unescaped bracket), normalized as micromark normalizes labels; a label over
 * lines also without the `>` that begin its lines (inside a block quote micromark does not see them). Linear:
 * each character is looked at once or twice.
 */
function labelIdentifiers(text: string, [start, end]: Piece, normalize: (s: string) => string): Map<string, string> {
  const out = new Map<string, string>();
  const add = (raw: string): void => {
    const id = normalize(raw).toLowerCase();
    if (!out.has(id)) out.set(id, raw);
  };
  const escaped = (i: number): boolean => {
    let n = 0;
    while (i - 1 - n >= start && text.charCodeAt(i - 1 - n) === 0x5c) n++;
    return n % 2 === 1;
  };
  let lastClose = start - 1;
  for (let i = start; i < end; i++) {
    if (text.charCodeAt(i) !== 0x5d || escaped(i)) continue;
    let open = -1;
    for (let j = i - 1; j > lastClose && j >= i - 1000; j--) {
      if (text.charCodeAt(j) === 0x5b && !escaped(j)) {
        open = j;
        break;
      }
    }
    lastClose = i;
    if (open < 0) continue;
    const raw = text.slice(open + 1, i);
    add(raw);
    if (/[\r\n]/.test(raw)) add(raw.replace(/(\r\n|\r|\n)[ \t>]*/g, '$1'));
  }
  return out;
}

/** Calls `definition` for each `[label]: url` of a tree and `note` for each `[^label]: …`, in order (identifiers as mdast has them). */
function walkDefinitions(tree: Root, definition: (id: string, url: string) => void, note: (id: string) => void): void {
  const walk = (node: Nodes): void => {
    if (node.type === 'definition') definition(node.identifier, node.url);
    if (node.type === 'footnoteDefinition') note(node.identifier);
    if ('children' in node) for (const c of node.children) walk(c);
  };
  walk(tree);
}

/** Whether the written definitions parse as exactly the identifiers and URLs they were written for. */
function readsBack(written: string, definitions: Map<string, string>, notes: Set<string>): boolean {
  const got = new Map<string, string>();
  const gotNotes = new Set<string>();
  walkDefinitions(markdownTree(written), (id, url) => {
    if (!got.has(id)) got.set(id, url);
  }, (id) => gotNotes.add(id));
  return got.size === definitions.size && [...definitions].every(([id, url]) => got.get(id) === url)
    && gotNotes.size === notes.size && [...notes].every((id) => gotNotes.has(id));
}

/**
 * The `<img>` elements of an HTML node of Markdown, read as the Markdown parser sees it: `value` is the HTML
 * without the markers of the containers it is in (`> ` of a block quote, a list item's indent), so an
 * `<img>` over two lines of a block quote is one tag. Offsets are mapped back to the source, line by line:
 * each line of `value` is the end of its line in `text[start, end)`. An HTML node whose lines do not map
 * (a tab expanded inside a container) gives no images rather than wrong offsets.
 */
function htmlInMarkdown(text: string, start: number, end: number, value: string): FoundImage[] {
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
  const decorative = attr('aria-hidden') === 'true' || attr('role') === 'presentation' || attr('role') === 'none';
  return { target: src.value, alt: alt?.value ?? '', ...(decorative ? { decorative } : {}), start: tagStart, end: loc.startTag.endOffset + offset, edit };
}

/** How an image's target is to be treated. */
export type TargetKind =
  | { kind: 'path'; path: string; fromRoot: boolean }
  | { kind: 'skip'; reason: string };

/**
 * Classifies an image destination: a path (percent-decoded, without `?query` or `#fragment`; `fromRoot`
 * for `/…`, which is relative to the workspace folder), or a reason it is not described: a remote
 * (`http:`, `https:`, `//host`) or `data:` image, another scheme, or an empty target.
 */
export function classifyTarget(target: string): TargetKind {
  const t = target.trim();
  if (t === '') return { kind: 'skip', reason: 'no image path' };
  if (/^(https?:)?\/\//i.test(t)) return { kind: 'skip', reason: 'remote image (not sent)' };
  if (/^data:/i.test(t)) return { kind: 'skip', reason: 'data: URL image (not sent)' };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(t);
  // One letter is a Windows drive (C:\…), not a scheme.
  if (scheme && scheme[1].length > 1) return { kind: 'skip', reason: `${scheme[1].toLowerCase()}: link, not a workspace file` };
  let path = t.replace(/[?#].*$/s, '');
  try {
    path = decodeURIComponent(path);
  } catch {
    // A stray `%` is part of the name.
  }
  path = path.replace(/\\/g, '/');
  return { kind: 'path', path: path.replace(/^\/+/, ''), fromRoot: path.startsWith('/') };
}

/**
 * The text around `[start, end)`, white space collapsed, at most about `chars` characters: sent with the
 * image so that the alt text is written in the document's language and fits its context.
 */
export function surroundingText(text: string, start: number, end: number, chars = 600): string {
  const half = Math.floor(chars / 2);
  const before = text.slice(Math.max(0, start - half), start);
  const after = text.slice(end, end + half);
  return `${before}[image]${after}`.replace(/\s+/g, ' ').trim();
}
