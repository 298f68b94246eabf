import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ImageDetails } from '../../src/images/readDetails';
import type { FakeOpenRouter } from '../support/fakeOpenRouter';
import { imageStream } from '../support/fixtures';
import { makeJpeg, makePng, withPngText } from '../support/png';
import { answerQuestions, listDir, useFakeOpenRouter, waitFor, WEBVIEW_PROBE, webviewTexts, workspace } from './helpers';


function generate(args: Record<string, unknown>): Promise<vscode.Uri[] | undefined> {
  return Promise.resolve(vscode.commands.executeCommand<vscode.Uri[] | undefined>('openrouterStudio.generateImage', args));
}

function details(uri: vscode.Uri): Promise<ImageDetails> {
  return Promise.resolve(vscode.commands.executeCommand<ImageDetails>('openrouterStudio.imageDetails', uri, { show: false }));
}


describe('Image provenance: details, hover, Generate again, variations', function () {
  this.timeout(60_000);
  let fake: FakeOpenRouter;
  let dispose: () => Promise<void>;
  let n = 0;
  let dir: string;

  before(async () => {
    ({ fake, dispose } = await useFakeOpenRouter());
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await dispose();
  });
  beforeEach(async () => {
    fake.reset();
    dir = `prov-${++n}`;
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('imageDetails returns exactly what Generate image wrote; Generate again repeats prompt, model, aspect ratio and size', async () => {
    const s = imageStream([makePng(64, 36, { noiseSeed: 31 })], { cost: 0.039, id: 'gen-prov-1' });
    fake.enqueue('/chat/completions', { kind: 'sse', body: s.sse });
    const [uri] = (await generate({ prompt: 'A lighthouse «at dusk»', model: 'google/gemini-2.5-flash-image', aspectRatio: '16:9', imageSize: '2K', outputDirectory: dir }))!;
    const d = await details(uri);
    assert.deepEqual(d, {
      mimeType: 'image/png', width: 64, height: 36, bytes: (await vscode.workspace.fs.stat(uri)).size, prompt: 'A lighthouse «at dusk»', model: 'google/gemini-2.5-flash-image', api: 'chat',
      software: 'OpenRouter Studio', aspectRatio: '16:9', imageSize: '2K', generationId: 'gen-prov-1', costUsd: 0.039,
    });

    fake.enqueue('/chat/completions', { kind: 'sse', body: imageStream([makePng(64, 36, { noiseSeed: 32 })]).sse });
    const yes = await answerQuestions();
    const again = await vscode.commands.executeCommand<vscode.Uri[]>('openrouterStudio.generateAgain', uri).then((r) => (yes.restore(), r));
    assert.equal(yes.asked.length, 1, 'Generate again asked first');
    assert.equal(again.length, 1);
    assert.notEqual(again[0].toString(), uri.toString());
    const [, second] = fake.requestsTo('/chat/completions');
    assert.equal(second.body.model, 'google/gemini-2.5-flash-image');
    assert.deepEqual(second.body.image_config, { aspect_ratio: '16:9', image_size: '2K' });
    assert.equal(second.body.messages.at(-1).content, 'A lighthouse «at dusk»');
  });

  it('imageDetails reads AUTOMATIC1111 parameters and a JPEG\'s EXIF description, and refuses a file that is not an image', async () => {
    const params = 'a castle, sunset\nNegative prompt: blurry\nSteps: 20, Sampler: Euler a, Seed: 42, Model: dreamshaper_8';
    const a1111 = vscode.Uri.joinPath(workspace(), dir, 'a1111.png');
    await vscode.workspace.fs.writeFile(a1111, withPngText(makePng(8, 8), 'parameters', params));
    const a = await details(a1111);
    assert.equal(a.parameters, params);
    assert.equal(a.prompt, 'a castle, sunset');
    assert.equal(a.model, 'dreamshaper_8');
    const jpg = vscode.Uri.joinPath(workspace(), dir, 'photo.jpg');
    await vscode.workspace.fs.writeFile(jpg, makeJpeg(320, 200, { description: 'Boats in a harbour' }));
    const j = await details(jpg);
    assert.equal(j.prompt, 'Boats in a harbour');
    assert.deepEqual([j.width, j.height, j.mimeType], [320, 200, 'image/jpeg']);
    const fake_ = vscode.Uri.joinPath(workspace(), dir, 'not-an-image.png');
    await vscode.workspace.fs.writeFile(fake_, Buffer.from('<svg/>'));
    await assert.rejects(details(fake_), /not-an-image\.png is not a PNG, JPEG, WebP, GIF or SVG image/);
  });

  it('the Markdown hover on a generated image shows its prompt and a Generate again link; a stranger\'s text stays text', async () => {
    const evil = 'Evil [run](command:workbench.action.terminal.new) <b>x</b> https://evil.example www.evil.example mailto:a@evil.example';
    const png = withPngText(makePng(16, 16), 'Description', evil);
    const file = vscode.Uri.joinPath(workspace(), dir, 'hover.png');
    await vscode.workspace.fs.writeFile(file, Buffer.from(png));
    const md = vscode.Uri.joinPath(workspace(), dir, 'post.md');
    await vscode.workspace.fs.writeFile(md, Buffer.from('# Post\n\n![](hover.png)\n'));
    const doc = await vscode.workspace.openTextDocument(md);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', md, new vscode.Position(2, 5));
    const ours = hovers.flatMap((h) => h.contents).map((c) => (c as vscode.MarkdownString).value).find((v) => v.includes('Prompt'));
    assert.ok(ours, `our hover is there: ${JSON.stringify(hovers.map((h) => h.contents))}`);
    // The file's text stands in a code block, where nothing links: not the [run](command:) link, nor a bare URL, www. or mailto:.
    const block = /\n(`{3,})text\n([\s\S]*?)\n\1\n/.exec(ours);
    assert.ok(block, `the details are a code block: ${ours}`);
    assert.ok(block[2].split('\n').includes(`Prompt: ${evil}`), block[2]);
    assert.equal(ours.replace(block[0], '').includes('evil'), false, `no file text outside the code block: ${ours}`);
    assert.ok(!ours.includes('openrouterStudio.generateAgain'), 'not made here: no Generate again');
    assert.equal(doc.languageId, 'markdown');

    fake.enqueue('/chat/completions', { kind: 'sse', body: imageStream([makePng(16, 16, { noiseSeed: 40 })]).sse });
    const [made] = (await generate({ prompt: 'A tiny owl', outputDirectory: dir }))!;
    const name = made.path.split('/').pop()!;
    await vscode.workspace.fs.writeFile(md, Buffer.from(`# Post\n\n![](${encodeURIComponent(name)})\n`));
    const hovers2 = await waitFor(async () => {
      const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', md, new vscode.Position(2, 5));
      return h.flatMap((x) => x.contents).map((c) => (c as vscode.MarkdownString).value).join('\n');
    }, (v) => v.includes('A tiny owl'));
    assert.ok(hovers2.includes('Prompt: A tiny owl'), hovers2);
    const parts = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', md, new vscode.Position(2, 5))).flatMap((x) => x.contents).map((c) => (c as vscode.MarkdownString).value);
    const link = parts.filter((v) => v.includes('command:openrouterStudio.generateAgain?'));
    assert.equal(link.length, 1);
    assert.ok(!link[0].includes('tiny owl'), 'the trusted Generate again part holds no text from the file');
  });

  it('count: 3 sends three requests that overlap in time and saves three files, each with its own variation', async () => {
    const pngs = [41, 42, 43].map((seed) => makePng(32, 32, { noiseSeed: seed }));
    for (const p of pngs) fake.enqueue('/chat/completions', { kind: 'sse', body: imageStream([p], { cost: 0.01 }).sse, sliceBytes: 512, delayMs: 20 });
    const uris = (await generate({ prompt: 'three owls', count: 3, outputDirectory: dir }))!;
    assert.equal(uris.length, 3);
    assert.equal((await listDir(dir)).length, 3);
    const reqs = fake.requestsTo('/chat/completions');
    assert.equal(reqs.length, 3);
    const lastArrival = Math.max(...reqs.map((r) => r.receivedAt));
    const firstEnd = Math.min(...reqs.map((r) => r.endedAt ?? Infinity));
    assert.ok(lastArrival < firstEnd, `all three were under way at once (last arrival ${lastArrival.toFixed(0)} < first end ${firstEnd.toFixed(0)})`);
    const ds = await Promise.all(uris.map(details));
    assert.deepEqual(ds.map((d) => d.variation).sort(), ['1/3', '2/3', '3/3']);
    assert.ok(ds.every((d) => d.prompt === 'three owls'));
  });

  it('one of three failing keeps the other two and names the failure', async () => {
    fake.respond = (req) => (fake.requests.indexOf(req) === 1
      ? { kind: 'json', status: 400, body: { error: { code: 400, message: 'Prompt refused by the provider' } } }
      : { kind: 'sse', body: imageStream([makePng(16, 16, { noiseSeed: 50 + fake.requests.indexOf(req) })]).sse });
    const uris = (await generate({ prompt: 'two of three', count: 3, outputDirectory: dir }))!;
    assert.equal(uris.length, 2);
    assert.equal((await listDir(dir)).length, 2);
    if (WEBVIEW_PROBE) {
      await vscode.commands.executeCommand('notifications.showList');
      const texts = await waitFor(() => webviewTexts('.notification-list-item-message'), (t) => t.some((x) => x.includes('Saved 2 of 3 variations')));
      const summary = texts.find((x) => x.includes('Saved 2 of 3 variations'));
      assert.ok(summary?.includes('Prompt refused by the provider'), summary);
    }
  });

  it('a variation answered 429 with Retry-After is sent again: all three are saved, and no other request is repeated', async () => {
    let limited = 0;
    fake.respond = (req) => {
      if (req.path !== '/chat/completions') return undefined;
      const n = fake.requestsTo('/chat/completions').indexOf(req);
      return n === 1 && limited++ === 0
        ? { kind: 'json', status: 429, headers: { 'retry-after': '1' }, body: { error: { code: 429, message: 'Rate limit exceeded: free-models-per-min' } } }
        : { kind: 'sse', body: imageStream([makePng(16, 16, { noiseSeed: 70 + n })]).sse };
    };
    const uris = (await generate({ prompt: 'rate limited', count: 3, outputDirectory: dir }))!;
    assert.equal(uris.length, 3);
    assert.equal((await listDir(dir)).length, 3);
    const posts = fake.requestsTo('/chat/completions');
    assert.equal(posts.length, 4, 'three requests, and the limited one once more');
    assert.equal(new Set(posts.map((r) => r.body.messages[0].content)).size, 1, 'the same prompt each time');
  });

  it('none saved: rejects with every request\'s message', async () => {
    fake.respond = (req) => ({ kind: 'json', status: 400, body: { error: { code: 400, message: `refusal ${fake.requests.indexOf(req) + 1}` } } });
    await assert.rejects(generate({ prompt: 'nothing', count: 2, outputDirectory: dir }), (e: Error) => /refusal 1/.test(e.message) && /refusal 2/.test(e.message));
    assert.deepEqual(await listDir(dir), []);
  });

  it('cancel after the first image keeps that one and ends the other requests', async () => {
    fake.respond = (req) => (fake.requests.indexOf(req) === 0 ? { kind: 'sse', body: imageStream([makePng(16, 16, { noiseSeed: 60 })]).sse } : { kind: 'stall' });
    const running = generate({ prompt: 'cancel me', count: 3, outputDirectory: dir });
    // The first variation is finished once it is open in an editor (a job opens its image after it returned).
    // The file alone is not enough: a cancel between writing it and returning removes it, by design, and on
    // a loaded machine that gap is wide enough for the cancel below to fall into it.
    const opened = (): boolean => vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => {
      const input = t.input as { uri?: vscode.Uri } | undefined;
      return !!input?.uri?.path.includes(`/${dir}/cancel-me`);
    });
    await waitFor(async () => opened(), (v) => v);
    await waitFor(() => listDir(dir), (l) => l.length === 1);
    await waitFor(async () => fake.requestsTo('/chat/completions').length, (k) => k === 3);
    await vscode.commands.executeCommand('openrouterStudio.cancelImageGeneration');
    const uris = await running;
    assert.equal(uris?.length, 1);
    assert.equal((await listDir(dir)).length, 1);
    await waitFor(async () => fake.requestsTo('/chat/completions').every((r) => r.endedAt !== undefined), (v) => v, 5_000);
    assert.ok(fake.requestsTo('/chat/completions').every((r) => r.endedAt !== undefined), 'the stalled requests were closed');
  });
});
