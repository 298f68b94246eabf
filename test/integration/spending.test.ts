import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { imageStream, imagesReply, textStream } from '../support/fixtures';
import { makePng } from '../support/png';
import { activate, fakeOpenRouterSuite } from './helpers';

describe('What it cost: the running total across features', function () {
  this.timeout(60_000);
  const server = fakeOpenRouterSuite();
  let api: any;

  before(async () => {
    api = await activate();
  });

  it('sums usage.cost of chat, Generate image (both APIs) and the describe tool; Reset starts again from zero', async () => {
    await vscode.commands.executeCommand('openrouterStudio.resetSpending');
    assert.equal(api.spending.total.usd, 0);
    const before = Date.parse(api.spending.total.since);

    server.fake.enqueue('/chat/completions', { kind: 'sse', body: textStream(['Hello.'], { cost: 0.0012 }).sse });
    await api.chat.selectModel('google/gemini-2.5-flash');
    await api.chat.send('hi');
    server.fake.enqueue('/chat/completions', { kind: 'sse', body: imageStream([makePng(8, 8)], { cost: 0.039 }).sse });
    await vscode.commands.executeCommand('openrouterStudio.generateImage', { prompt: 'a tile', outputDirectory: 'spent' });
    server.fake.enqueue('/images', { kind: 'json', body: imagesReply([makePng(8, 8)], { cost: 0.04 }) });
    await vscode.commands.executeCommand('openrouterStudio.generateImage', { prompt: 'a seed tile', model: 'bytedance-seed/seedream-4.5', outputDirectory: 'spent' });
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'spent', 'look.png'), makePng(8, 8));
    server.fake.enqueue('/chat/completions', { kind: 'sse', body: textStream(['A tile.'], { cost: 0.0021 }).sse });
    await vscode.lm.invokeTool('openrouterStudio_describeImage', { input: { path: 'spent/look.png' }, toolInvocationToken: undefined });

    assert.equal(api.spending.total.usd.toFixed(6), (0.0012 + 0.039 + 0.04 + 0.0021).toFixed(6));
    assert.ok(Date.parse(api.spending.total.since) >= before);
    await vscode.commands.executeCommand('openrouterStudio.resetSpending');
    assert.equal(api.spending.total.usd, 0);
  });
});
