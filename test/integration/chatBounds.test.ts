import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FakeOpenRouter } from '../support/fakeOpenRouter';
import { reasoningStream, textStream } from '../support/fixtures';
import { makePng } from '../support/png';
import { activate, openChatView, useFakeOpenRouter, waitFor, WEBVIEW_PROBE, webviewTexts, workspace } from './helpers';

const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('openrouterStudio');

describe('Chat: what is re-sent and retried stays bounded and honest', function () {
  this.timeout(60_000);
  let fake: FakeOpenRouter;
  let dispose: () => Promise<void>;
  let api: any;

  before(async () => {
    ({ fake, dispose } = await useFakeOpenRouter());
    api = await activate();
  });
  beforeEach(async () => {
    fake.reset();
    await api.chat.newChat();
  });
  after(async () => {
    await config().update('chatHistoryCharacters', undefined, vscode.ConfigurationTarget.Global);
    await dispose();
  });

  it('regression: earlier turns are re-sent only up to openrouterStudio.chatHistoryCharacters, newest first, without reasoning', async () => {
    await config().update('chatHistoryCharacters', 12, vscode.ConfigurationTarget.Global);
    fake.enqueue('/chat/completions', { kind: 'sse', body: textStream(['one']).sse }, { kind: 'sse', body: reasoningStream().sse }, { kind: 'sse', body: textStream(['three']).sse });
    await api.chat.send('first');
    await api.chat.send('second');
    await api.chat.send('third');
    const [, second, third] = fake.requestsTo('/chat/completions').map((r) => r.body.messages);
    assert.deepEqual(second, [{ role: 'user', content: 'first' }, { role: 'assistant', content: 'one' }, { role: 'user', content: 'second' }]);
    const secondReply = 'A gradient tile with a white dot.';
    assert.ok(('second' + secondReply).length > 12, 'the second turn alone is over the budget');
    assert.deepEqual(third, [{ role: 'user', content: 'third' }], 'nothing fits: no history, and no reasoning ever');
    await config().update('chatHistoryCharacters', 100, vscode.ConfigurationTarget.Global);
    fake.enqueue('/chat/completions', { kind: 'sse', body: textStream(['four']).sse });
    await api.chat.send('fourth');
    const fourth = fake.requestsTo('/chat/completions')[3].body.messages;
    assert.deepEqual(fourth.map((m: { content: string }) => m.content), ['first', 'one', 'second', secondReply, 'third', 'three', 'fourth']);
  });

  it('stored turns keep no reasoning and at most 200,000 characters of a reply', async () => {
    const { ChatSession, MAX_STORED_REPLY } = await import('../../src/chat/session');
    const { ModelCatalog } = await import('../../src/platform/modelCatalog');
    const store = new Map<string, unknown>();
    const state = { keys: () => [...store.keys()], get: (k: string) => store.get(k), update: async (k: string, v: unknown) => void store.set(k, v) } as unknown as vscode.Memento;
    const log = { info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as vscode.LogOutputChannel;
    const session = new ChatSession({ clients: api.clients, catalog: new ModelCatalog(api.clients, state, () => 'x'), consent: api.consent, state, log, post: () => undefined, toWebviewUri: (u) => u.toString() });
    const long = 'x'.repeat(MAX_STORED_REPLY + 5000);
    fake.enqueue('/chat/completions', { kind: 'sse', body: reasoningStream().sse }, { kind: 'sse', body: textStream([long.slice(0, 100_000), long.slice(100_000)]).sse });
    await session.send('think');
    await session.send('long');
    const stored = store.get('openrouterStudio.chat.turns') as Array<{ reply: string; reasoning: string }>;
    assert.equal(stored.length, 2);
    assert.ok(stored.every((t) => t.reasoning === ''), 'no reasoning stored');
    assert.equal(stored[0].reply, 'A gradient tile with a white dot.');
    assert.ok(stored[1].reply.startsWith(long.slice(0, MAX_STORED_REPLY)));
    assert.match(stored[1].reply, /The rest of this reply was not kept: replies are stored up to 200,000 characters/);
    assert.ok(stored[1].reply.length < MAX_STORED_REPLY + 200);
  });

  it('regression: a models list that trickles a byte a second no longer holds the turn: Stop ends it at once', async () => {
    const { ChatSession } = await import('../../src/chat/session');
    const { ModelCatalog } = await import('../../src/platform/modelCatalog');
    const store = new Map<string, unknown>();
    const state = { keys: () => [...store.keys()], get: (k: string) => store.get(k), update: async (k: string, v: unknown) => void store.set(k, v) } as unknown as vscode.Memento;
    const log = { info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as vscode.LogOutputChannel;
    const session = new ChatSession({ clients: api.clients, catalog: new ModelCatalog(api.clients, state, () => 'x'), consent: api.consent, state, log, post: () => undefined, toWebviewUri: (u) => u.toString() });
    // One byte a second: never idle long enough for the idle time-out.
    fake.respond = (req) => (req.path === '/models' ? { kind: 'sse', body: '{"data":[' + ' '.repeat(600) + ']}', sliceBytes: 1, delayMs: 1000 } : undefined);
    const sent = session.send('hello');
    await waitFor(async () => fake.requestsTo('/models').length, (n) => n > 0);
    const t0 = Date.now();
    session.stop();
    await assert.rejects(sent, (e: unknown) => e instanceof Error && e.name === 'AbortError', 'a stopped turn rejects as aborted');
    assert.ok(Date.now() - t0 < 5000, `the turn ended ${Date.now() - t0} ms after Stop`);
    assert.equal((store.get('openrouterStudio.chat.turns') as Array<{ status: string }>).at(-1)?.status, 'stopped');
    assert.equal(fake.requestsTo('/chat/completions').length, 0, 'nothing was sent after Stop');
  });

  it('regression: a Retry whose attachment was deleted says so in the turn and sends nothing (it was silent)', async function () {
    if (!WEBVIEW_PROBE) this.skip();
    await openChatView();
    const pic = vscode.Uri.joinPath(workspace(), 'pics', 'gone-soon.png');
    await vscode.workspace.fs.writeFile(pic, makePng(10, 10));
    fake.enqueue('/chat/completions', { kind: 'sse', body: textStream(['a tile']).sse });
    await api.chat.attachFiles([pic]);
    await api.chat.send('what is it?');
    const turnId = api.chat.turns.at(-1).id;
    await vscode.workspace.fs.delete(pic);
    fake.reset();
    await assert.rejects(api.chat.retry(turnId));
    assert.equal(fake.requests.length, 0);
    const errors = await waitFor(() => webviewTexts('.turn .error-text'), (e) => e.some((x) => x.startsWith('Retry failed:')));
    assert.ok(errors.some((x) => /^Retry failed: .*gone-soon\.png/.test(x)), errors.join(' | '));
  });

  it('New chat keeps the conversation: Show previous chats… brings it back into the view, and the newer one takes its place', async function () {
    if (!WEBVIEW_PROBE) this.skip();
    await openChatView();
    fake.enqueue('/chat/completions', { kind: 'sse', body: textStream(['A fox, drawn.']).sse }, { kind: 'sse', body: textStream(['A lighthouse.']).sse });
    await api.chat.send('draw a fox');
    await api.chat.newChat();
    await api.chat.send('draw a lighthouse');
    await waitFor(async () => (await webviewTexts('.turn .reply')).map((t) => t.trim()).join(' | '), (t) => t === 'A lighthouse.');
    const window = vscode.window as { showQuickPick: unknown };
    const original = window.showQuickPick;
    const offered: string[][] = [];
    window.showQuickPick = async (items: Array<{ label: string; description: string }>) => {
      offered.push(items.map((i) => `${i.label} (${i.description.split(' · ')[0]})`));
      return items.find((i) => i.label === 'draw a fox') ?? items[0];
    };
    try {
      assert.equal(await vscode.commands.executeCommand('openrouterStudio.chat.showHistory'), true);
      // The earlier conversation is the one put away by this test's New chat (older ones may follow it).
      assert.equal(offered[0][0], 'draw a fox (1 turn(s))');
      assert.deepEqual(api.chat.turns.map((t: { prompt: string }) => t.prompt), ['draw a fox']);
      const shown = async (): Promise<string> => (await webviewTexts('.turn .reply')).map((t) => t.trim()).join(' | ');
      assert.equal(await waitFor(shown, (t) => t === 'A fox, drawn.'), 'A fox, drawn.', 'the view shows it');
      assert.equal(await vscode.commands.executeCommand('openrouterStudio.chat.showHistory'), true);
      assert.equal(offered[1][0], 'draw a lighthouse (1 turn(s))', 'the conversation it replaced is kept first');
    } finally {
      window.showQuickPick = original;
    }
  });
});
