import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, fakeOpenRouterSuite } from './helpers';
import { scriptQuickPicks } from './quickPicks';

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

  it('the models chosen last come first, newest first, under "recently used", then every model', async () => {
    // Two choices, through the picker as the user makes them; then the third opening, which is looked at.
    const order = ['openai/gpt-5-nano', 'google/gemini-2.5-flash'];
    const picks = scriptQuickPicks((pick, i) => (i < 2 ? { accept: order[i] } : 'escape'));
    try {
      for (let i = 0; i < 3; i++) await vscode.commands.executeCommand('openrouterStudio.chooseModel', 'visionModel');
    } finally {
      picks.restore();
    }
    assert.deepEqual(picks.errors, []);
    const labels = picks.shown[2].rows.map((r) => r.label);
    assert.deepEqual(labels.slice(0, 3), ['recently used', 'google/gemini-2.5-flash', 'openai/gpt-5-nano'], labels.join(' | '));
    assert.equal(labels[3], 'all models');
    assert.ok(!labels.slice(4).includes('google/gemini-2.5-flash'), 'each model once');
    assert.equal(picks.shown[2].active, 'google/gemini-2.5-flash', 'the model in use is highlighted');
  });
});
