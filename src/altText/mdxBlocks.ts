/**
 * Where an MDX text can be cut into pieces that parse on their own as they parse in place, found by one scan
 * of its lines that reads MDX's own constructs as `micromark-extension-mdxjs` reads them, so that the alt-text
 * finder parses only the pieces that can hold an image (or hold the imports their images use). Pure code, no
 * `vscode`. The Markdown counterpart, and why a cut after a blank line before an unindented line is sound for
 * CommonMark's containers and leaves, is in `blocks.ts`; MDX has no indented code and no HTML, and adds what
 * can stay open across a blank line (https://mdxjs.com/docs/what-is-mdx/#syntax):
 * - a fenced code block at any indentation (without indented code, an indented fence is a fence): one at the
 *   start of a line is at the top level and ends at its closing fence; an indented one, or one after a list
 *   marker, may be in a list item (which ends it at a line indented less) or not, so the scan gives up when a
 *   line is indented less than it before its closing fence, and a fence in a block quote ends the cutting;
 * - an expression (`{…}`) or a JSX tag (`<Tabs title="a">`, over lines and blank lines) that starts a line,
 *   which ends where MDX ends it (`mdxConstructs.ts`); a line of such constructs and white space only is flow
 *   (a tag opens or closes an element), anything else after them makes the line a paragraph's, whose JSX
 *   closes in the paragraph;
 * - a JSX element: a piece never ends inside one (elements opened by flow tags are counted), as a piece with
 *   an unclosed element does not parse;
 * - ESM (`import`/`export` at the start of a line, after a blank line), which ends at the first blank line
 *   where what it holds parses as a module (`mdxConstructs.ts`).
 * Definitions (`[x]: /a.png`) are the only state shared across blocks: a text with `]:` outside code is not cut
 * (the finder parses it whole). Whatever the scan cannot be sure of (a tab before a fence, a tag it cannot read,
 * a construct in a block quote over lines, `import` right after a line) ends the cutting: the rest is one piece.
 * The result is checked equal to the whole text's parse in the tests, on generated texts of all of these.
 */
import { closingOfFrontMatter, FRONT_MATTER } from './blocks';
import { constructs, esmEnd, Unsure } from './mdxConstructs';

/** A piece of the text, `[start, end)` in UTF-16 code units from a line's start to another's, and whether it holds ESM. */
export interface MdxPiece {
  start: number;
  end: number;
  esm: boolean;
}

/** The offset after the line ending at or after `q` (the text's length at its end). */
function afterLine(text: string, q: number): number {
  const m = /\r\n|\r|\n/g;
  m.lastIndex = q;
  const found = m.exec(text);
  return found ? found.index + found[0].length : text.length;
}

const BLANK = /^[ \t]*$/;
const FENCE_OPEN = /^(?:(`{3,})[^`]*|(~{3,}).*)$/;
const LIST_MARKER = /^(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)/;
const ESM_START = /^(?:import|export) /;
const ESM_LINE = /^(?:import|export) /m;

/** A definition (`[x]: /a.png`), which a piece may use from another: the text is not cut. */
class HasDefinition extends Error {}

/** The scan of one text: where it is, what is open, and the cuts and ESM found so far. */
class Scan {
  readonly cuts: number[] = [0];
  readonly esm: number[] = [];
  at: number;
  private prevBlank = true;
  /** The line before was prose (a paragraph's, which an `import` line continues: ESM does not interrupt one). */
  private prevProse = false;
  /** Elements opened by flow tags and not closed yet. */
  private depth = 0;
  private fence: { char: string; size: number; indent: number } | undefined;

  constructor(private readonly text: string, at: number) {
    this.at = at;
  }

  /** Reads the line at {@link at} (and the lines a construct it starts spans) and moves past it. @throws {Unsure} {HasDefinition} */
  line(): void {
    const { text } = this;
    const next = afterLine(text, this.at);
    const line = text.slice(this.at, next).replace(/\r?\n$|\r$/, '');
    const blank = BLANK.test(line);
    const indent = /^[ \t]*/.exec(line)![0];
    if (this.fence) {
      if (!blank) this.inFence(line, indent);
      this.prevBlank = blank;
      this.at = next;
      return;
    }
    if (blank) {
      this.prevBlank = true;
      this.prevProse = false;
      this.at = next;
      return;
    }
    if (this.prevBlank && this.at > 0 && indent === '' && this.depth === 0) this.cuts.push(this.at);
    const after = { blank: this.prevBlank, prose: this.prevProse };
    this.prevBlank = false;
    this.prevProse = false;
    if (line.includes(']:')) throw new HasDefinition();
    this.at = this.content(line, indent, after) ?? next;
  }

  /** A line in a fence: its closing fence ends it; an indented fence's line indented less ends the cutting. */
  private inFence(line: string, indent: string): void {
    const fence = this.fence!;
    if (fence.indent > 0 && (indent.includes('\t') || indent.length < fence.indent)) throw new Unsure();
    const rest = line.slice(indent.length);
    if (rest.startsWith(fence.char.repeat(fence.size)) && BLANK.test(rest.replace(new RegExp(`^\\${fence.char}+`), ''))) this.fence = undefined;
  }

  /** A line outside fences: where the scan goes on (`undefined`: the next line). */
  private content(line: string, indent: string, before: { blank: boolean; prose: boolean }): number | undefined {
    const { text, at } = this;
    let rest = line.slice(indent.length);
    if (rest.startsWith('>')) {
      this.quoted(line, rest);
      return undefined;
    }
    let contentIndent = indent.includes('\t') ? -1 : indent.length;
    const marker = LIST_MARKER.exec(rest);
    if (marker) {
      rest = rest.slice(marker[0].length);
      contentIndent = contentIndent < 0 || marker[0].includes('\t') ? -1 : indent.length + marker[0].length;
    }
    const open = FENCE_OPEN.exec(rest);
    if (open) {
      if (contentIndent < 0) throw new Unsure();
      const seq = open[1] ?? open[2];
      this.fence = { char: seq[0], size: seq.length, indent: contentIndent };
      return undefined;
    }
    if (rest.startsWith('{') || rest.startsWith('<')) {
      const run = constructs(text, at + line.length - rest.length);
      if (!run.flow) return undefined;
      this.depth += run.delta;
      if (this.depth < 0) throw new Unsure();
      return afterLine(text, run.end);
    }
    if (ESM_START.test(line) && !before.prose) {
      // ESM does not interrupt a paragraph; after a heading or a tag it would start here: the scan does not follow that.
      if (!before.blank) throw new Unsure();
      this.esm.push(at);
      return afterLine(text, esmEnd(text, at));
    }
    this.prevProse = /^[\p{L}\p{N}]/u.test(rest) && !marker;
    return undefined;
  }

  /** A block quote's line: what it holds closes in it; a fence or a construct over lines there ends the cutting. */
  private quoted(line: string, rest: string): void {
    const inner = rest.replace(/^(?:>[ \t]?)+/, '').replace(/^[ \t]+/, '');
    if (FENCE_OPEN.test(inner) || /^(?:[-*+]|\d{1,9}[.)])[ \t]+(?:`{3}|~{3})/.test(inner)) throw new Unsure();
    if ((inner.startsWith('{') || inner.startsWith('<')) && constructs(this.text, this.at + line.length - inner.length).end > this.at + line.length) throw new Unsure();
  }
}

/**
 * The pieces of an MDX text, in order, covering it whole, or `undefined` when it holds definitions (which a
 * piece may use from another: the text is read whole). Linear in the text but for acorn's parse of each
 * expression's candidates and of each ESM block (bounded in `mdxConstructs.ts`).
 */
export function mdxPieces(text: string): MdxPiece[] | undefined {
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const firstEnd = afterLine(text, at);
  const first = text.slice(at, firstEnd).replace(/\r?\n$|\r$/, '');
  if (FRONT_MATTER.test(first) && firstEnd < text.length) {
    const closed = closingOfFrontMatter(text, first.slice(0, 3), firstEnd);
    if (closed === undefined) return [{ start: 0, end: text.length, esm: ESM_LINE.test(text) }];
    at = Math.min(closed, text.length);
  }
  const scan = new Scan(text, at);
  try {
    while (scan.at < text.length) scan.line();
  } catch (e) {
    if (e instanceof HasDefinition) return undefined;
    if (!(e instanceof Unsure)) throw e;
    // The rest is one piece, which may hold ESM, or a definition that an earlier piece uses.
    const rest = text.slice(scan.cuts[scan.cuts.length - 1]);
    if (rest.includes(']:')) return undefined;
    if (ESM_LINE.test(rest)) scan.esm.push(scan.cuts[scan.cuts.length - 1]);
  }
  const { cuts, esm } = scan;
  return cuts.map((c, i) => {
    const end = i + 1 < cuts.length ? cuts[i + 1] : text.length;
    return { start: c, end, esm: esm.some((e) => e >= c && e < end) };
  });
}
