/**
 * The import rule of src/ (CONTRIBUTING.md, Architecture; `.dependency-cruiser.cjs`): `npm test` checks src/ with it
 * (`npm run test:deps`); here it is shown to fail on each kind of forbidden import, in a small tree of its own.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

/** Runs dependency-cruiser with the project's rules on `files` (path → source) and returns its exit code and output. */
function cruise(files: Record<string, string>): { status: number | null; output: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ors-layers-'));
  try {
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'commonjs', target: 'ES2022', strict: true } }));
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    const bin = path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
    const r = spawnSync(process.execPath, [bin, 'src', '--config', path.join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'err'], { cwd: dir, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('architecture: the import rule is enforced', function () {
  this.timeout(60_000);

  it('a tree that keeps the rule passes', () => {
    const r = cruise({
      'src/shared/format.ts': 'export const x = 1;\n',
      'src/platform/config.ts': "import { x } from '../shared/format';\nexport const y = x;\n",
      'src/generate/index.ts': "export { g } from './generateImage';\n",
      'src/generate/generateImage.ts': "import { y } from '../platform/config';\nexport const g = y;\n",
      'src/details/imageDetails.ts': "import { g } from '../generate';\nexport const d = g;\n",
    });
    assert.equal(r.status, 0, r.output);
  });

  it('fails on vscode in a pure layer, an upward import, a feature reached past its entry module, and a cycle', () => {
    const r = cruise({
      'src/images/mime.ts': "import * as vscode from 'vscode';\nimport { y } from '../platform/config';\nexport const m = [vscode, y];\n",
      'src/platform/config.ts': "import { a } from '../altText/addAltText';\nexport const y = a;\n",
      'src/altText/addAltText.ts': 'export const a = 1;\n',
      'src/generate/imageJob.ts': 'export const j = 1;\n',
      'src/details/imageDetails.ts': "import { j } from '../generate/imageJob';\nexport const d = j;\n",
      'src/chat/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
      'src/chat/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
    });
    assert.notEqual(r.status, 0);
    for (const rule of ['pure-layers-no-vscode', 'pure-layers-stay-below', 'platform-below-features', 'features-through-entry', 'no-circular']) {
      assert.match(r.output, new RegExp(rule), `${rule} is reported:\n${r.output}`);
    }
  });

  it('regression: a new folder is a feature at once (src/video reaching altText/find past its entry, images importing video), and no module stands in src/ itself', () => {
    const r = cruise({
      'src/altText/index.ts': "export { f } from './find';\n",
      'src/altText/find.ts': 'export const f = 1;\n',
      'src/video/clip.ts': "import { f } from '../altText/find';\nexport const v = f;\n",
      'src/images/mime.ts': "import { v } from '../video/clip';\nexport const m = v;\n",
      'src/helpers.ts': "import { m } from './images/mime';\nexport const h = m;\n",
      'src/features.ts': "import { h } from './helpers';\nimport { f } from './altText/find';\nexport const all = [h, f];\n",
    });
    assert.notEqual(r.status, 0);
    assert.match(r.output, /features-through-entry: src\/video\/clip\.ts → src\/altText\/find\.ts/, r.output);
    assert.match(r.output, /pure-layers-stay-below: src\/images\/mime\.ts → src\/video\/clip\.ts/, r.output);
    assert.match(r.output, /no-unlayered-files: src\/features\.ts → src\/helpers\.ts/, r.output);
    assert.match(r.output, /no-unlayered-files-importing: src\/helpers\.ts → src\/images\/mime\.ts/, r.output);
    assert.match(r.output, /wiring-through-entry: src\/features\.ts → src\/altText\/find\.ts/, r.output);
  });

  it('every feature folder of src/ has its entry module, index.ts', () => {
    const layers = ['openrouter', 'images', 'shared', 'webview', 'platform'];
    const features = readdirSync(path.join(ROOT, 'src'), { withFileTypes: true }).filter((d) => d.isDirectory() && !layers.includes(d.name)).map((d) => d.name);
    assert.ok(features.length >= 8, features.join(', '));
    for (const f of features) assert.ok(existsSync(path.join(ROOT, 'src', f, 'index.ts')), `src/${f}/index.ts`);
  });
});
