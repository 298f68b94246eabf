/**
 * Finding images in Vue single-file components, with Vue's own template parser (`@vue/compiler-dom`, its
 * `sfc` mode, as `@vue/compiler-sfc` reads a `.vue` file): the elements of the top-level `<template>` named
 * as an image component (`img`, `NuxtImg` or `nuxt-img`, `Image`…), read as eslint-plugin-vuejs-accessibility's
 * `alt-text` rule does (`VUE_RULE`). `src` as text or bound (`:src="hero"`) to an image imported in a
 * `<script>`; `:alt` gives alt (not `:alt="null"`), `v-bind="…"` does not, and only `alt=""` says decorative.
 * Pure code, no `vscode`; offsets are UTF-16 code units of the text.
 *
 * https://vuejs.org/api/sfc-spec.html; https://vue-a11y.github.io/eslint-plugin-vuejs-accessibility/rules/alt-text.html
 */
import type { AttributeNode, DirectiveNode, ElementNode, RootNode, TemplateChildNode } from '@vue/compiler-dom';
import { componentParsers } from '../shared/loadParsers';
import { DEFAULT_IMAGE_COMPONENTS } from '../shared/settingRanges';
import { imageImports, jsxTree } from './imageExpressions';
import type { FoundImage } from './foundImage';
import { isImageComponent, VUE_RULE, templateImage, type TemplateAttr } from './templateImage';

/** Vue's node types (`NodeTypes` of `@vue/compiler-core`), as numbers: the enum is not exported at run time here. */
const ELEMENT = 1;
const ATTRIBUTE = 6;
const DIRECTIVE = 7;

/** Parses a `.vue` file's text; `undefined` when it cannot be parsed at all. */
export function vueTree(text: string): RootNode | undefined {
  try {
    return componentParsers().parseVue(text, { parseMode: 'sfc', onError: () => undefined, onWarn: () => undefined });
  } catch {
    return undefined;
  }
}

/** The top-level blocks named `tag` (`template`, `script`). */
function blocks(root: RootNode, tag: string): ElementNode[] {
  return root.children.filter((c): c is ElementNode => c.type === ELEMENT && (c as ElementNode).tag === tag);
}

/** An element's attribute as {@link TemplateAttr}: static, or bound with `:name` / `v-bind:name`. */
function attrOf(p: AttributeNode | DirectiveNode): TemplateAttr | undefined {
  const range = { start: p.loc.start.offset, end: p.loc.end.offset };
  if (p.type === ATTRIBUTE) return { name: p.name, ...range, value: p.value?.content };
  if (p.name === 'bind' && p.arg && p.arg.type === 4 && p.arg.isStatic) return { name: p.arg.content, ...range, expression: p.exp && p.exp.type === 4 ? p.exp.content : '' };
  return undefined;
}

/**
 * The images of a `.vue` file's `<template>` (an HTML template: one with another `lang`, Pug say, is not read).
 * @param components the element names read as images (default {@link DEFAULT_IMAGE_COMPONENTS}).
 * @param tree the parsed text, when the caller has it ({@link vueTree}).
 */
export function findVueImages(text: string, components: readonly string[] = DEFAULT_IMAGE_COMPONENTS, tree = vueTree(text)): FoundImage[] {
  if (!tree) return [];
  const imports = new Map<string, string>();
  for (const script of blocks(tree, 'script')) {
    const inner = script.children[0];
    const js = inner && 'content' in inner && typeof inner.content === 'string' ? jsxTree(inner.content) : undefined;
    if (js) for (const [k, v] of imageImports(js)) imports.set(k, v);
  }
  const names = new Set(components);
  const out: FoundImage[] = [];
  for (const template of blocks(tree, 'template')) {
    const lang = template.props.find((p): p is AttributeNode => p.type === ATTRIBUTE && p.name === 'lang')?.value?.content;
    if (lang && lang !== 'html') continue;
    const stack: TemplateChildNode[] = [...template.children];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n.type !== ELEMENT) continue;
      stack.push(...n.children);
      if (!isImageComponent(n.tag, names)) continue;
      const attrs = n.props.map(attrOf).filter((a): a is TemplateAttr => a !== undefined);
      const spread = n.props.some((p) => p.type === DIRECTIVE && p.name === 'bind' && !p.arg);
      const start = n.loc.start.offset;
      out.push(templateImage({ start, end: n.loc.end.offset, nameEnd: start + 1 + n.tag.length, attrs, spread }, text, 'vue', imports, VUE_RULE));
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
