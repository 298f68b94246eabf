/**
 * Errors carry their fix, once: an error of a chat view turn is shown in the turn only (no second copy as a
 * notification), and a notification names the feature that failed and offers the action that resolves it.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { OpenRouterError } from '../../src/openrouter/errors';
import { showOpenRouterError } from '../../src/platform/errors';
import { errorBodies } from '../support/fixtures';
import { makePng } from '../support/png';
import { activate, fakeOpenRouterSuite, workspace } from './helpers';

/** Records the error notifications shown while `run` runs (VS Code's own function is put back after). */
async function errorsShown(run: () => Promise<unknown>): Promise<Array<{ message: string; actions: string[] }>> {
  const shown: Array<{ message: string; actions: string[] }> = [];
  const window = vscode.window as { showErrorMessage: unknown };
  const original = window.showErrorMessage;
  window.showErrorMessage = (message: string, ...actions: unknown[]) => {
    shown.push({ message, actions: actions.filter((a): a is string => typeof a === 'string') });
    return Promise.resolve(undefined);
  };
  try {
    await run();
    await new Promise((r) => setTimeout(r, 200));
  } finally {
    window.showErrorMessage = original;
  }
  return shown;
}

describe('Errors carry their fix, once', function () {
  this.timeout(60_000);
  const server = fakeOpenRouterSuite();
  let api: any;
  before(async () => {
    api = await activate();
  });

  it('Describe this image: a model error is shown in the chat view\'s turn, not again as a notification', async () => {
    const uri = vscode.Uri.joinPath(workspace(), 'pics', 'once.png');
    await vscode.workspace.fs.writeFile(uri, makePng(8, 8));
    server.fake.enqueue('/chat/completions', { kind: 'json', status: 400, body: { error: { message: 'openai/gpt-nope is not a valid model ID', code: 400 } } });
    const shown = await errorsShown(() => Promise.resolve(vscode.commands.executeCommand('openrouterStudio.describeImage', uri)));
    assert.match(api.chat.turns.at(-1).error, /not a valid model ID/, 'the turn shows it');
    assert.deepEqual(shown, [], 'and nothing else does');
    // The control: an error the view does not show (a file that is not an image) is still a notification.
    const text = vscode.Uri.joinPath(workspace(), 'pics', 'not-an-image.png');
    await vscode.workspace.fs.writeFile(text, Buffer.from('just text'));
    const control = await errorsShown(() => Promise.resolve(vscode.commands.executeCommand('openrouterStudio.describeImage', text)));
    assert.equal(control.length, 1, 'the extension\'s notifications are seen here');
  });

  it('a notification names the feature, and offers Choose model… for an unknown model and a rate limit (with Retry)', async () => {
    const log = vscode.window.createOutputChannel('errors-once test', { log: true });
    try {
      const model = new OpenRouterError({ kind: 'http', status: 400, detail: 'openai/gpt-nope is not a valid model ID' });
      const [a] = await errorsShown(() => showOpenRouterError(model, log, { feature: 'Improve prompt', modelSetting: 'chatModel' }));
      assert.equal(a.message, 'Improve prompt failed: OpenRouter error 400: openai/gpt-nope is not a valid model ID');
      assert.deepEqual(a.actions, ['Choose model…']);
      const limited = new OpenRouterError({ kind: 'http', status: 429, detail: errorBodies.rateLimitFree.error.message });
      const [b] = await errorsShown(() => showOpenRouterError(limited, log, { feature: 'Improve prompt', modelSetting: 'chatModel', retry: () => undefined }));
      assert.match(b.message, /^Improve prompt failed: Rate limited by /);
      assert.deepEqual(b.actions, ['Retry', 'Choose model…']);
      const credits = new OpenRouterError({ kind: 'http', status: 402, detail: 'more credits' });
      assert.deepEqual((await errorsShown(() => showOpenRouterError(credits, log, { modelSetting: 'chatModel' })))[0].actions, ['Add credits']);
    } finally {
      log.dispose();
    }
  });
});
