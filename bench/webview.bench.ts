/**
 * Chat-view streaming benchmark (headless Chromium): the time to apply and render a batch of 500 deltas
 * at the start of a reply and again after 20,000 deltas (about 150 KB of Markdown), for two shapes:
 * paragraphs (blank lines between them) and one long code block with no blank line at all. Rendering
 * block by block, and a code block that is still open by appending its new text, keeps each ratio near 1;
 * re-parsing the whole reply (or the whole open block) per frame makes it grow with the reply.
 * Run: `npm run bench` (after `npm run build`).
 */
import { close, init, openView, turn } from '../test/webview/harness';

/** The i-th delta of each shape. */
const SHAPES: Record<string, string> = {
  paragraphs: "`word${i}${i % 40 === 39 ? '.\\n\\n' : ' '}`",
  'one code block': "i === 0 ? '```ts\\n' : `const v${i} = ${i};${i % 4 === 3 ? '\\n' : ' '}`",
};

async function measure(shape: string): Promise<{ early: number; late: number; chars: number }> {
  const view = await openView({ manualFrames: true });
  await view.send(init());
  await view.send({ type: 'turnStart', turn: turn('b') });
  const batch = async (start: number): Promise<number> =>
    view.page.evaluate(
      ([s, expr]) => {
        const delta = new Function('i', `return ${expr};`) as (i: number) => string;
        const run = (window as unknown as { __runFrames: () => void }).__runFrames;
        const t0 = performance.now();
        for (let i = s; i < s + 500; i++) {
          window.dispatchEvent(new MessageEvent('message', { data: { type: 'textDelta', turnId: 'b', text: delta(i) } }));
          if (i % 25 === 24) run(); // one frame per 25 deltas, as when deltas arrive faster than frames
        }
        run();
        void document.body.offsetHeight; // include layout
        return performance.now() - t0;
      },
      [start, SHAPES[shape]] as const,
    );
  const early = [await batch(0), await batch(500), await batch(1000)].sort((a, b) => a - b)[1];
  for (let s = 1500; s < 20_000; s += 500) await batch(s);
  const late = [await batch(20_000), await batch(20_500), await batch(21_000)].sort((a, b) => a - b)[1];
  const chars = await view.page.evaluate(() => document.querySelector('.reply')?.textContent?.length ?? 0);
  await view.close();
  return { early, late, chars };
}

async function main(): Promise<void> {
  for (const shape of Object.keys(SHAPES)) {
    const { early, late, chars } = await measure(shape);
    console.log(`${shape}: 500 deltas at the start: ${early.toFixed(1)} ms; after 20,000 deltas (${(chars / 1000).toFixed(0)} k chars shown): ${late.toFixed(1)} ms`);
    console.log(`${shape}: late ÷ early = ${(late / early).toFixed(2)} (≈1 means the cost per delta does not grow with the reply)`);
  }
  await close();
}

void main();
