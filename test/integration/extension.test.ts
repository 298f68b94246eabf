import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { errorBodies } from '../support/fixtures';
import { startProxy } from '../support/proxy';
import { declaredSettings } from '../support/settings';
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

  it('shows package.json\'s titles from package.nls.json: VS Code resolved every %key%', () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON;
    const titles = (pkg.contributes.commands as Array<{ command: string; title: string; category: string }>).map((c) => `${c.category}: ${c.title}`);
    assert.ok(titles.includes('OpenRouter: Generate image'), titles.join(', '));
    const settings = declaredSettings(pkg);
    assert.match(settings['openrouterStudio.aspectRatio'].markdownDescription ?? '', /^Aspect ratio sent as `image_config\.aspect_ratio`/);
    const unresolved = JSON.stringify(pkg.contributes).match(/"%[\w.-]+%"/g);
    assert.equal(unresolved, null, 'no placeholder is left for a user to see');
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

  it('http.noProxy is honoured: listed hosts go direct, past the proxy', async () => {
    const proxy = await startProxy();
    const http = vscode.workspace.getConfiguration('http');
    await http.update('proxy', proxy.url, vscode.ConfigurationTarget.Global);
    await http.update('noProxy', ['127.0.0.1'], vscode.ConfigurationTarget.Global);
    try {
      fake.reset();
      await vscode.commands.executeCommand('openrouterStudio.showKeyInfo');
      assert.equal(fake.requestsTo('/key').length, 1);
      assert.deepEqual(proxy.targets, [], 'nothing went through the proxy');
    } finally {
      await http.update('noProxy', undefined, vscode.ConfigurationTarget.Global);
      await http.update('proxy', undefined, vscode.ConfigurationTarget.Global);
      await proxy.close();
    }
  });

  it('regression: http.proxyStrictSSL=false does not turn off certificate checks on a direct connection', async function () {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ors-tls-'));
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
        '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
    } catch {
      this.skip(); // no openssl to make a self-signed certificate
    }
    let served = 0;
    const server = https.createServer({ key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) }, (_req, res) => {
      served++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: { label: 'tls', usage: 0, limit: null, is_free_tier: false } }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const config = vscode.workspace.getConfiguration('openrouterStudio');
    const http = vscode.workspace.getConfiguration('http');
    await http.update('proxyStrictSSL', false, vscode.ConfigurationTarget.Global);
    await config.update('baseUrl', `https://127.0.0.1:${(server.address() as { port: number }).port}/api/v1`, vscode.ConfigurationTarget.Global);
    try {
      const api = await activate();
      await assert.rejects(api.clients.get().getKeyInfo(), /certificate/i);
      assert.equal(served, 0, 'the self-signed server got no request (and no key)');
    } finally {
      await config.update('baseUrl', fake.baseUrl, vscode.ConfigurationTarget.Global);
      await http.update('proxyStrictSSL', undefined, vscode.ConfigurationTarget.Global);
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never writes the key into settings', () => {
    const all = JSON.stringify(vscode.workspace.getConfiguration('openrouterStudio'));
    assert.ok(!all.includes(TEST_KEY));
  });
});
