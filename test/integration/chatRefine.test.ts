import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readTextChunks } from '../../src/images/png';
import { imageStream, textStream } from '../support/fixtures';
import { makePng } from '../support/png';
import { activate, fakeOpenRouterSuite, openChatView, waitFor, WEBVIEW_PROBE, webviewAct, webviewTexts, workspace } from './helpers';

const dataOf = (url: string): Buffer => Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
/** The image parts of the last user message of a chat request. */
const sentImages = (body: any): Buffer[] => {
  const content = body.messages.at(-1).content;
  return Array.isArray(content) ? content.filter((p: any) => p.type === 'image_url').map((p: any) => dataOf(p.image_url.url)) : [];
};

describe('Chat: refine a picture over turns', function () {
  this.timeout(60_000);
  const server = fakeOpenRouterSuite();
  let api: any;

  before(async () => {
    api = await activate();
    await api.chat.modelOptions(true); // the image models list, as the view's picker loads it
    await api.chat.selectModel('google/gemini-2.5-flash-image');
    await api.chat.newChat();
  });
  after(async () => {
    await api.chat.selectModel('google/gemini-2.5-flash');
    await api.chat.newChat();
  });

  it('the second turn carries the first image\'s exact bytes, and its result is saved beside it naming it', async () => {
    server.fake.enqueue('/chat/completions', { kind: 'sse', body: imageStream([makePng(40, 30, { noiseSeed: 71 })], { text: 'A fox.' }).sse });
    await api.chat.send('a red fox at dawn');
    const first = server.fake.requestsTo('/chat/completions')[0].body;
    assert.deepEqual(sentImages(first), [], 'nothing to refine yet');
    const [fox] = (await vscode.workspace.findFiles('images/a-red-fox-at-dawn-*.png')).sort();
    const foxBytes = Buffer.from(await vscode.workspace.fs.readFile(fox));

    server.fake.enqueue('/chat/completions', { kind: 'sse', body: imageStream([makePng(40, 30, { noiseSeed: 72 })], { text: 'Winter.' }).sse });
    await api.chat.send('now make it winter');
    const second = server.fake.requestsTo('/chat/completions')[1].body;
    assert.deepEqual(sentImages(second), [foxBytes], 'the fox, byte for byte');
    assert.equal(second.messages.at(-1).content[0].text, 'now make it winter');
    assert.match(second.messages[1].content, /^A fox\.\n\[image: images\/a-red-fox-at-dawn-\d{8}-\d{6}\.png\]$/, 'earlier turns as text, naming the image');
    const winter = vscode.Uri.joinPath(fox, '..', fox.path.split('/').pop()!.replace(/\.png$/, '-2.png'));
    const text = readTextChunks(await vscode.workspace.fs.readFile(winter));
    assert.equal(text['openrouter:edited_from'], vscode.workspace.asRelativePath(fox, false));
    assert.equal(text.Description, 'now make it winter');
    assert.equal(Buffer.compare(Buffer.from(await vscode.workspace.fs.readFile(fox)), foxBytes), 0, 'the original is untouched');
  });

  it('"Refine this" on an earlier image sends that one instead of the last', async function () {
    if (!WEBVIEW_PROBE) this.skip();
    await openChatView();
    await waitFor(() => webviewTexts('.turn .generated .image-label'), (l) => l.length >= 2);
    const [foxLabel] = await webviewTexts('.turn .generated .image-label');
    const foxBytes = Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspace(), foxLabel)));
    await webviewAct('article.turn >> nth=0 >> button[aria-label="Refine this"]', 'click');
    await waitFor(() => webviewTexts('.attachment-label'), (l) => l.length === 1);
    server.fake.enqueue('/chat/completions', { kind: 'sse', body: imageStream([makePng(40, 30, { noiseSeed: 73 })]).sse });
    await api.chat.send('make it night instead');
    assert.deepEqual(sentImages(server.fake.requestsTo('/chat/completions')[0].body), [foxBytes]);
    const third = vscode.Uri.joinPath(workspace(), foxLabel.replace(/\.png$/, '-3.png'));
    assert.equal(readTextChunks(await vscode.workspace.fs.readFile(third))['openrouter:edited_from'], foxLabel);
  });

  it('prompt help rewrites with the text model for the selected image model, and sends no image request', async () => {
    server.fake.enqueue('/chat/completions', { kind: 'sse', body: textStream(['A red fox in fresh snow at dawn']).sse });
    const out = await api.chat.improvePrompt('a fox in snow');
    assert.equal(out, 'A red fox in fresh snow at dawn');
    const reqs = server.fake.requestsTo('/chat/completions');
    assert.equal(reqs.length, 1);
    assert.equal(reqs[0].body.model, 'google/gemini-2.5-flash', 'the chat model setting: a text model');
    assert.equal(reqs[0].body.modalities, undefined);
    assert.match(reqs[0].body.messages[0].content, /google\/gemini-2\.5-flash-image/);
    assert.equal(server.fake.requestsTo('/images').length, 0);
  });

  it('a text model gets no image it was not given', async () => {
    await api.chat.selectModel('google/gemini-2.5-flash');
    server.fake.enqueue('/chat/completions', { kind: 'sse', body: imageStream([]).sse });
    await api.chat.send('what did we make?').catch(() => undefined);
    assert.deepEqual(sentImages(server.fake.requestsTo('/chat/completions')[0].body), []);
    await api.chat.selectModel('google/gemini-2.5-flash-image');
  });
});
