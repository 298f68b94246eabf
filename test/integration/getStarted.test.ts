import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { activate, EXTENSION_ID, waitFor, workspace } from './helpers';


describe('Get started', function () {
  this.timeout(30_000);
  before(activate);
  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('OpenRouter: Get started opens the walkthrough', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('openrouterStudio.getStarted');
    const label = await waitFor(async () => vscode.window.tabGroups.activeTabGroup.activeTab?.label ?? '', (l) => l !== '');
    assert.match(label, /Welcome|Walkthrough|Get started/i);
  });

  it('Add a sample image saves the sample into the output folder, never over a file, and opens it', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const sample = readFileSync(path.join(ext.extensionPath, 'media', 'walkthrough', 'sample.png'));
    const first = await vscode.commands.executeCommand<vscode.Uri>('openrouterStudio.addSampleImage');
    const second = await vscode.commands.executeCommand<vscode.Uri>('openrouterStudio.addSampleImage');
    try {
      assert.equal(vscode.workspace.asRelativePath(first), 'images/openrouter-sample.png');
      assert.equal(vscode.workspace.asRelativePath(second), 'images/openrouter-sample-2.png');
      assert.deepEqual(Buffer.from(await vscode.workspace.fs.readFile(first)), sample);
      const active = vscode.window.tabGroups.activeTabGroup.activeTab?.input as { uri?: vscode.Uri } | undefined;
      assert.equal(active?.uri?.toString(), second.toString());
    } finally {
      for (const u of [first, second]) await vscode.workspace.fs.delete(u).then(undefined, () => undefined);
    }
    assert.ok(workspace());
  });
});
