/**
 * Finding images in the gallery's index: free text over the prompt and the path, the negative prompt only
 * when asked for, filters (model, maker, date range, aspect ratio, folder), a sort, and the facets and
 * totals beside the filters. Pure code, no `vscode`; a query over 10,000 entries costs a few milliseconds
 * (`npm run bench`), so it runs on every keystroke.
 */
import { aspectOf, makerOf, type GalleryEntry, type Maker } from './entry';

/** How results are ordered: newest first, dearest first, or by path. */
export type GallerySort = 'date' | 'cost' | 'name';

/** A query; every field left out matches everything. */
export interface GalleryQuery {
  /** Words that must all appear (case-insensitive) in the prompt or the path; never in the negative prompt. */
  text?: string;
  /** Words that must all appear in the negative prompt (AUTOMATIC1111, ComfyUI, SwarmUI, Fooocus). */
  negative?: string;
  /** The model, exactly as recorded. */
  model?: string;
  maker?: Maker;
  /** Modified at or after, in milliseconds since the epoch. */
  since?: number;
  /** Modified at or before, in milliseconds since the epoch. */
  until?: number;
  /** As {@link aspectOf} gives it (`16:9`). */
  aspectRatio?: string;
  /** A workspace-relative folder: only images at any depth under it. */
  folder?: string;
  sort?: GallerySort;
  /** At most this many results. */
  limit?: number;
}

/** The words of a search text: lower case, split on white space. */
function words(text: string | undefined): string[] {
  return (text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
}

/** The lower-cased text an entry is searched by, made once per entry. */
const haystacks = new WeakMap<GalleryEntry, { text: string; negative: string }>();
function haystackOf(e: GalleryEntry): { text: string; negative: string } {
  let h = haystacks.get(e);
  if (!h) {
    h = { text: `${e.details?.prompt ?? ''}\n${e.path}`.toLowerCase(), negative: (e.details?.negativePrompt ?? '').toLowerCase() };
    haystacks.set(e, h);
  }
  return h;
}

/** Whether `e` matches every filter of `q` (the sort and the limit aside). */
export function matches(e: GalleryEntry, q: GalleryQuery, textWords = words(q.text), negativeWords = words(q.negative)): boolean {
  const d = e.details;
  if (q.model !== undefined && d?.model !== q.model) return false;
  if (q.maker !== undefined && makerOf(d) !== q.maker) return false;
  if (q.since !== undefined && e.mtime < q.since) return false;
  if (q.until !== undefined && e.mtime > q.until) return false;
  if (q.aspectRatio !== undefined && aspectOf(d) !== q.aspectRatio) return false;
  if (q.folder && !(e.path === q.folder || e.path.startsWith(`${q.folder.replace(/\/+$/, '')}/`))) return false;
  if (textWords.length > 0 || negativeWords.length > 0) {
    const h = haystackOf(e);
    if (!textWords.every((w) => h.text.includes(w))) return false;
    if (!negativeWords.every((w) => h.negative.includes(w))) return false;
  }
  return true;
}

/** The entries matching `q`, in its order (newest first by default), at most `q.limit`. */
export function runQuery(entries: readonly GalleryEntry[], q: GalleryQuery): GalleryEntry[] {
  const textWords = words(q.text);
  const negativeWords = words(q.negative);
  const found = entries.filter((e) => matches(e, q, textWords, negativeWords));
  const byPath = (a: GalleryEntry, b: GalleryEntry): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  const sort = q.sort ?? 'date';
  if (sort === 'name') found.sort(byPath);
  else if (sort === 'cost') found.sort((a, b) => (b.details?.costUsd ?? -1) - (a.details?.costUsd ?? -1) || b.mtime - a.mtime || byPath(a, b));
  else found.sort((a, b) => b.mtime - a.mtime || byPath(a, b));
  return q.limit !== undefined ? found.slice(0, q.limit) : found;
}

/** A value of a facet with how many of the entries have it and their recorded cost (USD; 0 when none is). */
export interface FacetValue<T extends string = string> {
  value: T;
  count: number;
  costUsd: number;
}

/** The facets of a set of entries: each model, maker and aspect ratio with its count and cost, most first. */
export interface Facets {
  models: FacetValue[];
  makers: Array<FacetValue<Maker>>;
  aspectRatios: FacetValue[];
  /** All of them: count and cost. */
  total: { count: number; costUsd: number };
}

/** The facets (and totals) of `entries`: what the filters offer beside the results. */
export function facetsOf(entries: readonly GalleryEntry[]): Facets {
  const tally = <T extends string>(map: Map<T, FacetValue<T>>, value: T | undefined, cost: number): void => {
    if (value === undefined) return;
    const f = map.get(value) ?? { value, count: 0, costUsd: 0 };
    f.count++;
    f.costUsd += cost;
    map.set(value, f);
  };
  const models = new Map<string, FacetValue>();
  const makers = new Map<Maker, FacetValue<Maker>>();
  const ratios = new Map<string, FacetValue>();
  let costUsd = 0;
  for (const e of entries) {
    const cost = e.details?.costUsd ?? 0;
    costUsd += cost;
    tally(models, e.details?.model, cost);
    tally(makers, makerOf(e.details), cost);
    tally(ratios, aspectOf(e.details), cost);
  }
  const ranked = <T extends string>(m: Map<T, FacetValue<T>>): Array<FacetValue<T>> => [...m.values()].sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
  return { models: ranked(models), makers: ranked(makers), aspectRatios: ranked(ratios), total: { count: entries.length, costUsd } };
}
