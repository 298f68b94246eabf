/**
 * Two to four images side by side: their recorded settings as one table, the rows whose values differ
 * marked, and each prompt's words marked where the other prompts lack them. Pure code, no `vscode`: the
 * labels are passed in, in the user's language.
 */
import { formatCost } from '../shared/format';
import { aspectOf, fileName, type EntryDetails, type GalleryEntry } from './entry';

/** The fields compared, in the order of the table (the caller gives each its label). */
export const COMPARED = ['file', 'model', 'maker', 'aspectRatio', 'pixels', 'seed', 'resolution', 'imageSize', 'background', 'outputFormat', 'negativePrompt', 'costUsd', 'variation', 'editedFrom', 'references', 'software', 'modified'] as const;
export type ComparedField = (typeof COMPARED)[number];

/** One row: its field, each image's value (`''` when unknown), and whether they differ. */
export interface CompareRow {
  field: ComparedField;
  values: string[];
  differs: boolean;
}

/** A prompt word and whether some other compared prompt lacks it. */
export interface PromptWord {
  word: string;
  unique: boolean;
}

/** The comparison: the rows, and each image's prompt as words. */
export interface Comparison {
  rows: CompareRow[];
  prompts: PromptWord[][];
}

/** How a value is written in the table: costs in USD, times as `YYYY-MM-DD hh:mm` (UTC). */
function valueOf(e: GalleryEntry, f: ComparedField, maker: (d: EntryDetails | undefined) => string): string {
  const d = e.details;
  switch (f) {
    case 'file':
      return fileName(e);
    case 'maker':
      return maker(d);
    case 'aspectRatio':
      return aspectOf(d) ?? '';
    case 'pixels':
      return d && d.width && d.height ? `${d.width} × ${d.height}` : '';
    case 'costUsd':
      return d?.costUsd !== undefined ? formatCost(d.costUsd) : '';
    case 'references':
      return (d?.references ?? []).join(', ');
    case 'modified':
      return new Date(e.mtime).toISOString().slice(0, 16).replace('T', ' ');
    default: {
      const v = d?.[f];
      return v === undefined ? '' : String(v);
    }
  }
}

/**
 * Compares `entries` (two to four; more are cut to four).
 * @param maker the name of an image's maker, as the view shows it.
 */
export function compare(entries: readonly GalleryEntry[], maker: (d: EntryDetails | undefined) => string): Comparison {
  const shown = entries.slice(0, 4);
  const rows = COMPARED.map((field) => {
    const values = shown.map((e) => valueOf(e, field, maker));
    return { field, values, differs: new Set(values).size > 1 };
  }).filter((r) => r.values.some((v) => v !== ''));
  const wordsOf = (e: GalleryEntry): string[] => (e.details?.prompt ?? '').split(/\s+/).filter(Boolean);
  const sets = shown.map((e) => new Set(wordsOf(e).map((w) => w.toLowerCase())));
  const prompts = shown.map((e, i) => wordsOf(e).map((word) => ({ word, unique: sets.some((s, j) => j !== i && !s.has(word.toLowerCase())) })));
  return { rows, prompts };
}
