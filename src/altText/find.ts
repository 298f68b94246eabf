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
 */
import type { Html, Image, ImageReference, Nodes, Root } from 'mdast';
import type { DefaultTreeAdapterMap } from 'parse5';
import { markupParsers } from './loadParsers';

/** Where an image's alt text lives, which decides how it is escaped. */
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
  /** Offsets of the whole reference (`![…](…)`, `<img …>`) in the text: the diagnostic's range. */
  start: number;
  end: number;
  edit: AltEdit;
}

/** True when the image has no alt text, or only white space. */
export function lacksAltText(image: FoundImage): boolean {
  return image.alt.trim() === '';
}

/**
 * Every image of a Markdown text, in source order.
 * @param text the document's text (a leading byte order mark is allowed).
 */
export function findMarkdownImages(text: string): FoundImage[] {
  const labels = new WeakMap<object, [number, number]>();
  // `labelText` has no handler of its own in from-markdown; on enter, the image (or link) node is under
  // the label's buffer on the stack. Its offsets are where the alt text is written.
  const tree = markupParsers().fromMarkdown(text, {
    mdastExtensions: [{
      enter: {
        labelText(token) {
          const node = this.stack[this.stack.length - 2];
          if (node) labels.set(node, [token.start.offset, token.end.offset]);
        },
      },
    }],
  }) as Root;
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
      found.push(...findHtmlImages(text.slice(start, end), start, true));
      continue;
    }
    const label = labels.get(node);
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

type Element = DefaultTreeAdapterMap['element'];
type ParentNode = DefaultTreeAdapterMap['parentNode'];

/**
 * Every `<img>` of an HTML text (a whole document, or a fragment as found in Markdown), in source order.
 * @param offset added to every offset (where `text` starts in the document).
 * @param fragment parse as a fragment (`parseFragment`) rather than a document.
 */
export function findHtmlImages(text: string, offset = 0, fragment = false): FoundImage[] {
  const { parseHtml, parseHtmlFragment } = markupParsers();
  const root: ParentNode = fragment ? parseHtmlFragment(text, { sourceCodeLocationInfo: true }) : parseHtml(text, { sourceCodeLocationInfo: true });
  const found: FoundImage[] = [];
  const walk = (node: ParentNode): void => {
    for (const child of node.childNodes) {
      if (!('tagName' in child)) continue;
      if (child.tagName === 'img') {
        const img = imageOf(child, offset);
        if (img) found.push(img);
      }
      walk(child.tagName === 'template' ? (child as DefaultTreeAdapterMap['template']).content : child);
    }
  };
  walk(root);
  return found;
}

function imageOf(el: Element, offset: number): FoundImage | undefined {
  const loc = el.sourceCodeLocation;
  const src = el.attrs.find((a) => a.name === 'src');
  // An `<img>` the parser made up (no start tag in the source) has no place to write to.
  if (!loc?.startTag || !src) return undefined;
  const alt = el.attrs.find((a) => a.name === 'alt');
  const altLoc = loc.attrs?.alt;
  const tagStart = loc.startTag.startOffset + offset;
  const edit: AltEdit = alt && altLoc
    ? { start: altLoc.startOffset + offset, end: altLoc.endOffset + offset, before: 'alt="', after: '"', syntax: 'html' }
    : { start: tagStart + '<img'.length, end: tagStart + '<img'.length, before: ' alt="', after: '"', syntax: 'html' };
  return { target: src.value, alt: alt?.value ?? '', start: tagStart, end: loc.startTag.endOffset + offset, edit };
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
