/**
 * Loads the chat view's translations before any of its text is made: the extension writes
 * `vscode.l10n.bundle` (the strings of VS Code's display language, from `l10n/bundle.l10n.<lang>.json`)
 * as JSON into `<body data-l10n>`; `l10n.t` in the view's modules then returns the translated text. No
 * attribute (English, or no translation shipped) or an unreadable one: the source strings are used.
 * Imported first by `main.ts`, for its side effect.
 *
 * @vscode/l10n: https://github.com/microsoft/vscode-l10n#vscodel10n
 */
import * as l10n from '@vscode/l10n';

const raw = document.body?.dataset.l10n;
if (raw) {
  try {
    const contents = JSON.parse(raw) as unknown;
    if (contents && typeof contents === 'object' && !Array.isArray(contents)) l10n.config({ contents: contents as Record<string, string> });
  } catch {
    // A broken bundle leaves the view in English rather than blank.
  }
}
