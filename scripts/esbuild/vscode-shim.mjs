// The one place the extension bundle requires `vscode` (see `oneVscodeImport` in esbuild.mjs).
export * from 'vscode';
