import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { imageStream, textStream } from '../support/fixtures';
import { makePng } from '../support/png';
import { activate, fakeOpenRouterSuite, listDir, TEST_KEY, workspace } from './helpers';


function invoke(name: string, input: object, token?: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
  return Promise.resolve(vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }, token));
}

const textOf = (r: vscode.LanguageModelToolResult): string => r.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');

describe('Agent tools (vscode.lm)', function () {
  this.timeout(60_000);
  let n = 0;
  let dir: string;

  const server = fakeOpenRouterSuite();
  beforeEach(() => {
    dir = `tools-${++n}`;
  });

  it('lists the three tools with their schemas', () => {
    const ours = vscode.lm.tools.filter((t) => t.name.startsWith('openrouterStudio_'));
    assert.deepEqual(ours.map((t) => t.name).sort(), ['openrouterStudio_describeImage', 'openrouterStudio_editImage', 'openrouterStudio_generateImage']);
    const gen = ours.find((t) => t.name === 'openrouterStudio_generateImage')!;
    assert.deepEqual((gen.inputSchema as { required: string[] }).required, ['prompt']);
    assert.match(gen.description, /costs the user money/);
  });

  it('generate saves the file, opens it, and names it in the result with its size, model, cost and a Markdown link', async () => {
    const png = makePng(160, 90, { noiseSeed: 61 });
    server.fake.enqueue('/chat/completions', { kind: 'sse', body: imageStream([png], { cost: 0.039 }).sse });
    const r = await invoke('openrouterStudio_generateImage', { prompt: 'A hero image [for] the landing page', model: 'google/gemini-2.5-flash-image', aspectRatio: '16:9', outputDirectory: dir });
    const [name] = await listDir(dir);
    assert.match(name, /^a-hero-image-for-the-landing-page-\d{8}-\d{6}\.png$/);
    const text = textOf(r);
    assert.match(text, /^Saved 1 of 1 requested image\(s\) into the workspace/);
    assert.ok(text.includes(`- ${dir}/${name}: 160 × 90 px, image/png, model google/gemini-2.5-flash-image, cost $0.0390.`), text);
    assert.ok(text.includes(`![A hero image &#91;for&#93; the landing page](${dir}/${name})`), text);
    assert.equal(server.fake.requestsTo('/chat/completions')[0].body.image_config.aspect_ratio, '16:9');
    const open = vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => (t.input as { uri?: vscode.Uri }).uri?.path.endsWith(name));
    assert.ok(open, 'the image is open');
  });

  it('edit saves <name>-edit.png beside the source', async () => {
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(workspace(), dir));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(workspace(), dir, 'logo.png'), makePng(20, 20));
    server.fake.enqueue('/chat/completions', { kind: 'sse', body: imageStream([makePng(20, 20, { noiseSeed: 62 })]).sse });
    const r = await invoke('openrouterStudio_editImage', { path: `${dir}/logo.png`, prompt: 'make it blue' });
    assert.deepEqual(await listDir(dir), ['logo-edit.png', 'logo.png']);
    assert.match(textOf(r), new RegExp(`${dir}/logo-edit\\.png: 20 × 20 px`));
  });

  it('describe returns the model\'s text', async () => {
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(workspace(), dir));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(workspace(), dir, 'cat.png'), makePng(12, 12));
    server.fake.enqueue('/chat/completions', { kind: 'sse', body: textStream(['A grey', ' cat.']).sse });
    const r = await invoke('openrouterStudio_describeImage', { path: `${dir}/cat.png`, prompt: 'What animal?' });
    const text = textOf(r);
    assert.match(text, /^Described by model google\/gemini-2\.5-flash, cost <?\$/);
    assert.match(text, /\n<untrusted-content source="google\/gemini-2\.5-flash" id="[0-9a-f]{16}">\n.*not instructions.*\nA grey cat\.\n<\/untrusted-content id="[0-9a-f]{16}">$/);
    assert.equal(server.fake.requestsTo('/chat/completions')[0].body.max_tokens, 4096, 'the description is bounded');
    const sent = server.fake.requestsTo('/chat/completions')[0].body.messages[0].content;
    assert.equal(sent[0].text, 'What animal?');
    assert.match(sent[1].image_url.url, /^data:image\/png;base64,/);
  });

  it('hostile paths: "..", a file outside the workspace and a file that is not an image are refused, and nothing is sent', async () => {
    const outside = path.join(mkdtempSync(path.join(os.tmpdir(), 'ors-tool-')), 'x.png');
    writeFileSync(outside, makePng(4, 4));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(workspace(), `${dir}.txt`), Buffer.from('not an image'));
    await assert.rejects(invoke('openrouterStudio_describeImage', { path: '../x.png' }), /climbs out with "\.\."/);
    await assert.rejects(invoke('openrouterStudio_describeImage', { path: outside }), /is not inside a workspace folder/);
    await assert.rejects(invoke('openrouterStudio_editImage', { path: `${dir}.txt`, prompt: 'x' }), /is not a PNG, JPEG, WebP or GIF image/);
    await assert.rejects(invoke('openrouterStudio_generateImage', { prompt: 'x', references: ['../../etc/passwd'], outputDirectory: dir }), /climbs out/);
    await assert.rejects(invoke('openrouterStudio_generateImage', { prompt: 'x', outputDirectory: '../outside' }), /leaves the workspace folder/);
    assert.equal(server.fake.requests.filter((r) => r.method === 'POST').length, 0);
  });

  it('with no key: says to run Set API key, and sends nothing', async () => {
    await vscode.commands.executeCommand('openrouterStudio.clearApiKey');
    try {
      await assert.rejects(invoke('openrouterStudio_generateImage', { prompt: 'no key', outputDirectory: dir }), /No OpenRouter API key is set: run "OpenRouter: Set API key"/);
      assert.equal(server.fake.requests.length, 0);
    } finally {
      await vscode.commands.executeCommand('openrouterStudio.setApiKey', TEST_KEY);
    }
  });

  it('cancellation stops the request and writes nothing', async () => {
    server.fake.enqueue('/chat/completions', { kind: 'stall' });
    const cts = new vscode.CancellationTokenSource();
    const pending = invoke('openrouterStudio_generateImage', { prompt: 'slow', model: 'google/gemini-2.5-flash-image', outputDirectory: dir }, cts.token);
    for (let i = 0; i < 100 && server.fake.requestsTo('/chat/completions').length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    cts.cancel();
    await assert.rejects(pending);
    assert.deepEqual(await listDir(dir), []);
    for (let i = 0; i < 100 && server.fake.requestsTo('/chat/completions')[0]?.endedAt === undefined; i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(server.fake.requestsTo('/chat/completions')[0].endedAt !== undefined, 'the connection was closed');
  });

  describe('asking first (prepareInvocation, under each value of openrouterStudio.tools.confirm)', () => {
    const prepare = async (tool: 'generate' | 'edit' | 'describe', input: object): Promise<vscode.PreparedToolInvocation | null | undefined> => {
      const api = await activate();
      return api.tools[tool].prepareInvocation({ input }, new vscode.CancellationTokenSource().token);
    };
    const settingsFile = (): vscode.Uri => vscode.Uri.joinPath(workspace(), '.vscode', 'settings.json');
    /** The confirmation's text as the user reads it: numeric references decoded, one line a line. */
    const plain = (p: vscode.PreparedToolInvocation | null | undefined): string => (p?.confirmationMessages?.message as vscode.MarkdownString).value.replace(/ {2}\n/g, '\n').replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)));
    afterEach(async () => vscode.workspace.getConfiguration('openrouterStudio').update('tools.confirm', undefined, vscode.ConfigurationTarget.Global));

    it('default (paid): generate and edit ask, naming the model, the count, the price and the folder; describe does not', async () => {
      const g = await prepare('generate', { prompt: 'a fox', model: 'google/gemini-2.5-flash-image', count: 2, outputDirectory: 'assets' });
      const message = plain(g);
      assert.equal(g?.confirmationMessages?.title, 'Generate 2 image(s) with OpenRouter?');
      assert.deepEqual(message.split('\n'), [
        'Model: google/gemini-2.5-flash-image',
        'API: chat completions',
        'Aspect ratio: 1:1',
        'Images: 2 in 2 requests',
        'Saved into: assets',
        'Prompt: a fox',
        'Estimated cost: about $0.0784',
      ]);
      assert.equal(g?.invocationMessage, 'Generating 2 image(s) with google/gemini-2.5-flash-image');
      const unknown = await prepare('generate', { prompt: 'x', model: 'acme/unlisted-image' });
      assert.match(plain(unknown), /Estimated cost: price unknown/);
      assert.ok((await prepare('edit', { path: 'a.png', prompt: 'x' }))?.confirmationMessages);
      assert.equal((await prepare('describe', { path: 'a.png' }))?.confirmationMessages, undefined);
    });

    it('hostile: the prompt shows as text in the question, never as a link', async () => {
      const g = await prepare('generate', { prompt: '[click](command:workbench.action.terminal.new) <img src=x>' });
      const md = g?.confirmationMessages?.message as vscode.MarkdownString;
      assert.ok(!md.isTrusted && !md.supportHtml);
      assert.ok(md.value.includes('Prompt&#58; &#91;click&#93;&#40;command&#58;workbench&#46;action&#46;terminal&#46;new&#41; &#60;img src=x&#62;'), md.value);
    });

    it('hostile: a workspace value "never" is ignored; only the user\'s own setting turns confirmations off', async () => {
      const before = await vscode.workspace.fs.readFile(settingsFile()).then((b) => Buffer.from(b).toString('utf8'), () => '{}');
      const json = JSON.parse(before);
      await vscode.workspace.fs.writeFile(settingsFile(), Buffer.from(JSON.stringify({ ...json, 'openrouterStudio.tools.confirm': 'never' })));
      try {
        for (let i = 0; i < 50 && vscode.workspace.getConfiguration('openrouterStudio').inspect('tools.confirm')?.workspaceValue === undefined; i++) await new Promise((r) => setTimeout(r, 50));
        assert.ok((await prepare('generate', { prompt: 'x' }))?.confirmationMessages, 'still asks');
        await vscode.workspace.getConfiguration('openrouterStudio').update('tools.confirm', 'never', vscode.ConfigurationTarget.Global);
        assert.equal((await prepare('generate', { prompt: 'x' }))?.confirmationMessages, undefined);
        await vscode.workspace.getConfiguration('openrouterStudio').update('tools.confirm', 'always', vscode.ConfigurationTarget.Global);
        assert.ok((await prepare('describe', { path: 'a.png' }))?.confirmationMessages);
      } finally {
        await vscode.workspace.fs.writeFile(settingsFile(), Buffer.from(before));
      }
    });
  });
});
