import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FakeOpenRouter } from '../support/fakeOpenRouter';
import { imageStream } from '../support/fixtures';
import { makePng } from '../support/png';
import { useFakeOpenRouter, workspace } from './helpers';
import { scriptQuickPicks, type PickAction, type ShownPick } from './quickPicks';

/** Runs Generate image from the Command Palette, answering its steps with `script`. */
async function generateWith(script: (pick: ShownPick, index: number) => PickAction | undefined): Promise<{ uris: vscode.Uri[] | undefined; shown: ShownPick[] }> {
  const picks = scriptQuickPicks(script);
  try {
    const uris = await vscode.commands.executeCommand<vscode.Uri[] | undefined>('openrouterStudio.generateImage');
    assert.deepEqual(picks.errors, []);
    return { uris, shown: picks.shown };
  } finally {
    picks.restore();
  }
}

/** The step numbers of a title: "Generate image (3/6): generate now or adjust" → [3, 6]. */
function stepOf(title: string): [number, number] {
  const m = /^Generate image \((\d+)\/(\d+)\): /.exec(title);
  assert.ok(m, `"${title}" names the flow and its step`);
  return [Number(m[1]), Number(m[2])];
}

describe('Generate image: its steps', function () {
  this.timeout(60_000);
  let fake: FakeOpenRouter;
  let dispose: () => Promise<void>;
  const saved: vscode.Uri[] = [];

  before(async () => {
    ({ fake, dispose } = await useFakeOpenRouter());
  });
  after(async () => {
    for (const uri of saved) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
    await dispose();
  });
  beforeEach(() => fake.reset());

  it('three steps: prompt, model, then Generate now, which names the defaults and the price, and sends them', async () => {
    fake.enqueue('/chat/completions', { kind: 'sse', body: imageStream([makePng(32, 32, { noiseSeed: 3 })]).sse });
    const { uris, shown } = await generateWith((pick, i) => (i === 0 ? { type: 'A lighthouse in fog' } : i === 1 ? { accept: 'google/gemini-2.5-flash-image' } : i === 2 ? { accept: 'Generate now' } : undefined));
    saved.push(...(uris ?? []));
    assert.equal(shown.length, 3, `steps: ${shown.map((p) => p.title).join(' | ')}`);
    assert.deepEqual(shown.slice(0, 2).map((p) => p.title), ['Generate image (1/3): prompt', 'Generate image (2/3): model']);
    const [n, total] = stepOf(shown[2].title);
    assert.equal(n, 3);
    // The total, once the model is known: these three and one per control the model takes.
    const adjust = shown[2].rows.find((r) => r.label.includes('Adjust options…'))!;
    assert.equal(total, 3 + adjust.description.split(', ').length, adjust.description);
    const now = shown[2].rows.find((r) => r.label.includes('Generate now'))!;
    assert.match(now.description, /^1 image · aspect ratio 1:1 · .*\$\d/, 'the defaults and the price before the user says yes');
    assert.equal(shown[2].active, now.label, 'Generate now is highlighted');
    assert.equal(uris?.length, 1);
    assert.equal(uris![0].path.startsWith(workspace().path), true);
    const [req] = fake.requestsTo('/chat/completions');
    assert.equal(req.body.model, 'google/gemini-2.5-flash-image');
    assert.deepEqual(req.body.image_config, { aspect_ratio: '1:1' });
  });

  it('✓✓ on the model step takes the highlighted model, not the one from settings, and asks nothing more', async () => {
    fake.enqueue('/chat/completions', { kind: 'sse', body: imageStream([makePng(32, 32, { noiseSeed: 4 })]).sse });
    const { uris, shown } = await generateWith((pick, i) => (i === 0 ? { type: 'A kite over dunes' } : i === 1 ? { highlight: 'black-forest-labs/flux.2-pro', button: 'Generate now' } : undefined));
    saved.push(...(uris ?? []));
    assert.equal(shown.length, 2);
    assert.equal(uris?.length, 1);
    assert.equal(fake.requestsTo('/chat/completions')[0].body.model, 'black-forest-labs/flux.2-pro');
  });

  it('Adjust options…: every step keeps the same total, Back returns to the choice with Adjust highlighted, and the hints use no wire names', async () => {
    fake.enqueue('/chat/completions', { kind: 'sse', body: imageStream([makePng(32, 32, { noiseSeed: 5 })]).sse });
    let backs = 0;
    const { uris, shown } = await generateWith((pick, i) => {
      if (i === 0) return { type: 'A paper boat' };
      if (i === 1) return { accept: 'google/gemini-2.5-flash-image' };
      if (pick.title.endsWith('generate now or adjust')) return { accept: 'Adjust options…' };
      if (pick.title.endsWith('aspect ratio') && backs++ === 0) return 'back';
      if (pick.title.endsWith('aspect ratio')) return { accept: '16:9' };
      if (pick.title.endsWith('how many')) return { accept: '1' };
      return { accept: pick.active ?? '' };
    });
    saved.push(...(uris ?? []));
    const titles = shown.map((p) => p.title);
    const totals = new Set(shown.slice(2).map((p) => stepOf(p.title)[1]));
    assert.equal(totals.size, 1, `one total once the model is known: ${titles.join(' | ')}`);
    const choices = shown.filter((p) => p.title.endsWith('generate now or adjust'));
    assert.equal(choices.length, 2, titles.join(' | '));
    assert.match(choices[1].active ?? '', /Adjust options…/, 'Back from the first option comes back to Adjust');
    for (const p of shown) assert.doesNotMatch(p.placeholder, /image_config|aspect_ratio|output_format|_/, p.title);
    const numbers = shown.slice(3).filter((p) => !p.title.endsWith('generate now or adjust')).map((p) => stepOf(p.title)[0]);
    assert.deepEqual(numbers, [...numbers].sort((a, b) => a - b), 'the options count up');
    assert.equal(numbers[0], 4);
    assert.deepEqual(fake.requestsTo('/chat/completions')[0].body.image_config, { aspect_ratio: '16:9' });
  });
});
