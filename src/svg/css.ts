/**
 * What CSS in a model's SVG may do: nothing that loads a resource. Pure and linear in the text (the
 * sanitizer runs it on every attribute value and `<style>` element, `sanitize.ts`).
 */

/**
 * Whether CSS (a `<style>` element's text, a `style` attribute, a presentation attribute) loads nothing:
 * no `@import`, `url()` only of a local `#id`, none of the other functions that take an image or a URL
 * (`image()`, `image-set()`, `cross-fade()`, `element()`, `src()`), and no backslash escape (which could spell
 * any of them). Comments are ignored. Conservative: a string that merely mentions `url(http…)` is refused too.
 */
export function cssIsSafe(css: string): boolean {
  const text = withoutComments(css);
  if (text.includes('\\') || /@import/i.test(text)) return false;
  // Linear: each `(` is found by indexOf and its function name read backwards over name characters (a
  // regular expression of `[\w-]*\s*\(` backtracked quadratically on 99,000 letters without a parenthesis).
  for (let open = text.indexOf('('); open >= 0; open = text.indexOf('(', open + 1)) {
    let end = open;
    while (end > 0 && /\s/.test(text[end - 1])) end--;
    let start = end;
    while (start > 0 && /[\w-]/.test(text[start - 1]) && end - start <= 32) start--;
    const fn = text.slice(start, end).toLowerCase();
    if (fn === 'url') {
      LOCAL_URL.lastIndex = open + 1;
      if (!LOCAL_URL.test(text)) return false;
    } else if (/^(-webkit-)?(image|image-set|cross-fade|element|src)$/.test(fn)) {
      return false;
    } else if (end - start > 32 && /(url|image|image-set|cross-fade|element|src)$/i.test(text.slice(start, end))) {
      // A name too long to be a CSS function, ending like one: refused rather than read further back.
      return false;
    }
  }
  return true;
}

/** After `url(`: a local `#id`, quoted or not, then `)`; sticky, so it is tried only where it is set. */
const LOCAL_URL = /\s*(["']?)#[A-Za-z_][\w.:-]*\1\s*\)/y;

/** CSS without its comments (an unterminated one runs to the end), each replaced by a space. Linear. */
function withoutComments(css: string): string {
  let at = css.indexOf('/*');
  if (at < 0) return css;
  let out = '';
  let from = 0;
  while (at >= 0) {
    out += `${css.slice(from, at)} `;
    const end = css.indexOf('*/', at + 2);
    if (end < 0) return out;
    from = end + 2;
    at = css.indexOf('/*', from);
  }
  return out + css.slice(from);
}
