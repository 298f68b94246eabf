/**
 * The JavaScript the component finders read, with Babel's parser (`@babel/parser`, `jsx` and `typescript`): the
 * tree of a module (a `.jsx`/`.tsx` file, a Vue or Svelte `<script>`, Astro's front matter, MDX's imports), the
 * image files it imports or requires, and the image file a bound expression (`src={hero}`, `:src="hero"`) names.
 * Pure code, no `vscode`.
 */
import type { Node } from '@babel/types';
import { markupParsers } from '../shared/loadParsers';

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
export function stringOf(v: Node | null | undefined): string | undefined {
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
export function targetOf(v: Node | null | undefined, imports: Map<string, string>): string {
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
 * The string a bound expression's source is (`""`, `'a'`, `` `b` `` without `${}`), as jsx-a11y's `getPropValue`
 * reads `aria-label={""}`; `undefined` for any other expression.
 */
export function stringOfExpression(expression: string): string | undefined {
  const e = expressionOf(expression);
  return e ? stringOf({ type: 'JSXExpressionContainer', expression: e } as Node) : undefined;
}
