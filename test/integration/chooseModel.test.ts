import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, fakeOpenRouterSuite } from './helpers';

/** Waits for the quick input to list its rows, then presses the workbench's own commands as keys would. */
async function inPicker(...commands: string[]): Promise<void> {
  await new Promise((r) => setTimeout(r, 1500));
  for (const c of commands) await vscode.commands.executeCommand(c);
}

describe('Choose model…: the model picker of a model setting', function () {
  this.timeout(60_000);
  fakeOpenRouterSuite();
  const config = () => vscode.workspace.getConfiguration('openrouterStudio');

  before(async () => {
    await activate();
  });

  afterEach(async () => {
    await config().update('visionModel', undefined, vscode.ConfigurationTarget.Global);
  });

  it('writes the model chosen for visionModel to the user settings, from a list of vision models with the current one focused', async () => {
    const chosen = vscode.commands.executeCommand<string | undefined>('openrouterStudio.chooseModel', 'visionModel');
    // The current model is focused; the next row is another vision model of the catalogue.
    await inPicker('workbench.action.quickOpenSelectNext', 'workbench.action.acceptSelectedQuickOpenItem');
    const model = await chosen;
    assert.ok(model && model !== 'google/gemini-2.5-flash', `a different model was chosen: ${model}`);
    assert.equal(config().inspect('visionModel')?.globalValue, model);
  });

  it('hostile: a link naming any other setting (baseUrl) writes nothing', async () => {
    const before = config().inspect('baseUrl')?.globalValue;
    assert.equal(await vscode.commands.executeCommand('openrouterStudio.chooseModel', 'baseUrl'), undefined);
    assert.equal(config().inspect('baseUrl')?.globalValue, before);
  });
});
