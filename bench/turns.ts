/** What the benches share: medians, and timing consumers that take turns. */

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Median milliseconds of each consumer, over `rounds` rounds in which they take turns, in an order that
 * rotates every round, so that a slow moment of the machine falls on all of them alike (and no consumer
 * always follows the same one, collecting the garbage of its large strings, say). Each consumer runs once
 * first as a warm-up; every result, the warm-up's too, goes through `check`, which throws when it is wrong.
 */
export async function timeInTurns<T>(consumers: Record<string, () => Promise<T>>, rounds: number, check: (name: string, result: T) => void): Promise<Record<string, number>> {
  const entries = Object.entries(consumers);
  for (const [name, fn] of entries) check(name, await fn());
  const ts: Record<string, number[]> = {};
  for (let r = 0; r < rounds; r++) {
    for (const [name, fn] of [...entries.slice(r % entries.length), ...entries.slice(0, r % entries.length)]) {
      const t0 = performance.now();
      const result = await fn();
      (ts[name] ??= []).push(performance.now() - t0);
      check(name, result);
    }
  }
  return Object.fromEntries(Object.entries(ts).map(([n, xs]) => [n, median(xs)]));
}

/**
 * The longest the calling thread stood still while `run` ran, in milliseconds: the largest gap between the
 * ticks of a 5 ms timer (work moved to a worker thread should leave this near 5).
 */
export async function longestStall(run: () => Promise<unknown>): Promise<number> {
  let maxGap = 0;
  let last = performance.now();
  const tick = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 5);
  try {
    await run();
  } finally {
    clearInterval(tick);
  }
  return maxGap;
}
