/**
 * The parsers of the component frameworks, for alt text in `.vue`, `.svelte` and `.mdx` files: Vue's
 * (`@vue/compiler-dom`, the single-file-component mode), Svelte's (`svelte/compiler`, its modern AST) and
 * MDX's syntax for the Markdown parser (`micromark-extension-mdxjs`, `mdast-util-mdx`). A
 * module of its own, loaded on first use (see {@link componentParsers}): in the extension bundle esbuild makes
 * this file `dist/components.js`, so a Markdown document never pays for them.
 */
export { parse as parseVue } from '@vue/compiler-dom';
export { parse as parseSvelte } from 'svelte/compiler';
export { mdxjs } from 'micromark-extension-mdxjs';
export { mdxFromMarkdown } from 'mdast-util-mdx';
/** The JavaScript parser MDX reads its expressions and ESM with: acorn, extended with JSX (as `micromark-extension-mdxjs` builds it). */
export { Parser as AcornParser } from 'acorn';
export { default as acornJsx } from 'acorn-jsx';
