import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readChunks, readTextChunks } from '../../src/images/png';
import { DEFAULT_DESCRIBE_PROMPT } from '../../src/shared/prompts';
import type { FakeOpenRouter } from '../support/fakeOpenRouter';
import { imageStream, midstreamError, reasoningStream, textStream } from '../support/fixtures';
import { makeJpegHeader, makePng } from '../support/png';
import { openChatView, useFakeOpenRouter, waitFor, WEBVIEW_PROBE, webviewAct, webviewTexts, workspace } from './helpers';


function describe_(target: vscode.Uri | vscode.Uri[], args: Record<string, unknown> = {}): Promise<string | undefined> {
  return Promise.resolve(vscode.commands.executeCommand<string | undefined>('openrouterStudio.describeImage', target, args));
}

/** Decodes the `image_url` parts of the last user message of a recorded request. */
function sentImages(body: any): Buffer[] {
  const content = body.messages[body.messages.length - 1].content;
  return content.filter((p: any) => p.type === 'image_url').map((p: any) => Buffer.from(p.image_url.url.slice(p.image_url.url.indexOf(',') + 1), 'base64'));
}

describe('Describe this image and the chat view', function () {
  this.timeout(60_000);
  let fake: FakeOpenRouter;
  let dispose: () => Promise<void>;
  let png: Buffer;
  let pngUri: vscode.Uri;

  before(async () => {
    ({ fake, dispose } = await useFakeOpenRouter());
    png = makePng(48, 32, { noiseSeed: 21 });
    pngUri = vscode.Uri.joinPath(workspace(), 'pics', 'tile.png');
    await vscode.workspace.fs.writeFile(pngUri, png);
    await vscode.commands.executeCommand('openrouterStudio.chat.newChat');
  });
  after(async () => dispose());
  beforeEach(() => fake.reset());

  it('resolves to the served description; the request holds the file\'s exact bytes, the vision model and the prompt', async () => {
    const t = textStream(['A square tile', ' with a smooth', ' gradient.']);
    fake.enqueue('/chat/completions', { kind: 'sse', body: t.sse, sliceBytes: 7 });
    const text = await describe_(pngUri);
    assert.equal(text, t.text);
    const [req] = fake.requestsTo('/chat/completions');
    assert.equal(req.body.model, 'google/gemini-2.5-flash');
    assert.equal(req.body.stream, true);
    const content = req.body.messages[req.body.messages.length - 1].content;
    assert.deepEqual(content[0], { type: 'text', text: DEFAULT_DESCRIBE_PROMPT });
    assert.ok(content[1].image_url.url.startsWith('data:image/png;base64,'));
    assert.deepEqual(sentImages(req.body), [png]);
    assert.equal(req.body.modalities, undefined, 'a text model gets no modalities');
  });

  it('the chat view shows the turn: thumbnail, prompt and the streamed description', async function () {
    if (!WEBVIEW_PROBE) this.skip();
    const t = textStream(['**Alt:** a tile', '\n\nMore detail.']);
    fake.enqueue('/chat/completions', { kind: 'sse', body: t.sse });
    await describe_(pngUri, { prompt: 'Alt text please', model: 'openai/gpt-5-nano' });
    const replies = await waitFor(() => webviewTexts('.turn .reply'), (r) => r.length > 0 && r[r.length - 1].includes('More detail.'));
    assert.equal(replies[replies.length - 1].replace(/\s+/g, ' ').trim(), 'Alt: a tile More detail.');
    const prompts = await webviewTexts('.turn .prompt');
    assert.equal(prompts[prompts.length - 1], 'Alt text please');
    const labels = await webviewTexts('.turn .thumbs .image-label');
    assert.equal(labels[labels.length - 1], 'pics/tile.png');
    const models = await webviewTexts('.turn .model-name');
    assert.equal(models[models.length - 1], 'openai/gpt-5-nano');
    assert.equal(fake.requestsTo('/chat/completions')[0].body.model, 'openai/gpt-5-nano');
  });

  it('several images go in one turn', async () => {
    const jpgUri = vscode.Uri.joinPath(workspace(), 'pics', 'photo.jpg');
    await vscode.workspace.fs.writeFile(jpgUri, makeJpegHeader());
    fake.enqueue('/chat/completions', { kind: 'sse', body: textStream(['Two pictures.']).sse });
    assert.equal(await describe_([pngUri, jpgUri]), 'Two pictures.');
    const reqs = fake.requestsTo('/chat/completions');
    assert.equal(reqs.length, 1);
    assert.deepEqual(sentImages(reqs[0].body), [png, makeJpegHeader()]);
  });

  it('the explorer\'s multi-selection form (clicked, selected[]) sends all selected images in one turn', async () => {
    const second = vscode.Uri.joinPath(workspace(), 'pics', 'second.png');
    const secondBytes = makePng(10, 10);
    await vscode.workspace.fs.writeFile(second, secondBytes);
    fake.enqueue('/chat/completions', { kind: 'sse', body: textStream(['Both.']).sse });
    const text = await vscode.commands.executeCommand<string>('openrouterStudio.describeImage', pngUri, [pngUri, second]);
    assert.equal(text, 'Both.');
    assert.deepEqual(sentImages(fake.requestsTo('/chat/completions')[0].body), [png, secondBytes]);
  });

  it('a mid-stream error rejects after the partial text reached the view', async () => {
    const m = midstreamError();
    fake.enqueue('/chat/completions', { kind: 'sse', body: m.sse });
    await assert.rejects(describe_(pngUri), /Provider disconnected unexpectedly/);
    if (WEBVIEW_PROBE) {
      const replies = await waitFor(() => webviewTexts('.turn .reply'), (r) => r[r.length - 1]?.trim() === m.partial);
      assert.equal(replies[replies.length - 1].trim(), m.partial);
      const alerts = await webviewTexts('.turn [role="alert"]');
      assert.equal(alerts[alerts.length - 1], "OpenRouter or the model's provider failed (502): Provider disconnected unexpectedly");
    }
  });

  it('refuses a 25 MB file without sending a request', async () => {
    const big = vscode.Uri.joinPath(workspace(), 'pics', 'huge.png');
    const bytes = Buffer.alloc(25 * 1024 * 1024);
    png.copy(bytes, 0, 0, 64);
    await vscode.workspace.fs.writeFile(big, bytes);
    await assert.rejects(describe_(big), { message: 'pics/huge.png is 25.0 MB, over the 20.0 MB limit (openrouterStudio.maxImageMB).' });
    assert.equal(fake.requestsTo('/chat/completions').length, 0);
  });

  it('the renamed limit: maxImageMB applies; the old maxImageBytes (bytes) still does while maxImageMB is not set', async () => {
    const file = vscode.Uri.joinPath(workspace(), 'pics', 'two-mb.png');
    const bytes = Buffer.alloc(2 * 1024 * 1024);
    png.copy(bytes, 0, 0, 64);
    await vscode.workspace.fs.writeFile(file, bytes);
    const config = vscode.workspace.getConfiguration('openrouterStudio');
    try {
      await config.update('maxImageBytes', 1024 * 1024, vscode.ConfigurationTarget.Global);
      await assert.rejects(describe_(file), { message: 'pics/two-mb.png is 2.0 MB, over the 1.0 MB limit (openrouterStudio.maxImageMB).' });
      await config.update('maxImageMB', 1, vscode.ConfigurationTarget.Global);
      await config.update('maxImageBytes', 100 * 1024 * 1024, vscode.ConfigurationTarget.Global);
      await assert.rejects(describe_(file), { message: 'pics/two-mb.png is 2.0 MB, over the 1.0 MB limit (openrouterStudio.maxImageMB).' }, 'the new setting wins once set');
      assert.equal(fake.requestsTo('/chat/completions').length, 0);
    } finally {
      await config.update('maxImageBytes', undefined, vscode.ConfigurationTarget.Global);
      await config.update('maxImageMB', undefined, vscode.ConfigurationTarget.Global);
      await vscode.workspace.fs.delete(file);
    }
  });

  it('refuses a file that is not an image by its bytes, whatever its name', async () => {
    const fakePng = vscode.Uri.joinPath(workspace(), 'pics', 'evil.png');
    await vscode.workspace.fs.writeFile(fakePng, Buffer.from('<svg onload="alert(1)"/>'));
    await assert.rejects(describe_(fakePng), { message: 'pics/evil.png is not a PNG, JPEG, WebP or GIF image.' });
    assert.equal(fake.requestsTo('/chat/completions').length, 0);
  });

  it('chat from the view: Enter sends with history, reasoning is shown, and the reply streams in', async function () {
    if (!WEBVIEW_PROBE) this.skip();
    await openChatView();
    await vscode.commands.executeCommand('openrouterStudio.chat.newChat');
    fake.enqueue('/chat/completions', { kind: 'sse', body: textStream(['Hello', ' there.']).sse }, { kind: 'sse', body: reasoningStream().sse });
    await webviewAct('textarea.input', 'fill', 'Hi!');
    await webviewAct('textarea.input', 'press', 'Enter');
    await waitFor(() => webviewTexts('.turn .reply'), (r) => r[0]?.trim() === 'Hello there.');
    await webviewAct('textarea.input', 'fill', 'And a caption?');
    await webviewAct('textarea.input', 'press', 'Enter');
    const replies = await waitFor(() => webviewTexts('.turn .reply'), (r) => r[1]?.trim() === 'A gradient tile with a white dot.');
    assert.equal(replies[1].trim(), 'A gradient tile with a white dot.');
    assert.deepEqual(await webviewTexts('.turn .reasoning-body'), ['The user wants a one-line caption.']);
    const second = fake.requestsTo('/chat/completions')[1].body;
    assert.deepEqual(second.messages, [
      { role: 'user', content: 'Hi!' },
      { role: 'assistant', content: 'Hello there.' },
      { role: 'user', content: 'And a caption?' },
    ]);
  });

  it('chat attachments are sent as image_url data URLs of the files\' bytes, then cleared', async function () {
    if (!WEBVIEW_PROBE) this.skip();
    await openChatView();
    const api = vscode.extensions.getExtension('openrouter-studio.openrouter-studio')!.exports;
    fake.enqueue('/chat/completions', { kind: 'sse', body: textStream(['Nice tile.']).sse });
    await api.chat.attachFiles([pngUri]);
    const chips = await waitFor(() => webviewTexts('.attachment .attachment-label'), (c) => c.length === 1);
    assert.deepEqual(chips, ['pics/tile.png']);
    await webviewAct('textarea.input', 'fill', 'What is this?');
    await webviewAct('textarea.input', 'press', 'Enter');
    await waitFor(() => webviewTexts('.turn .reply'), (r) => r[r.length - 1]?.trim() === 'Nice tile.');
    const req = fake.requestsTo('/chat/completions')[0].body;
    assert.deepEqual(req.messages.at(-1).content[0], { type: 'text', text: 'What is this?' });
    assert.deepEqual(sentImages(req), [png]);
    assert.deepEqual(await webviewTexts('.attachment .attachment-label'), [], 'sent attachments leave the composer');
  });

  it('an image-output model in chat saves the image into the workspace and shows it from the file', async function () {
    if (!WEBVIEW_PROBE) this.skip();
    await openChatView();
    const out = makePng(20, 20);
    fake.enqueue('/chat/completions', { kind: 'sse', body: imageStream([out]).sse });
    const api = vscode.extensions.getExtension('openrouter-studio.openrouter-studio')!.exports;
    await api.chat.selectModel('google/gemini-2.5-flash-image');
    await webviewAct('textarea.input', 'fill', 'draw a tile');
    await webviewAct('textarea.input', 'press', 'Enter');
    const labels = await waitFor(() => webviewTexts('.turn .generated .image-label'), (l) => l.length > 0);
    assert.match(labels[0], /^images\/draw-a-tile-\d{8}-\d{6}\.png$/);
    const saved = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspace(), labels[0]));
    const pixels = (png: Uint8Array): Buffer[] => readChunks(png).filter((c) => c.type !== 'iTXt').map((c) => Buffer.from(png.subarray(c.offset, c.offset + 12 + c.length)));
    assert.deepEqual(pixels(saved), pixels(out), 'the pixels as sent');
    assert.equal(readTextChunks(saved).Description, 'draw a tile');
    const req = fake.requestsTo('/chat/completions')[0].body;
    assert.deepEqual(req.modalities, ['image', 'text']);
    await api.chat.selectModel('google/gemini-2.5-flash');
  });
});
