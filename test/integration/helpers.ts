import * as vscode from 'vscode';
import { FakeOpenRouter } from '../support/fakeOpenRouter';

export const EXTENSION_ID = 'openrouter-studio.openrouter-studio';
export const TEST_KEY = 'sk-or-v1-integration0000000000000000000000000000';

/** Activates the extension and returns its test API. */
export async function activate(): Promise<any> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return ext.activate();
}

/**
 * Starts a fake OpenRouter, points `openrouterStudio.baseUrl` at it and stores a test key.
 * Call the returned `dispose` in `after`.
 */
export async function useFakeOpenRouter(): Promise<{ fake: FakeOpenRouter; dispose: () => Promise<void> }> {
  await activate();
  const fake = await FakeOpenRouter.start();
  await vscode.workspace.getConfiguration('openrouterStudio').update('baseUrl', fake.baseUrl, vscode.ConfigurationTarget.Global);
  await vscode.commands.executeCommand('openrouterStudio.setApiKey', TEST_KEY);
  fake.reset();
  return {
    fake,
    dispose: async () => {
      await vscode.workspace.getConfiguration('openrouterStudio').update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
      await fake.close();
    },
  };
}
