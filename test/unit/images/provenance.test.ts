import assert from 'node:assert/strict';
import { PROVENANCE_FIELDS, provenanceText, readProvenance, type Provenance } from '../../../src/images/provenance';

const full: Provenance = {
  prompt: 'a fox in snow', model: 'openai/gpt-image-1', api: 'images', aspectRatio: '16:9', imageSize: '2K', resolution: '1K',
  background: 'transparent', outputFormat: 'webp', outputCompression: 80, seed: 42, references: ['pics/a.png', 'b c.png'],
  variation: '2/4', generationId: 'gen-1', cost: 0.04, editedFrom: 'pics/old.png',
};

describe('images/provenance: one table writes and reads the fields', () => {
  it('what is written reads back as the same details, every field of the table', () => {
    const text = provenanceText(full);
    assert.deepEqual(Object.keys(text), PROVENANCE_FIELDS.map((f) => f.key), 'every field, in the table\'s order');
    const { cost, ...rest } = full;
    assert.deepEqual(readProvenance(text), { ...rest, costUsd: cost, software: 'OpenRouter Studio' });
  });

  it('leaves out empty optional fields and keeps the required ones', () => {
    assert.deepEqual(provenanceText({ prompt: 'p', model: 'm', api: 'chat', references: [], seed: undefined }), {
      Description: 'p', Software: 'OpenRouter Studio', Source: 'm', 'openrouter:api': 'chat',
    });
  });

  it('hostile: numbers that are not what they claim, a list that is not one, and long texts are not taken as they are', () => {
    const d = readProvenance({
      'openrouter:seed': '12abc', 'openrouter:output_compression': '1e3', 'openrouter:cost_usd': 'Infinity',
      'openrouter:references': '{"a":1}', Description: `x${'y'.repeat(10_000)}`,
    });
    assert.equal(d.seed, undefined);
    assert.equal(d.outputCompression, undefined);
    assert.equal(d.costUsd, undefined);
    assert.equal(d.references, undefined);
    assert.ok(d.prompt!.length <= 4001, `prompt clipped to ${d.prompt!.length}`);
    const many = readProvenance({ 'openrouter:references': JSON.stringify(Array.from({ length: 40 }, (_, i) => `r${i}.png`)) });
    assert.equal(many.references?.length, 16);
  });
});
