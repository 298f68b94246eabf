/**
 * The gallery's index on 10,000 generated images (small PNGs with this extension's provenance, JPEGs with
 * EXIF, AUTOMATIC1111 and ComfyUI PNGs, and a few hostile ones: a zTXt bomb, a 2 MB ComfyUI graph, 60,000 text
 * chunks, a non-image), in plain Node as the extension host runs it: the files listed and their bytes read with
 * eight reads at a time, each file's metadata parsed in the gallery's worker thread (`readInWorker.ts`).
 * Beside it: the floor (listing and reading the same bytes, nothing parsed), the same parse on the main thread,
 * and a peer a script writer would reach for (exifr's parse of each file). Then a warm open (the stored index
 * read back), a query over all of them, the index's memory, and the longest the main thread was blocked while
 * indexing. Goals: cold ≤ 10 s, warm ≤ 1 s, a query ≤ 50 ms, ≤ 50 MB, never blocked > 50 ms. Run: `npm run bench`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { deflateSync } from 'node:zlib';
import exifr from 'exifr';
import type { GalleryEntry } from '../src/gallery/entry';
import { runQuery } from '../src/gallery/query';
import { DetailsWorker } from '../src/gallery/readInWorker';
import { makeChunk } from '../src/images/png';
import { provenanceText } from '../src/images/provenance';
import { readImageDetails } from '../src/images/readDetails';
import { embedProvenance } from '../src/images/xmp';
import { makeJpeg, makePng, withPngText } from '../test/support/png';

const N = 10_000;
const WORDS = ['fox', 'castle', 'owl', 'lighthouse', 'snow', 'dusk', 'watercolor', 'neon', 'forest', 'harbor', 'robot', 'garden'];
const prompt = (i: number): string => `a ${WORDS[i % 12]} in the ${WORDS[(i * 7) % 12]}, ${WORDS[(i * 5) % 12]} light, detailed ${i}`;

/** `png` with `chunks` inserted before its `IEND`. */
const withChunks = (png: Buffer, chunks: Uint8Array[]): Buffer => Buffer.concat([png.subarray(0, png.length - 12), ...chunks, png.subarray(png.length - 12)]);

/** The generated set: `dir/<kind>/<n>.<ext>`. */
function makeSet(dir: string): number {
  const base = makePng(32, 32, { noiseSeed: 1 });
  const jpeg = makeJpeg(64, 48, { software: 'Canon EOS R5', description: 'a harbor at dusk' });
  let bytes = 0;
  const write = (kind: string, name: string, b: Uint8Array): void => {
    mkdirSync(path.join(dir, kind), { recursive: true });
    writeFileSync(path.join(dir, kind, name), b);
    bytes += b.length;
  };
  for (let i = 0; i < N; i++) {
    const k = i % 20;
    if (i >= N - 4) {
      // The hostile ones.
      const zbomb = makeChunk('zTXt', Buffer.concat([Buffer.from('Description\0\0', 'latin1'), deflateSync(Buffer.alloc(256 * 1024 * 1024))]));
      const graph = JSON.stringify({ 1: { class_type: 'KSampler', inputs: { filler: 'x'.repeat(2 * 1024 * 1024) } } });
      const tiny = Array.from({ length: 60_000 }, () => makeChunk('tEXt', Buffer.from('a\0b', 'latin1')));
      const hostile = [withChunks(base, [zbomb]), withPngText(base, 'prompt', graph), withChunks(base, tiny), Buffer.from('<html>not an image</html>')];
      write('hostile', `${i}.png`, hostile[N - 1 - i]);
    } else if (k < 8) write('own', `${i}.png`, embedProvenance('image/png', base, provenanceText({ prompt: prompt(i), model: `vendor/model-${i % 9}`, api: 'chat', aspectRatio: '16:9', cost: 0.039, generationId: `gen-${i}` })));
    else if (k < 12) write('camera', `${i}.jpg`, jpeg);
    else if (k < 16) write('a1111', `${i}.png`, withPngText(base, 'parameters', `${prompt(i)}\nNegative prompt: blurry, lowres\nSteps: 20, Sampler: Euler a, Seed: ${i}, Model: dreamshaper_8`));
    else write('comfy', `${i}.png`, withPngText(base, 'prompt', JSON.stringify({ 3: { class_type: 'KSampler', inputs: { positive: ['6', 0], negative: ['7', 0] } }, 4: { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'sdxl.safetensors' } }, 6: { class_type: 'CLIPTextEncode', inputs: { text: prompt(i) } }, 7: { class_type: 'CLIPTextEncode', inputs: { text: 'ugly' } } })));
  }
  return bytes;
}

async function list(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((d) => d.isFile()).map((d) => path.join(d.parentPath, d.name));
}

/** Runs `fn` on each item, `limit` at a time. */
async function limited<T>(items: T[], limit: number, fn: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

async function index(dir: string, parse: (b: Uint8Array) => Promise<GalleryEntry['details'] | undefined>): Promise<{ ms: number; entries: GalleryEntry[]; blockedMs: number }> {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const t0 = performance.now();
  const files = await list(dir);
  const entries: GalleryEntry[] = [];
  await limited(files, 8, async (f) => {
    const bytes = await readFile(f);
    const e: GalleryEntry = { uri: `file://${f}`, path: path.relative(dir, f), mtime: entries.length, size: bytes.length };
    try {
      e.details = await parse(bytes);
    } catch (err) {
      e.error = String(err);
    }
    entries.push(e);
  });
  const ms = performance.now() - t0;
  delay.disable();
  return { ms, entries, blockedMs: delay.max / 1e6 };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ors-gallery-bench-'));
  try {
    const bytes = makeSet(dir);
    console.log(`The gallery's index: ${N.toLocaleString('en')} images, ${(bytes / 1024 / 1024).toFixed(1)} MB (Node ${process.version}, one core for the parse; ms)`);
    const floor = await index(dir, async () => undefined);
    const worker = new DetailsWorker();
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const cold = await index(dir, (b) => worker.read(b));
    gc?.();
    const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
    worker.dispose();
    const inThread = await index(dir, async (b) => {
      const { parameters: _p, ...d } = await readImageDetails(b);
      return d;
    });
    const peer = await index(dir, async (b) => (await exifr.parse(Buffer.from(b), true).catch(() => undefined)) as never);
    const row = (name: string, r: { ms: number; blockedMs: number }): void => console.log(`  ${name.padEnd(46)} ${r.ms.toFixed(0).padStart(6)}   ${(r.ms / floor.ms).toFixed(2)}× floor   main thread blocked at most ${r.blockedMs.toFixed(0)} ms`);
    row('floor: list and read the bytes', floor);
    row('cold index (the parse in the worker)', cold);
    row('the same parse on the main thread', inThread);
    row('peer: exifr.parse of each file', peer);
    console.log(`  cold index ${(cold.ms / 1000).toFixed(1)} s (goal ≤ 10 s); main thread blocked at most ${cold.blockedMs.toFixed(0)} ms (goal ≤ 50)`);
    console.log(`  the index in memory: ${gc ? `${heapMb.toFixed(1)} MB of heap` : 'not measured (run with --expose-gc)'} (goal ≤ 50 MB); ${cold.entries.filter((e) => e.error).length} files said what was wrong`);
    // Warm open: the stored index read back (what a reload does before any file is read again).
    const store = path.join(dir, 'gallery-index.json');
    writeFileSync(store, JSON.stringify({ version: 1, entries: cold.entries }));
    const t0 = performance.now();
    const warm = JSON.parse(await readFile(store, 'utf8')) as { entries: GalleryEntry[] };
    const warmMs = performance.now() - t0;
    console.log(`  warm open (${warm.entries.length.toLocaleString('en')} entries from the stored index, ${(JSON.stringify(warm).length / 1024 / 1024).toFixed(1)} MB): ${warmMs.toFixed(0)} ms (goal ≤ 1,000 ms; each file is then only stat'ed)`);
    const times: number[] = [];
    let found = 0;
    for (let i = 0; i < 21; i++) {
      const q0 = performance.now();
      found = runQuery(cold.entries, { text: `${WORDS[i % 12]} light`, negative: i % 2 ? 'blurry' : undefined, sort: i % 3 ? 'date' : 'cost' }).length;
      times.push(performance.now() - q0);
    }
    times.sort((a, b) => a - b);
    console.log(`  a query over all of them (words, negative filter, sort; median of 21): ${times[10].toFixed(1)} ms, max ${times[20].toFixed(1)} ms (goal ≤ 50 ms); ${found} found by the last`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
