/**
 * Entry point of the integration suite inside VS Code's extension host, for both launchers
 * (`scripts/test-vscode-server.mjs` offline and `runElectron.ts` with internet): runs every
 * `*.test.js` next to this file with mocha and rejects when a test fails.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: 30_000,
    reporter: path.resolve(__dirname, '../support/summaryReporter.js'),
    reporterOptions: { label: 'integration' },
    grep: process.env.MOCHA_GREP,
  });
  const files = readdirSync(__dirname, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.test.js')).sort();
  for (const f of files) mocha.addFile(path.resolve(__dirname, f));
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
    } catch (err) {
      reject(err);
    }
  });
}
