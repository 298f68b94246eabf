/**
 * Where MDX's constructs that can span lines end, read as `micromark-extension-mdxjs` reads them, for the scan
 * that cuts an MDX text into pieces (`mdxBlocks.ts`). Pure code, no `vscode`.
 * - An expression (`{…}`) ends at the first `}` where what comes before it parses as an expression with acorn
 *   (with JSX, as MDX parses them: a `}` in a string, a comment or a template literal does not end it)
 *   (`micromark-factory-mdx-expression`).
 * - A JSX tag ends at its `>`, its quoted values and expressions skipped (`micromark-extension-mdx-jsx`).
 * - ESM (`import`/`export` at the start of a line) ends at the first blank line where what it holds parses as
 *   a module with acorn (`micromark-extension-mdxjs-esm`).
 * What cannot be read so, or costs more than the bounds here, throws {@link Unsure}: the scan stops cutting.
 */
import { componentParsers } from '../shared/loadParsers';

/** acorn's options as MDX gives them (`micromark-extension-mdxjs`, `micromark-util-events-to-acorn`). */
const ACORN_OPTIONS = { ecmaVersion: 2024, sourceType: 'module', preserveParens: true } as const;
/** An expression longer than this, or one with more `}` to try than {@link MOST_TRIES}, ends the cutting (it is read whole). */
const LONGEST_EXPRESSION = 64 * 1024;
const MOST_TRIES = 200;
/** An ESM block longer than this, or with more blank lines to try than {@link MOST_ESM_TRIES}, ends the cutting. */
const LONGEST_ESM = 16 * 1024;
const MOST_ESM_TRIES = 16;

const BLANK = /^[ \t]*$/;
const NAME_START = /[A-Za-z_$\u0080-\uFFFF]/;
const NAME_PART = /[\w$\-.:\u0080-\uFFFF]/;

/** The text is not cut past here: the scan met something it cannot be sure of. */
export class Unsure extends Error {}

let parser: ReturnType<typeof extendAcorn> | undefined;
const extendAcorn = (): typeof import('acorn').Parser => {
  const { AcornParser, acornJsx } = componentParsers();
  return AcornParser.extend(acornJsx());
};
/** acorn with JSX, as MDX builds it, made on first use. */
const acorn = (): ReturnType<typeof extendAcorn> => (parser ??= extendAcorn());

/** White space and comments only (`micromark-util-events-to-acorn`'s `empty`). */
function empty(value: string): boolean {
  return /^\s*$/.test(value.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\r\n]*(\r\n|\n|\r)/g, ''));
}

/** Whether `source` (between an expression's braces) is a whole expression, as MDX decides where it ends. */
function isExpression(source: string, spread: boolean): boolean {
  if (!spread && empty(source)) return true;
  const value = spread ? `({${source}})` : source;
  try {
    const node = acorn().parseExpressionAt(value, 0, ACORN_OPTIONS);
    return empty(value.slice(node.end));
  } catch {
    return false;
  }
}

/** The offset after the `}` that ends the expression whose `{` is at `p`. @throws {Unsure} when none does. */
function expressionEnd(text: string, p: number, spread: boolean): number {
  let q = p;
  for (let tries = 0; tries < MOST_TRIES; tries++) {
    q = text.indexOf('}', q + 1);
    if (q < 0 || q - p > LONGEST_EXPRESSION) throw new Unsure();
    if (isExpression(text.slice(p + 1, q), spread)) return q + 1;
  }
  throw new Unsure();
}

const skipSpace = (text: string, q: number): number => {
  while (q < text.length && /\s/.test(text[q])) q++;
  return q;
};

/** The tag at `p` (`<`): where it ends, and +1 for an opening tag, -1 for a closing one, 0 for a self-closing one. @throws {Unsure} */
function tagEnd(text: string, p: number): { end: number; delta: number } {
  let q = p + 1;
  const closing = text[q] === '/';
  if (closing) q++;
  if (text[q] === '>') return { end: q + 1, delta: closing ? -1 : 1 };
  if (!NAME_START.test(text[q] ?? '')) throw new Unsure();
  while (q < text.length && NAME_PART.test(text[q])) q++;
  for (;;) {
    q = skipSpace(text, q);
    const c = text[q];
    if (c === '>') return { end: q + 1, delta: closing ? -1 : 1 };
    if (c === '/' && !closing) {
      q = skipSpace(text, q + 1);
      if (text[q] !== '>') throw new Unsure();
      return { end: q + 1, delta: 0 };
    }
    if (closing) throw new Unsure();
    if (c === '{') {
      q = expressionEnd(text, q, true);
      continue;
    }
    if (!NAME_START.test(c ?? '')) throw new Unsure();
    while (q < text.length && NAME_PART.test(text[q])) q++;
    const afterName = skipSpace(text, q);
    if (text[afterName] !== '=') continue;
    q = skipSpace(text, afterName + 1);
    const quote = text[q];
    if (quote === '"' || quote === "'") {
      const close = text.indexOf(quote, q + 1);
      if (close < 0) throw new Unsure();
      q = close + 1;
    } else if (quote === '{') {
      q = expressionEnd(text, q, false);
    } else {
      throw new Unsure();
    }
  }
}

const atLineEnd = (text: string, q: number): boolean => q >= text.length || text[q] === '\n' || text[q] === '\r';

/**
 * The constructs from `p` (a `{` or `<` that starts a line): flow when they are all the line holds (then the
 * elements they open, less those they close), else a paragraph's. @throws {Unsure}
 */
export function constructs(text: string, p: number): { flow: boolean; delta: number; end: number } {
  let delta = 0;
  let q = p;
  for (;;) {
    if (text[q] === '{') {
      q = expressionEnd(text, q, false);
    } else {
      const t = tagEnd(text, q);
      delta += t.delta;
      q = t.end;
    }
    while (text[q] === ' ' || text[q] === '\t') q++;
    if (atLineEnd(text, q)) return { flow: true, delta, end: q };
    if (text[q] !== '{' && text[q] !== '<') return { flow: false, delta: 0, end: q };
  }
}

/**
 * The offset of the end of the ESM that starts at `p`: the end of the first line before a blank line (or the
 * text's end) where it parses. @throws {Unsure} also past {@link LONGEST_ESM} or {@link MOST_ESM_TRIES}
 * blank lines (micromark parses it again at each: an `export const a = {` that never closes costs it seconds).
 */
export function esmEnd(text: string, p: number): number {
  const lineEnd = /\r\n|\r|\n/g;
  lineEnd.lastIndex = p;
  for (let tries = 0; ; ) {
    const m = lineEnd.exec(text);
    const end = m ? m.index : text.length;
    const next = m ? end + m[0].length : text.length;
    const nextLine = text.slice(next, text.indexOf('\n', next) < 0 ? text.length : text.indexOf('\n', next)).replace(/\r$/, '');
    if (!m || BLANK.test(nextLine)) {
      if (++tries > MOST_ESM_TRIES || end - p > LONGEST_ESM) throw new Unsure();
      const source = text.slice(p, end);
      try {
        acorn().parse(source, ACORN_OPTIONS);
        return end;
      } catch (e) {
        const error = e as { raisedAt?: number; message?: string };
        // Could more lines complete it (an error at its end)? micromark then reads on.
        const swallow = (error.raisedAt ?? 0) >= source.length || /^Unterminated comment/.test(error.message ?? '');
        if (!m || !swallow) throw new Unsure();
      }
    }
    if (!m) throw new Unsure();
  }
}
