/**
 * Finding images in MDX (`.mdx`: Docusaurus, Next.js, Astro pages), with MDX's own syntax for the Markdown
 * parser (`micromark-extension-mdxjs`, `mdast-util-mdx`): Markdown images (`![…](…)`, references) as in
 * Markdown, written as a Markdown label where `{` and `}` are escaped too (an expression would start there),
 * and JSX elements (`<img>`, the image components) as jsx-a11y reads them, with `src` bound to an image the
 * file imports (`import hero from './hero.png'`), written as a JSX string attribute. Pure code, no `vscode`.
 *
 * https://mdxjs.com/docs/what-is-mdx/; https://github.com/syntax-tree/mdast-util-mdx-jsx
 */
import type { Nodes, Root } from 'mdast';
import type { MdxJsxAttribute, MdxJsxExpressionAttribute } from 'mdast-util-mdx-jsx';
import { DEFAULT_IMAGE_COMPONENTS } from '../shared/settingRanges';
import { imageImports, jsxTree } from './imageExpressions';
import { mayHoldImages, type FoundImage } from './foundImage';
import { imagesOfTree, mdxTree } from './markdownTree';
import { mdxPieces } from './mdxBlocks';
import { isImageComponent, JSX_RULE, templateImage, type TemplateAttr } from './templateImage';

/** The MDX tree of `text`, or `undefined` when it is not MDX (a file being typed). */
export function parseMdx(text: string): Root | undefined {
  try {
    return mdxTree(text);
  } catch {
    return undefined;
  }
}

/** An MDX JSX attribute as {@link TemplateAttr}, its offsets shifted by `shift` (a leading BOM). */
function attrOf(a: MdxJsxAttribute, shift: number): TemplateAttr | undefined {
  const start = (a.position?.start.offset ?? -1) + shift;
  const end = (a.position?.end.offset ?? -1) + shift;
  if (start < shift || end < start) return undefined;
  if (a.value === null || a.value === undefined) return { name: a.name, start, end };
  if (typeof a.value === 'string') return { name: a.name, start, end, value: a.value };
  return { name: a.name, start, end, expression: a.value.value };
}

/** Texts shorter than this are parsed whole: cutting them saves less than it costs. */
const PIECES_FROM_CHARS = 2 * 1024;

/**
 * The images of an MDX text, in source order. A longer text is cut into pieces that parse alone as in place
 * (`mdxBlocks.ts`) and only those that can hold an image or hold ESM are parsed ({@link findMdxImagesInPieces}).
 * @param components the JSX element names read as images (default {@link DEFAULT_IMAGE_COMPONENTS}).
 */
export function findMdxImages(text: string, components: readonly string[] = DEFAULT_IMAGE_COMPONENTS): FoundImage[] {
  if (text.length >= PIECES_FROM_CHARS) {
    const inPieces = findMdxImagesInPieces(text, components);
    if (inPieces) return inPieces;
  }
  const tree = parseMdx(text);
  return tree ? mdxImagesOfTree(text, tree, components) : [];
}

/**
 * The images of an MDX text from the pieces that can hold one (`mdxPieces`), at any length, or `undefined` when
 * it is not cut (one piece, definitions) or what it parses is not MDX. The pieces that can hold an image or hold
 * ESM (whose imports resolve the images) are put one after the other, as each ends where nothing is open and
 * the next starts as a document does, and parsed at once; each image is mapped back to its place. Equal to the
 * whole text's parse wherever that parses (checked in the tests); where it does not (a file being typed), the
 * pieces that parse still give their images, where the whole text gives none.
 */
export function findMdxImagesInPieces(text: string, components: readonly string[] = DEFAULT_IMAGE_COMPONENTS): FoundImage[] | undefined {
  const pieces = mdxPieces(text);
  if (!pieces || pieces.length < 2) return undefined;
  const withImages = pieces.map((p) => mayHoldImages(text.slice(p.start, p.end), 'mdx', components));
  if (!withImages.includes(true)) return [];
  const kept = pieces.filter((p, i) => p.esm || withImages[i]);
  // Where each kept piece starts in the joined text, and how far its offsets move back to the text's.
  const segments: Array<{ at: number; shift: number }> = [];
  // A text that does not start with the first piece starts with a line ending, so that it is not read as front matter.
  let joined = kept[0].start === 0 ? '' : '\n';
  for (const p of kept) {
    segments.push({ at: joined.length, shift: p.start - joined.length });
    joined += text.slice(p.start, p.end);
  }
  const tree = parseMdx(joined);
  if (!tree) return undefined;
  let k = 0;
  return mdxImagesOfTree(joined, tree, components).map((i) => {
    while (k + 1 < segments.length && segments[k + 1].at <= i.start) k++;
    const shift = segments[k].shift;
    return { ...i, start: i.start + shift, end: i.end + shift, edit: { ...i.edit, start: i.edit.start + shift, end: i.edit.end + shift } };
  });
}

/** The images a tree's ESM imports (`import hero from './hero.png'`), by local name, in source order, the first of a name winning. */
function mdxImports(tree: Root): Map<string, string> {
  const imports = new Map<string, string>();
  for (const n of nodes(tree)) {
    if (n.type !== 'mdxjsEsm') continue;
    const js = jsxTree(n.value);
    if (js) for (const [k, v] of imageImports(js)) if (!imports.has(k)) imports.set(k, v);
  }
  return imports;
}

/** The nodes of a tree in source order (depth first, pre-order). */
function nodes(tree: Root): Nodes[] {
  const out: Nodes[] = [];
  const stack: Nodes[] = [tree];
  while (stack.length > 0) {
    const n = stack.pop()!;
    out.push(n);
    if ('children' in n) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i] as Nodes);
  }
  return out;
}

/**
 * The images of a parsed MDX text, in source order.
 * @param text the text `tree` was parsed from ({@link parseMdx}).
 * @param imports the images the text imports, by local name ({@link mdxImports}).
 */
export function mdxImagesOfTree(text: string, tree: Root, components: readonly string[] = DEFAULT_IMAGE_COMPONENTS, imports = mdxImports(tree)): FoundImage[] {
  const shift = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const markdown = imagesOfTree(text, tree).map((i) => ({ ...i, edit: { ...i.edit, syntax: 'mdx' as const } }));
  const names = new Set(components);
  const jsx: FoundImage[] = [];
  for (const n of nodes(tree)) {
    if ((n.type !== 'mdxJsxFlowElement' && n.type !== 'mdxJsxTextElement') || !n.name || !isImageComponent(n.name, names) || !n.position) continue;
    const start = (n.position.start.offset ?? 0) + shift;
    const attrs = n.attributes.filter((a): a is MdxJsxAttribute => a.type === 'mdxJsxAttribute').map((a) => attrOf(a, shift));
    if (attrs.includes(undefined)) continue;
    const spread = n.attributes.some((a: MdxJsxAttribute | MdxJsxExpressionAttribute) => a.type === 'mdxJsxExpressionAttribute');
    jsx.push(templateImage({ start, end: (n.position.end.offset ?? 0) + shift, nameEnd: start + 1 + n.name.length, attrs: attrs as TemplateAttr[], spread }, text, 'jsx', imports, JSX_RULE));
  }
  return [...markdown, ...jsx].sort((a, b) => a.start - b.start);
}
