import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { provenanceText } from '../../src/images/provenance';
import { embedProvenance } from '../../src/images/xmp';
import { dataUrl, imagesReply, textStream } from '../support/fixtures';
import { makePng } from '../support/png';
import { activate, answerQuestions, fakeOpenRouterSuite, listDir, waitFor, workspace } from './helpers';

const file = (...parts: string[]): vscode.Uri => vscode.Uri.joinPath(workspace(), ...parts);
const posts = (fake: { requests: Array<{ method: string }> }): number => fake.requests.filter((r) => r.method === 'POST').length;

function invoke(name: string, input: object): Promise<vscode.LanguageModelToolResult> {
  return Promise.resolve(vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }));
}

describe('Nothing spends without an informed yes', function () {
  this.timeout(60_000);
  const server = fakeOpenRouterSuite();
  let n = 0;
  let dir: string;
  beforeEach(async () => {
    dir = `consent-${++n}`;
    await vscode.workspace.fs.createDirectory(file(dir, 'private'));
  });

  /** A PNG as a stranger's repository could hold it: this extension's fields, an expensive model at 4K, private references. */
  async function plantedImage(): Promise<{ uri: vscode.Uri; ok: Uint8Array }> {
    const ok = makePng(16, 16, { noiseSeed: 92 });
    await vscode.workspace.fs.writeFile(file(dir, 'private', 'passport-scan.png'), makePng(16, 16, { noiseSeed: 91 }));
    await vscode.workspace.fs.writeFile(file(dir, 'ok.png'), ok);
    const fields = provenanceText({ prompt: 'a fox\nin snow', model: 'bytedance-seed/seedream-4.5', api: 'images', resolution: '4K', references: [`${dir}/private/passport-scan.png`, `${dir}/ok.png`, `${dir}/ok.png`] });
    const uri = file(dir, 'planted.png');
    await vscode.workspace.fs.writeFile(uri, embedProvenance('image/png', makePng(32, 32), fields));
    return { uri, ok };
  }

  it('Generate again on a file written by a stranger sends nothing until the user answers, and sends no reference the user left out', async () => {
    const { uri, ok } = await plantedImage();
    let release: () => void = () => undefined;
    const answered = new Promise<void>((r) => (release = r));
    const q = await answerQuestions(async () => {
      await answered;
      return { uploads: [`${dir}/ok.png`] };
    });
    try {
      const run = Promise.resolve(vscode.commands.executeCommand<vscode.Uri[] | undefined>('openrouterStudio.generateAgain', uri));
      await waitFor(async () => q.asked.length, (k) => k > 0);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(posts(server.fake), 0, 'nothing is sent while the question is open');
      const [asked] = q.asked;
      assert.equal(asked.title, 'Generate again with bytedance-seed/seedream-4.5?');
      assert.deepEqual(asked.lines.filter((l) => !l.startsWith('Seed: ') && !l.startsWith('Saved into: ')), [
        'Model: bytedance-seed/seedream-4.5',
        'API: Image API',
        'Aspect ratio: 1:1',
        'Resolution: 4K',
        'Images: 1 in 1 request',
        'Prompt: a fox in snow',
        `Uploads 2 workspace files: ${dir}/private/passport-scan.png, ${dir}/ok.png`,
        'Estimated cost: $0.0400',
      ]);
      server.fake.enqueue('/images', { kind: 'json', body: imagesReply([makePng(8, 8, { noiseSeed: 93 })]) });
      release();
      const saved = await run;
      assert.equal(saved?.length, 1);
      const sent = server.fake.requestsTo('/images');
      assert.equal(sent.length, 1);
      assert.equal(sent[0].body.resolution, '4K');
      assert.deepEqual(sent[0].body.input_references, [{ type: 'image_url', image_url: { url: dataUrl(ok) } }], 'only the reference the user kept');
    } finally {
      q.restore();
    }
  });

  it('Generate again declined: nothing is sent and nothing is written', async () => {
    const { uri } = await plantedImage();
    const q = await answerQuestions(async () => undefined);
    try {
      const before = await listDir(dir);
      assert.equal(await vscode.commands.executeCommand('openrouterStudio.generateAgain', uri), undefined);
      assert.equal(q.asked.length, 1);
      assert.equal(posts(server.fake), 0);
      assert.deepEqual(await listDir(dir), before);
    } finally {
      q.restore();
    }
  });

  describe('the spending limit (openrouterStudio.spendingLimitUsd, user settings only)', () => {
    const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('openrouterStudio');
    beforeEach(async () => {
      await vscode.commands.executeCommand('openrouterStudio.resetSpending');
      await config().update('spendingLimitUsd', 0.01, vscode.ConfigurationTarget.Global);
    });
    afterEach(async () => config().update('spendingLimitUsd', undefined, vscode.ConfigurationTarget.Global));

    it('a tool past the limit sends nothing and says why, naming the setting; so does automation', async () => {
      await assert.rejects(invoke('openrouterStudio_generateImage', { prompt: 'a fox', model: 'bytedance-seed/seedream-4.5', outputDirectory: dir }), /Not sent: this workspace has spent \$0 of the \$0\.0100 limit, and this request is estimated at \$0\.0400 \(setting openrouterStudio\.spendingLimitUsd\)/);
      await vscode.workspace.fs.writeFile(file(dir, 'look.png'), makePng(8, 8));
      await assert.rejects(invoke('openrouterStudio_describeImage', { path: `${dir}/look.png` }), /Not sent: .*estimated at at most \$0\.0115 \(setting openrouterStudio\.spendingLimitUsd\)/);
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('openrouterStudio.generateImage', { prompt: 'a fox', model: 'bytedance-seed/seedream-4.5', outputDirectory: dir })), /Not sent/);
      // The SVG model is not in the models list: its price is unknown, so under a limit automation is refused too.
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('openrouterStudio.generateSvg', { prompt: 'an icon', outputDirectory: dir })), /Not sent: its price is unknown and this workspace has spent \$0 of the \$0\.0100 limit/);
      assert.equal(posts(server.fake), 0);
      assert.deepEqual(await listDir(dir), ['look.png', 'private']);
    });

    it('within the limit it runs; once the total reaches it, the next request is refused', async () => {
      await config().update('spendingLimitUsd', 0.05, vscode.ConfigurationTarget.Global);
      server.fake.enqueue('/images', { kind: 'json', body: imagesReply([makePng(8, 8, { noiseSeed: 94 })], { cost: 0.04 }) });
      await invoke('openrouterStudio_generateImage', { prompt: 'a fox', model: 'bytedance-seed/seedream-4.5', outputDirectory: dir });
      await assert.rejects(invoke('openrouterStudio_generateImage', { prompt: 'a fox', model: 'bytedance-seed/seedream-4.5', outputDirectory: dir }), /spent \$0\.0400 of the \$0\.0500 limit/);
      assert.equal(server.fake.requestsTo('/images').length, 1);
    });

    it('Add missing alt text stops before the image that would pass it; what finished is kept', async () => {
      await config().update('spendingLimitUsd', 0.005, vscode.ConfigurationTarget.Global);
      for (const k of [1, 2, 3]) await vscode.workspace.fs.writeFile(file(dir, `p${k}.png`), makePng(8, 8, { noiseSeed: 100 + k }));
      const doc = file(dir, 'page.md');
      await vscode.workspace.fs.writeFile(doc, Buffer.from('![](p1.png)\n\n![](p2.png)\n\n![](p3.png)\n'));
      // Each request is estimated at at most $0.0038 (an image and 1,000 tokens of gemini-2.5-flash): the first
      // fits under $0.005, the second, started beside it, would pass it.
      server.fake.respond = (r) => (r.path === '/chat/completions' ? { kind: 'sse', body: textStream(['A tile.'], { cost: 0.01 }).sse } : undefined);
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('openrouterStudio.addAltText', doc, {})), /Not sent/);
      const sent = server.fake.requestsTo('/chat/completions');
      assert.equal(sent.length, 1, 'one request, then the run stopped');
      assert.equal(sent[0].body.max_tokens, 1000);
      const text = (await vscode.workspace.openTextDocument(doc)).getText();
      assert.equal(text.match(/!\[A tile\.\]/g)?.length, 1, text);
    });
  });

  it('regression: count 10 on a model that makes 10 at once saves every billed image (8 of 10 were saved before)', async () => {
    server.fake.respond = (r) => (r.path === '/images' ? { kind: 'json', body: imagesReply(Array.from({ length: r.body.n ?? 1 }, (_, i) => makePng(8, 8, { noiseSeed: 200 + i + (r.body.seed ?? 0) }))) } : undefined);
    const saved = await vscode.commands.executeCommand<vscode.Uri[]>('openrouterStudio.generateImage', { prompt: 'ten foxes', model: 'openai/gpt-image-1', count: 10, outputDirectory: dir });
    const sent = server.fake.requestsTo('/images').map((r) => r.body.n ?? 1);
    assert.deepEqual(sent, [5, 5], 'no request asks for more than a reply may carry (maxImagesPerReply 8)');
    assert.equal(saved.length, 10);
    assert.equal((await listDir(dir)).filter((f) => f.endsWith('.png')).length, 10);
  });

  it('Add missing alt text on a folder asks first, with the images, the files and the estimate; declined, nothing is sent', async () => {
    for (const k of [1, 2]) await vscode.workspace.fs.writeFile(file(dir, `f${k}.png`), makePng(8, 8, { noiseSeed: 300 + k }));
    await vscode.workspace.fs.writeFile(file(dir, 'a.md'), Buffer.from('![](f1.png)\n'));
    await vscode.workspace.fs.writeFile(file(dir, 'b.md'), Buffer.from('![](f2.png)\n'));
    const q = await answerQuestions(async () => undefined);
    try {
      assert.equal(await vscode.commands.executeCommand('openrouterStudio.addAltText', file(dir)), undefined);
      assert.equal(q.asked.length, 1);
      assert.equal(q.asked[0].title, 'Write alt text for 2 image(s) in 2 file(s) with google/gemini-2.5-flash?');
      assert.deepEqual(q.asked[0].lines, [
        'Model: google/gemini-2.5-flash',
        'Requests: 2, one per image, each reply at most 1000 tokens',
        'Files: 2',
        `Uploads 2 workspace files: ${dir}/f1.png, ${dir}/f2.png`,
        q.asked[0].lines.at(-1)!,
      ]);
      assert.match(q.asked[0].lines.at(-1)!, /^Estimated cost: at most \$0\.0\d{3}$/);
      assert.equal(posts(server.fake), 0);
    } finally {
      q.restore();
    }
  });

  it('the describe tool asks when the agent picks a model other than the vision model, with its bound and price', async () => {
    const api = await activate();
    const p = await api.tools.describe.prepareInvocation({ input: { path: `${dir}/x.png`, model: 'openai/o1-pro', prompt: 'a 50,000-word essay' } }, new vscode.CancellationTokenSource().token);
    const text = (p?.confirmationMessages?.message as vscode.MarkdownString).value.replace(/&#(\d+);/g, (_: string, c: string) => String.fromCharCode(Number(c)));
    assert.match(text, /Model: openai\/o1-pro {2}\nReply: at most 4,096 tokens {2}\nPrompt: a 50,000-word essay/);
    assert.equal((await api.tools.describe.prepareInvocation({ input: { path: `${dir}/x.png` } }, new vscode.CancellationTokenSource().token))?.confirmationMessages, undefined, 'the vision model: no question');
  });
});
