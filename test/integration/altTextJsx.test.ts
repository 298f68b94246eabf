/**
 * Alt text in JSX and TSX in the real VS Code: the marks (Information level) on the images a linter would flag,
 * the Quick Fix, and a folder run of Add missing alt text, each writing a JSX string attribute that re-parses as
 * the model's text.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { AddAltTextResult } from '../../src/altText/run';
import { makePng } from '../support/png';
import { answerByImage, fakeOpenRouterSuite, waitFor, workspace } from './helpers';

const ws = (...p: string[]): string => path.join(workspace().fsPath, 'alt-jsx', ...p);
const uriOf = (...p: string[]): vscode.Uri => vscode.Uri.file(ws(...p));
const marksOf = (uri: vscode.Uri): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'OpenRouter Studio');
const PNG = { hero: makePng(16, 16, { noiseSeed: 61 }), deco: makePng(16, 16, { noiseSeed: 62 }), given: makePng(16, 16, { noiseSeed: 63 }), plain: makePng(16, 16, { noiseSeed: 64 }) };
const REPLIES = new Map([[PNG.hero.toString('base64'), 'Say "hi" & <wave> {x}'], [PNG.plain.toString('base64'), 'A plain tile.']]);

const TSX = [
  "import Image from 'next/image';",
  "import hero from './pics/hero.png';",
  'type Props<T> = { items: T[] };',
  'export function Page<T>({ items }: Props<T>): JSX.Element {',
  '  return (',
  '    <main>',
  '      <Image src={hero} width={16} height={16} priority />',
  '      <img src="pics/deco.png" alt="" />',
  "      <img src={require('./pics/given.png')} alt={items.length ? 'x' : 'y'} />",
  '      <img src="pics/plain.png" className="p" />',
  '      <img src="https://example.com/remote.png" />',
  '    </main>',
  '  );',
  '}',
  '',
].join('\n');

describe('Alt text in JSX and TSX', function () {
  this.timeout(60_000);
  const server = fakeOpenRouterSuite();
  before(() => {
    mkdirSync(ws('pics'), { recursive: true });
    for (const [name, bytes] of Object.entries(PNG)) writeFileSync(ws('pics', `${name}.png`), bytes);
  });
  beforeEach(() => answerByImage(server.fake, REPLIES));
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(ws(), { recursive: true, force: true });
  });

  it('marks the images a linter flags (an imported image, a plain <img>), offers the Quick Fix, and writes a JSX string attribute', async () => {
    writeFileSync(ws('Page.tsx'), TSX);
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uriOf('Page.tsx')));
    const uri = editor.document.uri;
    assert.equal(editor.document.languageId, 'typescriptreact');
    const marks = await waitFor(async () => marksOf(uri), (d) => d.length === 2);
    // Not marked: alt="" (decorative), alt={…} (given), and a remote image.
    assert.deepEqual(marks.map((d) => editor.document.getText(d.range)), ['<Image src={hero} width={16} height={16} priority />', '<img src="pics/plain.png" className="p" />']);
    assert.ok(marks.every((d) => d.severity === vscode.DiagnosticSeverity.Information));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, marks[0].range);
    const fix = actions.find((a) => a.title === 'Generate alt text with OpenRouter');
    assert.ok(fix?.command, `Quick Fix offered: ${actions.map((a) => a.title).join(', ')}`);
    const result = (await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []))) as AddAltTextResult;
    assert.equal(result.updated, 1);
    assert.equal(editor.document.getText(), TSX.replace('<Image src={hero}', '<Image alt="Say &#34;hi&#34; &#38; &#60;wave&#62; {x}" src={hero}'));
    // The model's words are left selected, to read; one Undo removes them.
    assert.equal(editor.document.getText(editor.selection), 'Say &#34;hi&#34; &#38; &#60;wave&#62; {x}');
    const sent = server.fake.requestsTo('/chat/completions');
    assert.equal(sent.length, 1);
    assert.ok((sent[0].body.messages[0].content[1].image_url.url as string).endsWith(PNG.hero.toString('base64')), 'the imported file was sent');
    assert.equal((await waitFor(async () => marksOf(uri), (d) => d.length === 1)).length, 1);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), TSX, 'one Undo removes it');
  });

  it('Mark as decorative writes alt="" in JSX and in HTML (nothing sent), and the mark goes; a Markdown image is not offered it', async () => {
    writeFileSync(ws('Deco.tsx'), TSX);
    writeFileSync(ws('deco.html'), '<p><IMG SRC="pics/plain.png" class=x></p>\n');
    writeFileSync(ws('deco.md'), '![](pics/plain.png)\n\n<img src="pics/hero.png">\n');
    for (const [file, before, after] of [
      ['Deco.tsx', '<img src="pics/plain.png" className="p" />', '<img alt="" src="pics/plain.png" className="p" />'],
      ['deco.html', '<IMG SRC="pics/plain.png" class=x>', '<IMG alt="" SRC="pics/plain.png" class=x>'],
      ['deco.md', '<img src="pics/hero.png">', '<img alt="" src="pics/hero.png">'],
    ]) {
      const doc = await vscode.workspace.openTextDocument(uriOf(file));
      await vscode.window.showTextDocument(doc);
      const mark = (await waitFor(async () => marksOf(doc.uri), (d) => d.some((m) => doc.getText(m.range) === before))).find((m) => doc.getText(m.range) === before)!;
      // The marks reach the workbench's marker service a moment after the extension host has them.
      const actions = await waitFor(() => Promise.resolve(vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, mark.range)), (a) => a.some((x) => x.title === 'Generate alt text with OpenRouter'));
      const fix = actions.find((a) => a.title === 'Mark as decorative (alt="")');
      assert.ok(fix?.command, `${file}: offered (${actions.map((a) => a.title).join(', ')})`);
      assert.equal(await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? [])), true);
      assert.ok(doc.getText().includes(after), `${file}: ${doc.getText()}`);
      await waitFor(async () => marksOf(doc.uri), (d) => !d.some((m) => doc.getText(m.range) === after));
    }
    const md = await vscode.workspace.openTextDocument(uriOf('deco.md'));
    const [markdownMark] = await waitFor(async () => marksOf(md.uri), (d) => d.length === 1);
    assert.equal(md.getText(markdownMark.range), '![](pics/plain.png)');
    const actions = await waitFor(() => Promise.resolve(vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', md.uri, markdownMark.range)), (a) => a.some((x) => x.title === 'Generate alt text with OpenRouter'));
    assert.ok(!actions.some((a) => a.title.startsWith('Mark as decorative')), 'Markdown cannot say decorative');
    assert.equal(server.fake.requestsTo('/chat/completions').length, 0, 'nothing was sent');
    await vscode.commands.executeCommand('workbench.action.files.saveAll');
  });

  it('a folder run covers .jsx and .tsx files', async () => {
    mkdirSync(ws('components'), { recursive: true });
    writeFileSync(ws('components', 'Card.jsx'), "export const Card = () => <img src='../pics/plain.png' />;\n");
    writeFileSync(ws('components', 'Note.md'), 'No image here.\n');
    const result = await vscode.commands.executeCommand<AddAltTextResult>('openrouterStudio.addAltText', uriOf('components'), {});
    assert.equal(result?.updated, 1, JSON.stringify(result));
    const text = (await vscode.workspace.openTextDocument(uriOf('components', 'Card.jsx'))).getText();
    assert.equal(text, "export const Card = () => <img alt=\"A plain tile.\" src='../pics/plain.png' />;\n");
  });
});
