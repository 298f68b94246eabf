import assert from 'node:assert/strict';
import { jsonBody } from '../../../src/openrouter/jsonBody';
import { rng } from '../../support/rng';

const bytesOf = (value: unknown): Buffer => Buffer.from([...jsonBody(value).chunks()].join(''));

/** A random JSON-like value: the shapes a request body has, and the corners of JSON.stringify. */
function randomValue(random: () => number, depth: number): unknown {
  const pick = Math.floor(random() * (depth > 3 ? 6 : 9));
  const text = (n: number): string => Array.from({ length: n }, () => {
    const r = random();
    if (r < 0.02) return '\ud83d\ude00'; // a pair
    if (r < 0.03) return '\ud800'; // a lone high surrogate
    if (r < 0.04) return '\udc00'; // a lone low surrogate
    if (r < 0.06) return '"\\\n\u0001\u2028';
    return String.fromCharCode(32 + Math.floor(random() * 90));
  }).join('');
  switch (pick) {
    case 0: return null;
    case 1: return random() < 0.5;
    case 2: return random() < 0.1 ? Number.NaN : (random() - 0.5) * 1e6;
    case 3: return text(Math.floor(random() * 20));
    case 4: {
      if (random() < 0.3) return undefined;
      // Long: a random run repeated past one or more 64 KiB slices, with a pair or a lone surrogate at a
      // slice's edge now and then.
      const long = text(500).repeat(Math.ceil((66_000 + random() * 80_000) / 500)).split('');
      for (const edge of [65_535, 65_536, 131_071]) if (edge < long.length && random() < 0.5) long[edge] = ['\ud83d\ude00', '\ud800', '\udc00'][Math.floor(random() * 3)];
      return long.join('');
    }
    case 5: return new Date(Math.floor(random() * 1e12));
    case 6: return Array.from({ length: Math.floor(random() * 5) }, () => (random() < 0.1 ? undefined : randomValue(random, depth + 1)));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(random() * 6); i > 0; i--) o[random() < 0.2 ? String(i) : text(5)] = randomValue(random, depth + 1);
      if (random() < 0.1) o.fn = () => 1;
      return o;
    }
  }
}

describe('openrouter/jsonBody', function () {
  // Megabytes of generated text: seconds on a busy machine.
  this.timeout(60_000);
  it('writes the bytes of JSON.stringify for 150 random bodies, long strings sliced at pairs and lone surrogates included', () => {
    const random = rng(2027);
    for (let i = 0; i < 150; i++) {
      const value = { model: 'm', messages: [randomValue(random, 0)], extra: randomValue(random, 0) };
      const expected = Buffer.from(JSON.stringify(value));
      const body = jsonBody(value);
      assert.equal(body.byteLength, expected.length, `byteLength of body ${i}`);
      assert.ok(bytesOf(value).equals(expected), `bytes of body ${i}`);
    }
  });

  it('never holds a long data URL in one piece: a 3 MB reference goes in pieces of at most 64 KiB of text', () => {
    const url = `data:image/png;base64,${'A'.repeat(3 * 1024 * 1024)}`;
    const value = { model: 'm', input_references: [{ type: 'image_url', image_url: { url } }] };
    const chunks = [...jsonBody(value).chunks()];
    assert.ok(chunks.length > 40, `${chunks.length} pieces`);
    assert.ok(chunks.every((c) => c.length <= 2 * 64 * 1024), 'each piece is small');
    assert.equal(chunks.join(''), JSON.stringify(value));
  });

  it('keeps a surrogate pair whole across a slice boundary', () => {
    const s = `${'a'.repeat(64 * 1024 - 1)}\ud83d\ude00${'b'.repeat(70_000)}`;
    assert.ok(bytesOf({ s }).equals(Buffer.from(JSON.stringify({ s }))));
  });

  it('throws on a cycle, as JSON.stringify does', () => {
    const o: Record<string, unknown> = { a: 1 };
    o.self = { o };
    assert.throws(() => jsonBody(o), TypeError);
  });
});
