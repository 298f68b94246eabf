/**
 * Finds the images of a Markdown text. A text without image syntax is not parsed ({@link mayHoldImages}); a
 * longer one is cut into pieces that parse alone as in place (./blocks.ts) and only those that can hold an
 * image are parsed, each remembered by its text for the next pass ({@link findInPieces}); a short one is
 * parsed whole (./markdownTree.ts). Pure code, no `vscode`, no network.
 */
import type { Nodes, Root } from 'mdast';
import { markupParsers } from '../shared/loadParsers';
import { markdownPieces, type Piece } from './blocks';
import { mayHoldImages, type FoundImage } from './foundImage';
import { imagesOfTree, markdownTree } from './markdownTree';

/**
 * Every image of a Markdown text, in source order. A text that {@link mayHoldImages} says holds none is not
 * parsed; of a longer text only the pieces that can hold an image are ({@link findInPieces}).
 * @param text the document's text (a leading byte order mark is allowed).
 * @param tree its {@link markdownTree}, when the caller has it already.
 */
export function findMarkdownImages(text: string, tree?: Root): FoundImage[] {
  if (!tree && !mayHoldImages(text, 'markdown')) return [];
  if (!tree) {
    const inPieces = findInPieces(text);
    if (inPieces) return inPieces;
  }
  return imagesOfTree(text, tree ?? markdownTree(text));
}

/** Texts shorter than this are parsed whole: cutting them saves less than it costs. */
const PIECES_FROM_CHARS = 2 * 1024;

/**
 * The images of a Markdown text from the pieces that can hold one ({@link markdownPieces}), each parsed on
 * its own, or `undefined` when the text is short, is one piece, or its definitions cannot be carried over.
 * A piece's parse depends on the rest of the document only through the definitions (`[label]: url`, and GFM's
 * `[^note]: …`) whose identifier a label in the piece has: those are found (in the pieces with `]:` and that
 * label), written before the piece as definitions of their own (`[id]: <url>`, checked to read back as the same
 * identifiers and URLs), and their URLs resolve the references as in the whole document (the first definition
 * of an identifier wins). The result equals the whole text's parse (checked in the tests on every corpus).
 */
function findInPieces(text: string): FoundImage[] | undefined {
  return text.length < PIECES_FROM_CHARS ? undefined : findMarkdownImagesInPieces(text);
}

/** {@link findInPieces} at any length (for the tests, which prove it equal to the whole parse on short texts too). */
export function findMarkdownImagesInPieces(text: string): FoundImage[] | undefined {
  const pieces = markdownPieces(text);
  if (pieces.length < 2) return undefined;
  const withImages = pieces.filter((p) => mayHoldImages(text.slice(p[0], p[1]), 'markdown'));
  if (withImages.length === 0) return [];
  const { normalizeIdentifier } = markupParsers();
  // Identifier → a label as the piece writes it (written back as is, it normalizes to the same identifier).
  const wanted = new Map<string, string>();
  for (const p of withImages) for (const [id, raw] of labelIdentifiers(text, p, normalizeIdentifier)) if (!wanted.has(id)) wanted.set(id, raw);
  // The definitions of those identifiers, in document order, each identifier's first.
  const definitions = new Map<string, string>();
  const notes = new Set<string>();
  for (const p of pieces) {
    const piece = text.slice(p[0], p[1]);
    if (!piece.includes(']:') || ![...labelIdentifiers(text, p, normalizeIdentifier).keys()].some((id) => wanted.has(id))) continue;
    walkDefinitions(markdownTree(p[0] === 0 ? piece : `\n${piece}`), (id, url) => {
      if (wanted.has(id) && !definitions.has(id)) definitions.set(id, url);
    }, (id) => {
      // A note `[^x]` is called by the label `^x`.
      if (wanted.has(`^${id}`)) notes.add(id);
    });
  }
  const written = [...definitions].map(([id, url]) => `[${wanted.get(id)}]: <${[...url].map((c) => (/[A-Za-z0-9]/.test(c) ? c : `&#x${c.codePointAt(0)!.toString(16)};`)).join('')}>`)
    .concat([...notes].map((id) => `[${wanted.get(`^${id}`)}]: .`)).join('\n');
  if (written && !readsBack(written, definitions, notes)) return undefined;
  const found: FoundImage[] = [];
  for (const p of withImages) {
    const piece = text.slice(p[0], p[1]);
    // The first piece keeps its place (front matter, a byte order mark): the definitions follow it, as the
    // piece ends where nothing is open. Any other piece follows them (or one blank line, so that it is not
    // taken for front matter).
    const head = p[0] === 0 ? '' : written ? `${written}\n\n` : '\n';
    const whole = p[0] === 0 ? (written ? `${piece}\n\n${written}\n` : piece) : head + piece;
    const shift = p[0] - head.length;
    for (const img of parsePiece(whole)) {
      if (img.start < head.length || img.end > head.length + piece.length) continue;
      found.push({ ...img, start: img.start + shift, end: img.end + shift, edit: { ...img.edit, start: img.edit.start + shift, end: img.edit.end + shift } });
    }
  }
  return found;
}

/** The images of pieces parsed lately, by their text (with the definitions written before them): at most this many characters. */
const PIECES_KEPT_CHARS = 4_000_000;
const parsedPieces = new Map<string, FoundImage[]>();
let parsedChars = 0;

/** Forgets the pieces parsed (for the benchmark, which measures a first parse). */
export function forgetParsedPieces(): void {
  parsedPieces.clear();
  parsedChars = 0;
}

/**
 * The images of one piece's text, from {@link parsedPieces} when that text was parsed lately: a pass after an
 * edit parses only the pieces the edit touched (a parse is a function of the text alone).
 */
function parsePiece(whole: string): FoundImage[] {
  const hit = parsedPieces.get(whole);
  if (hit) {
    parsedPieces.delete(whole);
    parsedPieces.set(whole, hit);
    return hit;
  }
  const found = imagesOfTree(whole, markdownTree(whole));
  if (whole.length <= PIECES_KEPT_CHARS / 4) {
    parsedPieces.set(whole, found);
    parsedChars += whole.length;
    for (const [k] of parsedPieces) {
      if (parsedChars <= PIECES_KEPT_CHARS) break;
      parsedPieces.delete(k);
      parsedChars -= k.length;
    }
  }
  return found;
}

/**
 * The identifiers a label in `text[piece]` can have, each with a label that has it: for each unescaped `]`, the text back to the nearest
 * unescaped `[` (a label holds no unescaped bracket), normalized as micromark normalizes labels; a label over
 * lines also without the `>` that begin its lines (inside a block quote micromark does not see them). Linear:
 * each character is looked at once or twice.
 */
function labelIdentifiers(text: string, [start, end]: Piece, normalize: (s: string) => string): Map<string, string> {
  const out = new Map<string, string>();
  const add = (raw: string): void => {
    const id = normalize(raw).toLowerCase();
    if (!out.has(id)) out.set(id, raw);
  };
  const escaped = (i: number): boolean => {
    let n = 0;
    while (i - 1 - n >= start && text.charCodeAt(i - 1 - n) === 0x5c) n++;
    return n % 2 === 1;
  };
  let lastClose = start - 1;
  for (let i = start; i < end; i++) {
    if (text.charCodeAt(i) !== 0x5d || escaped(i)) continue;
    let open = -1;
    for (let j = i - 1; j > lastClose && j >= i - 1000; j--) {
      if (text.charCodeAt(j) === 0x5b && !escaped(j)) {
        open = j;
        break;
      }
    }
    lastClose = i;
    if (open < 0) continue;
    const raw = text.slice(open + 1, i);
    add(raw);
    if (/[\r\n]/.test(raw)) add(raw.replace(/(\r\n|\r|\n)[ \t>]*/g, '$1'));
  }
  return out;
}

/** Calls `definition` for each `[label]: url` of a tree and `note` for each `[^label]: …`, in order (identifiers as mdast has them). */
function walkDefinitions(tree: Root, definition: (id: string, url: string) => void, note: (id: string) => void): void {
  const walk = (node: Nodes): void => {
    if (node.type === 'definition') definition(node.identifier, node.url);
    if (node.type === 'footnoteDefinition') note(node.identifier);
    if ('children' in node) for (const c of node.children) walk(c);
  };
  walk(tree);
}

/** Whether the written definitions parse as exactly the identifiers and URLs they were written for. */
function readsBack(written: string, definitions: Map<string, string>, notes: Set<string>): boolean {
  const got = new Map<string, string>();
  const gotNotes = new Set<string>();
  walkDefinitions(markdownTree(written), (id, url) => {
    if (!got.has(id)) got.set(id, url);
  }, (id) => gotNotes.add(id));
  return got.size === definitions.size && [...definitions].every(([id, url]) => got.get(id) === url)
    && gotNotes.size === notes.size && [...notes].every((id) => gotNotes.has(id));
}
