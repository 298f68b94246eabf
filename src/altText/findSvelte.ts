/**
 * Finding images in Svelte components, with Svelte's own parser (`svelte/compiler`, its modern AST, in its
 * loose mode for a file being typed): `<img>` and the image components (`Image`…) anywhere in the markup, in
 * `{#if}`, `{#each}`, `{#await}`, `{#key}` and snippets, read as the compiler's `a11y_missing_attribute`
 * warning does (`SVELTE_RULE`). `src` as text or `{hero}` of an image imported in the `<script>`; `alt={…}`,
 * `{alt}`, a value with `{…}` in it and `{...rest}` give alt; only `alt=""` says decorative. Pure code, no
 * `vscode`; offsets are UTF-16 code units.
 *
 * https://svelte.dev/docs/svelte/svelte-compiler#parse; https://svelte.dev/docs/svelte/compiler-warnings#a11y_missing_attribute
 */
import type { AST } from 'svelte/compiler';
import { componentParsers } from '../shared/loadParsers';
import { DEFAULT_IMAGE_COMPONENTS } from '../shared/settingRanges';
import { imageImports, jsxTree } from './imageExpressions';
import type { FoundImage } from './foundImage';
import { objects } from './treeObjects';
import { isImageComponent, SVELTE_RULE, templateImage, type TemplateAttr } from './templateImage';

/** Parses a `.svelte` file's text; `undefined` when Svelte cannot read it (a syntax error). */
export function svelteTree(text: string): AST.Root | undefined {
  try {
    return componentParsers().parseSvelte(text, { modern: true, loose: true });
  } catch {
    return undefined;
  }
}

/** An element's attribute as {@link TemplateAttr}: text only, bare, or holding an expression. */
function attrOf(a: AST.Attribute, text: string): TemplateAttr {
  const range = { start: a.start, end: a.end };
  if (a.value === true) return { name: a.name, ...range };
  const parts = Array.isArray(a.value) ? a.value : [a.value];
  if (parts.every((p) => p.type === 'Text')) return { name: a.name, ...range, value: parts.map((p) => (p as AST.Text).data).join('') };
  // One expression (`src={hero}`) is looked at for an image; a mix of text and `{…}` only counts as given.
  const only = parts.length === 1 && parts[0].type === 'ExpressionTag' ? parts[0].expression : undefined;
  const e = only as { start?: number; end?: number } | undefined;
  return { name: a.name, ...range, expression: e?.start !== undefined && e.end !== undefined ? text.slice(e.start, e.end) : text.slice(a.start, a.end) };
}

/**
 * The images of a `.svelte` file's markup.
 * @param components the element names read as images (default {@link DEFAULT_IMAGE_COMPONENTS}).
 * @param tree the parsed text, when the caller has it ({@link svelteTree}).
 */
export function findSvelteImages(text: string, components: readonly string[] = DEFAULT_IMAGE_COMPONENTS, tree = svelteTree(text)): FoundImage[] {
  if (!tree) return [];
  const imports = new Map<string, string>();
  for (const script of [tree.instance, tree.module]) {
    const content = script?.content as { start?: number; end?: number } | undefined;
    const js = content?.start !== undefined && content.end !== undefined ? jsxTree(text.slice(content.start, content.end)) : undefined;
    if (js) for (const [k, v] of imageImports(js)) imports.set(k, v);
  }
  const names = new Set(components);
  const out: FoundImage[] = [];
  for (const n of objects(tree.fragment)) {
    if ((n.type !== 'RegularElement' && n.type !== 'Component') || !isImageComponent(n.name as string, names)) continue;
    const el = n as unknown as AST.RegularElement;
    const attrs = el.attributes.filter((a): a is AST.Attribute => a.type === 'Attribute').map((a) => attrOf(a, text));
    const spread = el.attributes.some((a) => a.type === 'SpreadAttribute');
    out.push(templateImage({ start: el.start, end: el.end, nameEnd: el.start + 1 + el.name.length, attrs, spread }, text, 'svelte', imports, SVELTE_RULE));
  }
  return out.sort((a, b) => a.start - b.start);
}
