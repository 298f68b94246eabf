/**
 * The template parsers of the component frameworks, for alt text in `.vue` and `.svelte` files: Vue's
 * (`@vue/compiler-dom`, the single-file-component mode) and Svelte's (`svelte/compiler`, its modern AST). A
 * module of its own, loaded on first use (see {@link componentParsers}): in the extension bundle esbuild makes
 * this file `dist/components.js`, so a Markdown document never pays for them.
 */
export { parse as parseVue } from '@vue/compiler-dom';
export { parse as parseSvelte } from 'svelte/compiler';
