/**
 * Chat-view streaming benchmark (headless Chromium): the time to apply and render a batch of 500 deltas
 * at the start of a reply and again after 20,000 deltas (about 150 KB of Markdown). Block-by-block
 * rendering keeps the ratio near 1; re-parsing the whole reply per frame makes it grow with the reply.
 * Run: `npm run bench` (after `npm run build`).
 */
import { close, init, openView, turn } from '../test/webview/harness';

async function main(): Promise<void> {
  const view = await openView({ manualFrames: true });
  await view.send(init());
  await view.send({ type: 'turnStart', turn: turn('b') });
  const batch = async (start: number): Promise<number> =>
    view.page.evaluate((s) => {
      const run = (window as unknown as { __runFrames: () => void }).__runFrames;
      const t0 = performance.now();
      for (let i = s; i < s + 500; i++) {
        const text = `word${i}${i % 40 === 39 ? '.\n\n' : ' '}`;
        window.dispatchEvent(new MessageEvent('message', { data: { type: 'textDelta', turnId: 'b', text } }));
        if (i % 25 === 24) run(); // one frame per 25 deltas, as when deltas arrive faster than frames
      }
      run();
      void document.body.offsetHeight; // include layout
      return performance.now() - t0;
    }, start);
  const early = [await batch(0), await batch(500), await batch(1000)].sort((a, b) => a - b)[1];
  for (let s = 1500; s < 20_000; s += 500) await batch(s);
  const late = [await batch(20_000), await batch(20_500), await batch(21_000)].sort((a, b) => a - b)[1];
  const chars = await view.page.evaluate(() => document.querySelector('.reply')?.textContent?.length ?? 0);
  console.log(`500 deltas at the start: ${early.toFixed(1)} ms; after 20,000 deltas (${(chars / 1000).toFixed(0)} k chars shown): ${late.toFixed(1)} ms`);
  console.log(`late ÷ early = ${(late / early).toFixed(2)} (≈1 means the cost per delta does not grow with the reply)`);
  await view.close();
  await close();
}

void main();
