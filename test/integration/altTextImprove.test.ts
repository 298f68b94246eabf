/**
 * Improve alt text with OpenRouter in the real VS Code: the Quick Fix on an image that has alt text asks what
 * the image is for, sends the image with its current alt text, and replaces it; Decorative writes alt="" and
 * sends nothing; an alt given by an expression is not offered it.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { AddAltTextResult } from '../../src/altText/run';
import { textStream } from '../support/fixtures';
import { makePng } from '../support/png';
import { fakeOpenRouterSuite, waitFor, workspace } from './helpers';

const ws = (...p: string[]): string => path.join(workspace().fsPath, 'alt-improve', ...p);
const uriOf = (...p: string[]): vscode.Uri => vscode.Uri.file(ws(...p));
const TITLE = 'Improve alt text with OpenRouter';

/** The code actions at the start of `needle` in `doc`, once the workbench has them. */
async function actionsAt(doc: vscode.TextDocument, needle: string, want: (a: vscode.CodeAction[]) => boolean): Promise<vscode.CodeAction[]> {
  const at = doc.positionAt(doc.getText().indexOf(needle) + 1);
  return waitFor(() => Promise.resolve(vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(at, at))), want);
}

/** Answers the purpose question with the row labelled `label`, recording what was offered. */
function answerPurpose(label: string): { offered: string[][]; restore: () => void } {
  const window = vscode.window as { showQuickPick: unknown };
  const original = window.showQuickPick;
  const offered: string[][] = [];
  window.showQuickPick = async (items: Array<{ label: string }>) => {
    offered.push(items.map((i) => i.label));
    return items.find((i) => i.label === label);
  };
  return { offered, restore: () => void (window.showQuickPick = original) };
}

describe('Improve alt text with OpenRouter', function () {
  this.timeout(60_000);
  const server = fakeOpenRouterSuite();
  before(() => {
    mkdirSync(ws('pics'), { recursive: true });
    writeFileSync(ws('pics', 'cta.png'), makePng(16, 16, { noiseSeed: 81 }));
  });
  beforeEach(() => {
    server.fake.respond = (req) => (req.path === '/chat/completions' ? { kind: 'sse', body: textStream(['Start your free trial'], { cost: 0.001 }).sse } : undefined);
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(ws(), { recursive: true, force: true });
  });

  it('Markdown: Functional sends the image with its alt text and the purpose, and replaces the alt text', async () => {
    writeFileSync(ws('page.md'), 'Join us: [![A green button](pics/cta.png)](https://example.com/trial)\n');
    const doc = await vscode.workspace.openTextDocument(uriOf('page.md'));
    await vscode.window.showTextDocument(doc);
    const actions = await actionsAt(doc, '![A green', (a) => a.some((x) => x.title === TITLE));
    const fix = actions.find((a) => a.title === TITLE)!;
    const q = answerPurpose('Functional');
    try {
      const result = (await vscode.commands.executeCommand(fix.command!.command, ...(fix.command!.arguments ?? []))) as AddAltTextResult;
      assert.equal(result.updated, 1);
      assert.deepEqual(q.offered, [['Informative', 'Functional']], 'Markdown cannot say decorative');
    } finally {
      q.restore();
    }
    assert.equal(doc.getText(), 'Join us: [![Start your free trial](pics/cta.png)](https://example.com/trial)\n');
    const [req] = server.fake.requestsTo('/chat/completions');
    const instruction: string = req.body.messages[0].content[0].text;
    assert.match(instruction, /already has this alt text: "A green button"/);
    assert.match(instruction, /functional \(a link or a button\)/);
    assert.match(instruction, /Surrounding text/);
  });

  it('HTML: Decorative writes alt="" and sends nothing; JSX: an alt given by an expression is not offered it', async () => {
    writeFileSync(ws('page.html'), '<p><img src="pics/cta.png" alt="spacer"></p>\n');
    const doc = await vscode.workspace.openTextDocument(uriOf('page.html'));
    await vscode.window.showTextDocument(doc);
    const fix = (await actionsAt(doc, '<img', (a) => a.some((x) => x.title === TITLE))).find((a) => a.title === TITLE)!;
    const q = answerPurpose('Decorative');
    try {
      assert.equal(await vscode.commands.executeCommand(fix.command!.command, ...(fix.command!.arguments ?? [])), true);
      assert.deepEqual(q.offered, [['Informative', 'Functional', 'Decorative']]);
    } finally {
      q.restore();
    }
    assert.equal(doc.getText(), '<p><img src="pics/cta.png" alt=""></p>\n');
    assert.equal(server.fake.requestsTo('/chat/completions').length, 0);
    writeFileSync(ws('Card.tsx'), 'export const C = ({ t }: { t: string }) => <img src="pics/cta.png" alt={t} />;\n');
    const tsx = await vscode.workspace.openTextDocument(uriOf('Card.tsx'));
    await vscode.window.showTextDocument(tsx);
    // The control: a Quick Fix is asked for at the same place; none is offered for a bound alt.
    await new Promise((r) => setTimeout(r, 1500));
    const none = await actionsAt(tsx, '<img', () => true);
    assert.ok(!none.some((a) => a.title === TITLE), none.map((a) => a.title).join(', '));
  });
});
