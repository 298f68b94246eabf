/**
 * Finding images in Astro components (`.astro`), with Astro's own parser (withastro/compiler-rs, see
 * `shared/astroParser.ts`): `<img>` and the image components (`Image` and `Picture` from `astro:assets`…)
 * anywhere in the template, in expressions (`{list.map((x) => <img …/>)}`) and slots, read as eslint-plugin-astro's
 * `astro/jsx-a11y/alt-text` reads them — jsx-a11y's rule (`JSX_RULE`): `alt={…}` (but `undefined`, `null`) and a
 * non-empty `aria-label` or an `aria-labelledby` give alt, a spread does not, only `alt=""` says decorative.
 * `src` as text, or `{hero}` / `{hero.src}` of an image imported in the front matter. A quoted value is HTML (Astro
 * passes it through to the page, where the browser decodes its character references), so it is decoded as HTML
 * decodes an attribute; `{`, `}` are literal inside quotes. Pure code, no `vscode`; offsets are UTF-16 code units.
 *
 * https://docs.astro.build/en/reference/astro-syntax/; https://ota-meshi.github.io/eslint-plugin-astro/rules/jsx-a11y/alt-text/
 */
import { decodeHTMLAttribute } from 'entities';
import { astroParser } from '../shared/loadParsers';
import { DEFAULT_IMAGE_COMPONENTS } from '../shared/settingRanges';
import { imageImports, jsxTree } from './imageExpressions';
import type { FoundImage } from './foundImage';
import { objects } from './treeObjects';
import { isImageComponent, JSX_RULE, templateImage, type TemplateAttr } from './templateImage';

/** An ESTree node of Astro's tree, as far as this module reads it. */
interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

/** Astro's tree of an `.astro` file's text and how many parse errors it recovered from; `undefined` when it cannot be read. */
export function astroTree(text: string): { ast: Record<string, unknown>; errors: number } | undefined {
  try {
    return astroParser().parseAstro(text);
  } catch {
    return undefined;
  }
}

/** An attribute as {@link TemplateAttr}: a quoted value (decoded), a bare one, or `{…}`. */
function attrOf(a: Node, text: string): TemplateAttr | undefined {
  const name = a.name as Node & { name?: unknown };
  if (name.type !== 'JSXIdentifier' || typeof name.name !== 'string') return undefined;
  const range = { name: name.name, start: a.start, end: a.end };
  const v = a.value as Node | null;
  if (!v) return range;
  if (v.type === 'Literal' && typeof v.value === 'string') return { ...range, value: decodeHTMLAttribute(v.value) };
  const e = v.type === 'JSXExpressionContainer' ? (v.expression as Node) : v;
  return { ...range, expression: e.type === 'JSXEmptyExpression' ? '' : text.slice(e.start, e.end) };
}

/**
 * The images of an `.astro` file.
 * @param components the element names read as images (default {@link DEFAULT_IMAGE_COMPONENTS}).
 * @param tree the parsed text, when the caller has it ({@link astroTree}).
 */
export function findAstroImages(text: string, components: readonly string[] = DEFAULT_IMAGE_COMPONENTS, tree = astroTree(text)): FoundImage[] {
  if (!tree) return [];
  const imports = new Map<string, string>();
  const program = (tree.ast.frontmatter as { program?: Node } | undefined)?.program;
  const js = program && program.end > program.start ? jsxTree(text.slice(program.start, program.end)) : undefined;
  if (js) for (const [k, v] of imageImports(js)) imports.set(k, v);
  const names = new Set(components);
  const out: FoundImage[] = [];
  for (const o of objects(tree.ast)) {
    const n = o as Node;
    if (n.type !== 'JSXOpeningElement') continue;
    const name = n.name as Node & { name?: unknown };
    if (name.type !== 'JSXIdentifier' || typeof name.name !== 'string' || !isImageComponent(name.name, names)) continue;
    const list = n.attributes as Node[];
    const attrs = list.filter((a) => a.type === 'JSXAttribute').map((a) => attrOf(a, text)).filter((a): a is TemplateAttr => a !== undefined);
    const spread = list.some((a) => a.type === 'JSXSpreadAttribute');
    out.push(templateImage({ start: n.start, end: n.end, nameEnd: name.end, attrs, spread }, text, 'astro', imports, JSX_RULE));
  }
  return out.sort((a, b) => a.start - b.start);
}
