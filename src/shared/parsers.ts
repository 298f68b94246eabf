/**
 * The parsers the extension needs only for some features (Markdown and HTML for alt text, EXIF and image
 * headers for image details), in one module that the extension loads on first
 * use (see {@link markupParsers}): in the extension bundle esbuild makes this file the separate
 * `dist/markup.js`, so activation does not pay for micromark and parse5.
 */
export { fromMarkdown } from 'mdast-util-from-markdown';
export { gfm } from 'micromark-extension-gfm';
export { gfmFromMarkdown } from 'mdast-util-gfm';
export { frontmatter } from 'micromark-extension-frontmatter';
export { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
export { normalizeIdentifier } from 'micromark-util-normalize-identifier';
export { parse as parseHtml, parseFragment as parseHtmlFragment } from 'parse5';
export { default as ignore } from 'ignore';
export * as exifr from 'exifr';
export { imageSize } from 'image-size';
export { parse as parseJs } from '@babel/parser';
