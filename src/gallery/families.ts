/**
 * An image's family: the images it was made from and the images made from it, as the extension records them
 * (`edited_from`, `references`), and the other variations of the same run (the same prompt and model, the same
 * `n` of `k/n`, saved within ten minutes of each other). Pure code, no `vscode`.
 */
import { folderOf, type GalleryEntry } from './entry';

/** Largest family returned: a strip, not a second gallery. */
export const MAX_FAMILY = 200;

/** Variations of one run are saved within this many milliseconds of each other. */
const RUN_WINDOW_MS = 10 * 60 * 1000;

/**
 * The entries a recorded name points to: the workspace-relative path as written (the chat, references), or a
 * name in the same folder as `from` (Edit image records the source's file name).
 */
function resolve(name: string, from: GalleryEntry, byPath: Map<string, GalleryEntry>): GalleryEntry | undefined {
  const clean = name.replace(/\\/g, '/').replace(/^\.\//, '');
  const folder = folderOf(from.path);
  return byPath.get(clean) ?? (folder ? byPath.get(`${folder}/${clean}`) : undefined);
}

/** The images `e` was made from (its edit source and its references), in the index. */
function parentsOf(e: GalleryEntry, byPath: Map<string, GalleryEntry>): GalleryEntry[] {
  const names = [...(e.details?.editedFrom ? [e.details.editedFrom] : []), ...(e.details?.references ?? [])];
  return names.map((n) => resolve(n, e, byPath)).filter((p): p is GalleryEntry => p !== undefined && p !== e);
}

/** The run a variation belongs to (`prompt`, `model`, `n`), or `undefined` for an image that is not one. */
function runKey(e: GalleryEntry): string | undefined {
  const v = /^\d+\/(\d+)$/.exec(e.details?.variation ?? '');
  return v && Number(v[1]) > 1 && e.details?.prompt ? JSON.stringify([e.details.prompt, e.details.model ?? '', v[1]]) : undefined;
}

/**
 * The family of `start`: every image linked to it through parents, children and run siblings, at most
 * {@link MAX_FAMILY}; sources first (by generation: an image comes after everything it was made from), then
 * by modification time. A lone image is a family of one.
 */
export function familyOf(entries: readonly GalleryEntry[], start: GalleryEntry): GalleryEntry[] {
  const byPath = new Map(entries.map((e) => [e.path, e]));
  const children = new Map<GalleryEntry, GalleryEntry[]>();
  const runs = new Map<string, GalleryEntry[]>();
  for (const e of entries) {
    for (const p of parentsOf(e, byPath)) children.set(p, [...(children.get(p) ?? []), e]);
    const key = runKey(e);
    if (key) runs.set(key, [...(runs.get(key) ?? []), e]);
  }
  const siblings = (e: GalleryEntry): GalleryEntry[] => {
    const key = runKey(e);
    return key ? (runs.get(key) ?? []).filter((s) => s !== e && Math.abs(s.mtime - e.mtime) <= RUN_WINDOW_MS) : [];
  };
  const seen = new Set<GalleryEntry>([start]);
  const queue = [start];
  while (queue.length > 0 && seen.size < MAX_FAMILY) {
    const e = queue.shift()!;
    for (const n of [...parentsOf(e, byPath), ...(children.get(e) ?? []), ...siblings(e)]) {
      if (seen.size >= MAX_FAMILY) break;
      if (!seen.has(n)) {
        seen.add(n);
        queue.push(n);
      }
    }
  }
  // Generation: 0 for an image made from nothing in the family, else one more than its deepest parent.
  const generation = new Map<GalleryEntry, number>();
  const genOf = (e: GalleryEntry, path = new Set<GalleryEntry>()): number => {
    const known = generation.get(e);
    if (known !== undefined) return known;
    path.add(e);
    const parents = parentsOf(e, byPath).filter((p) => seen.has(p) && !path.has(p));
    const g = parents.length === 0 ? 0 : 1 + Math.max(...parents.map((p) => genOf(p, path)));
    path.delete(e);
    generation.set(e, g);
    return g;
  };
  return [...seen].sort((a, b) => genOf(a) - genOf(b) || a.mtime - b.mtime || (a.path < b.path ? -1 : 1));
}
