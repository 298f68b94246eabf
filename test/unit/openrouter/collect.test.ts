import assert from 'node:assert/strict';
import { collectReply } from '../../../src/openrouter/collect';
import { ChunkDecoder } from '../../../src/openrouter/stream';
import { sseData } from '../../../src/openrouter/sse';
import type { StreamEvent } from '../../../src/openrouter/types';
import { imageStream } from '../../support/fixtures';
import { makePng } from '../../support/png';

async function* events(sse: string): AsyncGenerator<StreamEvent> {
  const dec = new ChunkDecoder();
  async function* one(): AsyncGenerator<string> {
    yield sse;
  }
  for await (const d of sseData(one())) yield* dec.push(d);
}

describe('openrouter/collect', () => {
  it('collects text, every image, finish, usage and the generation id', async () => {
    const a = makePng(4, 4);
    const b = makePng(5, 5);
    const s = imageStream([a, b], { text: 'Two tiles.', cost: 0.07 });
    const seen: string[] = [];
    const r = await collectReply(events(s.sse), (e) => seen.push(e.type));
    assert.equal(r.text, 'Two tiles.');
    assert.equal(r.id, s.id);
    assert.equal(r.images.length, 2);
    assert.ok(Buffer.from(r.images[1].data).equals(b));
    assert.equal(r.finishReason, 'stop');
    assert.equal(r.usage?.cost, 0.07);
    assert.deepEqual(seen, ['start', 'text', 'image', 'image', 'finish', 'usage']);
  });
});
