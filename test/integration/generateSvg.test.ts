import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SVG_INSTRUCTION } from '../../src/svg/prompt';
import { textStream } from '../support/fixtures';
import { makePng } from '../support/png';
import { assertInert } from '../support/svgChecks';
import { activate, answerQuestions, fakeOpenRouterSuite, listDir, openChatView, waitFor, WEBVIEW_PROBE, webviewAct, webviewTexts, workspace } from './helpers';

/** A hostile SVG as a model might send it: in a fence, among prose, with every kind of active content. */
const HOSTILE = [
  'Here is your icon:\n\n```svg\n',
  '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 24 24" onload="alert(1)">',
  '<title>Paper plane</title><script>alert(document.cookie)</script>',
  '<style>@import url(https://evil.example/x.css); .p{fill:#06c}</style>',
  '<foreignObject width="24" height="24"><div xmlns="http://www.w3.org/1999/xhtml"><img src="https://evil.example/p.png" onerror="alert(2)"/></div></foreignObject>',
  '<a xlink:href="data:text/html,&lt;script&gt;alert(3)&lt;/script&gt;"><path class="p" d="M2 12l20-9-9 20-2-9z"/></a>',
  '<use href="https://evil.example/sprite.svg#plane"/><rect width="2" height="2" style="fill:url(https://evil.example/x)"/>',
  '<circle id="keep" cx="12" cy="12" r="1"/>',
  '</svg>\n```\nEnjoy!',
];
const read = async (uri: vscode.Uri): Promise<string> => Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');

describe('Generate SVG', function () {
  this.timeout(60_000);
  const server = fakeOpenRouterSuite();
  let api: any;
  before(async () => {
    api = await activate();
    await api.chat.newChat();
  });
  after(async () => api.chat.newChat());

  it('automation: one request to the SVG model, the saved .svg holds none of a hostile SVG\'s active parts, and Image details reads its prompt and model', async () => {
    server.fake.enqueue('/chat/completions', { kind: 'sse', body: textStream(HOSTILE).sse });
    const uri: vscode.Uri = await vscode.commands.executeCommand('openrouterStudio.generateSvg', { prompt: 'a paper plane icon', model: 'anthropic/claude-sonnet-4.5', outputDirectory: 'svg-out' });
    assert.match(vscode.workspace.asRelativePath(uri), /^svg-out\/a-paper-plane-icon-\d{8}-\d{6}\.svg$/);
    const [req] = server.fake.requestsTo('/chat/completions');
    assert.equal(req.body.model, 'anthropic/claude-sonnet-4.5');
    assert.equal(req.body.modalities, undefined, 'a text model: no image output asked');
    assert.deepEqual(req.body.messages, [{ role: 'system', content: SVG_INSTRUCTION }, { role: 'user', content: 'a paper plane icon' }]);
    const saved = await read(uri);
    assert.ok(saved.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg '), saved.slice(0, 80));
    assertInert(saved.slice(saved.indexOf('<svg')), 'saved file');
    assert.match(saved, /<title>Paper plane<\/title>/);
    assert.match(saved, /<path class="p" d="M2 12l20-9-9 20-2-9z"\/>/, 'the picture is kept');
    const details: any = await vscode.commands.executeCommand('openrouterStudio.imageDetails', uri, { show: false });
    assert.equal(details.mimeType, 'image/svg+xml');
    assert.equal(details.prompt, 'a paper plane icon');
    assert.equal(details.model, 'anthropic/claude-sonnet-4.5');
    assert.deepEqual([details.width, details.height], [24, 24]);

    // Generate again on the saved SVG: Generate SVG with its prompt and model, a new file beside.
    server.fake.enqueue('/chat/completions', { kind: 'sse', body: textStream(['<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><circle id="keep" cx="4" cy="4" r="3"/></svg>']).sse });
    const yes = await answerQuestions();
    const again: vscode.Uri[] = await vscode.commands.executeCommand<vscode.Uri[]>('openrouterStudio.generateAgain', uri).then((r) => (yes.restore(), r));
    assert.match(yes.asked[0].lines.join('\n'), /Model: anthropic\/claude-sonnet-4\.5\nReply: at most 32,000 tokens\nPrompt: a paper plane icon/);
    assert.equal(again.length, 1);
    assert.notEqual(again[0].toString(), uri.toString());
    assert.match(await read(again[0]), /<circle id="keep" cx="4" cy="4" r="3"\/>/);
    const repeat = server.fake.requestsTo('/chat/completions')[1].body;
    assert.equal(repeat.model, 'anthropic/claude-sonnet-4.5');
    assert.deepEqual(repeat.messages[1], { role: 'user', content: 'a paper plane icon' });
    assert.equal(repeat.max_tokens, 32_000, 'the SVG request is bounded');
  });

  it('automation rejects with the reason and saves nothing when the reply holds no SVG, or one that is not XML', async () => {
    const before = await listDir('svg-out');
    server.fake.enqueue('/chat/completions', { kind: 'sse', body: textStream(['I cannot draw that, sorry.']).sse });
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('openrouterStudio.generateSvg', { prompt: 'nothing', outputDirectory: 'svg-out' })), /The model sent no SVG document/);
    server.fake.enqueue('/chat/completions', { kind: 'sse', body: textStream(['<svg xmlns="http://www.w3.org/2000/svg"><text>fish &amp chips</text></svg>']).sse });
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('openrouterStudio.generateSvg', { prompt: 'broken', outputDirectory: 'svg-out' })), /The SVG is not well-formed XML: /);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('openrouterStudio.generateSvg', { prompt: '  ' })), /takes \{ prompt, model\?, outputDirectory\? \} with a non-empty prompt/);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('openrouterStudio.generateSvg', { prompt: 'escape', outputDirectory: '../outside' })));
    assert.deepEqual(await listDir('svg-out'), before, 'nothing written');
    assert.equal(server.fake.requestsTo('/chat/completions')[0].body.model, 'anthropic/claude-sonnet-4.5', 'the svgModel setting by default');
  });

  it('chat: an SVG turn, then a follow-up that sends the current (sanitized) SVG to change it; Save writes it with edited_from', async () => {
    server.fake.enqueue('/chat/completions', { kind: 'sse', body: textStream(HOSTILE).sse });
    const first: string = await api.chat.svg.send('a paper plane icon');
    assertInert(first, 'chat SVG');
    const firstFile: vscode.Uri = await api.chat.svg.save();
    assert.equal(await read(firstFile).then((t) => t.includes('<title>Paper plane</title>')), true);

    server.fake.enqueue('/chat/completions', { kind: 'sse', body: textStream(['<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><title>Blue plane</title><circle id="keep" cx="12" cy="12" r="9" fill="#06c"/></svg>']).sse });
    await api.chat.send('make it blue');
    const follow = server.fake.requestsTo('/chat/completions')[1].body;
    assert.equal(follow.model, 'anthropic/claude-sonnet-4.5', 'a follow-up goes to the SVG model, not the picker\'s');
    const user: string = follow.messages[1].content;
    assert.ok(user.includes(first), 'the current SVG, as sanitized, travels with the follow-up');
    assert.ok(!user.includes('evil.example'), 'never the model\'s raw SVG');
    assert.match(user, /Earlier requests, oldest first:\n- a paper plane icon\n\n/);
    assert.match(user, /Change it: make it blue/);
    const second: vscode.Uri = await api.chat.svg.save();
    const details: any = await vscode.commands.executeCommand('openrouterStudio.imageDetails', second, { show: false });
    assert.equal(details.prompt, 'a paper plane icon\nmake it blue');
    assert.equal(details.editedFrom, vscode.workspace.asRelativePath(firstFile, false));
    assert.notEqual(second.toString(), firstFile.toString(), 'a new file, the first untouched');

    // The SVG button (sendSvg) draws a new SVG: nothing of the last one travels with it.
    server.fake.enqueue('/chat/completions', { kind: 'sse', body: textStream(['<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><circle cx="4" cy="4" r="3"/></svg>']).sse });
    await api.chat.svg.send('a new moon icon');
    assert.deepEqual(server.fake.requestsTo('/chat/completions')[2].body.messages[1], { role: 'user', content: 'a new moon icon' });
    const third: vscode.Uri = await api.chat.svg.save();
    const thirdDetails: any = await vscode.commands.executeCommand('openrouterStudio.imageDetails', third, { show: false });
    assert.equal(thirdDetails.prompt, 'a new moon icon');
    assert.equal(thirdDetails.editedFrom, undefined);
  });

  it('the view previews the SVG only as images at 16–128 px on light and dark, lists what was removed, and saves on Save SVG', async function () {
    if (!WEBVIEW_PROBE) this.skip();
    await api.chat.newChat();
    await openChatView();
    server.fake.enqueue('/chat/completions', { kind: 'sse', body: textStream(HOSTILE).sse });
    await api.chat.svg.send('a paper plane icon');
    // Four sizes on two surfaces (their sizes, blob sources and inertness: test/webview/chat.test.ts).
    assert.equal((await waitFor(() => webviewTexts('.svg-card .svg-row img'), (l) => l.length === 8)).length, 8);
    assert.equal((await webviewTexts('.svg-card svg, .svg-card script, .svg-card foreignObject')).length, 0, 'no SVG inline in the view');
    const removed = (await webviewTexts('.svg-removed'))[0];
    for (const what of ['<script> element', '<foreignObject> element', 'onload attribute of <svg>', '<style> element']) assert.ok(removed.includes(what), `${what} in ${removed}`);
    assert.equal((await webviewTexts('.svg-code summary'))[0].startsWith('SVG code'), true);
    const before = new Set((await vscode.workspace.findFiles('images/*.svg')).map((u) => u.toString()));
    // A save that fails (an output folder outside the workspace) writes nothing and leaves Save usable.
    const config = vscode.workspace.getConfiguration('openrouterStudio');
    await config.update('outputDirectory', '../outside-svg', vscode.ConfigurationTarget.Global);
    try {
      await webviewAct('.svg-actions button.text-button', 'click');
      assert.equal((await waitFor(() => webviewTexts('.svg-actions button.text-button:not([disabled])'), (l) => l.length === 1)).length, 1, 'Save SVG works again');
      assert.deepEqual((await vscode.workspace.findFiles('images/*.svg')).filter((u) => !before.has(u.toString())), [], 'nothing saved');
    } finally {
      await config.update('outputDirectory', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.deepEqual(await listDir('../outside-svg'), []);
    await webviewAct('.svg-actions button.text-button', 'click');
    const label = (await waitFor(() => webviewTexts('.svg-actions .image-label'), (l) => l.length === 1))[0];
    const made = (await vscode.workspace.findFiles('images/*.svg')).filter((u) => !before.has(u.toString()));
    assert.deepEqual(made.map((u) => vscode.workspace.asRelativePath(u)), [label]);
    assertInert((await read(vscode.Uri.joinPath(workspace(), label))).replace(/^<\?xml[^>]*>\n/, ''), 'saved from the view');
  });

  it('regression: attached images do not ride along with an SVG turn — the view\'s Generate SVG says so and sends nothing; the images wait for Send', async function () {
    if (!WEBVIEW_PROBE) this.skip();
    await api.chat.newChat();
    await openChatView();
    const pic = vscode.Uri.joinPath(workspace(), 'pics', 'svg-attached.png');
    await vscode.workspace.fs.writeFile(pic, makePng(10, 10));
    await api.chat.attachFiles([pic]);
    const disabled = 'button[aria-label="Generate SVG"][aria-disabled="true"]';
    assert.equal((await waitFor(() => webviewTexts(disabled), (l) => l.length === 1)).length, 1, 'Generate SVG is unavailable while an image is attached');
    await webviewAct('textarea.input', 'fill', 'a paper plane icon');
    await webviewAct('button[aria-label="Generate SVG"]', 'press', 'Enter');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(server.fake.requestsTo('/chat/completions').length, 0, 'nothing sent');
    assert.equal(api.chat.attachmentCount, 1, 'the image still waits');
    assert.equal(api.chat.turns.length, 0);
    // Removed, the words go to the SVG model alone.
    api.chat.removeAttachment((await api.chat.initMessage()).attachments[0].id);
    assert.deepEqual(await waitFor(() => webviewTexts(disabled), (l) => l.length === 0), []);
    server.fake.enqueue('/chat/completions', { kind: 'sse', body: textStream(['<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><circle cx="4" cy="4" r="3"/></svg>']).sse });
    await webviewAct('button[aria-label="Generate SVG"]', 'click');
    const sent = await waitFor(async () => server.fake.requestsTo('/chat/completions'), (r) => r.length === 1);
    assert.deepEqual(sent[0].body.messages[1], { role: 'user', content: 'a paper plane icon' });
    await waitFor(async () => api.chat.busy, (b) => !b);
    await vscode.workspace.fs.delete(pic);
  });
});
