/**
 * Alt text in Markdown and HTML: finding images and their alt text (`findMarkdown.ts` in the pieces of
 * `blocks.ts`, `markdownTree.ts`, `findHtml.ts`, each a `FoundImage` of `foundImage.ts`; off the extension
 * host's thread through `markupWorker.ts`), the Information diagnostics and their Quick Fix (`diagnostics.ts`),
 * **Add missing alt text** for a file or folder (`addAltText.ts` the commands, `run.ts` a run, in the phases of `plan.ts` and
 * `write.ts`), and turning a model's reply into alt text that re-parses as exactly that text (`text.ts`, checked
 * by `check.ts`). Other features use it only through this module.
 */
export { addAltText, generateAltTextAt, improveAltTextAt } from './addAltText';
export { markDecorativeAt } from './decorative';
export type { AddAltTextResult, AltTextDeps } from './run';
export { AltTextDiagnostics } from './diagnostics';
export { disposeMarkupWorker, documentImages, type DocumentImage } from './documentImages';
export { escapeAltText, graphemePrefix, markdownLinks, oneLine } from './text';
