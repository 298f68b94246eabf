/**
 * Launcher for machines with internet: downloads a desktop VS Code with @vscode/test-electron and runs
 * the integration suite in it (on Linux without a display, run it under `xvfb-run`).
 * `npm run test:electron` after `npm run build && npm run compile-tests`.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../../..');
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'ors-ws-'));
  cpSync(path.join(root, 'test/fixtures/workspace'), workspace, { recursive: true });
  await runTests({
    version: process.env.VSCODE_VERSION ?? '1.95.0',
    extensionDevelopmentPath: root,
    extensionTestsPath: path.resolve(__dirname, 'index'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
