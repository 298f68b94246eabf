/**
 * Where a Markdown text can be cut into pieces that parse on their own exactly as they parse in place, found
 * by one scan of its lines (no parse), so that the alt-text finder parses only the pieces that can hold an
 * image. Pure code, no `vscode`.
 *
 * Why a cut is sound (CommonMark 0.31, https://spec.commonmark.org/0.31.2/, as micromark implements it): at a
 * line L that follows a blank line and starts with neither a space nor a tab,
 * - every container is closed: a block quote needs `>` on each line (a blank line without it ends the quote;
 *   laziness continues only a paragraph, and a blank line ended that); a list item or a footnote definition
 *   continues only through lines indented to its content (at least two columns), and L has none;
 * - every leaf is closed but three: a paragraph, a table and an HTML block of kind 6 or 7 end at the blank
 *   line, indented code at a line indented less than four columns. What can stay open is a top-level fenced
 *   code block, a top-level HTML block of kind 1–5 (`<pre`, `<script`, `<style`, `<textarea`, `<!--`, `<?`,
 *   `<!X`, `<![CDATA[`), whose content is raw up to its end, and the front matter.
 * So the text from L on parses as the same blocks as a document that starts at L, and the text before L as
 * the same blocks as a document that ends there, provided none of those three is open at L. The scan follows
 * the set of states the text can be in at the top level: outside (`O`), inside a fence, inside an HTML block
 * of one kind. An opening line whose meaning the scan cannot be sure of — a fence or HTML opener indented one
 * to three spaces (which a list item may hold), or in a run of lines holding `<` or `|` (an HTML block of kind
 * 6 or 7, or a table, may hold it) — leads to both states; a line is cut before only when the state is
 * outside for certain. Definitions (`[label]: url`, `[^note]: …`) are the only state shared across blocks;
 * the finder carries them over (see `findMarkdown.ts`).
 */

/** A piece of the text: `[start, end)` in UTF-16 code units, from a line's start to another's. */
export type Piece = readonly [start: number, end: number];

type State = { kind: 'O' } | { kind: 'F'; char: string; size: number; close: RegExp } | { kind: 'H'; end: RegExp };

const OUTSIDE: State = { kind: 'O' };
const FENCE_OPEN = /^( {0,3})(?:(`{3,})[^`]*|(~{3,}).*)$/;
/** HTML blocks of kinds 1–5: how each opens (after up to three spaces) and the line that ends it. */
const HTML_KINDS: ReadonlyArray<{ open: RegExp; end: RegExp }> = [
  { open: /^( {0,3})<(?:pre|script|style|textarea)(?=[ \t>]|$)/i, end: /<\/(?:pre|script|style|textarea)>/i },
  { open: /^( {0,3})<!--/, end: /-->/ },
  { open: /^( {0,3})<\?/, end: /\?>/ },
  { open: /^( {0,3})<![A-Za-z]/, end: />/ },
  { open: /^( {0,3})<!\[CDATA\[/, end: /\]\]>/ },
];
const BLANK = /^[ \t]*$/;
/** The first line of front matter (micromark-extension-frontmatter: YAML's `---`, TOML's `+++`). */
export const FRONT_MATTER = /^(?:---|\+\+\+)[ \t]*$/;

/**
 * The pieces of a Markdown text, in order, covering it whole: each begins at the text's start or at a line
 * after a blank line that starts with neither a space nor a tab, where nothing is open at the top level for
 * certain. Linear in the text (each line is tested by a few anchored regular expressions that cannot
 * backtrack).
 */
export function markdownPieces(text: string): Piece[] {
  const cuts: number[] = [0];
  let states: State[] = [OUTSIDE];
  let prevBlank = true;
  // A line holding `<` or `|` since the last blank line: an HTML block of kind 6 or 7, or a table, may be open.
  let dirtyRun = false;
  const lineEnd = /\r\n|\r|\n/g;
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let lineNo = 0;
  // Front matter (micromark-extension-frontmatter): `---` or `+++` as the first line and a closing line of
  // the same. Nothing is cut inside it.
  let frontMatterEnd = -1;
  while (at <= text.length) {
    lineEnd.lastIndex = at;
    const m = lineEnd.exec(text);
    const end = m ? m.index : text.length;
    const next = m ? end + m[0].length : text.length + 1;
    const line = text.slice(at, end);
    if (lineNo === 0 && m && FRONT_MATTER.test(line)) {
      // An opening without a closing line is not front matter, but micromark's failed attempt leaves the rest
      // of the document without containers (`> q` and `- a` read as paragraphs): that text is not cut at all.
      const closed = closingOfFrontMatter(text, line.slice(0, 3), next);
      if (closed === undefined) return [[0, text.length]];
      frontMatterEnd = closed;
    }
    const blank = BLANK.test(line);
    if (at >= frontMatterEnd && prevBlank && !blank && line[0] !== ' ' && line[0] !== '\t' && at > 0 && states.length === 1 && states[0].kind === 'O') cuts.push(at);
    if (at >= frontMatterEnd) states = step(states, line, dirtyRun);
    dirtyRun = !blank && (dirtyRun || line.includes('<') || line.includes('|'));
    prevBlank = blank;
    lineNo++;
    at = next;
  }
  return cuts.map((c, i) => [c, i + 1 < cuts.length ? cuts[i + 1] : text.length] as const);
}

/**
 * Where the front matter opened by `fence` (`---` or `+++`, the first line) ends: the offset after its closing
 * line (`text.length + 1` when that line ends the text), or `undefined` when no line closes it.
 * @param from the offset after the opening line.
 */
export function closingOfFrontMatter(text: string, fence: string, from: number): number | undefined {
  const lineEnd = /\r\n|\r|\n/g;
  for (let p = from; p <= text.length;) {
    lineEnd.lastIndex = p;
    const n = lineEnd.exec(text);
    const e = n ? n.index : text.length;
    if (text.startsWith(fence, p) && BLANK.test(text.slice(p + 3, e))) return n ? e + n[0].length : text.length + 1;
    if (!n) return undefined;
    p = e + n[0].length;
  }
  return undefined;
}

/** The states after one line, from the states before it (at most a few: duplicates are dropped). */
function step(states: State[], line: string, dirtyRun: boolean): State[] {
  const out: State[] = [];
  const add = (s: State): void => {
    if (!out.some((o) => same(o, s))) out.push(s);
  };
  for (const s of states) {
    if (s.kind === 'F') {
      // A top-level fence's content is raw: it ends at a closing fence of the same character, at least as long.
      add(s.close.test(line) ? OUTSIDE : s);
      continue;
    }
    if (s.kind === 'H') {
      add(s.end.test(line) ? OUTSIDE : s);
      continue;
    }
    const fence = FENCE_OPEN.exec(line);
    // Sure to open at the top level: no indent (no list item can hold it), and no HTML block or table open.
    const certain = (indent: string): boolean => indent.length === 0 && !dirtyRun;
    if (fence) {
      const seq = fence[2] ?? fence[3];
      add({ kind: 'F', char: seq[0], size: seq.length, close: new RegExp(`^ {0,3}${seq[0]}{${seq.length},}[ \\t]*$`) });
      if (!certain(fence[1])) add(OUTSIDE);
      continue;
    }
    const html = HTML_KINDS.find((k) => k.open.test(line));
    if (html) {
      const open = html.open.exec(line)!;
      const rest = line.slice(open[0].length);
      // Ended on its own line when the end follows the opening; not ended when the line holds no end at all;
      // either, for an end that overlaps the opening (`<!-->`).
      if (html.end.test(rest)) {
        add(OUTSIDE);
      } else {
        add({ kind: 'H', end: html.end });
        if (!certain(open[1]) || html.end.test(line)) add(OUTSIDE);
      }
      continue;
    }
    add(OUTSIDE);
  }
  return out;
}

function same(a: State, b: State): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'F' && b.kind === 'F') return a.char === b.char && a.size === b.size;
  if (a.kind === 'H' && b.kind === 'H') return a.end === b.end;
  return true;
}
