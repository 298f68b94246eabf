/**
 * Streaming-parser benchmark: parses image events of growing size (one `data:` line each, as OpenRouter
 * sends them) in 64 KiB and 7-byte slices, and prints the time per MB for each size and the ratio of
 * the largest to the smallest. Linear parsing keeps that ratio near 1; a parser that re-scans its
 * growing buffer shows a ratio that grows with the size. Run: `npm run bench`.
 */
import { ChunkDecoder, sseData } from '../src/openrouter';
import { imageStream } from '../test/support/fixtures';
import { makePng } from '../test/support/png';

async function* slices(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function parse(bytes: Buffer, size: number): Promise<number> {
  const t0 = process.hrtime.bigint();
  const dec = new ChunkDecoder();
  let images = 0;
  for await (const data of sseData(slices(bytes, size))) for (const e of dec.push(data)) if (e.type === 'image') images++;
  if (images !== 1) throw new Error('expected one image');
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function main(): Promise<void> {
  const sides: Array<[number, number]> = [[320, 240], [640, 480], [1024, 768]];
  for (const slice of [65536, 7]) {
    const perMb: number[] = [];
    for (const [w, h] of sides) {
      const body = Buffer.from(imageStream([makePng(w, h, { noiseSeed: 1 })]).sse);
      await parse(body, slice); // warm-up
      const runs = [await parse(body, slice), await parse(body, slice), await parse(body, slice)].sort((a, b) => a - b);
      const mb = body.length / 1e6;
      perMb.push(runs[1] / mb);
      console.log(`slice ${String(slice).padStart(5)} B  event ${mb.toFixed(2)} MB  median ${runs[1].toFixed(1)} ms  ${(runs[1] / mb).toFixed(1)} ms/MB`);
    }
    console.log(`slice ${slice} B: ms/MB at the largest size ÷ ms/MB at the smallest = ${(perMb[perMb.length - 1] / perMb[0]).toFixed(2)} (≈1 means linear)\n`);
  }
}

void main();
