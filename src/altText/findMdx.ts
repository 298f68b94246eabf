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
import type { MdxJsxAttribute, MdxJsxExpressionAttribute, MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import { DEFAULT_IMAGE_COMPONENTS } from '../shared/settingRanges';
import { imageImports, jsxTree } from './imageExpressions';
import type { FoundImage } from './foundImage';
import { imagesOfTree, mdxTree } from './markdownTree';
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

/**
 * The images of an MDX text, in source order.
 * @param components the JSX element names read as images (default {@link DEFAULT_IMAGE_COMPONENTS}).
 * @param tree its parse, when the caller has it ({@link parseMdx}).
 */
export function findMdxImages(text: string, components: readonly string[] = DEFAULT_IMAGE_COMPONENTS, tree = parseMdx(text)): FoundImage[] {
  if (!tree) return [];
  const shift = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const markdown = imagesOfTree(text, tree).map((i) => ({ ...i, edit: { ...i.edit, syntax: 'mdx' as const } }));
  const imports = new Map<string, string>();
  const elements: Array<MdxJsxFlowElement | MdxJsxTextElement> = [];
  const stack: Nodes[] = [tree];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === 'mdxjsEsm') {
      const js = jsxTree(n.value);
      if (js) for (const [k, v] of imageImports(js)) imports.set(k, v);
    }
    if (n.type === 'mdxJsxFlowElement' || n.type === 'mdxJsxTextElement') elements.push(n);
    if ('children' in n) stack.push(...(n.children as Nodes[]));
  }
  const names = new Set(components);
  const jsx: FoundImage[] = [];
  for (const n of elements) {
    if (!n.name || !isImageComponent(n.name, names) || !n.position) continue;
    const start = (n.position.start.offset ?? 0) + shift;
    const attrs = n.attributes.filter((a): a is MdxJsxAttribute => a.type === 'mdxJsxAttribute').map((a) => attrOf(a, shift));
    if (attrs.includes(undefined)) continue;
    const spread = n.attributes.some((a: MdxJsxAttribute | MdxJsxExpressionAttribute) => a.type === 'mdxJsxExpressionAttribute');
    jsx.push(templateImage({ start, end: (n.position.end.offset ?? 0) + shift, nameEnd: start + 1 + n.name.length, attrs: attrs as TemplateAttr[], spread }, text, 'jsx', imports, JSX_RULE));
  }
  return [...markdown, ...jsx].sort((a, b) => a.start - b.start);
}
