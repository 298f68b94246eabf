/**
 * Image details on hostile files: the time and the extra memory of `readImageDetails` (what Image details,
 * Generate again and the Markdown hover run in the extension host) on files made to be expensive, each in a
 * fresh Node process. Beside it, the floor (walking the file's chunks without reading them) and a peer a
 * user might reach for instead (exifr's full parse of the same bytes). Goal: ≤ 100 ms and ≤ 50 MB extra
 * for every file. Run: `npm run bench`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDeflate, deflateSync } from 'node:zlib';
import { readImageDetails } from '../src/images/readDetails';
import { makeChunk, walkChunks } from '../src/images/png';
import { makeJpeg, makePng, makeWebp, withPngText } from '../test/support/png';

/** `png` with `chunks` inserted before its `IEND`. */
function withChunks(png: Buffer, chunks: Buffer[]): Buffer {
  return Buffer.concat([png.subarray(0, png.length - 12), ...chunks, png.subarray(png.length - 12)]);
}

/** A deflate stream of `bytes` zero bytes, made in 1 MiB steps (the whole input is never in memory). */
async function deflatedZeros(bytes: number): Promise<Buffer> {
  const z = createDeflate({ level: 9 });
  const out: Buffer[] = [];
  z.on('data', (d: Buffer) => out.push(d));
  const done = new Promise((resolve) => z.on('end', resolve));
  const mib = Buffer.alloc(1024 * 1024);
  for (let n = 0; n < bytes; n += mib.length) if (!z.write(mib)) await new Promise((r) => z.once('drain', r));
  z.end();
  await done;
  return Buffer.concat(out);
}

async function hostileFiles(): Promise<Record<string, Buffer>> {
  const png = makePng(64, 64, { noiseSeed: 1 });
  const z = (keyword: string, deflated: Buffer, type: 'zTXt' | 'iTXt'): Buffer =>
    Buffer.from(makeChunk(type, Buffer.concat([Buffer.from(type === 'zTXt' ? `${keyword}\0\0` : `${keyword}\0\x01\0\0\0`, 'latin1'), deflated])));
  const block = '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description>x</dc:description></rdf:Description>';
  const graph = (n: number): string => JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [i, { class_type: 'CLIPTextEncode', inputs: { text: `node ${i} `.repeat(8), clip: ['4', 1] } }])));
  const utf16 = Buffer.from(`a prompt\n${'word '.repeat(6000)}\nSteps: 20, Model: m`, 'utf16le');
  return {
    'PNG, zTXt Description → 256 MiB': withChunks(png, [z('Description', await deflatedZeros(256 * 1024 * 1024), 'zTXt')]),
    'PNG, zTXt Comment → 1 GiB': withChunks(png, [z('Comment', await deflatedZeros(1024 * 1024 * 1024), 'zTXt')]),
    'PNG, iTXt prompt → 1 GiB': withChunks(png, [z('prompt', await deflatedZeros(1024 * 1024 * 1024), 'iTXt')]),
    'PNG, 50 MB parameters (tEXt)': withPngText(png, 'parameters', `a prompt\n${'x, '.repeat(16_000_000)}\nSteps: 20, Model: m`),
    'PNG, 22 MB ComfyUI graph (tEXt)': withPngText(png, 'prompt', graph(110_000)),
    'PNG, ComfyUI graph nested 100,000 deep': withPngText(png, 'prompt', `{"1":{"class_type":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`),
    'PNG, 60,000 tiny text chunks': withChunks(png, Array.from({ length: 60_000 }, (_, i) => Buffer.from(makeChunk('tEXt', Buffer.from(`k${i}\0v`, 'latin1'))))),
    'PNG, 5.3 million empty chunks (64 MB)': withChunks(png, [Buffer.alloc(64_000_000 - png.length, Buffer.from(makeChunk('tIME', new Uint8Array())))]),
    'PNG, 20 × 3 MiB iTXt (the budget)': withChunks(png, Array.from({ length: 20 }, (_, i) => z(`openrouter:x${i}`, deflateSync(Buffer.alloc(3 * 1024 * 1024, 65)), 'iTXt'))),
    'WebP, 800 KB of XMP blocks': makeWebp(64, 64, { xmp: `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">${block.repeat(6500)}</rdf:RDF></x:xmpmeta>` }),
    'WebP, 20 MB ComfyUI graph in EXIF Model': makeWebp(64, 64, { exif: { model: `prompt:${graph(100_000)}` } }),
    'JPEG, 60 KB UNICODE UserComment': makeJpeg(64, 64, { userComment: Buffer.concat([Buffer.from('UNICODE\0', 'latin1'), utf16.subarray(0, 60_000)]) }),
  };
}

/**
 * In a child: reads `file` one way (`details`, `floor` or `exifr`) and prints `{ ms, extraMb }`: the time, and
 * how far the process's peak RSS rose above its peak before the read. A warm-up on a small file first loads
 * the parsers, a one-time cost the extension pays on first use whatever the file.
 */
async function child(file: string, how: string): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exifr = require('exifr') as typeof import('exifr');
  const read = async (bytes: Buffer): Promise<void> => {
    if (how === 'details') await readImageDetails(bytes);
    else if (how === 'floor') {
      try {
        for (const _ of walkChunks(bytes)) { /* count only */ }
      } catch { /* not a PNG */ }
    } else await exifr.parse(bytes, true).catch(() => undefined);
  };
  await read(withPngText(makePng(8, 8), 'parameters', 'warm\nSteps: 1, Model: m'));
  await read(makeWebp(8, 8, { exif: { description: 'warm' }, xmp: '<x:xmpmeta xmlns:x="adobe:ns:meta/"/>' }));
  const bytes = readFileSync(file);
  (globalThis as { gc?: () => void }).gc?.();
  const peakBefore = process.resourceUsage().maxRSS * 1024;
  const t0 = process.hrtime.bigint();
  await read(bytes);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const extraMb = (process.resourceUsage().maxRSS * 1024 - peakBefore) / 1e6;
  process.stdout.write(JSON.stringify({ ms, extraMb }));
}

/** Runs one measurement in a fresh process (the median of three), with a clean environment. */
function measure(file: string, how: string): { ms: number; extraMb: number } {
  const runs = [0, 1, 2].map(() => JSON.parse(execFileSync(process.execPath, ['--expose-gc', __filename, '--child', file, how], { env: { PATH: process.env.PATH ?? '' }, timeout: 120_000 }).toString()) as { ms: number; extraMb: number });
  runs.sort((a, b) => a.ms - b.ms);
  return runs[1];
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ors-metadata-bench-'));
  try {
    const files = await hostileFiles();
    console.log('Image details on hostile files (median of 3 fresh processes, parsers loaded; extra = rise of the peak RSS during the read):');
    console.log(`${'file'.padEnd(42)} ${'size'.padStart(8)}   ${'floor'.padStart(8)}   ${'readImageDetails'.padStart(22)}   ${'exifr (peer)'.padStart(22)}`);
    let worstMs = 0;
    let worstMb = 0;
    for (const [name, bytes] of Object.entries(files)) {
      const file = path.join(dir, 'f');
      writeFileSync(file, bytes);
      const floor = measure(file, 'floor');
      const ours = measure(file, 'details');
      const peer = measure(file, 'exifr');
      worstMs = Math.max(worstMs, ours.ms);
      worstMb = Math.max(worstMb, ours.extraMb);
      const cell = (m: { ms: number; extraMb: number }): string => `${m.ms.toFixed(1).padStart(8)} ms ${m.extraMb.toFixed(0).padStart(5)} MB`;
      console.log(`${name.padEnd(42)} ${(bytes.length / 1e6).toFixed(2).padStart(6)} MB   ${floor.ms.toFixed(1).padStart(5)} ms   ${cell(ours)}   ${cell(peer)}`);
    }
    console.log(`worst readImageDetails: ${worstMs.toFixed(1)} ms (goal ≤ 100), ${worstMb.toFixed(0)} MB extra (goal ≤ 50)\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') void child(process.argv[3], process.argv[4]);
else void main();
