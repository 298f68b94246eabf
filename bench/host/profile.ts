/**
 * The extension host's CPU profile (the V8 inspector, sampling every 200 µs), and the host time it shows for
 * this extension: a sample counts as ours when any frame of its stack is in our bundles, so the time of the
 * VS Code API calls we make (`getText`, `positionAt`, setting diagnostics) counts as ours, and other
 * extensions' and VS Code's own work does not.
 */
import { Session } from 'node:inspector';

export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[]; hitCount?: number }>;
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const post = <T>(s: Session, method: string, params?: object): Promise<T> =>
  new Promise((resolve, reject) => s.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as T))));

/** Starts profiling this thread; the returned function stops and returns the profile. */
export async function profile(): Promise<() => Promise<CpuProfile>> {
  const s = new Session();
  s.connect();
  await post(s, 'Profiler.enable');
  await post(s, 'Profiler.setSamplingInterval', { interval: 200 });
  await post(s, 'Profiler.start');
  return async () => {
    const { profile: p } = await post<{ profile: CpuProfile }>(s, 'Profiler.stop');
    s.disconnect();
    return p;
  };
}

/** Each sample's time (µs since the profile's start, as `performance.timeOrigin`-free wall time) and whether it is ours. */
function samplesOf(p: CpuProfile, ours: (url: string) => boolean): Array<{ at: number; ms: number; ours: boolean; node: number }> {
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const mine = new Map<number, boolean>();
  const isOurs = (id: number): boolean => {
    const known = mine.get(id);
    if (known !== undefined) return known;
    const n = byId.get(id)!;
    const up = parent.get(id);
    const v = ours(n.callFrame.url) || (up !== undefined && isOurs(up));
    mine.set(id, v);
    return v;
  };
  const out: Array<{ at: number; ms: number; ours: boolean; node: number }> = [];
  let at = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    at += p.timeDeltas[i];
    const ms = (p.timeDeltas[i + 1] ?? 0) / 1000;
    out.push({ at, ms, ours: isOurs(p.samples[i]), node: p.samples[i] });
  }
  return out;
}

/**
 * Our host time within each window, and the longest run of our samples in it (the longest the host was
 * blocked by one call of ours), in ms.
 * @param windows `[start, end)` in the profile's clock (µs; see {@link profileClock}).
 */
export function oursPerWindow(p: CpuProfile, ours: (url: string) => boolean, windows: Array<[number, number]>): Array<{ totalMs: number; longestMs: number }> {
  const samples = samplesOf(p, ours);
  const name = new Map(p.nodes.map((n) => [n.id, n.callFrame.functionName]));
  return windows.map(([a, b]) => {
    let totalMs = 0;
    let longestMs = 0;
    let run = 0;
    for (const s of samples) {
      if (s.at < a || s.at >= b) continue;
      if (s.ours) {
        totalMs += s.ms;
        run += s.ms;
        longestMs = Math.max(longestMs, run);
      } else if (name.get(s.node) !== '(garbage collector)' && name.get(s.node) !== '(program)') {
        // Idle, or another's work: the host was free of ours in between.
        run = 0;
      }
    }
    return { totalMs, longestMs };
  });
}

/** The functions with the most self time, `url:line function ms`, for finding what is slow; `only`: in samples ours by that test. */
export function topSelf(p: CpuProfile, count: number, only?: (url: string) => boolean): string[] {
  const self = new Map<number, number>();
  const samples = samplesOf(p, only ?? (() => false));
  for (const s of samples) if (!only || s.ours) self.set(s.node, (self.get(s.node) ?? 0) + s.ms);
  const byKey = new Map<string, number>();
  for (const n of p.nodes) {
    const key = `${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber} ${n.callFrame.functionName || '(anonymous)'}`;
    byKey.set(key, (byKey.get(key) ?? 0) + (self.get(n.id) ?? 0));
  }
  return [...byKey].sort((a, b) => b[1] - a[1]).slice(0, count).map(([k, ms]) => `${ms.toFixed(0).padStart(7)} ms  ${k}`);
}

/** The profile's clock now (µs): `process.hrtime` in microseconds, which is what V8's profile timestamps use. */
export function profileClock(): number {
  return Number(process.hrtime.bigint() / 1000n);
}
