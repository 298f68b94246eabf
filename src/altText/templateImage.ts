/**
 * One image element of a component (JSX, Vue, Svelte, Astro, JSX in MDX), read the same way whichever parser
 * found it, by its framework's linter's rule (eslint-plugin-jsx-a11y's, eslint-plugin-vuejs-accessibility's or
 * Svelte's `alt-text` check). Pure code, no `vscode`; offsets are UTF-16 code units of the text.
 */
import { imageOfExpression, stringOfExpression } from './imageExpressions';
import type { AltSyntax, FoundImage } from './foundImage';

/** An attribute as written: its name, its range, and its text or its bound expression's source. */
export interface TemplateAttr {
  name: string;
  start: number;
  end: number;
  /** The decoded text of a static value; `undefined` for a bare attribute (`<img alt>`) or a bound one. */
  value?: string;
  /** The source of a bound value (`:alt="…"`, `alt={…}`, `alt="a {b}"`): given, whatever it holds. */
  expression?: string;
  /** For a bound `src`: the image file it names, when the parser has already resolved it (JSX's own tree). */
  target?: string;
}

/** An element of the template whose name is one of the image components. */
export interface TemplateElement {
  start: number;
  end: number;
  /** Where the element's name ends: a missing alt is written there. */
  nameEnd: number;
  attrs: TemplateAttr[];
  /** A spread of attributes (`v-bind="props"`, `{...rest}`), which may carry an alt. */
  spread: boolean;
}

/**
 * How a framework's linter reads an image's alt (measured in test/unit/altText/linterAgreement.test.ts): only
 * `alt=""` says decorative in all of them (they report `role="presentation"` and `aria-hidden` without alt).
 */
export interface AltRule {
  /** A spread without alt gives alt (Svelte's compiler) or does not (eslint-plugin-vuejs-accessibility, jsx-a11y). */
  spreadGives: boolean;
  /** Bound values that are no alt (`null`; jsx-a11y also `undefined`). */
  nullish: readonly string[];
  /** A non-empty `aria-label` or an `aria-labelledby` gives alt (jsx-a11y). */
  labelGives: boolean;
}

/** eslint-plugin-vuejs-accessibility's `alt-text`. */
export const VUE_RULE: AltRule = { spreadGives: false, nullish: ['null'], labelGives: false };
/** Svelte's `a11y_missing_attribute`. */
export const SVELTE_RULE: AltRule = { spreadGives: true, nullish: [], labelGives: false };
/** eslint-plugin-jsx-a11y's `alt-text` (JSX and TSX, JSX in MDX, Astro's `astro/jsx-a11y/alt-text`). */
export const JSX_RULE: AltRule = { spreadGives: false, nullish: ['undefined', 'null'], labelGives: true };

/**
 * The {@link FoundImage} of `el`. `src` as text, or bound to an imported image (`:src="hero"`,
 * `src={hero}`); alt given by text, by any bound expression, or by a spread without alt; `alt=""`,
 * `aria-hidden` and `role="presentation"|"none"` decorative. The alt text is written as a double-quoted
 * attribute, replacing a bare or blank one, else after the element's name.
 * @param text the file's text (for how a bound alt is written).
 * @param imports the file's imports of image files (local name → path), from its `<script>`.
 */
export function templateImage(el: TemplateElement, text: string, syntax: AltSyntax, imports: Map<string, string>, rule: AltRule): FoundImage {
  const attr = (name: string): TemplateAttr | undefined => el.attrs.find((a) => a.name === name);
  const alt = attr('alt');
  const src = attr('src');
  const bound = alt?.expression !== undefined && !rule.nullish.includes(alt.expression.trim());
  // A bare `alt`, or one bound to `null`, is no text: it lacks alt, and the attribute is written anew.
  const altString = alt && !bound ? (alt.expression === undefined ? (alt.value ?? ' ') : ' ') : undefined;
  const decorative = altString === '';
  // Read only for an image without alt: a label bound to an empty string (`aria-label={""}`) names nothing, as
  // jsx-a11y reads it (its expression is parsed only then).
  const named = (): boolean => {
    const label = attr('aria-label');
    const labelText = label ? (label.expression !== undefined ? stringOfExpression(label.expression) : (label.value ?? '')) : undefined;
    return rule.labelGives && ((!!label && (labelText === undefined || labelText.trim() !== '')) || !!attr('aria-labelledby'));
  };
  const given = bound || (!alt && ((rule.spreadGives && el.spread) || named()));
  const target = src ? (src.target ?? (src.expression !== undefined ? imageOfExpression(src.expression, imports) : (src.value ?? ''))) : '';
  const edit = alt && !bound ? { start: alt.start, end: alt.end, before: 'alt="', after: '"', syntax } : { start: el.nameEnd, end: el.nameEnd, before: ' alt="', after: '"', syntax };
  const shownAlt = given ? (alt ? text.slice(alt.start, alt.end).slice(0, 200) : '{...}') : (altString ?? '');
  return { target, alt: shownAlt, ...(decorative ? { decorative: true } : {}), ...(given ? { bound: true } : {}), start: el.start, end: el.end, edit };
}

/** Whether an element name is one of `components` (`img`, `Image`…), also written in kebab case (`nuxt-img`). */
export function isImageComponent(name: string, components: ReadonlySet<string>): boolean {
  if (components.has(name)) return true;
  if (!name.includes('-')) return false;
  return components.has(name.replace(/(^|-)([a-z])/g, (_, _d: string, c: string) => c.toUpperCase()));
}
