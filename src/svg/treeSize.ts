/**
 * How big a model's SVG is as a tree: its nesting and element count read from the tags before any parse,
 * the depth the parser built, and how many elements it draws once every `<use>` is expanded. Each is linear
 * and iterative (no recursion), so a hostile document costs its length, not a stack or an exponent: the
 * sanitizer's bounds (`sanitize.ts`) are checked with these.
 */
import { rejected } from './rejection';

/** The XLink namespace, of the `xlink:href` a `<use>` may carry instead of `href`. */
export const XLINK_NS = 'http://www.w3.org/1999/xlink';

/** Deepest element nesting read: drawn SVGs nest a few levels, exported ones rarely past 20; jsdom slows down sharply with depth (`npm run bench`). */
export const MAX_SVG_DEPTH = 64;

/**
 * How deeply `text`'s elements nest, counted from its tags before any parse, stopping past `limit`: a tag is
 * `<name …>` up to the first `>` outside quotes; `</…>` closes one, `…/>` opens none; comments, CDATA
 * sections and processing instructions are skipped. Linear in the length of `text`.
 */
export function nestingDepth(text: string, limit = MAX_SVG_DEPTH): number {
  return scanTags(text, limit).depth;
}

/**
 * {@link nestingDepth}, and how many elements the tags open (self-closing ones included), both from one
 * linear scan that stops once the depth passes `depthLimit` or the count passes `elementLimit`.
 */
export function scanTags(text: string, depthLimit = MAX_SVG_DEPTH, elementLimit = Infinity): { depth: number; elements: number } {
  let depth = 0;
  let max = 0;
  let elements = 0;
  for (let i = text.indexOf('<'); i >= 0 && i < text.length; i = text.indexOf('<', i)) {
    // A processing instruction ends at `?>` (XML 1.0 §2.6), not at its first `>`.
    const skip = text.startsWith('<!--', i) ? '-->' : text.startsWith('<![CDATA[', i) ? ']]>' : text.startsWith('<?', i) ? '?>' : text.startsWith('<!', i) ? '>' : '';
    if (skip) {
      const end = text.indexOf(skip, i + 2);
      if (end < 0) break;
      i = end + skip.length;
      continue;
    }
    // The end of the tag: the first `>` outside a quoted attribute value.
    let j = i + 1;
    let quote = '';
    for (; j < text.length; j++) {
      const c = text[j];
      if (quote) quote = c === quote ? '' : quote;
      else if (c === '"' || c === "'") quote = c;
      else if (c === '>') break;
    }
    if (text[i + 1] === '/') depth--;
    else {
      elements++;
      if (text[j - 1] !== '/') max = Math.max(max, ++depth);
    }
    if (max > depthLimit || elements > elementLimit) return { depth: max, elements };
    i = j + 1;
  }
  return { depth: max, elements };
}

/**
 * How many elements `root` draws with every `<use>` expanded: a use counts its target's elements again.
 * Exact, and linear in the elements: the tree and the uses are walked with an explicit stack (no recursion,
 * siblings by `nextElementSibling`, never jsdom's live `children`), each element's count remembered. A use
 * that reaches an element being counted (itself, an ancestor, or a chain of uses back to either: a cycle,
 * which browsers skip) is refused: no real drawing needs one, and a count cut short by it cannot be remembered.
 * @param limit counting stops once the total passes it (the result is then just over it).
 * @throws {SvgRejectedError} `use-cycle` for a cycle of uses.
 */
export function renderedNodes(root: Element, limit = Number.MAX_SAFE_INTEGER): number {
  const ids = new Map<string, Element>();
  for (let el: Element | null = root; el; el = nextInTree(el, root)) {
    const id = el.getAttribute('id');
    if (id !== null && !ids.has(id)) ids.set(id, el);
  }
  const memo = new Map<Element, number>();
  const open = new Set<Element>();
  interface Frame { el: Element; n: number; next: Element | null; target: Element | undefined }
  const stack: Frame[] = [];
  const push = (el: Element): void => {
    open.add(el);
    const target = el.localName === 'use' ? ids.get((el.getAttribute('href') ?? el.getAttributeNS(XLINK_NS, 'href') ?? '').slice(1)) : undefined;
    stack.push({ el, n: 1, next: el.firstElementChild, target });
  };
  push(root);
  let total = 1;
  for (;;) {
    const f = stack[stack.length - 1];
    let child: Element | undefined;
    if (f.next) {
      child = f.next;
      f.next = child.nextElementSibling;
    } else if (f.target) {
      child = f.target;
      f.target = undefined;
      if (open.has(child)) throw rejected('use-cycle');
    }
    if (child) {
      const known = memo.get(child);
      if (known !== undefined) {
        f.n += known;
        total += known;
        if (total > limit) return total;
      } else {
        push(child);
        if (++total > limit) return total;
      }
      continue;
    }
    stack.pop();
    open.delete(f.el);
    memo.set(f.el, f.n);
    if (stack.length === 0) return f.n;
    stack[stack.length - 1].n += f.n;
  }
}

/** The element after `el` in document order within `root` (depth first), or `null`. */
function nextInTree(el: Element, root: Element): Element | null {
  if (el.firstElementChild) return el.firstElementChild;
  for (let e: Element | null = el; e && e !== root; e = e.parentElement) {
    if (e.nextElementSibling) return e.nextElementSibling;
  }
  return null;
}

/** How deeply `root`'s elements nest as the parser built them (the root is 1). Linear, no recursion. */
export function treeDepth(root: Element): number {
  let max = 0;
  let depth = 1;
  // Down to the first child, across to the next sibling, back up to the nearest ancestor's sibling.
  for (let e: Element | null = root; e; ) {
    max = Math.max(max, depth);
    if (e.firstElementChild) {
      e = e.firstElementChild;
      depth++;
      continue;
    }
    while (e && e !== root && !e.nextElementSibling) {
      e = e.parentElement;
      depth--;
    }
    e = e && e !== root ? e.nextElementSibling : null;
  }
  return max;
}
