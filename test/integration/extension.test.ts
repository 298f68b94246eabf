import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { errorBodies } from '../support/fixtures';
import { startProxy } from '../support/proxy';
import type { FakeOpenRouter } from '../support/fakeOpenRouter';
import { activate, EXTENSION_ID, TEST_KEY, useFakeOpenRouter } from './helpers';

describe('extension', () => {
  let fake: FakeOpenRouter;
  let dispose: () => Promise<void>;

  before(async () => {
    ({ fake, dispose } = await useFakeOpenRouter());
  });
  after(async () => dispose());
  beforeEach(() => fake.reset());

  it('activates and registers its commands', async () => {
    await activate();
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
    const all = await vscode.commands.getCommands(true);
    const declared = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.contributes.commands as Array<{ command: string }>).map((c) => c.command);
    assert.ok(declared.length >= 3);
    for (const c of declared) assert.ok(all.includes(c), `${c} is registered`);
  });

  it('reaches the OpenRouter endpoint set in openrouterStudio.baseUrl with the stored key', async () => {
    const info = await vscode.commands.executeCommand<{ label: string; limitRemaining: number }>('openrouterStudio.showKeyInfo');
    assert.equal(info?.label, 'sk-or-v1-a1b...f90');
    assert.equal(info?.limitRemaining, 17.4613);
    const [req] = fake.requestsTo('/key');
    assert.equal(req.headers.authorization, `Bearer ${TEST_KEY}`);
    assert.equal(req.headers['x-title'], 'OpenRouter Studio');
  });

  it('setApiKey stores nothing when OpenRouter rejects the key', async () => {
    fake.enqueue('/key', { kind: 'json', status: 401, body: errorBodies.invalidKey });
    const bad = 'sk-or-v1-rejected000000000000000000000000000000';
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('openrouterStudio.setApiKey', bad)),
      (e: Error) => /rejected the API key/.test(e.message) && !e.message.includes(bad),
    );
    fake.reset();
    await vscode.commands.executeCommand('openrouterStudio.showKeyInfo');
    assert.equal(fake.requestsTo('/key')[0].headers.authorization, `Bearer ${TEST_KEY}`, 'the previous key is still the one in use');
  });

  it('sends requests through the proxy in http.proxy', async () => {
    const proxy = await startProxy();
    const http = vscode.workspace.getConfiguration('http');
    await http.update('proxy', proxy.url, vscode.ConfigurationTarget.Global);
    try {
      const info = await vscode.commands.executeCommand<{ label: string }>('openrouterStudio.showKeyInfo');
      assert.equal(info?.label, 'sk-or-v1-a1b...f90');
      assert.deepEqual(proxy.targets, [new URL(fake.baseUrl).host], 'the request went through the proxy');
    } finally {
      await http.update('proxy', undefined, vscode.ConfigurationTarget.Global);
      await proxy.close();
    }
    fake.reset();
    await vscode.commands.executeCommand('openrouterStudio.showKeyInfo');
    assert.equal(fake.requestsTo('/key').length, 1, 'direct again once the setting is removed');
  });

  it('never writes the key into settings', () => {
    const all = JSON.stringify(vscode.workspace.getConfiguration('openrouterStudio'));
    assert.ok(!all.includes(TEST_KEY));
  });
});
