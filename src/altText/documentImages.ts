import * as vscode from 'vscode';
import { classifyTarget, mayHoldImages, type FoundImage, type Markup } from './foundImage';
import { MarkupWorker } from './markupWorker';
import { EXTENSION_MIME } from '../images/mime';
import { hasDotSegments, assertInsideFolder } from '../platform/workspacePaths';
import { settings } from '../platform/config';

/** File extensions (lower case, no dot) read by the alt-text features, with the parser each needs. */
export const MARKUP_EXTENSIONS = { md: 'markdown', markdown: 'markdown', html: 'html', htm: 'html', jsx: 'jsx', tsx: 'jsx', vue: 'vue', svelte: 'svelte', astro: 'astro', mdx: 'mdx' } as const;

/** The languages the alt-text features read (diagnostics, Quick Fix, Add missing alt text), with their parser. */
export const MARKUP_LANGUAGES: Readonly<Record<string, Markup>> = { markdown: 'markdown', html: 'html', javascriptreact: 'jsx', typescriptreact: 'jsx', vue: 'vue', svelte: 'svelte', astro: 'astro', mdx: 'mdx' };

/**
 * The documents the alt-text features read, for a provider's registration: by language, and by file extension
 * for a `.vue` or `.svelte` file opened without its framework's extension (its language is then plain text).
 */
export const MARKUP_SELECTOR: vscode.DocumentFilter[] = [...Object.keys(MARKUP_LANGUAGES).map((language) => ({ language })), { pattern: `**/*.{${Object.keys(MARKUP_EXTENSIONS).join(',')}}` }];

/** Which parser a document needs: by its language, else by its file extension. */
export function markupOf(doc: vscode.TextDocument): Markup | undefined {
  const byLanguage = MARKUP_LANGUAGES[doc.languageId];
  if (byLanguage) return byLanguage;
  const ext = doc.uri.path.slice(doc.uri.path.lastIndexOf('.') + 1).toLowerCase();
  return MARKUP_EXTENSIONS[ext as keyof typeof MARKUP_EXTENSIONS];
}

/** An image of a document and the workspace file it points to, or why it is not used. */
export type DocumentImage = FoundImage & ({ file: vscode.Uri; skip?: undefined } | { file?: undefined; skip: string });

let worker: MarkupWorker | undefined;

/** The worker thread that parses documents for the alt-text features, started on first use. */
export function markupWorker(): MarkupWorker {
  worker ??= new MarkupWorker();
  return worker;
}

/** Ends the parsing worker (on deactivation). */
export function disposeMarkupWorker(): void {
  worker?.dispose();
  worker = undefined;
}

/** The last documents parsed (by URI and version), so a hover reuses what the diagnostics found. */
const parsed = new Map<string, { version: number; found: FoundImage[] }>();
const PARSED_KEPT = 16;

/**
 * The images of a document's text, parsed in the worker thread ({@link MarkupWorker}); the last
 * {@link PARSED_KEPT} documents' results are reused while their version is the same.
 * @throws {ParseTimeoutError} past `opts.deadlineMs`; the signal's reason when it aborts.
 */
export async function parseDocument(doc: vscode.TextDocument, text: string, opts: { deadlineMs: number; signal?: AbortSignal }): Promise<FoundImage[]> {
  const markup = markupOf(doc);
  if (!markup) return [];
  const components = markup === 'markdown' || markup === 'html' ? undefined : settings(doc.uri).imageComponents;
  // Most documents hold no image at all: they need no parse, and no trip to the worker.
  if (!mayHoldImages(text, markup, components)) return [];
  const key = doc.uri.toString();
  const hit = parsed.get(key);
  if (hit && hit.version === doc.version && text === doc.getText()) return hit.found;
  const version = doc.version;
  const found = await markupWorker().find(markup, text, { ...opts, components });
  if (text === doc.getText() && doc.version === version) {
    parsed.delete(key);
    parsed.set(key, { version, found });
    if (parsed.size > PARSED_KEPT) parsed.delete(parsed.keys().next().value!);
  }
  return found;
}

/**
 * The images of a document with their targets resolved: a path relative to the document, `/…` relative to
 * its workspace folder (in a component or MDX file, first to its project's `public/` or `static/` folder, where
 * Next.js, Vite, Nuxt, Astro and SvelteKit serve `/…` from). A target is used only when it is an existing PNG, JPEG, WebP or
 * GIF file (by extension; the bytes are checked before anything is sent) inside the document's workspace
 * folder, also by real path; every other image carries the reason it is skipped. Reads no file contents
 * and sends nothing. The document is parsed off the extension host's thread ({@link parseDocument}).
 * @param text the document's text (default: all of it).
 * @param only which images to resolve (the others are left out before any file is looked at).
 * @param opts.deadlineMs how long parsing may take (default 10 s); `signal` cancels it.
 * @throws {ParseTimeoutError} past the deadline; the signal's reason when it aborts.
 */
export async function documentImages(
  doc: vscode.TextDocument,
  text = doc.getText(),
  only: (f: FoundImage) => boolean = () => true,
  opts: { deadlineMs?: number; signal?: AbortSignal } = {},
): Promise<DocumentImage[]> {
  const markup = markupOf(doc);
  if (!markup) return [];
  const found = (await parseDocument(doc, text, { deadlineMs: opts.deadlineMs ?? 10_000, signal: opts.signal })).filter(only);
  opts.signal?.throwIfAborted();
  const folder = hasDotSegments(doc.uri) ? undefined : vscode.workspace.getWorkspaceFolder(doc.uri);
  // Each distinct target is looked up once (a page that shows the same 50 files 1,700 times made 1,700 stats).
  const resolved = new Map<string, Promise<{ file: vscode.Uri; skip?: undefined } | { file?: undefined; skip: string }>>();
  // The project's static folders, looked up once, and only when a `/…` target asks.
  let staticDirs: Promise<vscode.Uri[]> | undefined;
  const statics = (): Promise<vscode.Uri[]> => (staticDirs ??= folder ? staticFolders(doc, folder) : Promise.resolve([]));
  const resolve = (target: string): Promise<{ file: vscode.Uri; skip?: undefined } | { file?: undefined; skip: string }> => {
    let r = resolved.get(target);
    if (!r) resolved.set(target, (r = resolveTarget(doc, folder, target, statics)));
    return r;
  };
  return Promise.all(found.map(async (f): Promise<DocumentImage> => ({ ...f, ...(await resolve(f.target)) }) as DocumentImage));
}

/** The folders a web framework serves `/…` from: `public/` (Next.js, Vite, Nuxt 3, Astro) and `static/` (SvelteKit, Nuxt 2). */
const STATIC_FOLDERS = ['public', 'static'];

/**
 * The static folders a component or MDX file's `/…` may be served from: `public/` or `static/` in each folder
 * from the document's up to its workspace folder, nearest first, those that exist (one stat each, once per
 * pass); none for Markdown and HTML.
 */
async function staticFolders(doc: vscode.TextDocument, folder: vscode.WorkspaceFolder): Promise<vscode.Uri[]> {
  const markup = markupOf(doc);
  if (markup === 'markdown' || markup === 'html') return [];
  const root = folder.uri.path.replace(/\/+$/, '');
  const dirs: vscode.Uri[] = [];
  for (let dir = vscode.Uri.joinPath(doc.uri, '..'); dir.path.startsWith(root) && dirs.length < 64; dir = vscode.Uri.joinPath(dir, '..')) {
    for (const s of STATIC_FOLDERS) dirs.push(vscode.Uri.joinPath(dir, s));
    if (dir.path.length <= root.length) break;
  }
  const found = await Promise.all(dirs.map((d) => Promise.resolve(vscode.workspace.fs.stat(d)).then((st) => (st.type & vscode.FileType.Directory ? d : undefined), () => undefined)));
  return found.filter((d): d is vscode.Uri => d !== undefined);
}

/** Where one image target leads: an existing image file inside the document's workspace folder, or why not. */
async function resolveTarget(doc: vscode.TextDocument, folder: vscode.WorkspaceFolder | undefined, target: string, statics: () => Promise<vscode.Uri[]>): Promise<{ file: vscode.Uri; skip?: undefined } | { file?: undefined; skip: string }> {
  if (!folder) return { skip: vscode.l10n.t('the document is not in a workspace folder') };
  const t = classifyTarget(target);
  if (t.kind === 'skip') return { skip: t.reason };
  const candidates = t.fromRoot ? [...(await statics()).map((d) => vscode.Uri.joinPath(d, t.path)), vscode.Uri.joinPath(folder.uri, t.path)] : [vscode.Uri.joinPath(doc.uri, '..', t.path)];
  // The first candidate that exists is the file; the workspace folder's own (the last) says why when none does.
  for (const [i, file] of candidates.entries()) {
    const last = i === candidates.length - 1;
    try {
      await assertInsideFolder(file, folder.uri, vscode.l10n.t('The image'));
    } catch {
      if (last) return { skip: vscode.l10n.t('outside the workspace folder (not sent)') };
      continue;
    }
    let stat: vscode.FileStat;
    try {
      stat = await vscode.workspace.fs.stat(file);
    } catch {
      if (last) return { skip: vscode.l10n.t('file not found') };
      continue;
    }
    if (stat.type & vscode.FileType.Directory) return { skip: vscode.l10n.t('a folder, not an image file') };
    const ext = file.path.slice(file.path.lastIndexOf('.') + 1).toLowerCase();
    if (!EXTENSION_MIME[ext]) return { skip: vscode.l10n.t('not a PNG, JPEG, WebP or GIF file') };
    return { file };
  }
  return { skip: vscode.l10n.t('file not found') };
}
