import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FakeOpenRouter } from '../support/fakeOpenRouter';
import { imageStream } from '../support/fixtures';
import { makePng } from '../support/png';
import { useFakeOpenRouter, waitFor, WEBVIEW_PROBE, webviewTexts, workspace } from './helpers';

const MESSAGE = '.notification-list-item-message';

/**
 * A model's reply, a server's error text and a workspace file name are written by strangers; in a
 * notification, VS Code would turn `[label](command:…)` into a link that runs the command when clicked.
 * These tests read the real workbench's notification toasts.
 */
describe('Untrusted text in notifications never forms a link', function () {
  this.timeout(60_000);
  let fake: FakeOpenRouter;
  let dispose: () => Promise<void>;

  before(async function () {
    if (!WEBVIEW_PROBE) this.skip();
    ({ fake, dispose } = await useFakeOpenRouter());
  });
  beforeEach(async () => {
    fake?.reset();
    await vscode.commands.executeCommand('notifications.clearAll');
  });
  after(async () => dispose?.());

  /** Opens the notification list, waits for a message containing `text`; returns it and the number of links in messages. */
  async function toast(text: string): Promise<{ shown: string; links: number }> {
    await vscode.commands.executeCommand('notifications.showList');
    const texts = await waitFor(() => webviewTexts(MESSAGE), (t) => t.some((x) => x.includes(text)), 15_000);
    const shown = texts.find((x) => x.includes(text));
    assert.ok(shown, `a notification mentions ${text}; saw ${JSON.stringify(texts)}`);
    return { shown, links: (await webviewTexts(`${MESSAGE} a`)).length };
  }

  it('an OpenRouter error message holding [x](command:…)', async () => {
    fake.enqueue('/chat/completions', { kind: 'json', status: 400, body: { error: { code: 400, message: 'Bad request. [Fix it here](command:workbench.action.terminal.new)' } } });
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('openrouterStudio.generateImage', { prompt: 'x' })));
    const { shown, links } = await toast('Fix it here');
    assert.match(shown, /\[Fix it here\] \(command:workbench\.action\.terminal\.new\)/);
    assert.equal(links, 0);
  });

  it('the model\'s words in the "Saved" message, holding [x](https://…) and [x](file:…)', async () => {
    const said = 'Done. [Read more](https://evil.example/p) or [open](file:///etc/passwd)';
    fake.enqueue('/chat/completions', { kind: 'sse', body: imageStream([makePng(8, 8)], { text: said }).sse });
    const uris = await vscode.commands.executeCommand<vscode.Uri[]>('openrouterStudio.generateImage', { prompt: 'linked words' });
    const { shown, links } = await toast('Read more');
    assert.match(shown, /\[Read more\] \(https:\/\/evil\.example\/p\) or \[open\] \(file:\/\/\/etc\/passwd\)/);
    assert.equal(links, 0);
    await vscode.workspace.fs.delete(uris[0]);
  });

  it('a workspace file name holding [x](command:…)', async () => {
    const bad = vscode.Uri.joinPath(workspace(), 'pics', '[run](command:workbench.action.terminal.new).png');
    await vscode.workspace.fs.writeFile(bad, new TextEncoder().encode('<svg/>'));
    try {
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('openrouterStudio.describeImage', bad, { prompt: 'x' })), /is not a PNG, JPEG, WebP or GIF image/);
      const { shown, links } = await toast('is not a PNG');
      assert.match(shown, /\[run\] \(command:workbench\.action\.terminal\.new\)\.png is not a PNG/);
      assert.equal(links, 0);
      assert.equal(fake.requests.length, 0);
    } finally {
      await vscode.workspace.fs.delete(bad);
    }
  });
});
