import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_ALT_TEXT_PROMPT } from '../../src/shared/prompts';
import { runAltText, type AddAltTextResult } from '../../src/altText/run';
import type { FakeOpenRouter, RecordedRequest, Reply } from '../support/fakeOpenRouter';
import { textStream } from '../support/fixtures';
import { makePng } from '../support/png';
import { activate, answerQuestions, useFakeOpenRouter, waitFor, workspace } from './helpers';

const ws = (...p: string[]): string => path.join(workspace().fsPath, 'alt', ...p);
const uriOf = (...p: string[]): vscode.Uri => vscode.Uri.file(ws(...p));

/** The image bytes of a recorded chat request. */
function sentImage(req: RecordedRequest): Buffer {
  const url: string = req.body.messages[0].content[1].image_url.url;
  return Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
}

function addAltText(target?: vscode.Uri, args: Record<string, unknown> = {}): Promise<AddAltTextResult> {
  return Promise.resolve(vscode.commands.executeCommand<AddAltTextResult>('openrouterStudio.addAltText', target, args));
}

/** Our diagnostics on `uri`. */
function altDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'OpenRouter Studio');
}

const PNG = {
  a: makePng(16, 16, { noiseSeed: 1 }),
  b: makePng(16, 16, { noiseSeed: 2 }),
  space: makePng(16, 16, { noiseSeed: 3 }),
  d: makePng(16, 16, { noiseSeed: 4 }),
  c: makePng(16, 16, { noiseSeed: 5 }),
  e: makePng(16, 16, { noiseSeed: 6 }),
};

/** Alt text the fake model answers for each image, chosen to need escaping. */
const ALT = new Map<string, string>([
  [PNG.a.toString('base64'), '"A red [square] tile \\ with a dot."'],
  [PNG.space.toString('base64'), 'Alt text: A path\nthrough a garden.'],
  [PNG.d.toString('base64'), 'A dog.'],
  [PNG.c.toString('base64'), 'Say "hi" & <wave>'],
  [PNG.e.toString('base64'), 'A bird.'],
]);

/** Answers each request with the alt text of its image, `overrides` first. */
function answerByImage(fake: FakeOpenRouter, overrides: (img: Buffer) => Reply | undefined = () => undefined): void {
  fake.respond = (req) => {
    if (req.path !== '/chat/completions') return undefined;
    const img = sentImage(req);
    return overrides(img) ?? { kind: 'sse', body: textStream([ALT.get(img.toString('base64')) ?? 'unknown image'], { cost: 0.001 }).sse, sliceBytes: 64 };
  };
}

const MARKDOWN = [
  '# Der Garten',
  '',
  'Zuerst ![](pics/a.png) im Beet.',
  '![Kept alt](pics/b.png)',
  '![](<pics/with space.png> "Title")',
  'Ref ![][one] and shortcut ![one].',
  'Again ![](pics/a.png) and a copy ![](pics/a-copy.png) and encoded ![](pics/with%20space.png).',
  'Remote ![](https://example.com/x.png), missing ![](pics/missing.png), outside ![](../../outside.png).',
  'Code `![](pics/c.png)` is text.',
  '',
  '```md',
  '![](pics/c.png)',
  '```',
  '',
  'Inline <img src="pics/c.png"> html.',
  '',
  '[one]: pics/d.png',
  '',
].join('\n');

const MARKDOWN_FIXED = [
  '# Der Garten',
  '',
  'Zuerst ![A red &#91;square&#93; tile &#92; with a dot.](pics/a.png) im Beet.',
  '![Kept alt](pics/b.png)',
  '![A path through a garden.](<pics/with space.png> "Title")',
  'Ref ![A dog.][one] and shortcut ![one].',
  'Again ![A red &#91;square&#93; tile &#92; with a dot.](pics/a.png) and a copy ![A red &#91;square&#93; tile &#92; with a dot.](pics/a-copy.png) and encoded ![A path through a garden.](pics/with%20space.png).',
  'Remote ![](https://example.com/x.png), missing ![](pics/missing.png), outside ![](../../outside.png).',
  'Code `![](pics/c.png)` is text.',
  '',
  '```md',
  '![](pics/c.png)',
  '```',
  '',
  'Inline <img alt="Say &#34;hi&#34; &#38; &#60;wave&#62;" src="pics/c.png"> html.',
  '',
  '[one]: pics/d.png',
  '',
].join('\n');

describe('Alt text in Markdown and HTML', function () {
  this.timeout(60_000);
  let fake: FakeOpenRouter;
  let dispose: () => Promise<void>;
  let outside: string;

  before(async () => {
    ({ fake, dispose } = await useFakeOpenRouter());
    mkdirSync(ws('pics'), { recursive: true });
    for (const [name, bytes] of [['a', PNG.a], ['b', PNG.b], ['with space', PNG.space], ['d', PNG.d], ['c', PNG.c], ['a-copy', PNG.a], ['e', PNG.e]] as const) {
      writeFileSync(ws('pics', `${name}.png`), bytes);
    }
    outside = mkdtempSync(path.join(os.tmpdir(), 'ors-alt-outside-'));
    writeFileSync(path.join(outside, 'secret.png'), makePng(8, 8, { noiseSeed: 77 }));
    symlinkSync(path.join(outside, 'secret.png'), ws('pics', 'link.png'));
  });
  beforeEach(async () => {
    fake.reset();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(ws(), { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
    await dispose();
  });

  async function openFile(name: string, text: string): Promise<vscode.TextEditor> {
    writeFileSync(ws(name), text);
    return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uriOf(name)));
  }

  it('writes every form byte for byte, sends each distinct image once, skips the rest with reasons, and one undo restores it', async () => {
    const editor = await openFile('every-form.md', MARKDOWN);
    answerByImage(fake);
    const result = await addAltText(editor.document.uri);
    assert.equal(editor.document.getText(), MARKDOWN_FIXED);
    assert.equal(result.updated, 7);
    assert.deepEqual(result.skipped, [
      { file: 'alt/every-form.md', target: 'https://example.com/x.png', reason: 'remote image (not sent)' },
      { file: 'alt/every-form.md', target: 'pics/missing.png', reason: 'file not found' },
      { file: 'alt/every-form.md', target: '../../outside.png', reason: 'outside the workspace folder (not sent)' },
    ]);
    const reqs = fake.requestsTo('/chat/completions');
    assert.equal(reqs.length, 4, 'a.png, its copy and the repeated uses go as one request');
    assert.deepEqual(reqs.map(sentImage).map((b) => b.toString('base64')).sort(), [PNG.a, PNG.space, PNG.d, PNG.c].map((b) => b.toString('base64')).sort());
    for (const r of reqs) {
      assert.equal(r.body.model, 'google/gemini-2.5-flash');
      const text: string = r.body.messages[0].content[0].text;
      assert.ok(text.startsWith(`${DEFAULT_ALT_TEXT_PROMPT}\n\nSurrounding text`), text);
    }
    const first = reqs.find((r) => sentImage(r).equals(PNG.a))!;
    assert.match(first.body.messages[0].content[0].text, /Der Garten Zuerst \[image\] im Beet\./, 'the words around its first use, for the language');
    assert.ok(Math.abs(result.cost! - 0.004) < 1e-9);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), MARKDOWN, 'one undo restores every image');
  });

  it('marks the images without alt text, offers the Quick Fix, and the marks go as alt text is added', async () => {
    const editor = await openFile('marks.md', MARKDOWN.replace('outside ![](../../outside.png)', 'link ![](pics/link.png)'));
    const uri = editor.document.uri;
    const marks = await waitFor(async () => altDiagnostics(uri), (d) => d.length === 7);
    // Not marked: alt text present, remote, missing, inside code, and the symbolic link out of the workspace.
    assert.deepEqual(marks.map((d) => editor.document.getText(d.range)), [
      '![](pics/a.png)', '![](<pics/with space.png> "Title")', '![][one]', '![](pics/a.png)', '![](pics/a-copy.png)', '![](pics/with%20space.png)', '<img src="pics/c.png">',
    ]);
    assert.ok(marks.every((d) => d.severity === vscode.DiagnosticSeverity.Information && d.message.startsWith('Image without alt text: ')));
    assert.equal(fake.requests.length, 0, 'finding sends nothing');

    const target = marks[2];
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, target.range);
    const fix = actions.find((a) => a.title === 'Generate alt text with OpenRouter');
    assert.ok(fix?.command, `Quick Fix offered: ${actions.map((a) => a.title).join(', ')}`);
    const fileFix = actions.find((a) => a.title === 'Generate all missing alt text in this file with OpenRouter');
    assert.deepEqual(fileFix?.command?.arguments?.map(String), [uri.toString()], 'and the fix for the whole file, with its 7 marks');
    answerByImage(fake);
    const result = (await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []))) as AddAltTextResult;
    assert.equal(result.updated, 1);
    assert.ok(editor.document.getText().includes('Ref ![A dog.][one] and'));
    assert.equal(fake.requestsTo('/chat/completions').length, 1);
    assert.equal((await waitFor(async () => altDiagnostics(uri), (d) => d.length === 6)).length, 6);

    fake.reset();
    answerByImage(fake);
    const all = await addAltText(uri);
    assert.equal(all.skipped.find((s) => s.target === 'pics/link.png')?.reason, 'outside the workspace folder (not sent)', 'a symbolic link out of the workspace is not sent');
    assert.ok(fake.requestsTo('/chat/completions').every((r) => !sentImage(r).equals(makePng(8, 8, { noiseSeed: 77 }))));
    assert.equal((await waitFor(async () => altDiagnostics(uri), (d) => d.length === 0)).length, 0);
  });

  it('HTML: no alt, a blank alt and a valueless alt get alt text; present alt, alt="" (decorative), scripts and comments are left alone', async () => {
    const html = '<!doctype html>\n<html><body>\n<IMG SRC="pics/a.png">\n<img src=\'pics/c.png\' alt=" ">\n<img alt src="pics/e.png"/>\n<img src="pics/b.png" alt="A cat">\n<img src="pics/b.png" alt="">\n<script>const s = "<img src=pics/d.png>";</script>\n<!-- <img src="pics/d.png"> -->\n</body></html>\n';
    const editor = await openFile('page.html', html);
    answerByImage(fake);
    const result = await addAltText(editor.document.uri);
    assert.equal(result.updated, 3);
    assert.equal(editor.document.getText(), html
      .replace('<IMG SRC', '<IMG alt="A red [square] tile \\ with a dot." SRC')
      .replace('alt=" ">', 'alt="Say &#34;hi&#34; &#38; &#60;wave&#62;">')
      .replace('<img alt src="pics/e.png"/>', '<img alt="A bird." src="pics/e.png"/>'));
    assert.equal(fake.requestsTo('/chat/completions').length, 3);
  });

  it('hostile: a reply with a table pipe, a link and raw HTML stays inside the alt text of a README table cell', async () => {
    const readme = '| Screen | Note |\n| --- | --- |\n| ![](pics/a.png) | keep |\n';
    const editor = await openFile('table.md', readme);
    answerByImage(fake, () => ({ kind: 'sse', body: textStream(['A login form | <a href="https://evil.example">Click to verify</a> | x\u202E\u0000']).sse }));
    const result = await addAltText(editor.document.uri);
    assert.equal(result.updated, 1);
    const expected = '| Screen | Note |\n| --- | --- |\n| ![A login form &#124; &#60;a href=&#34;https://evil.example&#34;&#62;Click to verify&#60;/a&#62; &#124; x](pics/a.png) | keep |\n';
    assert.equal(editor.document.getText(), expected);
    await editor.document.save();
    assert.equal(readFileSync(ws('table.md'), 'utf8'), expected, 'the bytes on disk');
  });

  it('a folder run covers its Markdown and HTML files in one edit, leaving .gitignored folders alone, and saves them as a refactoring does', async () => {
    mkdirSync(ws('docs', 'build'), { recursive: true });
    mkdirSync(ws('docs', 'guide'), { recursive: true });
    writeFileSync(ws('docs', '.gitignore'), 'build/\n');
    writeFileSync(ws('docs', 'one.md'), '![](../pics/a.png)\n');
    writeFileSync(ws('docs', 'guide', 'two.html'), '<p><img src="/alt/pics/d.png"></p>\n');
    writeFileSync(ws('docs', 'build', 'three.md'), '![](../../pics/c.png)\n');
    answerByImage(fake);
    const result = await addAltText(uriOf('docs'));
    assert.equal(result.updated, 2);
    const text = async (...p: string[]): Promise<string> => (await vscode.workspace.openTextDocument(uriOf(...p))).getText();
    assert.equal(await text('docs', 'one.md'), '![A red &#91;square&#93; tile &#92; with a dot.](../pics/a.png)\n');
    assert.equal(await text('docs', 'guide', 'two.html'), '<p><img alt="A dog." src="/alt/pics/d.png"></p>\n');
    assert.equal(await text('docs', 'build', 'three.md'), '![](../../pics/c.png)\n');
    assert.equal(fake.requestsTo('/chat/completions').length, 2);
    // files.refactoring.autoSave (default on): the edited files are on disk, not left unsaved.
    assert.equal(readFileSync(ws('docs', 'one.md'), 'utf8'), '![A red &#91;square&#93; tile &#92; with a dot.](../pics/a.png)\n');
    assert.equal(readFileSync(ws('docs', 'guide', 'two.html'), 'utf8'), '<p><img alt="A dog." src="/alt/pics/d.png"></p>\n');
    assert.deepEqual(vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.path.includes('/docs/')).map((d) => d.uri.path), []);
  });

  it('a folder run from the explorer is reviewed in the Refactor Preview: discarded, nothing is written; applied, every alt text is', async () => {
    mkdirSync(ws('review'), { recursive: true });
    writeFileSync(ws('review', 'one.md'), '![](../pics/d.png)\n');
    writeFileSync(ws('review', 'two.html'), '<img src="../pics/e.png">\n');
    answerByImage(fake);
    const q = await answerQuestions();
    /** Runs the folder as the explorer does (no argument), and answers the preview with `command`. */
    const reviewed = async (command: 'refactorPreview.discard' | 'refactorPreview.apply'): Promise<AddAltTextResult | undefined> => {
      let done = false;
      const run = Promise.resolve(vscode.commands.executeCommand<AddAltTextResult | undefined>('openrouterStudio.addAltText', uriOf('review'))).finally(() => void (done = true));
      // The preview opens once both replies are in; until then the command finds no preview and does nothing.
      const settle = () => new Promise((r) => setTimeout(r, 400));
      await waitFor(async () => fake.requestsTo('/chat/completions').length, (n) => n >= 2);
      for (let i = 0; i < 20 && !done; i++) {
        // The preview's tree renders after the edit reaches it: each step waits for the one before to show, or the
        // box ticked may be a file's instead of the category's (a flake seen in CI: one of two written).
        await settle();
        if (command === 'refactorPreview.apply') {
          // As a user would: the one category's box ticks every alt text (entries needing confirmation come unticked).
          await vscode.commands.executeCommand('refactorPreview.groupByType');
          await settle();
          await vscode.commands.executeCommand('list.focusFirst');
          await settle();
          await vscode.commands.executeCommand('refactorPreview.toggleCheckedState');
          await settle();
        }
        await vscode.commands.executeCommand(command);
      }
      return run;
    };
    try {
      const discarded = await reviewed('refactorPreview.discard');
      assert.equal(discarded?.updated, 0);
      assert.deepEqual(discarded?.skipped.map((s) => s.reason), ['not ticked in the preview (the text is in the output log)', 'not ticked in the preview (the text is in the output log)']);
      assert.equal(readFileSync(ws('review', 'one.md'), 'utf8'), '![](../pics/d.png)\n');
      assert.equal(readFileSync(ws('review', 'two.html'), 'utf8'), '<img src="../pics/e.png">\n');
      fake.reset();
      answerByImage(fake);
      const applied = await reviewed('refactorPreview.apply');
      assert.equal(applied?.updated, 2, JSON.stringify(applied) + (await vscode.workspace.openTextDocument(uriOf('review', 'one.md'))).getText());
      assert.equal((await vscode.workspace.openTextDocument(uriOf('review', 'one.md'))).getText(), '![A dog.](../pics/d.png)\n');
      assert.equal((await vscode.workspace.openTextDocument(uriOf('review', 'two.html'))).getText(), '<img alt="A bird." src="../pics/e.png">\n');
      assert.equal(q.asked.length, 2, 'each run asked first, with its price');
    } finally {
      q.restore();
    }
  });

  it('the Refactor Preview is a user setting: off there, a folder run writes at once; a workspace cannot turn it off', async () => {
    mkdirSync(ws('direct'), { recursive: true });
    writeFileSync(ws('direct', 'one.md'), '![](../pics/d.png)\n');
    answerByImage(fake);
    const q = await answerQuestions();
    const config = () => vscode.workspace.getConfiguration('openrouterStudio');
    const settingsFile = path.join(workspace().fsPath, '.vscode', 'settings.json');
    const savedSettings = existsSync(settingsFile) ? readFileSync(settingsFile, 'utf8') : undefined;
    mkdirSync(path.dirname(settingsFile), { recursive: true });
    try {
      // A workspace's `false` is ignored (the setting's scope is the user's): the run waits for the preview.
      writeFileSync(settingsFile, JSON.stringify({ ...JSON.parse(savedSettings ?? '{}'), 'openrouterStudio.altText.previewEdits': false }));
      await waitFor(async () => config().inspect('altText.previewEdits')?.workspaceValue, (v) => v === false);
      let done = false;
      const run = Promise.resolve(vscode.commands.executeCommand<AddAltTextResult | undefined>('openrouterStudio.addAltText', uriOf('direct'))).finally(() => void (done = true));
      await waitFor(async () => fake.requestsTo('/chat/completions').length, (n) => n === 1);
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(done, false, 'waiting for the preview');
      assert.equal(readFileSync(ws('direct', 'one.md'), 'utf8'), '![](../pics/d.png)\n');
      for (let i = 0; i < 50 && !done; i++) {
        await vscode.commands.executeCommand('refactorPreview.discard');
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.equal((await run)?.updated, 0);
      await config().update('altText.previewEdits', false, vscode.ConfigurationTarget.Global);
      fake.reset();
      answerByImage(fake);
      const result = await vscode.commands.executeCommand<AddAltTextResult | undefined>('openrouterStudio.addAltText', uriOf('direct'));
      assert.equal(result?.updated, 1);
      assert.equal((await vscode.workspace.openTextDocument(uriOf('direct', 'one.md'))).getText(), '![A dog.](../pics/d.png)\n');
    } finally {
      await config().update('altText.previewEdits', undefined, vscode.ConfigurationTarget.Global);
      if (savedSettings === undefined) rmSync(settingsFile, { force: true });
      else writeFileSync(settingsFile, savedSettings);
      q.restore();
    }
  });

  it('hostile: a folder run does not follow a directory symlink out of the workspace, and reads nothing there', async () => {
    const away = mkdtempSync(path.join(os.tmpdir(), 'ors-alt-away-'));
    writeFileSync(path.join(away, 'private.md'), 'Secret words around ![](../../pics/a.png)\n');
    mkdirSync(ws('linked'), { recursive: true });
    writeFileSync(ws('linked', 'inside.md'), '![](../pics/d.png)\n');
    symlinkSync(away, ws('linked', 'away'));
    try {
      answerByImage(fake);
      const result = await addAltText(uriOf('linked'));
      assert.equal(result.updated, 1);
      assert.equal(readFileSync(path.join(away, 'private.md'), 'utf8'), 'Secret words around ![](../../pics/a.png)\n', 'the file outside is not written');
      const sent = fake.requestsTo('/chat/completions').map((r) => r.body.messages[0].content[0].text as string);
      assert.ok(sent.every((t) => !t.includes('Secret words')), 'its text is not sent');
    } finally {
      rmSync(away, { recursive: true, force: true });
    }
  });

  it('cancel in the middle keeps the alt text that finished and ends the other requests', async () => {
    const editor = await openFile('cancel.md', '![](pics/a.png) ![](pics/d.png) ![](pics/e.png)\n');
    const api = await activate();
    answerByImage(fake, (img) => (img.equals(PNG.a) ? undefined : { kind: 'stall' }));
    const abort = new AbortController();
    const log = { info: () => undefined, warn: () => undefined } as unknown as vscode.LogOutputChannel;
    const run = runAltText({ clients: api.clients, catalog: { find: async () => undefined }, consent: api.consent, log }, [editor.document.uri], {
      model: 'google/gemini-2.5-flash',
      overwrite: false,
      signal: abort.signal,
      onProgress: ({ done }) => {
        if (done === 1) abort.abort();
      },
    });
    const result = await run;
    assert.equal(result.updated, 1);
    assert.equal(editor.document.getText(), '![A red &#91;square&#93; tile &#92; with a dot.](pics/a.png) ![](pics/d.png) ![](pics/e.png)\n');
    assert.deepEqual(result.skipped.map((s) => s.reason), ['not described: cancelled', 'not described: cancelled']);
    await waitFor(async () => fake.requestsTo('/chat/completions').every((r) => r.endedAt !== undefined), (v) => v, 5_000);
    assert.ok(fake.requestsTo('/chat/completions').every((r) => r.endedAt !== undefined), 'the stalled requests were closed');
  });

  it('regression: a folder with no file it reads says which files it reads (it named only Markdown and HTML)', async () => {
    mkdirSync(ws('no-pages'), { recursive: true });
    writeFileSync(ws('no-pages', 'notes.txt'), '![](../pics/a.png)\n');
    await assert.rejects(addAltText(uriOf('no-pages')), (e: Error) => e.message === 'No Markdown, HTML, MDX or component file (JSX, TSX, Vue, Svelte, Astro) to add alt text to.');
    assert.equal(fake.requests.length, 0);
  });

  it('a 401 stops the run with its message and writes nothing more; a file changed during the run is not written', async () => {
    const five = '![](pics/a.png) ![](pics/b.png) ![](pics/c.png) ![](pics/d.png) ![](pics/e.png)\n';
    const editor = await openFile('stop.md', five);
    answerByImage(fake, (img) => (img.equals(PNG.c)
      ? { kind: 'json', status: 401, body: { error: { code: 401, message: 'No auth credentials found' } } }
      : { kind: 'sse', body: textStream(['late']).sse, delayMs: 300, sliceBytes: 40 }));
    await assert.rejects(addAltText(editor.document.uri), (e: Error) => /401|key/i.test(e.message));
    assert.equal(editor.document.getText(), five);
    assert.ok(fake.requestsTo('/chat/completions').length <= 4, 'no request starts after the 401');

    // The document is edited while the model answers: the run writes nothing into it.
    fake.reset();
    answerByImage(fake, () => ({ kind: 'sse', body: textStream(['Slow.']).sse, delayMs: 100, sliceBytes: 100 }));
    const running = addAltText(editor.document.uri);
    await waitFor(async () => fake.requestsTo('/chat/completions').length, (n) => n > 0);
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'Typed. '));
    const result = await running;
    assert.equal(result.updated, 0);
    assert.ok(result.skipped.length === 5 && result.skipped.every((s) => s.reason === 'the file changed during the run; nothing was written to it'));
    assert.equal(editor.document.getText(), `Typed. ${five}`);
  });
});
