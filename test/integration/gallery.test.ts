/**
 * The image gallery in the real VS Code: files written by this extension, by AUTOMATIC1111 and by ComfyUI found
 * by words of their prompts and not by a word of their negative prompt; a file added, changed and deleted while
 * the gallery is open; hostile metadata shown as text; bad files said so, nothing stalling.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { provenanceText } from '../../src/images/provenance';
import { embedProvenance } from '../../src/images/xmp';
import { makeJpeg, makePng, withPngText } from '../support/png';
import { waitFor, WEBVIEW_PROBE, webviewAct, webviewTexts, workspace } from './helpers';

const file = (...parts: string[]): vscode.Uri => vscode.Uri.joinPath(workspace(), ...parts);
type Result = { uri: vscode.Uri; path: string; prompt?: string; negativePrompt?: string; model?: string; software?: string; costUsd?: number; error?: string };
const search = async (filter: Record<string, unknown>): Promise<Result[]> => (await vscode.commands.executeCommand<Result[]>('openrouterStudio.searchImages', filter)) ?? [];
const names = (rs: Result[]): string[] => rs.map((r) => r.path.slice(r.path.lastIndexOf('/') + 1)).sort();

const ownPng = (prompt: string, model: string, cost: number, seed: number): Uint8Array =>
  embedProvenance('image/png', makePng(16, 9, { noiseSeed: seed }), provenanceText({ prompt, model, api: 'chat', aspectRatio: '16:9', cost }));
const a1111Png = (prompt: string, negative: string, seed: number): Buffer =>
  withPngText(makePng(12, 8, { noiseSeed: seed }), 'parameters', `${prompt}\nNegative prompt: ${negative}\nSteps: 20, Sampler: Euler a, Seed: 7, Model: dreamshaper_8`);
const comfyPng = (prompt: string, negative: string, seed: number): Buffer =>
  withPngText(makePng(8, 8, { noiseSeed: seed }), 'prompt', JSON.stringify({
    3: { class_type: 'KSampler', inputs: { positive: ['6', 0], negative: ['7', 0], model: ['4', 0] } },
    4: { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'sdxl_base.safetensors' } },
    6: { class_type: 'CLIPTextEncode', inputs: { text: prompt } },
    7: { class_type: 'CLIPTextEncode', inputs: { text: negative } },
  }));

describe('Image gallery', function () {
  this.timeout(60_000);
  const dir = 'gallery-a';

  before(async () => {
    await vscode.workspace.fs.createDirectory(file(dir));
    await vscode.workspace.fs.writeFile(file(dir, 'lighthouse.png'), ownPng('A lighthouse at dusk', 'google/gemini-2.5-flash-image', 0.039, 901));
    await vscode.workspace.fs.writeFile(file(dir, '00001-castle.png'), a1111Png('a castle on a hill', 'blurry, lighthouse', 902));
    await vscode.workspace.fs.writeFile(file(dir, 'ComfyUI_00001_.png'), comfyPng('a watercolor owl', 'ugly, deformed', 903));
    await vscode.workspace.fs.writeFile(file(dir, 'camera.jpg'), makeJpeg(40, 30, { software: 'Canon EOS R5' }));
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('finds files of this extension, AUTOMATIC1111 and ComfyUI by words of their prompts, never by a word only in a negative prompt', async () => {
    assert.deepEqual(names(await search({ text: 'lighthouse', folder: dir })), ['lighthouse.png'], 'the castle has "lighthouse" only in its negative prompt');
    assert.deepEqual(names(await search({ text: 'castle hill', folder: dir })), ['00001-castle.png']);
    assert.deepEqual(names(await search({ text: 'watercolor', folder: dir })), ['ComfyUI_00001_.png']);
    assert.deepEqual(names(await search({ text: 'blurry', folder: dir })), []);
    assert.deepEqual(names(await search({ text: 'ugly', folder: dir })), []);
    assert.deepEqual(names(await search({ negative: 'lighthouse', folder: dir })), ['00001-castle.png']);
    assert.deepEqual(names(await search({ negative: 'deformed', folder: dir })), ['ComfyUI_00001_.png']);
    const [own] = await search({ text: 'lighthouse', folder: dir });
    assert.equal(own.model, 'google/gemini-2.5-flash-image');
    assert.equal(own.costUsd, 0.039);
    assert.ok(own.uri instanceof vscode.Uri && own.uri.path.endsWith(`${dir}/lighthouse.png`));
    assert.deepEqual(names(await search({ maker: 'comfyui', folder: dir })), ['ComfyUI_00001_.png']);
    assert.deepEqual(names(await search({ maker: 'a1111', folder: dir })), ['00001-castle.png']);
    assert.deepEqual(names(await search({ model: 'dreamshaper_8', folder: dir })), ['00001-castle.png']);
    assert.equal((await search({ folder: dir })).length, 4);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('openrouterStudio.searchImages', { maker: 'paint' })), /maker must be one of/);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('openrouterStudio.searchImages', { since: 'yesterday' })), /since must be/);
  });

  it('a file added, changed and deleted shows in the index within a second or two', async () => {
    const sub = `${dir}/live`;
    await vscode.workspace.fs.createDirectory(file(sub));
    await vscode.commands.executeCommand('openrouterStudio.openGallery', { folder: sub });
    await vscode.workspace.fs.writeFile(file(sub, 'fox.png'), ownPng('a red fox in snow', 'm/one', 0.01, 911));
    const t0 = Date.now();
    let found = await waitFor(() => search({ text: 'fox', folder: sub }), (r) => r.length === 1, 5000);
    assert.deepEqual(names(found), ['fox.png'], 'added');
    const added = Date.now() - t0;
    await vscode.workspace.fs.writeFile(file(sub, 'fox.png'), ownPng('a grey wolf in rain', 'm/one', 0.01, 912));
    found = await waitFor(() => search({ text: 'wolf', folder: sub }), (r) => r.length === 1, 5000);
    assert.deepEqual(names(found), ['fox.png'], 'changed');
    assert.deepEqual(await search({ text: 'fox snow', folder: sub }), []);
    await vscode.workspace.fs.delete(file(sub, 'fox.png'));
    found = await waitFor(() => search({ folder: sub }), (r) => r.length === 0, 5000);
    assert.deepEqual(found, [], 'deleted');
    assert.ok(added < 3000, `added after ${added} ms`);
  });

  it('bad files: not an image, truncated, a symbolic link out of the workspace — each says what is wrong, nothing stalls', async () => {
    const sub = `${dir}/bad`;
    await vscode.workspace.fs.createDirectory(file(sub));
    await vscode.workspace.fs.writeFile(file(sub, 'not-an-image.png'), new TextEncoder().encode('<html>hello</html>'));
    await vscode.workspace.fs.writeFile(file(sub, 'truncated.png'), makePng(64, 64, { noiseSeed: 921 }).subarray(0, 40));
    const outside = mkdtempSync(path.join(os.tmpdir(), 'ors-gallery-'));
    writeFileSync(path.join(outside, 'secret.png'), ownPng('the secret', 'm/x', 1, 922));
    symlinkSync(path.join(outside, 'secret.png'), file(sub, 'link.png').fsPath);
    const found = await waitFor(() => search({ folder: sub }), (r) => r.length === 3, 5000);
    const by = Object.fromEntries(found.map((r) => [r.path.slice(r.path.lastIndexOf('/') + 1), r]));
    assert.match(by['not-an-image.png'].error ?? '', /not a PNG, JPEG, WebP, GIF or SVG/);
    assert.equal(by['truncated.png'].error, undefined, 'a truncated PNG still has a type');
    assert.match(by['link.png'].error ?? '', /outside the workspace folder through a symbolic link/);
    assert.equal(by['link.png'].prompt, undefined, 'nothing is read through the link');
    // Nor shown: an image made from the link (its edit source) brings it into a family strip without a picture.
    if (WEBVIEW_PROBE) {
      await vscode.workspace.fs.writeFile(file(sub, 'from-link.png'), embedProvenance('image/png', makePng(8, 8, { noiseSeed: 923 }), provenanceText({ prompt: 'edited', model: 'm/x', api: 'chat', editedFrom: 'link.png' })));
      await waitFor(() => search({ folder: sub }), (r) => r.length === 4, 5000);
      await vscode.commands.executeCommand('openrouterStudio.openGallery', { folder: sub });
      await waitFor(() => webviewTexts('.tile-name'), (t) => t.length === 4, 15_000);
      await webviewAct('.search', 'fill', 'edited');
      await waitFor(() => webviewTexts('.tile-name'), (t) => t.length === 1);
      await webviewAct('button[aria-label="Show its family"]', 'click');
      assert.deepEqual(await waitFor(() => webviewTexts('.strip-tile .tile-name'), (t) => t.length === 2), ['link.png', 'from-link.png']);
      assert.deepEqual(await webviewTexts('.strip-tile img[src*="link.png"]:not([src*="from-link"])'), [], 'the link is not loaded as a picture');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it('the gallery view shows tiles with hostile metadata as text; search, family and compare work in the view', async function () {
    if (!WEBVIEW_PROBE) this.skip();
    const sub = `${dir}/view`;
    await vscode.workspace.fs.createDirectory(file(sub));
    const xss = '<img src=x onerror="document.title=\'pwned\'"> <b>bold</b> [link](command:workbench.action.quit)';
    await vscode.workspace.fs.writeFile(file(sub, 'hostile.png'), ownPng(xss, 'evil/<script>alert(1)</script>', 0.02, 931));
    await vscode.workspace.fs.writeFile(file(sub, 'calm.png'), ownPng('a calm lake', 'm/one', 0.03, 932));
    const edited = embedProvenance('image/png', makePng(16, 9, { noiseSeed: 933 }), provenanceText({ prompt: 'add a boat', model: 'm/one', api: 'chat', editedFrom: 'calm.png' }));
    await vscode.workspace.fs.writeFile(file(sub, 'calm-edit.png'), edited);
    await waitFor(() => search({ folder: sub }), (r) => r.length === 3, 5000);
    await vscode.commands.executeCommand('openrouterStudio.openGallery', { folder: sub });
    const tiles = await waitFor(() => webviewTexts('.tile-name'), (t) => t.length === 3, 15_000);
    assert.deepEqual([...tiles].sort(), ['calm-edit.png', 'calm.png', 'hostile.png']);
    const meta = await webviewTexts('.tile-meta');
    assert.ok(meta.some((m) => m.includes('evil/<script>alert(1)</script>')), 'the model shown as text');
    assert.deepEqual(await webviewTexts('img[src="x"]'), [], 'the prompt made no element');
    assert.deepEqual(await webviewTexts('b'), []);
    assert.deepEqual(await webviewTexts('.totals'), ['3 images, $0.0500 recorded (m/one: 2, $0.0300; evil/<script>alert(1)</script>: 1, $0.0200)'], 'the recorded cost of what is shown, per model');

    await webviewAct('.search', 'fill', 'lake');
    assert.deepEqual(await waitFor(() => webviewTexts('.tile-name'), (t) => t.length === 1), ['calm.png']);
    await webviewAct('.search', 'fill', '');
    await waitFor(() => webviewTexts('.tile-name'), (t) => t.length === 3);

    // The newest (the edit) is active: its family is the source, then the edit.
    await webviewAct('.grid', 'press', 'Home');
    assert.deepEqual(await webviewTexts('.active-name'), [`${sub}/calm-edit.png`]);
    await webviewAct('button[aria-label="Show its family"]', 'click');
    assert.deepEqual(await waitFor(() => webviewTexts('.strip-tile .tile-name'), (t) => t.length === 2), ['calm.png', 'calm-edit.png']);

    // Space selects, the arrows move: two selected, compared in one table.
    await webviewAct('.grid', 'press', ' ');
    await webviewAct('.grid', 'press', 'ArrowRight');
    await webviewAct('.grid', 'press', ' ');
    assert.deepEqual(await webviewTexts('.selection'), ['2 selected']);
    await webviewAct('.text-button', 'click');
    const rows = await waitFor(() => webviewTexts('.compare-table tr.differs th'), (t) => t.length > 0);
    assert.ok(rows.includes('File') && rows.includes('Prompt'), rows.join(', '));
    assert.deepEqual(await webviewTexts('img[src="x"]'), [], 'the comparison made no element of the prompt either');

    // The active image's actions: Copy path copies the workspace path; Enter opens the image.
    await webviewAct('button[aria-label="Copy path"]', 'click');
    const active = (await webviewTexts('.active-name'))[0];
    assert.equal(await waitFor(() => Promise.resolve(vscode.env.clipboard.readText()), (t) => t === active), active);
    await webviewAct('.grid', 'press', 'Enter');
    const tab = await waitFor(async () => vscode.window.tabGroups.activeTabGroup.activeTab?.label, (l) => l === active.slice(active.lastIndexOf('/') + 1));
    assert.equal(tab, active.slice(active.lastIndexOf('/') + 1));
  });
});

describe('Image gallery: the actions of the view', function () {
  this.timeout(60_000);
  const dir = 'gallery-actions';
  after(async () => {
    await vscode.workspace.fs.delete(file(dir), { recursive: true }).then(undefined, () => undefined);
  });

  it('Copy Markdown link, Refine in the chat view and Move to Trash do what their commands do, from the view; Move to Trash asks first', async function () {
    if (!WEBVIEW_PROBE) this.skip();
    await vscode.workspace.fs.createDirectory(file(dir));
    await vscode.workspace.fs.writeFile(file(dir, 'red-fox.png'), ownPng('a red fox', 'm/one', 0.01, 951));
    await waitFor(() => search({ folder: dir }), (r) => r.length === 1, 5000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('openrouterStudio.openGallery', { folder: dir });
    await waitFor(() => webviewTexts('.tile-name'), (t) => t.length === 1, 15_000);
    await webviewAct('.grid', 'press', 'Home');
    assert.deepEqual(await webviewTexts('.active-name'), [`${dir}/red-fox.png`]);
    await webviewAct('button[aria-label="Copy Markdown link"]', 'click');
    // No Markdown file is open: the link is relative to the top of the workspace folder.
    assert.equal(await waitFor(() => Promise.resolve(vscode.env.clipboard.readText()), (t) => t.startsWith('![')), `![red fox](${dir}/red-fox.png)`);
    const api = await (await import('./helpers')).activate();
    await webviewAct('button[aria-label="Refine in the chat view"]', 'click');
    assert.match(await waitFor(async () => JSON.stringify((await api.chat.initMessage()).attachments), (a) => a.includes('red-fox.png')), /red-fox\.png/, 'the chat view has it attached');
    const window = vscode.window as { showWarningMessage: unknown };
    const original = window.showWarningMessage;
    const asked: string[] = [];
    let answers: string[] = [];
    window.showWarningMessage = async (message: string, _options: unknown, ...actions: string[]) => {
      asked.push(message);
      return actions.find((a) => answers.includes(a));
    };
    try {
      await vscode.commands.executeCommand('openrouterStudio.openGallery', { folder: dir });
      await webviewAct('.grid', 'press', 'Home');
      await webviewAct('button[aria-label="Move to Trash"]', 'click');
      assert.equal(await waitFor(async () => asked.length, (n) => n === 1), 1);
      assert.equal(asked[0], `Move ${dir}/red-fox.png to the trash?`);
      await new Promise((r) => setTimeout(r, 500));
      assert.ok((await vscode.workspace.fs.stat(file(dir, 'red-fox.png'))).size > 0, 'declined: the file stays');
      // Where the file system has no trash (this test's remote workspace, as SSH and WSL ones may be), a second,
      // plain question comes before the file is deleted for good.
      answers = ['Move to Trash', 'Delete Permanently'];
      await webviewAct('button[aria-label="Move to Trash"]', 'click');
      assert.equal(await waitFor(() => Promise.resolve(vscode.workspace.fs.stat(file(dir, 'red-fox.png'))).then(() => false, () => true), (gone) => gone), true, 'deleted');
      assert.ok(asked.length === 2 || asked[2] === `${dir}/red-fox.png cannot be moved to the trash here. Delete it permanently?`, asked.join(' | '));
      const left = await waitFor(() => search({ folder: dir }), (r) => r.length === 0);
      assert.deepEqual(left, [], 'the index no longer has it');
      assert.deepEqual(await waitFor(() => webviewTexts('.tile-name'), (t) => t.length === 0), [], 'the gallery no longer shows it');
    } finally {
      window.showWarningMessage = original;
    }
  });
});

describe('Image gallery: the stored index', function () {
  this.timeout(60_000);

  it('a reload reads only the files that changed since; the rest come from the workspace storage', async () => {
    // The index as the extension makes it, on a storage folder of the test's own.
    const { GalleryIndex } = await import('../../src/gallery/galleryIndex');
    const storage = vscode.Uri.file(mkdtempSync(path.join(os.tmpdir(), 'ors-gallery-store-')));
    const log = vscode.window.createOutputChannel('gallery test', { log: true });
    const dir = 'gallery-store';
    await vscode.workspace.fs.createDirectory(file(dir));
    for (let k = 0; k < 5; k++) await vscode.workspace.fs.writeFile(file(dir, `s${k}.png`), ownPng(`stored ${k}`, 'm/one', 0.01, 940 + k));
    const first = new GalleryIndex(storage, log);
    const all = await first.all();
    await first.flush();
    first.dispose();
    assert.ok(first.lastBuild.read >= 5, JSON.stringify(first.lastBuild));
    await vscode.workspace.fs.writeFile(file(dir, 's0.png'), ownPng('changed since', 'm/one', 0.01, 950));
    const second = new GalleryIndex(storage, log);
    const again = await second.all();
    second.dispose();
    assert.equal(again.length, all.length);
    assert.equal(second.lastBuild.read, 1, `only the changed file is read: ${JSON.stringify(second.lastBuild)}`);
    assert.equal(again.find((e) => e.path.endsWith(`${dir}/s0.png`))?.details?.prompt, 'changed since');
    assert.equal(again.find((e) => e.path.endsWith(`${dir}/s1.png`))?.details?.prompt, 'stored 1');
    // A torn or foreign store is not trusted: the index is built from the files.
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(storage, 'gallery-index.json'), new TextEncoder().encode('{"version":1,"entries":[{"uri":1}'));
    const third = new GalleryIndex(storage, log);
    assert.equal((await third.all()).length, all.length);
    assert.equal(third.lastBuild.stored, 0);
    third.dispose();
    log.dispose();
  });
});
