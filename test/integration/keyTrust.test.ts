import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { FakeOpenRouter } from '../support/fakeOpenRouter';
import { imageStream, textStream } from '../support/fixtures';
import { makePng } from '../support/png';
import { activate, openChatView, TEST_KEY, useFakeOpenRouter, waitFor, WEBVIEW_PROBE, webviewAct, webviewTexts, workspace } from './helpers';

const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('openrouterStudio');

/**
 * The key goes only to a base URL the user chose. A second loopback server stands in for a stranger's
 * host; the workspace's own settings file (.vscode/settings.json) points openrouterStudio.baseUrl at it.
 */
describe('The API key stays with the hosts the user chose', function () {
  this.timeout(60_000);
  let fake: FakeOpenRouter;
  let stranger: FakeOpenRouter;
  let dispose: () => Promise<void>;
  let strangerOrigin: string;
  let png: vscode.Uri;
  /** The questions the guard asked, and the answer to give: the button's label, or undefined (Cancel). */
  let asked: { message: string; detail: string; approve: string }[];
  let answer: 'approve' | 'cancel';

  before(async function () {
    ({ fake, dispose } = await useFakeOpenRouter());
    stranger = await FakeOpenRouter.start();
    strangerOrigin = new URL(stranger.baseUrl).origin;
    png = vscode.Uri.joinPath(workspace(), 'pics', 'trust.png');
    await vscode.workspace.fs.writeFile(png, makePng(16, 16, { noiseSeed: 3 }));
    // The offline workbench refuses modal dialogs under test: answer the guard's question here instead.
    const api = await activate();
    api.guard.prompt = async (message: string, detail: string, approve: string) => {
      asked.push({ message, detail, approve });
      return answer === 'approve' ? approve : undefined;
    };
  });
  beforeEach(async () => {
    await config().update('baseUrl', stranger.baseUrl, vscode.ConfigurationTarget.Workspace);
    fake.reset();
    stranger.reset();
    asked = [];
    answer = 'cancel';
  });
  afterEach(async () => {
    await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('openrouterStudio.revokeApprovedBaseUrls', [strangerOrigin]);
  });
  after(async () => {
    await stranger?.close();
    await dispose?.();
  });

  it('the workspace settings file really names the stranger (the test is about that file)', async () => {
    const file = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspace(), '.vscode', 'settings.json'))).toString('utf8'));
    assert.equal(file['openrouterStudio.baseUrl'], stranger.baseUrl);
  });

  it('Generate image: a modal names the host; declining sends nothing anywhere and rejects with why', async () => {
    const run = Promise.resolve(vscode.commands.executeCommand('openrouterStudio.generateImage', { prompt: 'a fox' }));
    await assert.rejects(run, /Your OpenRouter API key was not sent: this workspace's settings point openrouterStudio\.baseUrl at http:\/\/127\.0\.0\.1:\d+, which you have not approved/);
    assert.equal(stranger.authorizedRequests, 0);
    assert.equal(stranger.requests.length, 0);
    assert.equal(fake.requests.length, 0);
    assert.equal(asked.length, 1, 'one question for the model list and the request together');
    assert.equal(asked[0].message, `This workspace sends OpenRouter requests to ${strangerOrigin}`);
    assert.match(asked[0].detail, new RegExp(`set openrouterStudio\\.baseUrl to ${strangerOrigin.replace(/\./g, '\\.')} instead of http://127\\.0\\.0\\.1:\\d+\\. Every request carries your OpenRouter API key`));
    assert.equal(asked[0].approve, `Send my key to ${strangerOrigin}`);
  });

  it('Describe this image: declining sends the stranger nothing', async () => {
    const run = Promise.resolve(vscode.commands.executeCommand('openrouterStudio.describeImage', png, { prompt: 'alt' }));
    await assert.rejects(run, /was not sent/);
    assert.equal(stranger.requests.length, 0);
  });

  it('the chat view: declining shows the reason in the turn and sends the stranger nothing', async function () {
    if (!WEBVIEW_PROBE) this.skip();
    await openChatView();
    await vscode.commands.executeCommand('openrouterStudio.chat.newChat');
    await webviewAct('textarea.input', 'fill', 'hello?');
    await webviewAct('textarea.input', 'press', 'Enter');
    const errors = await waitFor(() => webviewTexts('.turn .error-text'), (e) => e.length > 0);
    assert.match(errors[0], /Your OpenRouter API key was not sent/);
    assert.equal(stranger.requests.length, 0);
  });

  it('the model list: declining sends the stranger nothing', async () => {
    const api = await activate();
    const list = api.clients.get().listModels({ outputModalities: ['image'] });
    await assert.rejects(list, /was not sent/);
    assert.equal(stranger.requests.length, 0);
  });

  it('approving sends the key there, once asked; revoking asks again', async () => {
    stranger.enqueue('/chat/completions', { kind: 'sse', body: textStream(['from the approved host']).sse }, { kind: 'sse', body: textStream(['again']).sse });
    answer = 'approve';
    assert.equal(await vscode.commands.executeCommand('openrouterStudio.describeImage', png, { prompt: 'alt' }), 'from the approved host');
    assert.equal(await vscode.commands.executeCommand('openrouterStudio.describeImage', png, { prompt: 'alt' }), 'again');
    assert.equal(asked.length, 1, 'asked once, then remembered');
    const served = stranger.requestsTo('/chat/completions');
    assert.equal(served.length, 2);
    assert.ok(served.every((r) => r.headers.authorization === `Bearer ${TEST_KEY}`));
    const before = stranger.authorizedRequests;
    assert.deepEqual(await vscode.commands.executeCommand('openrouterStudio.revokeApprovedBaseUrls', [strangerOrigin]), []);
    answer = 'cancel';
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('openrouterStudio.describeImage', png, { prompt: 'alt' })), /was not sent/);
    assert.equal(asked.length, 2, 'asked again after revoking');
    assert.equal(stranger.authorizedRequests, before);
  });

  it('Set API key checks a new key only after the same approval', async () => {
    const run = Promise.resolve(vscode.commands.executeCommand('openrouterStudio.setApiKey', 'sk-or-v1-another-key-000000000000000000000'));
    await assert.rejects(run, /was not sent/);
    assert.equal(stranger.requests.length, 0);
  });

  it('OPENROUTER_API_KEY follows the same rule as the stored key', async () => {
    await vscode.commands.executeCommand('openrouterStudio.clearApiKey');
    const envKey = 'sk-or-v1-from-the-environment-0000000000000000';
    process.env.OPENROUTER_API_KEY = envKey; // the extension host is this process
    try {
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('openrouterStudio.describeImage', png, { prompt: 'alt' })), /was not sent/);
      assert.equal(asked.length, 1);
      assert.equal(stranger.requests.length, 0);
      answer = 'approve';
      stranger.enqueue('/chat/completions', { kind: 'sse', body: textStream(['env key']).sse });
      assert.equal(await vscode.commands.executeCommand('openrouterStudio.describeImage', png, { prompt: 'alt' }), 'env key');
      assert.equal(stranger.requestsTo('/chat/completions')[0].headers.authorization, `Bearer ${envKey}`);
    } finally {
      delete process.env.OPENROUTER_API_KEY;
      await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('openrouterStudio.setApiKey', TEST_KEY);
    }
  });

  it('a base URL in user settings is the user\'s choice: used at once, no question', async () => {
    await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('baseUrl', stranger.baseUrl, vscode.ConfigurationTarget.Global);
    try {
      stranger.enqueue('/chat/completions', { kind: 'sse', body: imageStream([makePng(8, 8)]).sse });
      const uris = await vscode.commands.executeCommand<vscode.Uri[]>('openrouterStudio.generateImage', { prompt: 'user chose this host' });
      assert.equal(uris.length, 1);
      assert.equal(stranger.requestsTo('/chat/completions')[0].headers.authorization, `Bearer ${TEST_KEY}`);
      assert.equal(asked.length, 0);
      await vscode.workspace.fs.delete(uris[0]);
    } finally {
      await config().update('baseUrl', fake.baseUrl, vscode.ConfigurationTarget.Global);
    }
  });

  it('a workspace base URL on the user\'s own origin needs no question', async () => {
    await config().update('baseUrl', `${fake.baseUrl}/`, vscode.ConfigurationTarget.Workspace);
    fake.enqueue('/chat/completions', { kind: 'sse', body: textStream(['same host']).sse });
    assert.equal(await vscode.commands.executeCommand('openrouterStudio.describeImage', png, { prompt: 'alt' }), 'same host');
    assert.equal(fake.requestsTo('/chat/completions')[0].headers.authorization, `Bearer ${TEST_KEY}`);
    assert.equal(asked.length, 0);
  });
});
