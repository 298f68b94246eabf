/**
 * The SVG sanitizer's results and refusals, shared by the worker that sanitizes (`sanitize.ts`) and the
 * extension side that asks it (`sanitizeInWorker.ts`). Pure code, no `vscode`.
 */

/**
 * Characters of SVG the sanitizer reads; a longer one is refused (`too-large`). Icons and illustrations that
 * models draw are 2–50 KB; at this limit the worst SVG (thousands of tiny elements) takes about half a second
 * in the worker (`npm run bench`), because jsdom builds a full DOM node for each element.
 */
export const MAX_SVG_CHARS = 100_000;

/**
 * Most elements read: a drawing a model makes has hundreds to a few thousand; jsdom takes about 0.1 ms and
 * 5 KB for each, twice over (the fixed point), so 24,999 empty `<g/>` took 2.4 s and 137 MB (`npm run bench`).
 */
export const MAX_SVG_ELEMENTS = 8_000;

/**
 * Elements an SVG may draw once every `<use>` is expanded. Uses of groups of uses multiply (ten uses of a group
 * of ten uses …: a "use bomb"), which can freeze whatever draws the file; an SVG over this is refused.
 */
export const MAX_RENDERED_NODES = 50_000;

/** What the sanitizer took out: an element (or comment, CDATA section) or an attribute of an element. */
export interface Removal {
  kind: 'element' | 'attribute';
  /** The element's or attribute's name as written (`script`, `onload`, `xlink:href`, `#comment`). */
  name: string;
  /** For an attribute: the element it was on. */
  on?: string;
}

/** A sanitized SVG document. */
export interface SanitizedSvg {
  /** The serialized document (XML, UTF-8 when encoded), without an XML declaration. */
  svg: string;
  removed: Removal[];
}

/** Why an SVG was refused; the host turns the code into a message for the user. */
export type SvgRejection = 'no-svg' | 'too-large' | 'too-deep' | 'too-complex' | 'use-cycle' | 'too-many-elements' | 'not-well-formed' | 'not-svg' | 'unsafe';

/**
 * Thrown for an SVG that cannot be used. `detail`: the XML parser's message, for `not-well-formed`;
 * `message`: the user's message (the host's, localized), else the code and detail.
 */
export class SvgRejectedError extends Error {
  override readonly name = 'SvgRejectedError';
  constructor(
    readonly code: SvgRejection,
    readonly detail = '',
    message?: string,
  ) {
    super(message ?? (detail ? `${code}: ${detail}` : code));
  }
}

/** A refusal by its code: the extension side words it for the user, in the user's language (`sanitizeInWorker.ts`). */
export const rejected = (code: SvgRejection, detail = ''): SvgRejectedError => new SvgRejectedError(code, detail);
