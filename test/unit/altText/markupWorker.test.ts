/**
 * The alt-text parsing in its worker thread: the same results as in-thread, a deadline and a cancel that
 * end a parse, and the caller's thread free while a slow document parses.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AltTextCheckError } from '../../../src/altText/check';
import { findMarkdownImages } from '../../../src/altText/findMarkdown';
import { MarkupWorker, ParseTimeoutError } from '../../../src/altText/markupWorker';

/** A list-heavy changelog, the shape that is slow to parse: `### N`, an item with an image, another item. */
export function changelog(entries: number): string {
  let s = '';
  for (let i = 0; i < entries; i++) s += `### ${i}\n\n- Fixed #${i}: a thing ![](shot${i}.png)\n- Another change\n\n`;
  return s;
}

describe('altText: micromark is pinned at 4.0.2', () => {
  it('micromark 4.0.3 takes 8–15× longer on list-heavy Markdown (34 s against 4 s for a 273 KB changelog); package.json overrides it to 4.0.2', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pkg = require('../../../../package.json');
    assert.equal(pkg.overrides?.micromark, '4.0.2');
    // The micromark that mdast-util-from-markdown loads, wherever npm put it.
    let dir = path.dirname(createRequire(require.resolve('mdast-util-from-markdown')).resolve('micromark'));
    while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
    const installed = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string; version: string };
    assert.equal(installed.name, 'micromark');
    assert.equal(installed.version, '4.0.2', 'the installed micromark is the pinned one (npm install after a change)');
    // The finder reads such a file right: every image, in order.
    const found = findMarkdownImages(changelog(1000));
    assert.equal(found.length, 1000);
    assert.deepEqual(found.slice(0, 2).map((f) => f.target), ['shot0.png', 'shot1.png']);
  });
});

describe('altText/markupWorker', function () {
  this.timeout(60_000);
  let worker: MarkupWorker;
  beforeEach(() => {
    worker = new MarkupWorker();
  });
  afterEach(() => worker.dispose());

  it('finds the same images as the finder in this thread, and applies checked alt text', async () => {
    const text = '# T\n\n| a | b |\n| - | - |\n| ![](a.png) | <img src="b.png"> |\n\n[^1]: ![](c.png)\n';
    const found = await worker.find('markdown', text, { deadlineMs: 10_000 });
    assert.deepEqual(found, findMarkdownImages(text));
    assert.deepEqual(found.map((f) => f.target), ['a.png', 'b.png', 'c.png']);
    const out = await worker.apply('markdown', text, [{ edit: found[0].edit, alt: 'A | B' }], { deadlineMs: 10_000 });
    assert.ok(out.includes('![A &#124; B](a.png)'), out);
    await assert.rejects(worker.apply('markdown', text, [{ edit: { ...found[0].edit, syntax: 'html' }, alt: 'A | B' }], { deadlineMs: 10_000 }), AltTextCheckError);
  });

  it('a parse past its deadline is ended, and the next job runs in a new worker', async () => {
    await assert.rejects(worker.find('markdown', changelog(3000), { deadlineMs: 100 }), ParseTimeoutError);
    assert.equal((await worker.find('markdown', '![](x.png)', { deadlineMs: 10_000 })).length, 1);
  });

  it('Cancel ends a running parse at once; a job that waited behind it still runs', async () => {
    const abort = new AbortController();
    const slow = worker.find('markdown', changelog(3000), { deadlineMs: 60_000, signal: abort.signal });
    const after = worker.find('markdown', '![](y.png)', { deadlineMs: 60_000 });
    setTimeout(() => abort.abort(new Error('cancelled by the user')), 50);
    await assert.rejects(slow, /cancelled by the user/);
    assert.equal((await after)[0].target, 'y.png');
  });

  it('regression: a slow document does not block the caller\'s thread (diagnostics ran in the extension host\'s)', async () => {
    let ticks = 0;
    let maxGap = 0;
    let last = Date.now();
    const timer = setInterval(() => {
      const now = Date.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
      ticks++;
    }, 10);
    try {
      await worker.find('markdown', changelog(1500), { deadlineMs: 60_000 });
    } finally {
      clearInterval(timer);
    }
    assert.ok(ticks > 5, `${ticks} ticks while parsing`);
    assert.ok(maxGap < 500, `the caller's thread stood still for ${maxGap} ms`);
  });
});
