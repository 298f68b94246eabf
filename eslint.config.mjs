// @ts-check
/**
 * Lint: ESLint's and typescript-eslint's recommended rules on the extension, its tests and benches (`npm test`
 * runs it).
 * The `eslint-disable` comments in the code name a rule of this set and say why.
 */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', '.vscode-test/**', 'node_modules/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      // Unused names are errors, but a leading underscore marks one kept on purpose (a destructured field left out).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    // One idea per function in the extension: at most 80 lines of code (a dispatch over a message union, which
    // reads as a table, says so where it is exempt).
    files: ['src/**/*.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }] },
  },
  {
    // Tests and benches read loosely typed replies (a fake server's JSON, the extension's test API).
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
