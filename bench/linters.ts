/**
 * The linters a web developer already runs for images without alt text, one per component language, as the
 * benchmarks call them: eslint-plugin-jsx-a11y's `alt-text` (JSX/TSX), eslint-plugin-vuejs-accessibility's
 * `alt-text` (Vue), Svelte's compiler (`a11y_missing_attribute`) and eslint-plugin-astro's
 * `astro/jsx-a11y/alt-text` (jsx-a11y's rule on Astro's tree). MDX has none here (remark-lint reads only its
 * Markdown images).
 */
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
// @ts-expect-error -- eslint-plugin-jsx-a11y ships no types
import jsxA11y from 'eslint-plugin-jsx-a11y';
import vueA11y from 'eslint-plugin-vuejs-accessibility';
import * as astroParser from 'astro-eslint-parser';
import * as astroPlugin from 'eslint-plugin-astro';
import { compile as compileSvelte } from 'svelte/compiler';
import vueParser from 'vue-eslint-parser';

/** A component language a linter is run on. */
export type LintedLang = 'jsx' | 'vue' | 'svelte' | 'astro';

/** What a linter said of one file: the lines (1-based) it reports as missing alt text, or why it could not read the file. */
export type LintResult = { lines: Set<number> } | { error: string };

/**
 * Lints `text` as a file named `name` (its extension picks the parser: `.tsx`/`.ts` TypeScript's, else espree's
 * with JSX). `components` are the component names read as `<img>` (jsx-a11y's and vuejs-accessibility's `img`
 * option; Svelte's compiler reads only `<img>`).
 */
export function lint(lang: LintedLang, text: string, name: string, components: readonly string[] = ['Image']): LintResult {
  const linter = new Linter();
  // The file's own `eslint-disable` comments name rules of plugins not loaded here: they are not read.
  const linterOptions = { noInlineConfig: true, reportUnusedDisableDirectives: 'off' as const };
  const lines = (messages: Linter.LintMessage[]): LintResult => {
    const unread = messages.find((m) => m.fatal || m.message.startsWith('No matching configuration'));
    // The rest with no rule are notes on the file's own directives (which are not read here).
    return unread ? { error: `${unread.line}: ${unread.message}` } : { lines: new Set(messages.filter((m) => m.ruleId !== null).map((m) => m.line)) };
  };
  const img = components.filter((c) => c !== 'img');
  switch (lang) {
    case 'jsx': {
      const typescript = /\.tsx?$/.test(name);
      return lines(linter.verify(text, [{ files: ['**/*.js', '**/*.jsx', '**/*.ts', '**/*.tsx'], linterOptions, plugins: { 'jsx-a11y': jsxA11y }, languageOptions: { ...(typescript ? { parser: tseslint.parser } : {}), parserOptions: { ecmaFeatures: { jsx: true } } }, rules: { 'jsx-a11y/alt-text': ['error', { img }] } }], name));
    }
    case 'vue':
      return lines(linter.verify(text, [{ files: ['**/*.vue'], linterOptions, plugins: { 'vuejs-accessibility': vueA11y }, languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser } }, rules: { 'vuejs-accessibility/alt-text': ['error', { img }] } }], name));
    case 'svelte':
      try {
        return { lines: new Set(compileSvelte(text, { generate: false, filename: name }).warnings.filter((w) => w.code === 'a11y_missing_attribute' && w.message.startsWith('`<img>`')).map((w) => w.start!.line)) };
      } catch (e) {
        return { error: (e as Error).message.split('\n')[0] };
      }
    case 'astro':
      return lines(linter.verify(text, [{ files: ['**/*.astro'], linterOptions, plugins: { astro: astroPlugin, 'jsx-a11y': jsxA11y }, languageOptions: { parser: astroParser, parserOptions: { parser: tseslint.parser, sourceType: 'module', ecmaVersion: 'latest' } }, rules: { 'astro/jsx-a11y/alt-text': ['error', { img }] } }], name));
  }
}
