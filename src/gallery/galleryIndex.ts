/**
 * The gallery's index of the workspace's images: every PNG, JPEG, WebP, GIF and SVG file the Explorer and
 * Search would show (`files.exclude`, `search.exclude`, `.gitignore`, as Add missing alt text covers them), each
 * with what it says about itself: the bytes Image details reads, through `workspace.fs` (so remote and virtual
 * workspaces work), parsed by its bounded readers in a worker thread (`readInWorker.ts`). Built once on first use, kept current by a `FileSystemWatcher` (a new, changed or
 * deleted file is in the index within a second), and kept across reloads in the extension's workspace
 * storage (`ExtensionContext.storageUri`), keyed by URI, size and modification time, bounded in size.
 */
import pLimit from 'p-limit';
import * as vscode from 'vscode';
import { detailBytesOf, notAnImage } from '../details';
import { EXTENSION_MIME, ImageRejectedError } from '../images/mime';
import { filesUnder } from '../platform/workspaceFiles';
import { workspaceFolderOf } from '../platform/workspacePaths';
import { errorMessage } from '../shared/format';
import type { GalleryEntry } from './entry';
import { DetailsWorker } from './readInWorker';

const IMAGE_EXTENSIONS = [...Object.keys(EXTENSION_MIME), 'svg'];
/** The file extensions indexed: the images Image details reads, in lower and upper case (`findFiles`' glob matches case). */
export const GALLERY_EXTENSIONS = [...IMAGE_EXTENSIONS, ...IMAGE_EXTENSIONS.map((e) => e.toUpperCase())];

/** Most images indexed: past it the gallery shows the newest this many and says so. */
export const MAX_INDEXED = 50_000;
/** Largest stored index read back, in bytes (about 40,000 images with long prompts). */
const MAX_STORED_BYTES = 64 * 1024 * 1024;
/** Files read at once while indexing. */
const READ_AT_ONCE = 8;
/** How long the watcher's events gather before the index follows them, in milliseconds. */
const SETTLE_MS = 150;
const STORE_FILE = 'gallery-index.json';
const STORE_VERSION = 1;

/** The index; one per activation, made on first use (the gallery or `searchImages`). */
export class GalleryIndex implements vscode.Disposable {
  private readonly entries = new Map<string, GalleryEntry>();
  private built: Promise<void> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after the index changed (a build finished, a file was added, changed or deleted). */
  readonly onDidChange = this.changed.event;
  /** Reads each file's metadata off the extension host's thread. */
  private readonly worker = new DetailsWorker();
  private readonly disposables: vscode.Disposable[] = [this.changed, { dispose: () => this.worker.dispose() }];
  private pending = new Map<string, 'changed' | 'deleted'>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** True when the workspace holds more images than {@link MAX_INDEXED}. */
  truncated = false;
  /** Of the last build: how many files were read, and how many came from the stored index unchanged. */
  lastBuild = { read: 0, stored: 0, ms: 0 };

  /** @param storage the extension's workspace storage (`context.storageUri`; none without a workspace). */
  constructor(private readonly storage: vscode.Uri | undefined, private readonly log: vscode.LogOutputChannel) {}

  /** Every entry, in no order. Builds the index first when it is not built yet. */
  async all(): Promise<GalleryEntry[]> {
    await (this.built ??= this.build());
    return [...this.entries.values()];
  }

  /** The entry of a file by its URI string, if indexed. */
  get(uri: string): GalleryEntry | undefined {
    return this.entries.get(uri);
  }

  dispose(): void {
    clearTimeout(this.timer);
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      void this.save();
    }
    for (const d of this.disposables) d.dispose();
  }

  private async build(): Promise<void> {
    const started = Date.now();
    const stored = await this.load();
    const watcher = vscode.workspace.createFileSystemWatcher(`**/*.{${GALLERY_EXTENSIONS.join(',')}}`);
    watcher.onDidCreate((u) => this.queue(u, 'changed'));
    watcher.onDidChange((u) => this.queue(u, 'changed'));
    watcher.onDidDelete((u) => this.queue(u, 'deleted'));
    this.disposables.push(watcher, vscode.workspace.onDidChangeWorkspaceFolders(() => this.rebuild()));
    const files = await this.list();
    const counts = { read: 0, stored: 0, ms: 0 };
    await forEachLimited(files, async (uri) => {
      const before = stored.get(uri.toString());
      const entry = await this.entryOf(uri, before);
      if (entry === before || (before && entry.mtime === before.mtime && entry.size === before.size)) counts.stored++;
      else counts.read++;
      this.entries.set(entry.uri, entry);
    });
    this.lastBuild = { ...counts, ms: Date.now() - started };
    this.log.info(`Gallery: indexed ${this.entries.size} images (${counts.read} read, ${counts.stored} from the stored index) in ${this.lastBuild.ms} ms`);
    this.scheduleSave();
    this.changed.fire();
  }

  /** The image files of every workspace folder, newest-first bounded by {@link MAX_INDEXED}. */
  private async list(): Promise<vscode.Uri[]> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const found = (await Promise.all(folders.map((f) => filesUnder(f.uri, GALLERY_EXTENSIONS).catch(() => [] as vscode.Uri[])))).flat();
    this.truncated = found.length > MAX_INDEXED;
    return found.slice(0, MAX_INDEXED);
  }

  /** Lists the workspace again (folders added or removed), reading only what is new. */
  private rebuild(): void {
    void this.list().then(async (files) => {
      const keep = new Set(files.map((f) => f.toString()));
      for (const k of [...this.entries.keys()]) if (!keep.has(k)) this.entries.delete(k);
      await forEachLimited(files.filter((f) => !this.entries.has(f.toString())), async (uri) => {
        const e = await this.entryOf(uri);
        this.entries.set(e.uri, e);
      });
      this.scheduleSave();
      this.changed.fire();
    });
  }

  /**
   * The entry of one file: the stored one when its size and modification time are the same, else read now.
   * A file outside its workspace folder (through a symbolic link) or unreadable gets an entry that says so.
   */
  private async entryOf(uri: vscode.Uri, stored?: GalleryEntry): Promise<GalleryEntry> {
    const path = vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
    let stat: vscode.FileStat;
    try {
      stat = await vscode.workspace.fs.stat(uri);
    } catch (err) {
      return { uri: uri.toString(), path, mtime: 0, size: 0, error: errorMessage(err) };
    }
    if (stored && stored.mtime === stat.mtime && stored.size === stat.size) return { ...stored, path };
    const entry: GalleryEntry = { uri: uri.toString(), path, mtime: stat.mtime, size: stat.size };
    try {
      await workspaceFolderOf(uri, vscode.l10n.t('The image {0}', path));
      const bytes = await detailBytesOf(uri, stat);
      entry.details = { ...(await this.worker.read(bytes)), bytes: stat.size };
    } catch (err) {
      entry.error = errorMessage(err instanceof ImageRejectedError ? notAnImage(uri) : err);
    }
    return entry;
  }

  /**
   * Looks at `uri` again (a file the gallery itself moved to the trash): the watcher does not always report
   * a move to the trash as a deletion. Applied as a watcher event is.
   */
  recheck(uri: vscode.Uri): void {
    this.queue(uri, 'changed');
  }

  /** A watcher event: gathered for {@link SETTLE_MS}, then applied (a file that is not shown is left out). */
  private queue(uri: vscode.Uri, what: 'changed' | 'deleted'): void {
    this.pending.set(uri.toString(), what);
    this.timer ??= setTimeout(() => void this.applyPending(), SETTLE_MS);
  }

  private async applyPending(): Promise<void> {
    this.timer = undefined;
    const batch = this.pending;
    this.pending = new Map();
    const created = [...batch].filter(([k, what]) => what === 'changed' && !this.entries.has(k));
    // A new file is indexed only when the Explorer would show it (excludes, .gitignore).
    const shown = created.length > 0 ? new Set((await this.list()).map((u) => u.toString())) : new Set<string>();
    await forEachLimited([...batch], async ([k, what]) => {
      if (what === 'deleted') {
        this.entries.delete(k);
        return;
      }
      if (!this.entries.has(k) && !shown.has(k)) return;
      const e = await this.entryOf(vscode.Uri.parse(k, true));
      if (e.mtime === 0 && e.error) this.entries.delete(k);
      else this.entries.set(k, e);
    });
    this.scheduleSave();
    this.changed.fire();
  }

  /** Stores the index now (instead of two seconds after the last change). */
  async flush(): Promise<void> {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    await this.save();
  }

  private scheduleSave(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      void this.save();
    }, 2000);
  }

  /** Writes the index to the workspace storage (whole, then renamed into place: never half a file). */
  private async save(): Promise<void> {
    if (!this.storage) return;
    try {
      await vscode.workspace.fs.createDirectory(this.storage);
      const body = new TextEncoder().encode(JSON.stringify({ version: STORE_VERSION, entries: [...this.entries.values()] }));
      if (body.length > MAX_STORED_BYTES) return;
      const tmp = vscode.Uri.joinPath(this.storage, `${STORE_FILE}.tmp`);
      await vscode.workspace.fs.writeFile(tmp, body);
      await vscode.workspace.fs.rename(tmp, vscode.Uri.joinPath(this.storage, STORE_FILE), { overwrite: true });
    } catch (err) {
      this.log.warn(`Gallery: the index was not stored: ${errorMessage(err)}`);
    }
  }

  /** The stored index by URI (empty when there is none, it is too large, or it does not read as one). */
  private async load(): Promise<Map<string, GalleryEntry>> {
    const out = new Map<string, GalleryEntry>();
    if (!this.storage) return out;
    try {
      const file = vscode.Uri.joinPath(this.storage, STORE_FILE);
      if ((await vscode.workspace.fs.stat(file)).size > MAX_STORED_BYTES) return out;
      const v = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file))) as { version?: unknown; entries?: unknown };
      if (v.version !== STORE_VERSION || !Array.isArray(v.entries)) return out;
      for (const e of v.entries as unknown[]) if (isStoredEntry(e)) out.set(e.uri, e);
    } catch {
      // No stored index yet, or not one this version reads.
    }
    return out;
  }
}

/** Whether a stored value has an entry's shape (the store is the extension's own, but a reload must not trust a torn write). */
function isStoredEntry(e: unknown): e is GalleryEntry {
  const o = e as Partial<GalleryEntry> | null;
  return typeof o === 'object' && o !== null && typeof o.uri === 'string' && typeof o.path === 'string' && typeof o.mtime === 'number' && typeof o.size === 'number' && (o.details === undefined || (typeof o.details === 'object' && o.details !== null && typeof o.details.mimeType === 'string'));
}

/** Runs `fn` on every item, {@link READ_AT_ONCE} at a time; a rejection of one does not stop the others. */
async function forEachLimited<T>(items: readonly T[], fn: (item: T) => Promise<void>): Promise<void> {
  const limit = pLimit(READ_AT_ONCE);
  await Promise.all(items.map((item) => limit(() => fn(item).catch(() => undefined))));
}
