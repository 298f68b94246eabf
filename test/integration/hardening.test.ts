import assert from 'node:assert/strict';
import { statSync, utimesSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { provenanceText } from '../../src/images/provenance';
import type { ImageDetails } from '../../src/images/readDetails';
import { embedProvenance } from '../../src/images/xmp';
import { dataUrl, imagesReply } from '../support/fixtures';
import { makePng } from '../support/png';
import { activate, fakeOpenRouterSuite, waitFor, workspace } from './helpers';

const file = (...parts: string[]): vscode.Uri => vscode.Uri.joinPath(workspace(), ...parts);

describe('Hardening, third round', function () {
  this.timeout(120_000);
  const server = fakeOpenRouterSuite();
  let n = 0;
  let dir: string;
  beforeEach(async () => {
    dir = `hard-${++n}`;
    await vscode.workspace.fs.createDirectory(file(dir));
  });

  it('references: a file given twice is sent once; past 32 MB in all nothing is sent and the message names the total', async () => {
    const a = makePng(8, 8, { noiseSeed: 401 });
    await vscode.workspace.fs.writeFile(file(dir, 'a.png'), a);
    server.fake.enqueue('/images', { kind: 'json', body: imagesReply([makePng(8, 8, { noiseSeed: 402 })]) });
    await vscode.commands.executeCommand('openrouterStudio.generateFromImages', file(dir, 'a.png'), [file(dir, 'a.png'), file(dir, 'a.png')], { prompt: 'the same', model: 'bytedance-seed/seedream-4.5', outputDirectory: dir });
    assert.deepEqual(server.fake.requestsTo('/images')[0].body.input_references, [{ type: 'image_url', image_url: { url: dataUrl(a) } }]);

    // Three 12 MB files (a PNG signature, then padding): each under maxImageBytes (20 MB), 36 MB together.
    const big = Buffer.concat([makePng(8, 8), Buffer.alloc(12 * 1024 * 1024)]);
    for (const k of [1, 2, 3]) writeFileSync(file(dir, `big${k}.png`).fsPath, big);
    server.fake.reset();
    const uris = [1, 2, 3].map((k) => file(dir, `big${k}.png`));
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('openrouterStudio.generateFromImages', uris[0], uris, { prompt: 'too much', model: 'bytedance-seed/seedream-4.5', outputDirectory: dir })), /The images come to over 32 MB in all \(3 with hard-\d+\/big3\.png\)/);
    assert.equal(server.fake.requests.filter((r) => r.method === 'POST').length, 0);
  });

  it('the typing pattern: edits every 400 ms to a large Markdown file of images never stack up passes; the marks come once the typing stops', async () => {
    for (let k = 0; k < 50; k++) await vscode.workspace.fs.writeFile(file(dir, `pic-${k}.png`), makePng(4, 4, { noiseSeed: 500 + k }));
    const unit = (i: number): string => `Some words about figure ${i} with *emphasis* and a [link](https://example.com/${i}).\n\n![](pic-${i % 50}.png)\n\n- a list item ${i}\n  - nested ${i}\n\n`;
    let text = '';
    for (let i = 0; text.length < 280_000; i++) text += unit(i);
    const images = (text.match(/!\[\]/g) ?? []).length;
    const uri = file(dir, 'big.md');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text));
    const api = await activate();
    const opened = Date.now();
    const editor = await vscode.window.showTextDocument(uri);
    await waitFor(async () => api.altText.diagnostics(uri).length, (k) => k === 1000, 60_000);
    const firstPass = Date.now() - opened;
    // Each edit adds an image: the marks that count are those of the last version.
    for (let i = 0; i < 12; i++) {
      await editor.edit((b) => b.insert(new vscode.Position(0, 0), '![](pic-0.png)\n\n'));
      await new Promise((r) => setTimeout(r, 400));
    }
    const stopped = Date.now();
    // Within 20 s: passes that queued behind each other (before) took 2–4 s each, twelve of them. 1,000 marks
    // (what VS Code shows of a file), the last of which counts the rest: those of the last version.
    const rest = `${(images + 12 - 1000).toLocaleString('en-US')} more in this file are not marked`;
    const last = (): Promise<string> => Promise.resolve(api.altText.diagnostics(uri).at(-1)?.message ?? '');
    const message = await waitFor(last, (m) => m.includes(rest), 20_000);
    assert.ok(message.includes(rest), `every image of the last version counted after the typing stopped (${Date.now() - stopped} ms): ${message}`);
    assert.equal(api.altText.diagnostics(uri).length, 1000);
    console.log(`Alt-text marks of a ${text.length.toLocaleString('en-US')}-character file of ${images} images: ${firstPass} ms when opened, ${Date.now() - stopped} ms after 12 edits 400 ms apart stopped`);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('Image details reads only the head of a large local PNG, and remembers the details until the file changes', async () => {
    const fields = provenanceText({ prompt: 'a long way down', model: 'google/gemini-2.5-flash-image', api: 'chat' });
    const png = Buffer.from(embedProvenance('image/png', makePng(16, 16), fields));
    const uri = file(dir, 'tall.png');
    // 40 MB after the image: the details come from its first 4 MB.
    writeFileSync(uri.fsPath, Buffer.concat([png, Buffer.alloc(40 * 1024 * 1024)]));
    const details = (): Promise<ImageDetails> => Promise.resolve(vscode.commands.executeCommand<ImageDetails>('openrouterStudio.imageDetails', uri, { show: false }));
    const t0 = performance.now();
    const first = await details();
    const firstMs = performance.now() - t0;
    assert.equal(first.prompt, 'a long way down');
    assert.equal(first.bytes, png.length + 40 * 1024 * 1024);
    // Other bytes of the same size and modification time: the details are the remembered ones (nothing is read).
    const { mtime } = statSync(uri.fsPath);
    const other = Buffer.from(embedProvenance('image/png', makePng(16, 16), provenanceText({ prompt: 'a long way up!!', model: 'google/gemini-2.5-flash-image', api: 'chat' })));
    assert.equal(other.length, png.length);
    writeFileSync(uri.fsPath, Buffer.concat([other, Buffer.alloc(40 * 1024 * 1024)]));
    utimesSync(uri.fsPath, mtime, mtime);
    const t1 = performance.now();
    assert.deepEqual(await details(), first, 'remembered');
    console.log(`Image details of a 40 MB PNG: first ${firstMs.toFixed(0)} ms, then ${(performance.now() - t1).toFixed(0)} ms (through executeCommand)`);
    // Changed (a new modification time): read again.
    utimesSync(uri.fsPath, new Date(mtime.getTime() + 5000), new Date(mtime.getTime() + 5000));
    assert.equal((await details()).prompt, 'a long way up!!');
  });
});
