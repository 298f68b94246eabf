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
import { markupParsers } from '../shared/loadParsers';
import { DEFAULT_IMAGE_COMPONENTS } from '../shared/settingRanges';
import type { FoundImage } from './foundImage';


/** File names read as images when imported or required (`import hero from './hero.png'`). */
const IMAGE_FILE = /\.(png|jpe?g|webp|gif|svg|avif)(\?.*)?$/i;

/**
 * Parses `text` as a JSX/TSX module: Babel's `File` (the program, its comments and the errors it recovered
 * from, as in a document being typed). What cannot be parsed at all yields no tree.
 */
export function jsxTree(text: string): Node | undefined {
  try {
    return markupParsers().parseJs(text, { sourceType: 'module', plugins: ['jsx', 'typescript'], errorRecovery: true, allowReturnOutsideFunction: true, allowImportExportEverywhere: true }) as unknown as Node;
  } catch {
    return undefined;
  }
}

/** Each node of `root`, depth first, without recursion (a deeply nested expression cannot overflow the stack). */
export function* walk(root: Node): Generator<Node> {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    yield n;
    for (const key of Object.keys(n)) {
      if (key === 'loc' || key === 'leadingComments' || key === 'trailingComments' || key === 'innerComments' || key === 'extra') continue;
      const v = (n as unknown as Record<string, unknown>)[key];
      if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) if (v[i] && typeof v[i] === 'object' && typeof v[i].type === 'string') stack.push(v[i] as Node);
      } else if (v && typeof v === 'object' && typeof (v as { type?: unknown }).type === 'string') stack.push(v as Node);
    }
  }
}

/** The module's imports and requires of image files: local name → the path as written. */
export function imageImports(root: Node): Map<string, string> {
  const names = new Map<string, string>();
  for (const n of walk(root)) {
    if (n.type === 'ImportDeclaration' && IMAGE_FILE.test(n.source.value)) {
      for (const s of n.specifiers) if (s.type === 'ImportDefaultSpecifier' || s.type === 'ImportNamespaceSpecifier') names.set(s.local.name, n.source.value);
    } else if (n.type === 'VariableDeclarator' && n.id.type === 'Identifier' && n.init) {
      const path = requiredPath(n.init);
      if (path !== undefined) names.set(n.id.name, path);
    }
  }
  return names;
}

/** The path of `require('…')` of an image file, else `undefined`. */
function requiredPath(e: Node): string | undefined {
  if (e.type === 'CallExpression' && e.callee.type === 'Identifier' && e.callee.name === 'require' && e.arguments.length === 1) {
    const a = e.arguments[0];
    if (a.type === 'StringLiteral' && IMAGE_FILE.test(a.value)) return a.value;
  }
  return undefined;
}

/** The string an attribute's value is, when it is one (`"…"`, `{"…"}`, `` {`…`} `` without expressions). */
function stringOf(v: Node | null | undefined): string | undefined {
  if (!v) return undefined;
  if (v.type === 'StringLiteral') return v.value;
  if (v.type === 'JSXExpressionContainer') {
    const e = v.expression;
    if (e.type === 'StringLiteral') return e.value;
    if (e.type === 'TemplateLiteral' && e.expressions.length === 0) return e.quasis[0]?.value.cooked ?? undefined;
  }
  return undefined;
}

/** The image file an expression `src` names: an imported or required image, `hero.src` of one, or `require(…)`. */
function targetOf(v: Node | null | undefined, imports: Map<string, string>): string {
  const s = stringOf(v);
  if (s !== undefined) return s;
  if (v?.type !== 'JSXExpressionContainer') return '';
  const e = v.expression;
  if (e.type === 'Identifier') return imports.get(e.name) ?? '';
  if (e.type === 'MemberExpression' && e.object.type === 'Identifier' && e.property.type === 'Identifier' && e.property.name === 'src') return imports.get(e.object.name) ?? '';
  return requiredPath(e) ?? '';
}

/**
 * Parsed bound expressions by source (a component binds the same `hero` on every card): at most this many, each of
 * at most {@link MAX_CACHED_SOURCE} characters (a long expression is parsed each time, and not kept).
 */
const EXPRESSIONS = new Map<string, Node | null>();
const MAX_EXPRESSIONS = 2000;
const MAX_CACHED_SOURCE = 200;

/** The one expression `source` is (parsed with Babel once per distinct source), or `null`. */
function expressionOf(source: string): Node | null {
  let e = EXPRESSIONS.get(source);
  if (e !== undefined) return e;
  const tree = jsxTree(`(${source}\n)`);
  const body = tree?.type === 'File' && !(tree as { errors?: unknown[] }).errors?.length ? tree.program.body : [];
  e = body.length === 1 && body[0].type === 'ExpressionStatement' ? body[0].expression : null;
  if (source.length > MAX_CACHED_SOURCE) return e;
  if (EXPRESSIONS.size >= MAX_EXPRESSIONS) EXPRESSIONS.clear();
  EXPRESSIONS.set(source, e);
  return e;
}

/**
 * The image file a bound expression's source names (a Vue `:src="hero"`, a Svelte `src={hero}`): an imported
 * or required image, `hero.src` of one, `require('./a.png')`, or a string; `''` for any other expression.
 * @param expression the expression's source text, parsed with Babel (TypeScript allowed).
 */
export function imageOfExpression(expression: string, imports: Map<string, string>): string {
  const e = expressionOf(expression);
  if (!e) return '';
  if (e.type === 'StringLiteral') return e.value;
  return targetOf({ type: 'JSXExpressionContainer', expression: e } as Node, imports);
}

/**
 * The images of a JSX/TSX text.
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
    const attr = (name: string) => n.attributes.find((a) => a.type === 'JSXAttribute' && a.name.type === 'JSXIdentifier' && a.name.name === name) as Extract<Node, { type: 'JSXAttribute' }> | undefined;
    const alt = attr('alt');
    // A bare `alt` (the value `true`) is no text: it lacks alt, and its value is written. `alt={undefined}`
    // and `alt={null}` are no alt either (jsx-a11y reports them).
    const nullish = alt?.value?.type === 'JSXExpressionContainer' && ((alt.value.expression.type === 'Identifier' && alt.value.expression.name === 'undefined') || alt.value.expression.type === 'NullLiteral');
    const altString = alt ? (alt.value === null || nullish ? ' ' : stringOf(alt.value)) : undefined;
    // As eslint-plugin-jsx-a11y's alt-text rule: only `alt=""` says decorative (it reports `role="presentation"`
    // and `aria-hidden` without alt, preferring alt=""); any other `alt={…}`, or a non-empty `aria-label` or an
    // `aria-labelledby` (the image's accessible name), gives alt; a spread does not.
    const decorative = altString === '';
    const label = attr('aria-label');
    const named = (!!label && (label.value?.type === 'JSXExpressionContainer' || (stringOf(label.value) ?? '').trim() !== '')) || !!attr('aria-labelledby');
    const given = (alt && altString === undefined) || (!alt && named);
    const start = n.start ?? 0;
    const end = n.end ?? start;
    const nameEnd = n.name.end ?? start;
    const value = alt?.value;
    // A whitespace-only alt ("  ", {"  "}) has its value replaced; a missing one is added after the name.
    const edit = value
      ? { start: value.start ?? 0, end: value.end ?? 0, before: '"', after: '"', syntax: 'jsx' as const }
      : alt
        ? { start: alt.end ?? 0, end: alt.end ?? 0, before: '="', after: '"', syntax: 'jsx' as const }
        : { start: nameEnd, end: nameEnd, before: ' alt="', after: '"', syntax: 'jsx' as const };
    const givenAlt = alt ? text.slice(alt.start ?? start, alt.end ?? start).slice(0, 200) : '{...}';
    out.push({ target: targetOf(attr('src')?.value, imports), alt: given ? givenAlt : altString ?? '', ...(decorative ? { decorative: true } : {}), ...(given ? { bound: true } : {}), start, end, edit });
  }
  return out.sort((a, b) => a.start - b.start);
}
