/**
 * The developer setup every extension repository has: F5 (`.vscode/launch.json`) starts the watcher as its
 * build task and waits for the line the watcher prints when the extension bundles are ready; the linter and the
 * unused-code check run in `npm test`; CONTRIBUTING.md holds what the README points to.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const read = (f: string): string => readFileSync(path.join(ROOT, f), 'utf8');
/** JSON with `//` comment lines, as VS Code reads its own files. */
const jsonc = (f: string): any => JSON.parse(read(f).replace(/^\s*\/\/.*$/gm, ''));

describe('developer setup', () => {
  const pkg = JSON.parse(read('package.json'));
  const tasks = jsonc('.vscode/tasks.json').tasks as any[];
  const launch = jsonc('.vscode/launch.json').configurations as any[];

  it('F5 runs the default build task, the watcher, and waits for the line esbuild.mjs prints when the bundles are ready', () => {
    const run = launch.find((c) => c.name === 'Run Extension');
    assert.equal(run.type, 'extensionHost');
    assert.equal(run.preLaunchTask, '${defaultBuildTask}');
    assert.ok(run.args.includes('--extensionDevelopmentPath=${workspaceFolder}'));
    assert.ok(existsSync(path.join(ROOT, 'test/fixtures/workspace')));
    const builds = tasks.filter((t) => t.group?.kind === 'build' && t.group.isDefault);
    assert.equal(builds.length, 1);
    const [watch] = builds;
    assert.equal(watch.type, 'npm');
    assert.match(pkg.scripts[watch.script], /esbuild\.mjs --watch/);
    assert.equal(watch.isBackground, true);
    const esbuild = read('esbuild.mjs');
    // The lines the watcher prints for a round of the extension bundles (outdir `dist`).
    assert.ok(esbuild.includes("'[watch] extension bundles ready'") && esbuild.includes("'[watch] extension bundles not built (errors above)'"));
    assert.ok(esbuild.includes('[watch] build started (${build.initialOptions.outfile ?? build.initialOptions.outdir})'));
    const bg = watch.problemMatcher.background;
    assert.match('[watch] build started (dist)', new RegExp(bg.beginsPattern));
    assert.doesNotMatch('[watch] build started (dist/webview.js)', new RegExp(bg.beginsPattern));
    assert.match('[watch] extension bundles ready', new RegExp(bg.endsPattern));
    assert.match('[watch] extension bundles not built (errors above)', new RegExp(bg.endsPattern));
    const [message, location] = watch.problemMatcher.pattern.map((p: any) => new RegExp(p.regexp));
    assert.match('✘ [ERROR] Could not resolve "x"', message);
    assert.deepEqual('    src/a.ts:3:14:'.match(location)?.slice(1), ['src/a.ts', '3', '14']);
    const tests = launch.find((c) => c.name === 'Extension Tests');
    assert.ok(tasks.some((t) => t.label === tests.preLaunchTask), `a task named "${tests.preLaunchTask}"`);
    assert.ok(tests.args.includes('--extensionTestsPath=${workspaceFolder}/out/test/integration/index'));
  });

  it('npm test runs the linter and the unused-code check, and the README points to CONTRIBUTING.md', () => {
    assert.match(pkg.scripts.test, /npm run lint && .*npm run test:unused/);
    assert.match(pkg.scripts.lint, /^eslint /);
    assert.equal(pkg.scripts['test:unused'], 'knip');
    assert.match(read('README.md'), /\[CONTRIBUTING\.md\]\(CONTRIBUTING\.md\)/);
    const contributing = read('CONTRIBUTING.md');
    for (const heading of ['## Run and debug', '## Test', '## Benchmark', '## Architecture', '## Add a feature', '## Translations']) assert.ok(contributing.includes(heading), heading);
  });
});
