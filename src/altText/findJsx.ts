/**
 * Finding images in JSX and TSX (React, Next.js, Preact, Solid), with Babel's parser (`@babel/parser`, the
 * `jsx` and `typescript` plugins): `<img>` and the components a project uses for images (`Image` from
 * `next/image` or `astro:assets`, `NuxtImg`, `Img`), as eslint-plugin-jsx-a11y's `alt-text` rule reads them.
 * Pure code, no `vscode`; offsets are UTF-16 code units of the text.
 *
 * - `src` as a string (`"…"`, `{"…"}`, a template without expressions), or naming an import of an image file
 *   (`import hero from './hero.png'`, `src={hero}`, `src={hero.src}`) or a `require('./a.png')`: resolved to
 *   the file's path as written; any other expression is no path.
 * - As eslint-plugin-jsx-a11y's `alt-text` rule reads them (measured in test/unit/altText/linterAgreement.test.ts):
 *   alt is given by `alt="…"` with text, by `alt={…}` (any expression but `undefined` and `null`), and by a
 *   non-empty `aria-label` or an `aria-labelledby`; a spread (`{...props}`) does not give it. `alt=""` marks a
 *   decorative image, which needs none (WCAG technique H67); `role="presentation"` or `aria-hidden` without
 *   alt is reported, as jsx-a11y does (its fix is `alt=""`: Mark as decorative). A blank `alt=" "` lacks alt
 *   text here, where jsx-a11y lets it pass.
 * - The alt text is written as a JSX string attribute (`alt="…"`), whose character references JSX decodes.
 *
 * Babel: https://babeljs.io/docs/babel-parser (`errorRecovery`); jsx-a11y:
 * https://github.com/jsx-eslint/eslint-plugin-jsx-a11y/blob/main/docs/rules/alt-text.md
 */
import type { Node } from '@babel/types';
import { DEFAULT_IMAGE_COMPONENTS } from '../shared/settingRanges';
import type { FoundImage } from './foundImage';
import { imageImports, jsxTree, stringOf, targetOf, walk } from './imageExpressions';
import { JSX_RULE, templateImage, type TemplateAttr } from './templateImage';

/**
 * The images of a JSX/TSX text, each read by jsx-a11y's rule ({@link JSX_RULE}, `templateImage.ts`).
 * @param components the element names read as images (default {@link DEFAULT_IMAGE_COMPONENTS}).
 * @param tree the parsed text, when the caller has it ({@link jsxTree}).
 */
export function findJsxImages(text: string, components: readonly string[] = DEFAULT_IMAGE_COMPONENTS, tree = jsxTree(text)): FoundImage[] {
  if (!tree) return [];
  const imports = imageImports(tree);
  const names = new Set(components);
  const out: FoundImage[] = [];
  for (const n of walk(tree)) {
    if (n.type !== 'JSXOpeningElement' || n.name.type !== 'JSXIdentifier' || !names.has(n.name.name)) continue;
    const start = n.start ?? 0;
    const attrs: TemplateAttr[] = [];
    for (const a of n.attributes) if (a.type === 'JSXAttribute' && a.name.type === 'JSXIdentifier') attrs.push(jsxAttr(a, text, imports));
    const el = { start, end: n.end ?? start, nameEnd: n.name.end ?? start, attrs, spread: n.attributes.some((a) => a.type === 'JSXSpreadAttribute') };
    out.push(templateImage(el, text, 'jsx', imports, JSX_RULE));
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * A JSX attribute as a template's: a string (`"…"`, `{"…"}`, a template without expressions) is its text; any
 * other `{…}` is bound (its source, and for `src` the image it names); a bare one (`<img alt>`) has neither.
 */
function jsxAttr(a: Extract<Node, { type: 'JSXAttribute' }>, text: string, imports: Map<string, string>): TemplateAttr {
  const name = (a.name as { name: string }).name;
  const attr: TemplateAttr = { name, start: a.start ?? 0, end: a.end ?? 0 };
  const value = stringOf(a.value);
  if (value !== undefined) return { ...attr, value };
  if (a.value?.type !== 'JSXExpressionContainer') return attr;
  const e = a.value.expression;
  const expression = e.type === 'JSXEmptyExpression' ? '' : text.slice(e.start ?? 0, e.end ?? 0);
  return { ...attr, expression, ...(name === 'src' ? { target: targetOf(a.value, imports) } : {}) };
}
