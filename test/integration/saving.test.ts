import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { cancelImageJobs, runImageJob } from '../../src/generate/imageJob';
import { saveNewFile, type FileSystemLike } from '../../src/platform/saver';
import type { FakeOpenRouter } from '../support/fakeOpenRouter';
import { imageStream } from '../support/fixtures';
import { makePng } from '../support/png';
import { activate, useFakeOpenRouter, workspace } from './helpers';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * An in-memory file system with the semantics VS Code's `workspace.fs` has for `rename(…, { overwrite:
 * false })`: it checks that the target is free, then renames, and other operations can run between the
 * two. Hooks let a test slow down or fail one write.
 */
class MemFs implements FileSystemLike {
  readonly files = new Map<string, Uint8Array>();
  beforeWrite?: (uri: vscode.Uri, n: number) => Promise<void>;
  private writes = 0;

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    await tick();
    const f = this.files.get(uri.toString());
    if (!f) throw vscode.FileSystemError.FileNotFound(uri);
    return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: f.length };
  }
  async createDirectory(): Promise<void> {}
  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const n = ++this.writes;
    await this.beforeWrite?.(uri, n);
    await tick();
    this.files.set(uri.toString(), content);
  }
  async rename(from: vscode.Uri, to: vscode.Uri, opts?: { overwrite?: boolean }): Promise<void> {
    if (!opts?.overwrite && this.files.has(to.toString())) throw vscode.FileSystemError.FileExists(to);
    await tick(); // the check and the rename are two steps
    this.files.set(to.toString(), this.files.get(from.toString())!);
    this.files.delete(from.toString());
  }
  async delete(uri: vscode.Uri): Promise<void> {
    this.files.delete(uri.toString());
  }
  /** The saved images (temporary files left out). */
  images(): string[] {
    return [...this.files.keys()].filter((k) => !k.endsWith('.tmp')).sort();
  }
}

describe('Saving images', function () {
  this.timeout(60_000);
  let fake: FakeOpenRouter;
  let dispose: () => Promise<void>;
  const folder = (): vscode.Uri => vscode.Uri.joinPath(workspace(), 'mem');
  const log = { info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as vscode.LogOutputChannel;

  before(async () => {
    ({ fake, dispose } = await useFakeOpenRouter());
  });
  beforeEach(() => fake.reset());
  after(async () => dispose());

  it('regression: 40 saves of one name at the same moment keep 40 images (one in two was lost with check-then-rename)', async () => {
    const fs = new MemFs();
    const images = Array.from({ length: 40 }, (_, i) => makePng(4, 4, { noiseSeed: i + 1 }));
    const uris = await Promise.all(images.map((png) => saveNewFile(folder(), 'same-name', 'png', png, workspace(), fs)));
    assert.equal(new Set(uris.map((u) => u.toString())).size, 40);
    assert.equal(fs.images().length, 40, 'no image overwritten by another');
    for (const [i, uri] of uris.entries()) assert.deepEqual(fs.files.get(uri.toString()), images[i]);
  });

  it('on disk too: 40 saves of one name give 40 files, each with its own bytes, no temporary file left', async () => {
    const dir = vscode.Uri.joinPath(workspace(), 'race');
    const images = Array.from({ length: 40 }, (_, i) => makePng(4, 4, { noiseSeed: i + 1 }));
    const uris = await Promise.all(images.map((png) => saveNewFile(dir, 'same-name', 'png', png, workspace())));
    for (const [i, uri] of uris.entries()) assert.deepEqual(Buffer.from(await vscode.workspace.fs.readFile(uri)), images[i], uri.path);
    assert.equal((await vscode.workspace.fs.readDirectory(dir)).length, 40);
    await vscode.workspace.fs.delete(dir, { recursive: true });
  });

  it('when a later image cannot be saved, the saved one is kept and the failure is reported with it', async () => {
    const api = await activate();
    const fs = new MemFs();
    fs.beforeWrite = async (_u, n) => {
      if (n === 2) throw vscode.FileSystemError.NoPermissions('disk full (test)');
    };
    fake.enqueue('/chat/completions', { kind: 'sse', body: imageStream([makePng(8, 8, { noiseSeed: 1 }), makePng(8, 8, { noiseSeed: 2 })]).sse });
    const result = await runImageJob({ client: api.clients.get(), request: { api: 'chat', body: { model: 'm', messages: [{ role: 'user', content: 'two' }] } }, target: { folder: folder(), baseName: 'two', root: workspace(), fs }, log, title: 'test' });
    assert.equal(result?.uris.length, 1);
    assert.equal(fs.images().length, 1);
    assert.match(result!.notes.join(' '), /^Image 2 could not be saved: .*disk full \(test\)/);
  });

  it('cancel while saving writes nothing: what the job had saved is removed', async () => {
    const api = await activate();
    const fs = new MemFs();
    fs.beforeWrite = async (_u, n) => {
      if (n === 2) {
        cancelImageJobs(); // the Cancel button, pressed while the second image is being written
        await tick();
      }
    };
    fake.enqueue('/chat/completions', { kind: 'sse', body: imageStream([makePng(8, 8, { noiseSeed: 3 }), makePng(8, 8, { noiseSeed: 4 })]).sse });
    const result = await runImageJob({ client: api.clients.get(), request: { api: 'chat', body: { model: 'm', messages: [{ role: 'user', content: 'two' }] } }, target: { folder: folder(), baseName: 'two', root: workspace(), fs }, log, title: 'test' });
    assert.equal(result, undefined);
    assert.deepEqual(fs.images(), []);
  });
});
