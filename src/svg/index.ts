/**
 * Generate SVG: a text model draws one SVG document, the extension sanitizes it (DOMPurify's SVG profile in
 * a worker with jsdom, plus its own rules for references and CSS) before anything shows or saves it, and saves
 * it with its provenance. The chat view's SVG turns and the automation use it only through this module.
 */
export { disposeSvgSanitizer, drawSvg, generateSvgFile, removalSummary, saveSvg, svgQuestion, svgSanitizer, type DrawnSvg, type SvgArgs, type SvgProvenance } from './svgFiles';
export { SVG_MAX_TOKENS, svgMessages } from './prompt';
export { MAX_SVG_CHARS, SvgRejectedError, type Removal } from './rejection';
