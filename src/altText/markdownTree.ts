/**
 * The Markdown tree and its images. Markdown: the CommonMark tree of `mdast-util-from-markdown`
 * (https://github.com/syntax-tree/mdast-util-from-markdown): `image` (`![alt](url "title")`), `imageReference`
 * (`![alt][ref]`, `![ref][]`, `![ref]`, resolved through their `definition`), and `html` nodes, whose `<img>`
 * tags are read as HTML (./findHtml.ts). Code spans and fenced or indented code are not images.
 * Offsets are UTF-16 code units of the given text (what `TextDocument.positionAt` takes).
 */
import type { Html, Image, ImageReference, Nodes, Root } from 'mdast';
import { componentParsers, markupParsers } from '../shared/loadParsers';
import { htmlInMarkdown } from './findHtml';
import type { AltEdit, FoundImage } from './foundImage';

/** Where each image's (or link's) label is: the offsets of its `labelText` token. */
const LABELS = new WeakMap<object, [number, number]>();

let markdownOptions: Parameters<ReturnType<typeof markupParsers>['fromMarkdown']>[1] | undefined;

/**
 * The CommonMark + GFM tree of a Markdown text (`mdast-util-from-markdown` with `micromark-extension-gfm`:
 * tables, footnotes, strikethrough, autolink literals, task lists; and front matter, which holds no
 * images), each image's label offsets recorded.
 * Offsets are those of the text without a leading byte order mark.
 */
export function markdownTree(text: string): Root {
  const { fromMarkdown, gfm, gfmFromMarkdown, frontmatter, frontmatterFromMarkdown } = markupParsers();
  // Built once: making the extensions anew for every parse cost more than parsing a short document.
  // YAML and TOML front matter (`---` … `---`, `+++` … `+++` at the very start) is metadata, not Markdown.
  markdownOptions ??= {
    extensions: [gfm(), frontmatter(['yaml', 'toml'])],
    mdastExtensions: [gfmFromMarkdown(), frontmatterFromMarkdown(['yaml', 'toml']), RECORD_LABELS],
  };
  return fromMarkdown(text, markdownOptions) as Root;
}

/**
 * Records each image's (and link's) label offsets: `labelText` has no handler of its own in from-markdown;
 * on enter, the image (or link) node is under the label's buffer on the stack. Its offsets are where the alt
 * text is written.
 */
const RECORD_LABELS: NonNullable<NonNullable<typeof markdownOptions>['mdastExtensions']>[number] = {
  enter: {
    labelText(token) {
      const node = this.stack[this.stack.length - 2];
      if (node) LABELS.set(node, [token.start.offset, token.end.offset]);
    },
  },
};

let mdxOptions: typeof markdownOptions;

/**
 * The MDX tree of a text (`micromark-extension-mdxjs` and `mdast-util-mdx`: ESM, expressions and JSX, with
 * GFM and front matter as MDX sites use them), each image's label offsets recorded as {@link markdownTree} does.
 * @throws the parser's error on a text that is not MDX (an unclosed `{`, say).
 */
export function mdxTree(text: string): Root {
  const { fromMarkdown, gfm, gfmFromMarkdown, frontmatter, frontmatterFromMarkdown } = markupParsers();
  const { mdxjs, mdxFromMarkdown } = componentParsers();
  mdxOptions ??= {
    extensions: [mdxjs(), gfm(), frontmatter(['yaml', 'toml'])],
    mdastExtensions: [mdxFromMarkdown(), gfmFromMarkdown(), frontmatterFromMarkdown(['yaml', 'toml']), RECORD_LABELS],
  };
  return fromMarkdown(text, mdxOptions) as Root;
}

/**
 * The images of a parsed Markdown text, in source order: `image`, `imageReference` resolved through its
 * `definition` (the first of an identifier wins; one without is no image), and the `<img>` of `html` nodes.
 * @param text the text `tree` was parsed from (a leading byte order mark is allowed).
 * @param tree its {@link markdownTree}.
 */
export function imagesOfTree(text: string, tree: Root): FoundImage[] {
  // micromark drops a leading BOM before counting offsets.
  const shift = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const definitions = new Map<string, string>();
  const images: Array<Image | ImageReference | Html> = [];
  const walk = (node: Nodes): void => {
    if (node.type === 'definition' && !definitions.has(node.identifier)) definitions.set(node.identifier, node.url);
    if (node.type === 'image' || node.type === 'imageReference' || node.type === 'html') images.push(node);
    if ('children' in node) for (const c of node.children) walk(c);
  };
  walk(tree);
  const found: FoundImage[] = [];
  for (const node of images) {
    const start = (node.position?.start.offset ?? 0) + shift;
    const end = (node.position?.end.offset ?? 0) + shift;
    if (node.type === 'html') {
      found.push(...htmlInMarkdown(text, start, end, node.value));
      continue;
    }
    const label = LABELS.get(node);
    if (!label) continue;
    const [ls, le] = [label[0] + shift, label[1] + shift];
    const alt = node.alt ?? '';
    if (node.type === 'image') {
      found.push({ target: node.url, alt, start, end, edit: { start: ls, end: le, before: '', after: '', syntax: 'markdown' } });
      continue;
    }
    const url = definitions.get(node.identifier);
    if (url === undefined) continue;
    // `![alt][ref]` keeps its reference; `![ref][]` and `![ref]` use the label as the reference, so
    // writing alt text turns them into `![alt][ref]`.
    const edit: AltEdit = node.referenceType === 'full'
      ? { start: ls, end: le, before: '', after: '', syntax: 'markdown' }
      : { start, end, before: '![', after: `][${text.slice(ls, le)}]`, syntax: 'markdown' };
    found.push({ target: url, alt, start, end, edit });
  }
  return found;
}
