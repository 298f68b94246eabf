/**
 * File names for generated and edited images. Pure code, no `vscode`.
 * Names are ASCII, lower case, and never contain a path separator, whatever the prompt says.
 */

/**
 * A short slug of a prompt: lower-case ASCII words joined by `-`, accents folded, at most `maxLength`
 * characters, cut at a word boundary. `"A red fox, at dawn!"` → `"a-red-fox-at-dawn"`.
 * @returns the slug, or `"image"` when nothing usable is left.
 */
export function slugify(prompt: string, maxLength = 40): string {
  const words = prompt
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  let slug = '';
  for (const w of words) {
    const next = slug ? `${slug}-${w}` : w;
    if (next.length > maxLength) {
      if (!slug) slug = w.slice(0, maxLength);
      break;
    }
    slug = next;
  }
  return slug || 'image';
}

/** `YYYYMMDD-HHMMSS` in local time. */
export function timestamp(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/** Base name (no extension) of a generated image: `<slug>-<timestamp>`. */
export function generatedBaseName(prompt: string, when: Date): string {
  return `${slugify(prompt)}-${timestamp(when)}`;
}

/**
 * Candidate names for `base` + `.ext`: `base.ext`, `base-2.ext`, `base-3.ext`, …
 * @param attempt 1 for the first candidate.
 */
export function candidateName(base: string, ext: string, attempt: number): string {
  return attempt <= 1 ? `${base}.${ext}` : `${base}-${attempt}.${ext}`;
}

/**
 * Splits the last segment of a `/`-separated path into name and extension:
 * `/w/images/cat.photo.png` → `{ base: 'cat.photo', ext: 'png' }`; no dot → `ext: ''`.
 */
export function splitFileName(path: string): { base: string; ext: string } {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? { base: name.slice(0, dot), ext: name.slice(dot + 1) } : { base: name, ext: '' };
}
