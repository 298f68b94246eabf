import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readChunks, readTextChunks } from '../../src/images/png';
import { provenanceFromXmp, xmpOf } from '../../src/images/xmp';
import { generatedBaseName } from '../../src/images/naming';
import type { FakeOpenRouter } from '../support/fakeOpenRouter';
import { errorBodies, imageStream, midstreamError, textStream } from '../support/fixtures';
import { makeJpegHeader, makePng } from '../support/png';
import { listDir, TEST_KEY, useFakeOpenRouter, workspace } from './helpers';



/** The chunks of a PNG other than text chunks, as bytes: what must equal the served image. */
function pixelChunks(png: Uint8Array): Buffer[] {
  return readChunks(png).filter((c) => c.type !== 'iTXt' && c.type !== 'tEXt').map((c) => Buffer.from(png.subarray(c.offset, c.offset + 12 + c.length)));
}

function generate(args: Record<string, unknown>): Promise<vscode.Uri[] | undefined> {
  return Promise.resolve(vscode.commands.executeCommand<vscode.Uri[] | undefined>('openrouterStudio.generateImage', args));
}

describe('Generate image', function () {
  this.timeout(60_000);
  let fake: FakeOpenRouter;
  let dispose: () => Promise<void>;
  let n = 0;
  /** A fresh output directory per test. */
  let dir: string;

  before(async () => {
    ({ fake, dispose } = await useFakeOpenRouter());
  });
  after(async () => dispose());
  beforeEach(() => {
    fake.reset();
    dir = `out-${++n}`;
  });

  it('regression: images that arrived before the reply broke off are saved (paid for), and the failure is reported', async () => {
    const first = makePng(64, 48, { noiseSeed: 1 });
    const s = imageStream([first, makePng(64, 48, { noiseSeed: 2 })]);
    const secondImage = s.sse.indexOf('data: {', s.sse.indexOf('data:image/png;base64,'));
    fake.enqueue('/chat/completions', { kind: 'sse', body: s.sse, resetAfterBytes: secondImage });
    const uris = await generate({ prompt: 'two tiles', outputDirectory: dir });
    assert.equal(uris?.length, 1);
    assert.deepEqual(pixelChunks(await vscode.workspace.fs.readFile(uris![0])), pixelChunks(first));
    assert.deepEqual(await listDir(dir), [uris![0].path.split('/').pop()]);
    assert.equal(fake.requestsTo('/chat/completions').length, 1, 'not sent again');
  });

  it('saves the served image with metadata, opens it, and sent model, modalities, image_config and the key', async () => {
    const png = makePng(1024, 768, { noiseSeed: 11 });
    const s = imageStream([png]);
    fake.enqueue('/chat/completions', { kind: 'sse', body: s.sse, sliceBytes: 65536 });
    const uris = await generate({ prompt: 'A red fox at dawn', model: 'google/gemini-2.5-flash-image', aspectRatio: '16:9', imageSize: '2K', outputDirectory: dir });
    assert.equal(uris?.length, 1);
    const uri = uris![0];
    assert.match(uri.path, new RegExp(`/${dir}/a-red-fox-at-dawn-\\d{8}-\\d{6}\\.png$`));
    const saved = await vscode.workspace.fs.readFile(uri);
    assert.deepEqual(pixelChunks(saved), pixelChunks(png), 'pixel data is byte-identical to what the model sent');
    assert.deepEqual(readTextChunks(saved), {
      Description: 'A red fox at dawn',
      Software: 'OpenRouter Studio',
      Source: 'google/gemini-2.5-flash-image',
      'openrouter:api': 'chat',
      'openrouter:aspect_ratio': '16:9',
      'openrouter:image_size': '2K',
      'openrouter:generation_id': s.id,
      'openrouter:cost_usd': String(s.cost),
    });
    const [req] = fake.requestsTo('/chat/completions');
    assert.equal(req.headers.authorization, `Bearer ${TEST_KEY}`);
    assert.equal(req.body.model, 'google/gemini-2.5-flash-image');
    assert.deepEqual(req.body.modalities, ['image', 'text']);
    assert.deepEqual(req.body.image_config, { aspect_ratio: '16:9', image_size: '2K' });
    assert.equal(req.body.stream, true);
    assert.deepEqual(req.body.messages, [{ role: 'user', content: 'A red fox at dawn' }]);
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => (t.input as { uri?: vscode.Uri }).uri?.toString());
    assert.ok(tabs.includes(uri.toString()), 'the image is open in an editor');
  });

  it('sends modalities ["image"] for an image-only model and uses the settings defaults', async () => {
    fake.enqueue('/chat/completions', { kind: 'sse', body: imageStream([makePng(8, 8)]).sse });
    await generate({ prompt: 'flux test', model: 'black-forest-labs/flux.2-pro', outputDirectory: dir });
    const [req] = fake.requestsTo('/chat/completions');
    assert.deepEqual(req.body.modalities, ['image']);
    assert.deepEqual(req.body.image_config, { aspect_ratio: '1:1' });
  });

  it('saves two images as two files', async () => {
    const a = makePng(8, 8);
    const b = makePng(9, 9);
    fake.enqueue('/chat/completions', { kind: 'sse', body: imageStream([a, b]).sse });
    const uris = await generate({ prompt: 'two tiles', outputDirectory: dir });
    assert.equal(uris?.length, 2);
    assert.notEqual(uris![0].toString(), uris![1].toString());
    assert.deepEqual(pixelChunks(await vscode.workspace.fs.readFile(uris![1])), pixelChunks(b));
  });

  it('keeps an existing file with the same name untouched and saves as -2', async () => {
    const now = Date.now();
    const existing = Buffer.from('precious existing file');
    // The name carries a timestamp in seconds: occupy the next few seconds' names.
    for (let i = 0; i < 10; i++) {
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(workspace(), dir, `${generatedBaseName('collide', new Date(now + i * 1000))}.png`), existing);
    }
    fake.enqueue('/chat/completions', { kind: 'sse', body: imageStream([makePng(8, 8)]).sse });
    const [uri] = (await generate({ prompt: 'collide', outputDirectory: dir }))!;
    assert.match(uri.path, /collide-\d{8}-\d{6}-2\.png$/);
    const files = await listDir(dir);
    assert.equal(files.length, 11);
    for (const f of files.filter((f) => !f.endsWith('-2.png'))) {
      assert.deepEqual(Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspace(), dir, f))), existing, `${f} untouched`);
    }
  });

  it('cancel aborts the request and writes nothing', async () => {
    const s = imageStream([makePng(512, 512, { noiseSeed: 5 })]);
    fake.enqueue('/chat/completions', { kind: 'sse', body: s.sse, stallAfterBytes: s.sse.length - 2000 });
    const pending = generate({ prompt: 'cancel me', outputDirectory: dir });
    const deadline = Date.now() + 5000;
    while (fake.requestsTo('/chat/completions').length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    const cancelled = await vscode.commands.executeCommand<number>('openrouterStudio.cancelImageGeneration');
    assert.equal(cancelled, 1);
    assert.equal(await pending, undefined);
    assert.deepEqual(await listDir(dir), []);
  });

  it('402: the credits message reaches the user and no file is written', async () => {
    fake.enqueue('/chat/completions', { kind: 'json', status: 402, body: errorBodies.credits });
    await assert.rejects(generate({ prompt: 'no money', outputDirectory: dir }), { message: `Your OpenRouter account needs more credits: ${errorBodies.credits.error.message}` });
    assert.deepEqual(await listDir(dir), []);
  });

  it('a mid-stream error reaches the user and no file is written', async () => {
    fake.enqueue('/chat/completions', { kind: 'sse', body: midstreamError().sse });
    await assert.rejects(generate({ prompt: 'broken stream', outputDirectory: dir }), /Provider disconnected unexpectedly/);
    assert.deepEqual(await listDir(dir), []);
  });

  it('refuses an HTML data URL and PNG-declared HTML bytes: clear error, no file', async () => {
    const html = Buffer.from('<!doctype html><script>window.pwned=1</script>');
    fake.enqueue('/chat/completions', { kind: 'sse', body: imageStream([], { urls: [`data:text/html;base64,${html.toString('base64')}`] }).sse });
    await assert.rejects(generate({ prompt: 'html one', outputDirectory: dir }), /"text\/html" data that is not a PNG, JPEG, WebP or GIF image/);
    fake.enqueue('/chat/completions', { kind: 'sse', body: imageStream([], { urls: [`data:image/png;base64,${html.toString('base64')}`] }).sse });
    await assert.rejects(generate({ prompt: 'html two', outputDirectory: dir }), /"image\/png" data that is not a PNG/);
    fake.enqueue('/chat/completions', { kind: 'sse', body: imageStream([], { urls: ['data:image/png;base64,%%%%'] }).sse });
    await assert.rejects(generate({ prompt: 'bad base64', outputDirectory: dir }), /invalid base64/);
    assert.deepEqual(await listDir(dir), []);
  });

  it('saves a JPEG as .jpg: its bytes unchanged but for one XMP segment holding the provenance', async () => {
    const jpg = makeJpegHeader();
    fake.enqueue('/chat/completions', { kind: 'sse', body: imageStream([], { urls: [`data:image/jpeg;base64,${jpg.toString('base64')}`] }).sse });
    const [uri] = (await generate({ prompt: 'a jpeg', outputDirectory: dir }))!;
    assert.match(uri.path, /\.jpg$/);
    const saved = Buffer.from(await vscode.workspace.fs.readFile(uri));
    // SOI + APP0 (20 bytes), then the APP1 XMP segment, then the rest as sent.
    const segment = 2 + saved.readUInt16BE(22);
    assert.deepEqual(Buffer.concat([saved.subarray(0, 20), saved.subarray(20 + segment)]), jpg);
    assert.equal(provenanceFromXmp(xmpOf(saved))?.Description, 'a jpeg');
  });

  it('a reply with text but no image says what the model said, and writes nothing', async () => {
    fake.enqueue('/chat/completions', { kind: 'sse', body: textStream(['I cannot draw that.']).sse });
    await assert.rejects(generate({ prompt: 'refused', outputDirectory: dir }), { message: 'The model returned no image. The model said: "I cannot draw that."' });
    assert.deepEqual(await listDir(dir), []);
  });

  it('refuses an output directory of ../outside before sending anything', async () => {
    await assert.rejects(generate({ prompt: 'escape', outputDirectory: '../outside' }), (e: Error) => e.name === 'OutsideWorkspaceError' && /leaves the workspace folder/.test(e.message));
    assert.equal(fake.requestsTo('/chat/completions').length, 0);
    const parent = vscode.Uri.joinPath(workspace(), '..', 'outside');
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(parent)));
  });

  it('with no key: explains how to set one, sends nothing, writes nothing', async () => {
    await vscode.commands.executeCommand('openrouterStudio.clearApiKey');
    try {
      await assert.rejects(generate({ prompt: 'no key', outputDirectory: dir }), { message: 'No OpenRouter API key is set. Run "OpenRouter: Set API key" or set OPENROUTER_API_KEY.' });
      assert.equal(fake.requestsTo('/chat/completions').length, 0);
      assert.deepEqual(await listDir(dir), []);
    } finally {
      await vscode.commands.executeCommand('openrouterStudio.setApiKey', TEST_KEY);
    }
  });

  it('rejects an argument without a prompt', async () => {
    await assert.rejects(generate({ model: 'x' }), /non-empty prompt/);
  });

  it('Insert Markdown link puts a relative link into the Markdown editor', async () => {
    const doc = vscode.Uri.joinPath(workspace(), 'docs', 'guide.md');
    await vscode.workspace.fs.writeFile(doc, Buffer.from('# Guide\n\n'));
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(2, 0, 2, 0);
    const image = vscode.Uri.joinPath(workspace(), 'images', 'red fox-2.png');
    await vscode.commands.executeCommand('openrouterStudio.insertImageLink', image);
    assert.equal(editor.document.getText(), '# Guide\n\n![red fox 2](../images/red%20fox-2.png)');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  describe('Edit image with prompt', () => {
    it('sends the source file\'s exact bytes and saves <name>-edit.png, then -edit-2.png', async () => {
      const source = makePng(32, 32, { noiseSeed: 9 });
      const src = vscode.Uri.joinPath(workspace(), dir, 'cat.png');
      await vscode.workspace.fs.writeFile(src, source);
      const result = makePng(16, 16);
      fake.enqueue('/chat/completions', { kind: 'sse', body: imageStream([result]).sse }, { kind: 'sse', body: imageStream([result]).sse });
      const edit = (): Promise<vscode.Uri[] | undefined> => Promise.resolve(vscode.commands.executeCommand<vscode.Uri[]>('openrouterStudio.editImage', src, { prompt: 'make it blue', aspectRatio: '4:3' }));
      const [first] = (await edit())!;
      const [second] = (await edit())!;
      assert.ok(first.path.endsWith(`/${dir}/cat-edit.png`), first.path);
      assert.ok(second.path.endsWith(`/${dir}/cat-edit-2.png`), second.path);
      const [req] = fake.requestsTo('/chat/completions');
      const content = req.body.messages[0].content;
      assert.deepEqual(content[0], { type: 'text', text: 'make it blue' });
      const url: string = content[1].image_url.url;
      assert.ok(url.startsWith('data:image/png;base64,'));
      assert.deepEqual(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'), source, 'the data URL holds the file\'s exact bytes');
      assert.deepEqual(req.body.image_config, { aspect_ratio: '4:3' });
      assert.deepEqual(Buffer.from(await vscode.workspace.fs.readFile(src)), source, 'the source is untouched');
      assert.deepEqual(pixelChunks(await vscode.workspace.fs.readFile(first)), pixelChunks(result));
    });
  });
});

