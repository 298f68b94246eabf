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
import { cssIsSafe } from './css';
import { MAX_RENDERED_NODES, MAX_SVG_CHARS, MAX_SVG_ELEMENTS, rejected, SvgRejectedError, type Removal, type SanitizedSvg } from './rejection';
import { MAX_SVG_DEPTH, renderedNodes, scanTags, treeDepth, XLINK_NS } from './treeSize';

export const SVG_NS = 'http://www.w3.org/2000/svg';

/** The window the sanitizer needs: DOMPurify's, plus the XML parser and serializer. */
export type SvgWindow = WindowLike & Pick<typeof globalThis, 'DOMParser' | 'XMLSerializer'>;

/** A local reference (`#id`): the only target an `href` may keep. */
const LOCAL_REF = /^#[A-Za-z_][\w.:-]*$/;

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
