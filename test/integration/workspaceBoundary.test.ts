import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { webLink, workspaceImageUri } from '../../src/chat/chatViewProvider';
import type { FakeOpenRouter } from '../support/fakeOpenRouter';
import { imageStream, textStream } from '../support/fixtures';
import { makePng } from '../support/png';
import { activate, openChatView, useFakeOpenRouter, waitFor, WEBVIEW_PROBE, webviewAct, webviewTexts, workspace } from './helpers';

const silentLog = { warn: () => undefined } as unknown as vscode.LogOutputChannel;

/**
 * A workspace is written by a stranger: symbolic links and `..` in names must not let the extension read
 * a file from outside the workspace folder (and send it to a model) or write images outside it.
 */
describe('The workspace boundary: symbolic links and ".." paths', function () {
  this.timeout(60_000);
  let fake: FakeOpenRouter;
  let dispose: () => Promise<void>;
  let outside: string;
  let secretPng: Buffer;
  const ws = (): string => workspace().fsPath;

  before(async () => {
    ({ fake, dispose } = await useFakeOpenRouter());
    outside = mkdtempSync(path.join(os.tmpdir(), 'ors-outside-'));
    secretPng = makePng(12, 12, { noiseSeed: 99 });
    writeFileSync(path.join(outside, 'secret.png'), secretPng);
    mkdirSync(path.join(ws(), 'links'), { recursive: true });
    symlinkSync(outside, path.join(ws(), 'links', 'out-dir'));
    symlinkSync(path.join(outside, 'secret.png'), path.join(ws(), 'links', 'secret.png'));
    writeFileSync(path.join(ws(), 'links', 'inside.png'), makePng(10, 10, { noiseSeed: 5 }));
  });
  beforeEach(() => fake.reset());
  after(async () => {
    rmSync(path.join(ws(), 'links'), { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
    await dispose();
  });

  const outsideFiles = (): string[] => readdirSync(outside, { recursive: true, encoding: 'utf8' }).sort();

  it('Generate image refuses an output folder that is a symbolic link out of the workspace, before sending', async () => {
    for (const dir of ['links/out-dir', 'links/out-dir/sub/deeper']) {
      await assert.rejects(
        Promise.resolve(vscode.commands.executeCommand('openrouterStudio.generateImage', { prompt: 'escape', outputDirectory: dir })),
        (e: Error) => e.name === 'OutsideWorkspaceError' && /leads outside the workspace folder through a symbolic link/.test(e.message),
      );
    }
    assert.equal(fake.requests.length, 0, 'nothing sent');
    assert.deepEqual(outsideFiles(), ['secret.png'], 'nothing created outside');
  });

  it('the same setting from workspace settings is refused the same way', async () => {
    const config = vscode.workspace.getConfiguration('openrouterStudio');
    await config.update('outputDirectory', 'links/out-dir', vscode.ConfigurationTarget.Workspace);
    try {
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('openrouterStudio.generateImage', { prompt: 'escape' })), /symbolic link/);
      assert.equal(fake.requests.length, 0);
      assert.deepEqual(outsideFiles(), ['secret.png']);
    } finally {
      await config.update('outputDirectory', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('an image inside the workspace still saves (the check is not a blanket refusal)', async () => {
    fake.enqueue('/chat/completions', { kind: 'sse', body: imageStream([makePng(8, 8)]).sse });
    const uris = await vscode.commands.executeCommand<vscode.Uri[]>('openrouterStudio.generateImage', { prompt: 'inside', outputDirectory: 'links/real-dir' });
    assert.equal(uris.length, 1);
    assert.ok(uris[0].fsPath.startsWith(path.join(ws(), 'links', 'real-dir')));
  });

  it('Describe refuses a symbolic link to a file outside, and sends nothing', async () => {
    const link = vscode.Uri.file(path.join(ws(), 'links', 'secret.png'));
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('openrouterStudio.describeImage', link, { prompt: 'x' })), /The image links\/secret\.png \(links\/secret\.png\) leads outside the workspace folder through a symbolic link/);
    assert.equal(fake.requests.length, 0);
  });

  it('Describe refuses a path that climbs out with "..", and sends nothing', async () => {
    const climbing = vscode.Uri.parse(`${workspace().toString()}/../${path.basename(outside)}/secret.png`);
    assert.ok(climbing.path.includes('/../'), 'the Uri keeps its ".." segment, as a webview or a caller may send it');
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('openrouterStudio.describeImage', climbing, { prompt: 'x' })), /is not inside a workspace folder/);
    assert.equal(fake.requests.length, 0);
  });

  it('Edit refuses a symbolic link to a file outside, and writes nothing beside it', async () => {
    const link = vscode.Uri.file(path.join(ws(), 'links', 'secret.png'));
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('openrouterStudio.editImage', link, { prompt: 'blue' })), /symbolic link/);
    assert.equal(fake.requests.length, 0);
    assert.deepEqual(outsideFiles(), ['secret.png']);
  });

  it('webview URIs (drop, Open, Insert link) are accepted only for workspace images', async () => {
    const inside = vscode.Uri.file(path.join(ws(), 'links', 'inside.png')).toString();
    assert.equal((await workspaceImageUri(silentLog, inside))?.toString(), inside);
    const hostile = [
      `${workspace().toString()}/../${path.basename(outside)}/secret.png`,
      `${workspace().toString()}/links/../../${path.basename(outside)}/secret.png`,
      `${workspace().toString()}/./links/inside.png`,
      vscode.Uri.file(path.join(ws(), 'links', 'secret.png')).toString(),
      vscode.Uri.file(path.join(outside, 'secret.png')).toString(),
      vscode.Uri.file(path.join(ws(), 'README.md')).toString(),
      'https://example.com/x.png',
      'command:workbench.action.terminal.new',
      'not a uri at all',
    ];
    for (const h of hostile) assert.equal(await workspaceImageUri(silentLog, h), undefined, h);
  });

  it('links from the view open only for http: and https:', () => {
    assert.equal(webLink('https://openrouter.ai/docs')?.toString(), 'https://openrouter.ai/docs');
    assert.equal(webLink('http://example.com/')?.scheme, 'http');
    for (const h of ['command:workbench.action.terminal.new?%5B%5D', 'file:///etc/passwd', 'javascript:alert(1)', 'vscode://ext/x', 'data:text/html,<b>', ' ']) {
      assert.equal(webLink(h), undefined, h);
    }
  });

  it('a drop onto the chat view attaches workspace images only', async function () {
    if (!WEBVIEW_PROBE) this.skip();
    await activate();
    await openChatView();
    await vscode.commands.executeCommand('openrouterStudio.chat.newChat');
    const list = [
      `${workspace().toString()}/../${path.basename(outside)}/secret.png`,
      vscode.Uri.file(path.join(ws(), 'links', 'secret.png')).toString(),
      vscode.Uri.file(path.join(ws(), 'links', 'inside.png')).toString(),
    ].join('\r\n');
    await webviewAct('.composer', 'drop', list);
    const chips = await waitFor(() => webviewTexts('.attachment .attachment-label'), (c) => c.length > 0);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(await webviewTexts('.attachment .attachment-label'), ['links/inside.png'], `attached: ${chips.join(', ')}`);
    fake.enqueue('/chat/completions', { kind: 'sse', body: textStream(['ok']).sse });
    await webviewAct('textarea.input', 'fill', 'what is it?');
    await webviewAct('textarea.input', 'press', 'Enter');
    await waitFor(() => webviewTexts('.turn .reply'), (r) => r.at(-1)?.trim() === 'ok');
    const content = fake.requestsTo('/chat/completions')[0].body.messages.at(-1).content;
    const sent = content.filter((p: { type: string }) => p.type === 'image_url').map((p: { image_url: { url: string } }) => Buffer.from(p.image_url.url.split(',')[1], 'base64'));
    assert.equal(sent.length, 1);
    assert.ok(!sent[0].equals(secretPng), 'the file outside was not sent');
  });
});
