/**
 * The image gallery's script in headless Chromium: the chat view's XSS payloads as every text a file can set,
 * all shown as text and none acting; the keyboard of a list; 10,000 tiles virtualised; nothing but the filters
 * in the webview's state.
 */
import assert from 'node:assert/strict';
import type { FromGallery, GalleryTile } from '../../src/webview/galleryProtocol';
import { close, openGalleryView, type View } from './harness';
import { XSS } from './xssPayloads';

const tile = (i: number, over: Partial<GalleryTile> = {}): GalleryTile => ({
  id: `file:///w/images/${i}.png`, src: `https://file+.vscode-resource.vscode-cdn.net/w/images/${i}.png`, label: `images/${i}.png`, name: `${i}.png`,
  prompt: `prompt ${i}`, model: 'google/gemini-2.5-flash-image', cost: '$0.0390', maker: 'openrouter', mtime: 1_700_000_000_000 - i, ...over,
});
const results = (tiles: GalleryTile[], over: Record<string, unknown> = {}) => ({ type: 'results', tiles, models: [{ value: 'google/gemini-2.5-flash-image', label: 'google/gemini-2.5-flash-image', count: tiles.length, cost: '$1.00' }], makers: [], aspectRatios: [], total: `${tiles.length} images`, indexing: false, ...over });
const posted = async (view: View): Promise<FromGallery[]> => (await view.posted()) as unknown as FromGallery[];

describe('webview: the image gallery', function () {
  this.timeout(60_000);
  let view: View;
  beforeEach(async () => {
    view = await openGalleryView();
  });
  afterEach(async () => {
    assert.deepEqual(view.errors, [], 'no script error in the page');
    await view.close();
  });
  after(close);

  it('asks for its results when it opens', async () => {
    assert.deepEqual((await posted(view)).map((m) => m.type), ['ready']);
  });

  it(`never runs script from ${XSS.length} known XSS payloads as names, prompts, models, errors, facets, families and comparisons`, async () => {
    const tiles = XSS.map((p, i) => tile(i, { name: p, label: p, prompt: p, model: p, cost: p.slice(0, 40), ...(i % 3 === 0 ? { error: p } : {}) }));
    const facets = XSS.map((p) => ({ value: p.slice(0, 300), label: p, count: 1 }));
    await view.send(results(tiles, { models: facets, makers: [], aspectRatios: facets, total: XSS[0], note: XSS[1] }));
    await view.send({ type: 'family', of: tiles[1].id, tiles: tiles.slice(0, 10) });
    await view.send({ type: 'compare', tiles: tiles.slice(0, 4), rows: XSS.slice(0, 20).map((p) => ({ label: p, values: [p, p, p, p], differs: true })), prompts: [XSS.map((w) => ({ word: w, unique: true }))] });
    await view.frames();
    await view.page.waitForTimeout(300);
    for (const b of await view.page.locator('.strip-tile').all()) await b.click({ force: true }).catch(() => undefined);
    assert.equal(await view.page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
    assert.equal(await view.page.locator('#app script, #app iframe, #app svg, #app object, #app embed, #app form, #app style, #app [onerror], #app [onload], #app a, #app b, #app marquee, #app video').count(), 0);
    // Every image in the page is a thumbnail the extension sent, nothing a payload made.
    const srcs = await view.page.locator('#app img').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('src') ?? ''));
    assert.ok(srcs.length > 0 && srcs.every((s) => s.startsWith('https://file+.vscode-resource.vscode-cdn.net/')), srcs.join(' '));
    assert.equal(await view.page.locator('.tile').first().locator('.tile-name').textContent(), XSS[0], 'the name is shown as text');
    assert.equal(await view.page.locator('.totals').textContent(), XSS[0]);
    assert.equal(await view.page.locator('.tile').nth(1).getAttribute('aria-label'), `${XSS[1]}: ${XSS[1]}`, 'the accessible name is the file name and the prompt');
    // The opened family's clicks post only "open" of an image the extension named.
    const opened = (await posted(view)).filter((m) => m.type === 'action');
    assert.ok(opened.every((m) => m.type === 'action' && m.action === 'open' && tiles.some((t) => t.id === m.id)));
  });

  it('the keyboard of a list: one Tab stop, arrows move, Enter opens, Space selects; two selected are compared', async () => {
    await view.send(results(Array.from({ length: 30 }, (_, i) => tile(i))));
    await view.frames();
    await view.page.focus('.grid');
    const activeName = () => view.page.locator('.active-name').textContent();
    assert.equal(await activeName(), 'images/0.png');
    await view.page.keyboard.press('ArrowRight');
    assert.equal(await activeName(), 'images/1.png');
    const cols = await view.page.evaluate(() => Math.floor(document.querySelector('.grid')!.clientWidth / 176));
    await view.page.keyboard.press('ArrowDown');
    assert.equal(await activeName(), `images/${1 + cols}.png`);
    await view.page.keyboard.press('End');
    assert.equal(await activeName(), 'images/29.png');
    await view.page.keyboard.press('Home');
    await view.clearPosted();
    await view.page.keyboard.press('Enter');
    assert.deepEqual(await posted(view), [{ type: 'action', action: 'open', id: 'file:///w/images/0.png' }]);
    await view.page.keyboard.press(' ');
    await view.page.keyboard.press('ArrowRight');
    await view.page.keyboard.press(' ');
    assert.equal(await view.page.locator('.selection').textContent(), '2 selected');
    assert.equal(await view.page.locator('.tile[aria-selected="true"]').count(), 2);
    assert.equal(await view.page.locator('.grid').getAttribute('aria-activedescendant'), 'tile-1');
    await view.clearPosted();
    await view.page.locator('.text-button').click();
    assert.deepEqual(await posted(view), [{ type: 'compare', ids: ['file:///w/images/0.png', 'file:///w/images/1.png'] }]);
    // The tiles are not Tab stops: Tab leaves the grid.
    assert.equal(await view.page.locator('.tile[tabindex]').count(), 0);
  });

  it('10,000 tiles: only the rows in view are in the DOM, scrolling shows the last; the state holds the filters only', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => tile(i));
    const ms = await view.page.evaluate(async (m) => {
      const t0 = performance.now();
      window.dispatchEvent(new MessageEvent('message', { data: m }));
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return performance.now() - t0;
    }, results(many));
    console.log(`      first paint of 10,000 tiles: ${ms.toFixed(0)} ms (goal ≤ 500 ms)`);
    const inDom = await view.page.locator('.tile').count();
    assert.ok(inDom > 0 && inDom < 200, `${inDom} tiles in the DOM`);
    await view.page.evaluate(() => {
      const g = document.querySelector('.grid')!;
      g.scrollTop = g.scrollHeight;
    });
    await view.frames();
    assert.ok(await view.page.locator('.tile .tile-name', { hasText: /^9999\.png$/ }).count() === 1, 'the last tile is rendered after scrolling');
    await view.page.fill('.search', 'fox');
    await view.page.waitForTimeout(300);
    const state = await view.page.evaluate(() => (window as unknown as { __state: unknown }).__state);
    assert.deepEqual(Object.keys(state as object), ['query']);
    assert.ok(!JSON.stringify(state).includes('base64'));
    assert.deepEqual((await posted(view)).filter((m) => m.type === 'query').at(-1), { type: 'query', query: { text: 'fox', sort: 'date' } });
  });

  it('an ill-shaped message is ignored; the view keeps working', async () => {
    await view.send({ type: 'results', tiles: 'nope' }, { type: 'unknown' }, null, 42);
    await view.send(results([tile(1)]));
    await view.frames();
    assert.equal(await view.page.locator('.tile').count(), 1);
  });
});
