/**
 * The gallery's commands: **Open image gallery** (Command Palette, the chat view's title bar, a folder's context
 * menu in the Explorer, which narrows it to that folder) and `openrouterStudio.searchImages` for scripts and
 * tests, which answers from the same index.
 */
import * as vscode from 'vscode';
import { ArgumentError, isAutomationArg } from '../platform/args';
import type { EntryDetails } from './entry';
import type { GalleryDeps } from './actions';
import type { GalleryIndex } from './galleryIndex';
import { GalleryPanel } from './galleryPanel';
import { runQuery, type GalleryQuery } from './query';
import { GALLERY_MAKERS } from '../webview/galleryProtocol';

/** Largest `limit` of a search. */
const MAX_LIMIT = 100_000;

/**
 * A filter given by a script (`{ text?, negative?, model?, maker?, since?, until?, aspectRatio?, folder?,
 * sort?, limit? }`): `since`/`until` as milliseconds or an ISO date; `folder` a `Uri`, a URI string or a
 * workspace-relative path.
 * @throws {ArgumentError} for anything else.
 */
export function parseGalleryFilter(arg: unknown): GalleryQuery {
  if (arg === undefined || arg === null) return {};
  if (typeof arg !== 'object' || Array.isArray(arg)) throw new ArgumentError('searchImages takes an object { text?, negative?, model?, maker?, since?, until?, aspectRatio?, folder?, sort?, limit? }');
  const o = arg as Record<string, unknown>;
  const q: GalleryQuery = {};
  const text = (k: 'text' | 'negative' | 'model' | 'aspectRatio'): void => {
    if (o[k] === undefined) return;
    if (typeof o[k] !== 'string' || o[k].length > 1000) throw new ArgumentError(`${k} must be a string of at most 1,000 characters`);
    q[k] = o[k];
  };
  text('text');
  text('negative');
  text('model');
  text('aspectRatio');
  if (o.maker !== undefined) {
    if (!(GALLERY_MAKERS as readonly unknown[]).includes(o.maker)) throw new ArgumentError(`maker must be one of ${GALLERY_MAKERS.join(', ')}`);
    q.maker = o.maker as GalleryQuery['maker'];
  }
  for (const k of ['since', 'until'] as const) {
    if (o[k] === undefined) continue;
    const ms = typeof o[k] === 'number' ? o[k] : typeof o[k] === 'string' ? Date.parse(o[k]) : NaN;
    if (!Number.isFinite(ms)) throw new ArgumentError(`${k} must be milliseconds since the epoch or an ISO date`);
    q[k] = ms;
  }
  if (o.sort !== undefined) {
    if (o.sort !== 'date' && o.sort !== 'cost' && o.sort !== 'name') throw new ArgumentError('sort must be date, cost or name');
    q.sort = o.sort;
  }
  if (o.limit !== undefined) {
    if (typeof o.limit !== 'number' || !Number.isInteger(o.limit) || o.limit < 1 || o.limit > MAX_LIMIT) throw new ArgumentError(`limit must be a whole number from 1 to ${MAX_LIMIT}`);
    q.limit = o.limit;
  }
  if (o.folder !== undefined) q.folder = folderOfArg(o.folder);
  return q;
}

/** A folder argument as the workspace-relative path the index uses. */
function folderOfArg(v: unknown): string {
  let uri: vscode.Uri | undefined;
  if (v instanceof vscode.Uri) uri = v;
  else if (typeof v === 'string' && /^[a-z][\w+.-]*:/i.test(v) && !/^[a-z]:[\\/]/i.test(v)) uri = vscode.Uri.parse(v, true);
  else if (typeof v === 'string') return v.replace(/\\/g, '/').replace(/^\.?\/+/, '').replace(/\/+$/, '');
  else throw new ArgumentError('folder must be a Uri, a URI string or a workspace-relative path');
  return vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1).replace(/\/+$/, '');
}

/**
 * `openrouterStudio.openGallery [folderUri | filter]`: opens the gallery (or reveals it), narrowed to a folder
 * from the Explorer, or showing a script's filter.
 * @throws {ArgumentError} for a filter of the wrong shape.
 */
export function openGallery(deps: GalleryDeps, index: () => GalleryIndex, arg?: unknown): void {
  const query = arg instanceof vscode.Uri ? { folder: folderOfArg(arg) } : isAutomationArg(arg) ? parseGalleryFilter(arg) : {};
  GalleryPanel.show(deps, index(), query);
}

/** One result of {@link searchImages}: the file, and the fields Image details reports. */
export type SearchResult = { uri: vscode.Uri; path: string; error?: string } & Partial<EntryDetails>;

/**
 * `openrouterStudio.searchImages { text?, negative?, model?, maker?, since?, until?, aspectRatio?, folder?, sort?, limit? }`:
 * the workspace's images that match, newest first (or by `sort`), from the gallery's index.
 * @throws {ArgumentError} for a filter of the wrong shape.
 */
export async function searchImages(index: GalleryIndex, arg?: unknown): Promise<SearchResult[]> {
  const query = parseGalleryFilter(arg);
  return runQuery(await index.all(), query).map((e) => ({ ...e.details, uri: vscode.Uri.parse(e.uri, true), path: e.path, ...(e.error ? { error: e.error } : {}) }));
}
