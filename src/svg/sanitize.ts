/**
 * A model's SVG made safe to show and to save: parsed as XML (as a browser reads a `.svg` file), sanitized in
 * place by DOMPurify's SVG profile, then by this module's own rules for what DOMPurify leaves to the caller
 * (references outside the document, CSS that loads something), serialized, and checked to be a fixed point:
 * sanitizing the saved text again removes nothing. Pure code, no `vscode`; it needs a DOM (`window`), which
 * the SVG worker (`svgWorker.ts`) makes with jsdom, the DOM DOMPurify supports outside a browser.
 *
 * DOMPurify: https://github.com/cure53/DOMPurify#can-i-configure-dompurify (`USE_PROFILES`, `IN_PLACE`, hooks).
 * SVG as an image does not run script or load resources (https://www.w3.org/TR/SVG2/conform.html#secure-static-mode),
 * but a saved file can be opened in a browser or inlined into HTML, so the file itself holds none of it.
 */
import createDOMPurify, { type DOMPurify, type WindowLike } from 'dompurify';
import { MAX_RENDERED_NODES, MAX_SVG_CHARS, MAX_SVG_ELEMENTS, SvgRejectedError, type Removal, type SanitizedSvg, type SvgRejection } from './rejection';

export const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';

/** A refusal by its code: the extension side words it for the user, in the user's language (`sanitizeInWorker.ts`). */
const rejected = (code: SvgRejection, detail = ''): SvgRejectedError => new SvgRejectedError(code, detail);

/** The window the sanitizer needs: DOMPurify's, plus the XML parser and serializer. */
export type SvgWindow = WindowLike & Pick<typeof globalThis, 'DOMParser' | 'XMLSerializer'>;

/** A local reference (`#id`): the only target an `href` may keep. */
const LOCAL_REF = /^#[A-Za-z_][\w.:-]*$/;

/**
 * Whether CSS (a `<style>` element's text, a `style` attribute, a presentation attribute) loads nothing:
 * no `@import`, `url()` only of a local `#id`, none of the other functions that take an image or a URL
 * (`image()`, `image-set()`, `cross-fade()`, `element()`, `src()`), and no backslash escape (which could spell
 * any of them). Comments are ignored. Conservative: a string that merely mentions `url(http…)` is refused too.
 */
export function cssIsSafe(css: string): boolean {
  const text = withoutComments(css);
  if (text.includes('\\') || /@import/i.test(text)) return false;
  // Linear: each `(` is found by indexOf and its function name read backwards over name characters (a
  // regular expression of `[\w-]*\s*\(` backtracked quadratically on 99,000 letters without a parenthesis).
  for (let open = text.indexOf('('); open >= 0; open = text.indexOf('(', open + 1)) {
    let end = open;
    while (end > 0 && /\s/.test(text[end - 1])) end--;
    let start = end;
    while (start > 0 && /[\w-]/.test(text[start - 1]) && end - start <= 32) start--;
    const fn = text.slice(start, end).toLowerCase();
    if (fn === 'url') {
      LOCAL_URL.lastIndex = open + 1;
      if (!LOCAL_URL.test(text)) return false;
    } else if (/^(-webkit-)?(image|image-set|cross-fade|element|src)$/.test(fn)) {
      return false;
    } else if (end - start > 32 && /(url|image|image-set|cross-fade|element|src)$/i.test(text.slice(start, end))) {
      // A name too long to be a CSS function, ending like one: refused rather than read further back.
      return false;
    }
  }
  return true;
}

/** After `url(`: a local `#id`, quoted or not, then `)`; sticky, so it is tried only where it is set. */
const LOCAL_URL = /\s*(["']?)#[A-Za-z_][\w.:-]*\1\s*\)/y;

/** CSS without its comments (an unterminated one runs to the end), each replaced by a space. Linear. */
function withoutComments(css: string): string {
  let at = css.indexOf('/*');
  if (at < 0) return css;
  let out = '';
  let from = 0;
  while (at >= 0) {
    out += `${css.slice(from, at)} `;
    const end = css.indexOf('*/', at + 2);
    if (end < 0) return out;
    from = end + 2;
    at = css.indexOf('/*', from);
  }
  return out + css.slice(from);
}

/** DOMPurify bound to each window, with this module's rules as hooks. */
const purifiers = new WeakMap<SvgWindow, DOMPurify>();

function purifierFor(window: SvgWindow): DOMPurify {
  let purify = purifiers.get(window);
  if (purify) return purify;
  purify = createDOMPurify(window);
  purify.addHook('uponSanitizeAttribute', (_node, data) => {
    // An href (`href`, `xlink:href`) keeps only a reference inside the document: no remote file, no
    // `data:` document, no `javascript:`.
    if (/(^|:)href$/.test(data.attrName) && !LOCAL_REF.test(data.attrValue.trim())) data.keepAttr = false;
    // Any value is read as CSS by some attribute (`fill="url(…)"`, `style`): none may load anything.
    else if (!cssIsSafe(data.attrValue)) data.keepAttr = false;
  });
  purifiers.set(window, purify);
  return purify;
}

const CONFIG = {
  USE_PROFILES: { svg: true, svgFilters: true },
  // `<use>` is off in DOMPurify's profile for what it can reference; here an href is local only (the hook).
  ADD_TAGS: ['use'],
  // `metadata` is the extension's own (the provenance it writes); `image` shows only another file.
  FORBID_TAGS: ['metadata', 'image'],
  // A removed element takes its content with it (a prefixed `<s:script>`'s text, a `<foreignObject>`'s HTML).
  KEEP_CONTENT: false,
  IN_PLACE: true,
};

/** The root start tag gets the SVG namespace (and the XLink one when `xlink:` is used) if the model left them out. */
function withNamespaces(text: string): string {
  const open = /^<svg\b[^>]*>/i.exec(text);
  if (!open) return text;
  let tag = open[0];
  if (!/\sxmlns\s*=/.test(tag)) tag = tag.replace(/^<svg/i, `<svg xmlns="${SVG_NS}"`);
  if (/\bxlink:/.test(text) && !/\sxmlns:xlink\s*=/.test(tag)) tag = tag.replace(/^<svg/i, `<svg xmlns:xlink="${XLINK_NS}"`);
  return tag + text.slice(open[0].length);
}

/** Deepest element nesting read: drawn SVGs nest a few levels, exported ones rarely past 20; jsdom slows down sharply with depth (`npm run bench`). */
export const MAX_SVG_DEPTH = 64;

/**
 * How deeply `text`'s elements nest, counted from its tags before any parse, stopping past `limit`: a tag is
 * `<name …>` up to the first `>` outside quotes; `</…>` closes one, `…/>` opens none; comments, CDATA
 * sections and processing instructions are skipped. Linear in the length of `text`.
 */
export function nestingDepth(text: string, limit = MAX_SVG_DEPTH): number {
  return scanTags(text, limit).depth;
}

/**
 * {@link nestingDepth}, and how many elements the tags open (self-closing ones included), both from one
 * linear scan that stops once the depth passes `depthLimit` or the count passes `elementLimit`.
 */
export function scanTags(text: string, depthLimit = MAX_SVG_DEPTH, elementLimit = Infinity): { depth: number; elements: number } {
  let depth = 0;
  let max = 0;
  let elements = 0;
  for (let i = text.indexOf('<'); i >= 0 && i < text.length; i = text.indexOf('<', i)) {
    // A processing instruction ends at `?>` (XML 1.0 §2.6), not at its first `>`.
    const skip = text.startsWith('<!--', i) ? '-->' : text.startsWith('<![CDATA[', i) ? ']]>' : text.startsWith('<?', i) ? '?>' : text.startsWith('<!', i) ? '>' : '';
    if (skip) {
      const end = text.indexOf(skip, i + 2);
      if (end < 0) break;
      i = end + skip.length;
      continue;
    }
    // The end of the tag: the first `>` outside a quoted attribute value.
    let j = i + 1;
    let quote = '';
    for (; j < text.length; j++) {
      const c = text[j];
      if (quote) quote = c === quote ? '' : quote;
      else if (c === '"' || c === "'") quote = c;
      else if (c === '>') break;
    }
    if (text[i + 1] === '/') depth--;
    else {
      elements++;
      if (text[j - 1] !== '/') max = Math.max(max, ++depth);
    }
    if (max > depthLimit || elements > elementLimit) return { depth: max, elements };
    i = j + 1;
  }
  return { depth: max, elements };
}

/**
 * How many elements `root` draws with every `<use>` expanded: a use counts its target's elements again.
 * Exact, and linear in the elements: the tree and the uses are walked with an explicit stack (no recursion,
 * siblings by `nextElementSibling`, never jsdom's live `children`), each element's count remembered. A use
 * that reaches an element being counted (itself, an ancestor, or a chain of uses back to either: a cycle,
 * which browsers skip) is refused: no real drawing needs one, and a count cut short by it cannot be remembered.
 * @param limit counting stops once the total passes it (the result is then just over it).
 * @throws {SvgRejectedError} `use-cycle` for a cycle of uses.
 */
export function renderedNodes(root: Element, limit = Number.MAX_SAFE_INTEGER): number {
  const ids = new Map<string, Element>();
  for (let el: Element | null = root; el; el = nextInTree(el, root)) {
    const id = el.getAttribute('id');
    if (id !== null && !ids.has(id)) ids.set(id, el);
  }
  const memo = new Map<Element, number>();
  const open = new Set<Element>();
  interface Frame { el: Element; n: number; next: Element | null; target: Element | undefined }
  const stack: Frame[] = [];
  const push = (el: Element): void => {
    open.add(el);
    const target = el.localName === 'use' ? ids.get((el.getAttribute('href') ?? el.getAttributeNS(XLINK_NS, 'href') ?? '').slice(1)) : undefined;
    stack.push({ el, n: 1, next: el.firstElementChild, target });
  };
  push(root);
  let total = 1;
  for (;;) {
    const f = stack[stack.length - 1];
    let child: Element | undefined;
    if (f.next) {
      child = f.next;
      f.next = child.nextElementSibling;
    } else if (f.target) {
      child = f.target;
      f.target = undefined;
      if (open.has(child)) throw rejected('use-cycle');
    }
    if (child) {
      const known = memo.get(child);
      if (known !== undefined) {
        f.n += known;
        total += known;
        if (total > limit) return total;
      } else {
        push(child);
        if (++total > limit) return total;
      }
      continue;
    }
    stack.pop();
    open.delete(f.el);
    memo.set(f.el, f.n);
    if (stack.length === 0) return f.n;
    stack[stack.length - 1].n += f.n;
  }
}

/** The element after `el` in document order within `root` (depth first), or `null`. */
function nextInTree(el: Element, root: Element): Element | null {
  if (el.firstElementChild) return el.firstElementChild;
  for (let e: Element | null = el; e && e !== root; e = e.parentElement) {
    if (e.nextElementSibling) return e.nextElementSibling;
  }
  return null;
}

/** How deeply `root`'s elements nest as the parser built them (the root is 1). Linear, no recursion. */
export function treeDepth(root: Element): number {
  let max = 0;
  let depth = 1;
  // Down to the first child, across to the next sibling, back up to the nearest ancestor's sibling.
  for (let e: Element | null = root; e; ) {
    max = Math.max(max, depth);
    if (e.firstElementChild) {
      e = e.firstElementChild;
      depth++;
      continue;
    }
    while (e && e !== root && !e.nextElementSibling) {
      e = e.parentElement;
      depth--;
    }
    e = e && e !== root ? e.nextElementSibling : null;
  }
  return max;
}

/** Parses `text` as an SVG document. @throws {SvgRejectedError} `not-well-formed` or `not-svg`. */
function parse(window: SvgWindow, text: string): Document {
  const doc = new window.DOMParser().parseFromString(text, 'image/svg+xml');
  const root = doc.documentElement;
  if (!root || root.localName === 'parsererror' || doc.getElementsByTagNameNS('*', 'parsererror').length > 0) {
    throw rejected('not-well-formed', (root?.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 300));
  }
  if (root.namespaceURI !== SVG_NS || root.localName !== 'svg') throw rejected('not-svg');
  return doc;
}

/** Runs DOMPurify and this module's element rule (a `<style>` whose CSS loads something goes) on `root`. */
function purifyInPlace(purify: DOMPurify, root: Element): Removal[] {
  purify.sanitize(root, CONFIG);
  const removed: Removal[] = purify.removed.map((r) =>
    'element' in r ? { kind: 'element', name: r.element.nodeName } : { kind: 'attribute', name: r.attribute?.name ?? '', on: r.from.nodeName },
  );
  for (const style of [...root.getElementsByTagNameNS(SVG_NS, 'style')]) {
    if (!cssIsSafe(style.textContent ?? '')) {
      style.remove();
      removed.push({ kind: 'element', name: 'style' });
    }
  }
  return removed;
}

/**
 * Sanitizes one SVG document.
 * @param window a DOM window (jsdom's, in the worker; a browser's would do).
 * @param text the SVG, starting at its `<svg` tag (see `extractSvg`; anything else, a DOCTYPE with its
 *   entities say, is refused as `not-svg`). A missing `xmlns` (or `xmlns:xlink` when `xlink:` is used) is
 *   added; a `viewBox` is added from numeric `width` and `height` when there is none, so the picture scales.
 * @param maxChars the bound on `text` (default {@link MAX_SVG_CHARS}; larger only for this module's own output).
 * @returns the safe document and what was removed.
 * @throws {SvgRejectedError} `too-large`; `too-deep` (nesting over {@link MAX_SVG_DEPTH}, or past what the
 *   parser's stack holds); `too-complex` (over {@link MAX_RENDERED_NODES} elements drawn through `<use>`);
 *   `use-cycle` (a `<use>` that reaches itself or an element that contains it); `too-many-elements` (over
 *   {@link MAX_SVG_ELEMENTS});
 *   `not-well-formed` (with the parser's message); `not-svg` (the root is not an SVG `<svg>` element);
 *   `unsafe` (sanitizing the result again would change it: refused rather than trusted).
 */
export function sanitizeSvg(window: SvgWindow, text: string, maxChars = MAX_SVG_CHARS): SanitizedSvg {
  const { svg, removed } = sanitizeToDocument(window, text, maxChars);
  return { svg, removed };
}

/** {@link sanitizeSvg}, with the parsed document of its result (the fixed point's second parse). */
function sanitizeToDocument(window: SvgWindow, text: string, maxChars: number): SanitizedSvg & { doc: Document } {
  try {
    return sanitizeOnce(window, text, maxChars);
  } catch (err) {
    // jsdom's parser and serializer recurse per level of nesting.
    if (err instanceof RangeError || (err instanceof SvgRejectedError && /call stack/i.test(err.detail))) throw rejected('too-deep');
    throw err;
  }
}

function sanitizeOnce(window: SvgWindow, text: string, maxChars: number): SanitizedSvg & { doc: Document } {
  if (text.length > maxChars) throw rejected('too-large');
  // From the root's tag on: no DOCTYPE (entities), processing instruction or comment before it.
  if (!/^<svg[\s>]/i.test(text)) throw rejected('not-svg');
  const scanned = scanTags(text, MAX_SVG_DEPTH, MAX_SVG_ELEMENTS);
  if (scanned.depth > MAX_SVG_DEPTH) throw rejected('too-deep');
  if (scanned.elements > MAX_SVG_ELEMENTS) throw rejected('too-many-elements');
  const purify = purifierFor(window);
  const root = parse(window, withNamespaces(text)).documentElement;
  // The depth as the parser saw it, whatever the scan of the tags made of the text (a leaf counts in the
  // tree but not in the scan when written self-closing: one level more is the same nesting).
  if (treeDepth(root) > MAX_SVG_DEPTH + 1) throw rejected('too-deep');
  const removed = purifyInPlace(purify, root);
  if (renderedNodes(root, MAX_RENDERED_NODES) > MAX_RENDERED_NODES) throw rejected('too-complex');
  const [w, h] = [root.getAttribute('width'), root.getAttribute('height')].map((x) => (x && /^\s*\d+(\.\d+)?\s*(px)?\s*$/.test(x) ? parseFloat(x) : undefined));
  if (!root.hasAttribute('viewBox') && w && h) root.setAttribute('viewBox', `0 0 ${w} ${h}`);
  const svg = new window.XMLSerializer().serializeToString(root);
  // The fixed point: what is saved, read again as a file is read, has nothing more to remove.
  const again = parse(window, svg);
  if (purifyInPlace(purify, again.documentElement).length > 0 || new window.XMLSerializer().serializeToString(again.documentElement) !== svg) {
    throw rejected('unsafe');
  }
  return { svg, removed, doc: again };
}

/**
 * An SVG as it is saved: sanitized again (never trusted as passed), with the extension's provenance, when
 * given, in a `<metadata>` element as its first child: the XMP packet (`x:xmpmeta`) that JPEG and WebP files
 * get (`images/xmp.ts`), which Image details reads back.
 * @param svg a document {@link sanitizeSvg} returned.
 * @param packet the XMP packet (`xmpPacket(fields)`); without it, no `<metadata>`.
 * @throws {SvgRejectedError} as {@link sanitizeSvg}.
 */
export function svgForSaving(window: SvgWindow, svg: string, packet?: string): string {
  // Serializing escapes (`>` as `&gt;`, `"` as `&quot;`), so a sanitized SVG can be up to 6× its source.
  const clean = sanitizeToDocument(window, svg, 6 * MAX_SVG_CHARS);
  if (packet === undefined) return clean.svg;
  const doc = clean.doc;
  const xmp = new window.DOMParser().parseFromString(packet, 'application/xml').documentElement;
  const metadata = doc.createElementNS(SVG_NS, 'metadata');
  metadata.appendChild(doc.importNode(xmp, true));
  doc.documentElement.insertBefore(metadata, doc.documentElement.firstChild);
  return new window.XMLSerializer().serializeToString(doc.documentElement);
}
