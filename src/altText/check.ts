/**
 * Writing alt text into a document's text, and proving the result before it goes anywhere: re-parsed, the
 * edited text must have exactly the nodes it had before, except that each edited image's alt is the new
 * text. Pure code, no `vscode`.
 *
 * Markdown is read as CommonMark + GFM (`mdast-util-from-markdown` with `micromark-extension-gfm`), the
 * HTML inside it and HTML documents with `parse5`, JSX/TSX with Babel, Vue and Svelte components with their
 * own template parsers, Astro components with Astro's compiler, as {@link findMarkdownImages}, {@link findHtmlImages}, {@link findJsxImages},
 * {@link findVueImages}, {@link findSvelteImages} and {@link findAstroImages} do.
 */
import type { Html, Nodes } from 'mdast';
import type { DefaultTreeAdapterMap } from 'parse5';
import * as l10n from '@vscode/l10n';
import { findHtmlImages, HTML_OPTIONS } from './findHtml';
import { findMarkdownImages } from './findMarkdown';
import { markdownTree } from './markdownTree';
import type { AltEdit, FoundImage, Markup } from './foundImage';
import { findJsxImages } from './findJsx';
import { jsxTree, walk } from './imageExpressions';
import { mdxImagesOfTree, parseMdx } from './findMdx';
import { findSvelteImages, svelteTree } from './findSvelte';
import { astroTree, findAstroImages } from './findAstro';
import { findVueImages, vueTree } from './findVue';
import { objects, TEMPLATE_POSITION_KEYS } from './treeObjects';
import { markupParsers } from '../shared/loadParsers';
import { escapeAltText } from './text';

/** Thrown when a document does not parse as a whole, so that nothing can be checked or written (an MDX page being typed). */
export class UnparsedDocumentError extends Error {
  override readonly name = 'UnparsedDocumentError';
}

/** Thrown when edited text would re-parse as something else than the same document with new alt text. */
export class AltTextCheckError extends Error {
  override readonly name = 'AltTextCheckError';
}

/** One alt text to write: the image's edit (from the finder) and the clean, unescaped text ({@link cleanAltText}). */
export interface AltWrite {
  edit: AltEdit;
  alt: string;
}

/**
 * `text` with every write applied (each alt escaped for its place, {@link escapeAltText}), after proving
 * that the result re-parses as the same document: the same nodes in the same order with the same values,
 * the same images with the same targets, each written image's alt equal to its new text and every other
 * image's alt unchanged.
 * @param markup how `text` is parsed: `markdown` (CommonMark + GFM, HTML inside it), `html`, `jsx` (JSX/TSX,
 *   Babel), `vue` (`@vue/compiler-dom`), `svelte` (`svelte/compiler`), `astro` (Astro's compiler) or `mdx` (MDX's
 *   micromark extension).
 * @param writes edits of distinct images found in `text` by the finder for `markup`.
 * @param components the element names read as images in JSX, Vue and Svelte (the setting; default its default).
 * @throws {AltTextCheckError} when the edited text would parse differently; nothing is returned then.
 */
export function applyAltWrites(text: string, markup: Markup, writes: AltWrite[], components?: readonly string[]): string {
  let out = text;
  for (const w of [...writes].sort((a, b) => b.edit.start - a.edit.start)) {
    out = out.slice(0, w.edit.start) + altReplacement(w.edit, w.alt) + out.slice(w.edit.end);
  }
  const before = parsed(text, markup, components);
  // Marks can come from the pieces of a page that does not parse whole (an MDX page being typed): nothing is
  // written to it until it does.
  if (before.shape === 'unparsed') throw new UnparsedDocumentError(l10n.t('The file does not parse as a whole (is something in it unfinished?); nothing was written.'));
  // No writes: the check that the document can be written at all (before anything is asked of a model).
  if (writes.length === 0) return text;
  const after = parsed(out, markup, components);
  const fail = (): never => {
    throw new AltTextCheckError(l10n.t('The alt text would change more of the document than the alt text; nothing was written.'));
  };
  if (before.images.length !== after.images.length || before.shape !== after.shape || (after.extraAlts ?? 0) > (before.extraAlts ?? 0)) fail();
  const newAlt = new Map(writes.map((w) => [w.edit.start, w.alt]));
  // Each write is the edit of an image the document had (not text elsewhere, which a parser may not keep in its
  // tree: Astro's drops what stands before the front matter's fence).
  const edits = new Set(before.images.map((b) => `${b.edit.start}:${b.edit.end}`));
  if (writes.some((w) => !edits.has(`${w.edit.start}:${w.edit.end}`))) fail();
  before.images.forEach((b: FoundImage, i) => {
    const a = after.images[i];
    const wanted = newAlt.get(b.edit.start) ?? b.alt;
    if (a.target !== b.target || a.alt !== wanted) fail();
  });
  return out;
}

/** What replaces `[edit.start, edit.end)`: the edit's surroundings and `alt` escaped for its place ({@link escapeAltText}). */
export function altReplacement(edit: AltEdit, alt: string): string {
  return edit.before + escapeAltText(alt, edit.syntax) + edit.after;
}

type Parse5Node = DefaultTreeAdapterMap['node'];

/**
 * A document's images and its shape, a text form of its tree with every image's alt text left out (and, for
 * image references, how the reference is written): two texts with the same shape differ at most in alt text.
 * One parse serves both.
 */
function parsed(text: string, markup: Markup, components?: readonly string[]): { images: FoundImage[]; shape: string; extraAlts?: number } {
  const { parseHtml, parseHtmlFragment } = markupParsers();
  const out: string[] = [];
  const html = (node: Parse5Node, depth: number): void => {
    const attrs = 'attrs' in node ? node.attrs.filter((a) => !(node.nodeName === 'img' && a.name === 'alt')) : [];
    const value = 'value' in node ? node.value : 'data' in node ? node.data : '';
    out.push(`${' '.repeat(depth)}${node.nodeName} ${JSON.stringify(attrs)} ${JSON.stringify(value)}`);
    const kids = node.nodeName === 'template' ? (node as DefaultTreeAdapterMap['template']).content.childNodes : 'childNodes' in node ? node.childNodes : [];
    for (const c of kids) html(c, depth + 1);
  };
  if (markup === 'jsx') return jsxParsed(text, components);
  if (markup === 'vue' || markup === 'svelte') return templateParsed(text, markup, components);
  if (markup === 'mdx') return mdxParsed(text, components);
  if (markup === 'astro') return astroParsed(text, components);
  if (markup === 'html') {
    const root = parseHtml(text, HTML_OPTIONS);
    html(root, 0);
    return { images: findHtmlImages(text, root), shape: out.join('\n') };
  }
  const md = (node: Nodes, depth: number): void => {
    const { type, children: _c, position: _p, ...fields } = node as Nodes & { children?: unknown };
    if (type === 'image' || type === 'imageReference') {
      delete (fields as { alt?: unknown }).alt;
      if (type === 'imageReference') {
        delete (fields as { label?: unknown }).label;
        delete (fields as { referenceType?: unknown }).referenceType;
      }
    }
    if (type === 'html') {
      out.push(`${' '.repeat(depth)}html`);
      html(parseHtmlFragment((node as Html).value, HTML_OPTIONS), depth + 1);
    } else out.push(`${' '.repeat(depth)}${type} ${JSON.stringify(fields)}`);
    if ('children' in node) for (const c of node.children) md(c, depth + 1);
  };
  const tree = markdownTree(text);
  md(tree, 0);
  return { images: findMarkdownImages(text, tree), shape: out.join('\n') };
}

/** Keys of a Babel node that say where it is, not what it is. */
const POSITION_KEYS = new Set(['start', 'end', 'loc', 'range']);
/** Keys of Astro's (oxc's ESTree) nodes that say where a node is. */
const ESTREE_POSITION_KEYS = new Set(['start', 'end']);
/** Keys of mdast nodes that say where a node is, or hold the parser's own data. */
const MDAST_POSITION_KEYS = new Set(['position', 'data']);

/**
 * A component tree's shape: the tree as JSON without the keys in `dropped` and without the image elements' `alt`
 * attributes; and how many `alt` attributes beyond the first those elements have (a written one must not be a second).
 * @param altLists the `alt` attributes of each image element (objects of `tree`).
 * @param node what a node becomes in the shape besides that (MDX: a Markdown image without its alt).
 */
function shapeWithoutAlts(tree: unknown, altLists: Iterable<unknown[]>, dropped: ReadonlySet<string>, node: (value: unknown) => unknown = (v) => v): { shape: string; extraAlts: number } {
  const altAttrs = new Set<unknown>();
  let extraAlts = 0;
  for (const alts of altLists) {
    for (const a of alts) altAttrs.add(a);
    extraAlts += Math.max(0, alts.length - 1);
  }
  const shape = JSON.stringify(tree, (key, value: unknown) => {
    if (dropped.has(key)) return undefined;
    return Array.isArray(value) && value.some((v) => altAttrs.has(v)) ? value.filter((v) => !altAttrs.has(v)) : node(value);
  });
  return { shape, extraAlts };
}

/**
 * A JSX/TSX text's images and shape: its whole tree (comments and parse errors included) without positions
 * and without the image elements' `alt` attributes, and how many `alt` attributes beyond the first image
 * elements have (a written one must not be a second).
 */
function jsxParsed(text: string, components?: readonly string[]): { images: FoundImage[]; shape: string; extraAlts: number } {
  const tree = jsxTree(text);
  if (!tree) return { images: [], shape: 'unparsed', extraAlts: 0 };
  const images = findJsxImages(text, components, tree);
  const starts = new Set(images.map((i) => i.start));
  const altLists: unknown[][] = [];
  for (const n of walk(tree)) {
    if (n.type === 'JSXOpeningElement' && starts.has(n.start ?? -1)) altLists.push(n.attributes.filter((a) => a.type === 'JSXAttribute' && a.name.type === 'JSXIdentifier' && a.name.name === 'alt'));
  }
  return { images, ...shapeWithoutAlts(tree, altLists, POSITION_KEYS) };
}

/**
 * A Vue or Svelte component's images and shape: its whole tree (scripts, styles and markup) without positions
 * and without the image elements' `alt` attributes, and how many `alt` attributes beyond the first image
 * elements have.
 */
function templateParsed(text: string, markup: 'vue' | 'svelte', components?: readonly string[]): { images: FoundImage[]; shape: string; extraAlts: number } {
  const tree = markup === 'vue' ? vueTree(text) : svelteTree(text);
  if (!tree) return { images: [], shape: 'unparsed', extraAlts: 0 };
  const images = markup === 'vue' ? findVueImages(text, components, tree as ReturnType<typeof vueTree>) : findSvelteImages(text, components, tree as ReturnType<typeof svelteTree>);
  const starts = new Set(images.map((i) => i.start));
  const altLists: unknown[][] = [];
  for (const o of objects(tree)) {
    // Vue: an element (type 1) and its props (an attribute, 6, or `:alt`, a directive, 7); Svelte: its attributes.
    const vue = markup === 'vue' && o.type === 1 && starts.has((o.loc as { start: { offset: number } }).start.offset);
    const svelte = markup === 'svelte' && (o.type === 'RegularElement' || o.type === 'Component') && starts.has(o.start as number);
    if (!vue && !svelte) continue;
    const list = (vue ? o.props : o.attributes) as Array<Record<string, unknown>>;
    altLists.push(list.filter((a) => a.name === 'alt' || (a.name === 'bind' && (a.arg as { content?: string } | undefined)?.content === 'alt')));
  }
  return { images, ...shapeWithoutAlts(tree, altLists, TEMPLATE_POSITION_KEYS) };
}

/**
 * An MDX text's images and shape: its mdast tree without positions and parser data, without the images' alt
 * (and how a reference image is written, as for Markdown) and without the JSX image elements' `alt`
 * attributes; and how many `alt` attributes beyond the first those elements have.
 */
function mdxParsed(text: string, components?: readonly string[]): { images: FoundImage[]; shape: string; extraAlts: number } {
  const tree = parseMdx(text);
  if (!tree) return { images: [], shape: 'unparsed', extraAlts: 0 };
  const images = mdxImagesOfTree(text, tree, components);
  const shift = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const starts = new Set(images.map((i) => i.start));
  const altLists: unknown[][] = [];
  for (const o of objects(tree)) {
    if ((o.type !== 'mdxJsxFlowElement' && o.type !== 'mdxJsxTextElement') || !starts.has(((o.position as { start: { offset: number } } | undefined)?.start.offset ?? -1) + shift)) continue;
    altLists.push((o.attributes as Array<Record<string, unknown>>).filter((a) => a.type === 'mdxJsxAttribute' && a.name === 'alt'));
  }
  const markdownImage = (value: unknown): unknown => {
    const node = value as { type?: string } | null;
    if (node?.type === 'image') return { ...node, alt: undefined };
    if (node?.type === 'imageReference') return { ...node, alt: undefined, label: undefined, referenceType: undefined };
    return value;
  };
  return { images, ...shapeWithoutAlts(tree, altLists, MDAST_POSITION_KEYS, markdownImage) };
}

/**
 * An Astro component's images and shape: its whole tree (front matter, template, scripts and styles) without
 * positions and without the image elements' `alt` attributes, with the number of parse errors; and how many `alt`
 * attributes beyond the first those elements have.
 */
function astroParsed(text: string, components?: readonly string[]): { images: FoundImage[]; shape: string; extraAlts: number } {
  const tree = astroTree(text);
  if (!tree) return { images: [], shape: 'unparsed', extraAlts: 0 };
  const images = findAstroImages(text, components, tree);
  const starts = new Set(images.map((i) => i.start));
  const altLists: unknown[][] = [];
  for (const o of objects(tree.ast)) {
    if (o.type === 'JSXOpeningElement' && starts.has(o.start as number)) altLists.push((o.attributes as Array<Record<string, unknown>>).filter((a) => a.type === 'JSXAttribute' && (a.name as { name?: unknown }).name === 'alt'));
  }
  return { images, ...shapeWithoutAlts(tree, altLists, ESTREE_POSITION_KEYS) };
}
