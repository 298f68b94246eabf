/**
 * One image found in a Markdown or HTML document (where it is, its alt text, the edit that writes a new one),
 * and what is decided from it alone: whether it lacks alt text, whether a text can hold an image at all, how
 * its target is treated, and the words around it. Pure code, no `vscode`.
 * Offsets are UTF-16 code units of the given text (what `TextDocument.positionAt` takes).
 */

import { DEFAULT_IMAGE_COMPONENTS } from '../shared/settingRanges';

/** How a document is parsed: Markdown (CommonMark + GFM, HTML inside it), HTML, JSX/TSX, a Vue, Svelte or Astro component, MDX. */
export type Markup = 'markdown' | 'html' | 'jsx' | 'vue' | 'svelte' | 'astro' | 'mdx';

/**
 * Which document the alt text lands in, which decides how it is escaped: `markdown` for a Markdown
 * document (a label, or an attribute of HTML inside Markdown), `html` for an HTML document, `jsx` for a
 * JSX string attribute (in MDX too), `vue`, `svelte` and `astro` for an attribute of their templates, `mdx` for a
 * Markdown label in MDX.
 */
export type AltSyntax = Markup;

/** The edit that sets an image's alt text: replace `[start, end)` with `before + escaped alt + after`. */
export interface AltEdit {
  start: number;
  end: number;
  before: string;
  after: string;
  syntax: AltSyntax;
}

/** One image of a document. */
export interface FoundImage {
  /** The destination as written, with Markdown escapes and character references decoded (not percent-decoded). */
  target: string;
  /** The current alt text (`''` when missing or empty). For `![ref]` and `![ref][]` it is the label, as CommonMark says. */
  alt: string;
  /**
   * An `<img>` marked decorative (`alt=""` written out, `aria-hidden="true"`, `role="presentation"` or `role="none"`): it needs no
   * alt text (WCAG technique H67), and none is written.
   */
  decorative?: boolean;
  /** Alt given by an expression or a spread (JSX, Vue, Svelte, MDX): there is no text to write or improve. */
  bound?: boolean;
  /** Offsets of the whole reference (`![…](…)`, `<img …>`) in the text: the diagnostic's range. */
  start: number;
  end: number;
  edit: AltEdit;
}

/** True when the image has no alt text, or only white space, and is not marked decorative. */
export function lacksAltText(image: FoundImage): boolean {
  return !image.decorative && image.alt.trim() === '';
}

/** `<img` or `<image` (parse5 reads an `<image>` start tag as `<img>`, as browsers do), in any case. */
export const HTML_IMAGE = /<im(?:g|age)/i;

/**
 * Whether `text` can hold an image at all, from what every image needs in its source: in Markdown `![` (an
 * inline, full, collapsed or shortcut reference image starts with it, the two characters side by side; an
 * entity such as `&#33;` is never syntax) or raw HTML's `<img`/`<image`; in HTML the latter; in JSX, Vue,
 * Svelte, Astro and MDX `<` and the name of one of the image components (`<img`, `<Image`, `<NuxtImg` or
 * `<nuxt-img`…, in any case, not followed by more of a name; in JSX white space or a comment may come
 * between), and in MDX `![` too. A text without them holds no image, so it is not parsed (most documents of a
 * folder run hold none; so do most components). Linear: `indexOf` and one regular expression that cannot
 * backtrack.
 * @param components the image components of JSX, Vue, Svelte, Astro and MDX (default {@link DEFAULT_IMAGE_COMPONENTS}).
 */
export function mayHoldImages(text: string, markup: Markup, components: readonly string[] = DEFAULT_IMAGE_COMPONENTS): boolean {
  if (markup === 'jsx' || markup === 'vue' || markup === 'svelte' || markup === 'astro') return componentStart(components).test(text);
  if (markup === 'mdx') return text.includes('![') || componentStart(components).test(text);
  return (markup === 'markdown' && text.includes('![')) || HTML_IMAGE.test(text);
}

let lastStart: { key: string; pattern: RegExp } | undefined;

/**
 * `<` and one of `components` where the name ends, in any case and with any `-` between its characters (so every
 * kebab-case form an element may take, `nuxt-img` for `NuxtImg`, is matched, and more).
 */
function componentStart(components: readonly string[]): RegExp {
  const key = components.join('\n');
  if (lastStart?.key !== key) {
    const names = [...new Set(components.map((c) => c.toLowerCase()))].map((c) => [...c].map((ch) => ch.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')).join('-?'));
    // JSX allows white space and comments between `<` and the name (`< img`, `</* c */img`).
    lastStart = { key, pattern: new RegExp(`<(?:\\s|/\\*(?:[^*]|\\*(?!/))*\\*/|//[^\\n\\r]*[\\n\\r])*(?:${names.join('|')})(?![\\w$.:-])`, 'i') };
  }
  return lastStart.pattern;
}

/** How an image's target is to be treated. */
export type TargetKind =
  | { kind: 'path'; path: string; fromRoot: boolean }
  | { kind: 'skip'; reason: string };

/**
 * Classifies an image destination: a path (percent-decoded, without `?query` or `#fragment`; `fromRoot`
 * for `/…`, which is relative to the workspace folder), or a reason it is not described: a remote
 * (`http:`, `https:`, `//host`) or `data:` image, another scheme, or an empty target.
 */
export function classifyTarget(target: string): TargetKind {
  const t = target.trim();
  if (t === '') return { kind: 'skip', reason: 'no image path' };
  if (/^(https?:)?\/\//i.test(t)) return { kind: 'skip', reason: 'remote image (not sent)' };
  if (/^data:/i.test(t)) return { kind: 'skip', reason: 'data: URL image (not sent)' };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(t);
  // One letter is a Windows drive (C:\…), not a scheme.
  if (scheme && scheme[1].length > 1) return { kind: 'skip', reason: `${scheme[1].toLowerCase()}: link, not a workspace file` };
  let path = t.replace(/[?#].*$/s, '');
  try {
    path = decodeURIComponent(path);
  } catch {
    // A stray `%` is part of the name.
  }
  path = path.replace(/\\/g, '/');
  return { kind: 'path', path: path.replace(/^\/+/, ''), fromRoot: path.startsWith('/') };
}

/**
 * The text around `[start, end)`, white space collapsed, at most about `chars` characters: sent with the
 * image so that the alt text is written in the document's language and fits its context.
 */
export function surroundingText(text: string, start: number, end: number, chars = 600): string {
  const half = Math.floor(chars / 2);
  const before = text.slice(Math.max(0, start - half), start);
  const after = text.slice(end, end + half);
  return `${before}[image]${after}`.replace(/\s+/g, ' ').trim();
}
