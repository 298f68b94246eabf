import assert from 'node:assert/strict';
import { addEstimates, describeEstimate, estimateChatImage, estimateImages, estimateImagesOnEndpoint, estimateText, MAX_COST_USD, parseImageEndpoints, saneCost, timesEstimate, UNKNOWN, type ImageEndpointPrice } from '../../../src/openrouter/pricing';
import type { Model } from '../../../src/openrouter/types';

function model(id: string, pricing: Model['pricing'], output = ['image', 'text']): Model {
  return { id, name: id, description: '', contextLength: null, inputModalities: ['text', 'image'], outputModalities: output, pricing, supportedParameters: [] };
}

/** The fixture's prices, as `/models` lists them (USD per token, per image, per request). */
const nanoBanana = model('google/gemini-2.5-flash-image', { prompt: 0.0000003, completion: 0.0000025, image: 0.0000003, imageOutput: 0.00003 });
const flux = model('black-forest-labs/flux.2-pro', { prompt: 0, completion: 0, request: 0.03 }, ['image']);
const flash = model('google/gemini-2.5-flash', { prompt: 0.0000003, completion: 0.0000025, image: 0.001238 }, ['text']);
const close = (a: number, b: number): boolean => Math.abs(a - b) < 1e-9;

describe('openrouter/pricing: the estimate before a paid request', () => {
  describe('saneCost: which reported cost counts', () => {
    it('counts a finite cost from 0 up to (not including) $1,000', () => {
      for (const v of [0, 0.039, 12.5, MAX_COST_USD - 0.01]) assert.equal(saneCost(v), v);
    });

    it('hostile: -5, 1e308, Infinity, NaN, $1,000 and a string count as nothing', () => {
      for (const v of [-5, -0.0001, 1e308, Infinity, -Infinity, NaN, MAX_COST_USD, '0.04', null, undefined, {}]) assert.equal(saneCost(v), undefined, String(v));
    });
  });

  describe('chat completions (/models prices)', () => {
    it('per image token: about 1,290 output tokens at image_output, with the prompt and a little text', () => {
      const e = estimateChatImage(nanoBanana, { promptChars: 40, inputImages: 0 });
      assert.equal(e.basis, 'about');
      assert.ok(close(e.usd!, 0.00003 * 1290 + 0.0000003 * 10 + 0.0000025 * 200), String(e.usd));
      assert.equal(describeEstimate(e), 'about $0.0392');
    });

    it('per request: exact; references priced per input image', () => {
      assert.deepEqual(estimateChatImage(flux, { promptChars: 100, inputImages: 0 }), { basis: 'exact', usd: 0.03 });
      const withRefs = estimateChatImage(nanoBanana, { promptChars: 0, inputImages: 3 });
      assert.ok(close(withRefs.usd!, 0.0000003 * 3 + 0.00003 * 1290 + 0.0000025 * 200));
    });

    it('4K images are billed as more image tokens', () => {
      assert.ok(estimateChatImage(nanoBanana, { promptChars: 0, inputImages: 0, imageSize: '4K' }).usd! > estimateChatImage(nanoBanana, { promptChars: 0, inputImages: 0 }).usd!);
    });

    it('a model not listed, or listed without prices, is unknown, and says so, never "free"', () => {
      assert.equal(estimateChatImage(undefined, { promptChars: 10, inputImages: 0 }).basis, 'unknown');
      assert.equal(estimateChatImage(model('x/y', {}), { promptChars: 10, inputImages: 0 }).basis, 'unknown');
      assert.equal(describeEstimate(UNKNOWN), 'price unknown');
    });

    it('a text request is bounded by its max_tokens: at most', () => {
      const e = estimateText(flash, { promptChars: 400, images: 1, maxTokens: 4096 });
      assert.equal(e.basis, 'atMost');
      assert.ok(close(e.usd!, 0.0000003 * 100 + 0.001238 + 0.0000025 * 4096));
      assert.equal(describeEstimate(e), 'at most $0.0115');
      assert.equal(estimateText(undefined, { promptChars: 1, images: 0, maxTokens: 1 }).basis, 'unknown');
    });
  });

  describe('the Image API (per-endpoint prices)', () => {
    const perImage: ImageEndpointPrice = { provider: 'Bytedance', lines: [{ billable: 'output_image', unit: 'image', costUsd: 0.04 }] };

    it('per image: count × price, exact', () => {
      assert.deepEqual(estimateImages([perImage], { images: 3, references: 0, promptChars: 10 }), { basis: 'exact', usd: 0.12 });
    });

    it('resolution tiers priced apart: the tier asked for; with the model default, the dearest (at most)', () => {
      const tiers: ImageEndpointPrice = { provider: 'Google', lines: [{ billable: 'output_image', unit: 'image', costUsd: 0.134, variant: '1K' }, { billable: 'output_image', unit: 'image', costUsd: 0.134, variant: '2K' }, { billable: 'output_image', unit: 'image', costUsd: 0.24, variant: '4K' }] };
      assert.deepEqual(estimateImagesOnEndpoint(tiers, { images: 2, resolution: '4K', references: 0, promptChars: 0 }), { basis: 'exact', usd: 0.48 });
      assert.deepEqual(estimateImagesOnEndpoint(tiers, { images: 1, resolution: '1K', references: 0, promptChars: 0 }), { basis: 'exact', usd: 0.134 });
      assert.deepEqual(estimateImagesOnEndpoint(tiers, { images: 1, references: 0, promptChars: 0 }), { basis: 'atMost', usd: 0.24 });
    });

    it('per megapixel of the tier, per reference, per request and per prompt token', () => {
      const mixed: ImageEndpointPrice = {
        provider: 'BFL',
        lines: [
          { billable: 'output_image', unit: 'megapixel', costUsd: 0.015 },
          { billable: 'input_reference', unit: 'image', costUsd: 0.002 },
          { billable: 'output_image', unit: 'request', costUsd: 0.01 },
        ],
      };
      const e = estimateImagesOnEndpoint(mixed, { images: 2, resolution: '2K', references: 3, promptChars: 0 });
      assert.equal(e.basis, 'exact');
      assert.ok(close(e.usd!, 0.015 * 4.194304 * 2 + 0.002 * 3 + 0.01));
      const text = estimateImagesOnEndpoint({ provider: 'x', lines: [{ billable: 'input_text', unit: 'token', costUsd: 0.000005 }, ...perImage.lines] }, { images: 1, references: 0, promptChars: 400 });
      assert.deepEqual(text, { basis: 'about', usd: 0.000005 * 100 + 0.04 });
    });

    it('endpoints priced apart: the dearest, as an upper bound; the same price: exact', () => {
      const cheap: ImageEndpointPrice = { provider: 'B', lines: [{ billable: 'output_image', unit: 'image', costUsd: 0.03 }] };
      assert.deepEqual(estimateImages([cheap, perImage], { images: 1, references: 0, promptChars: 0 }), { basis: 'atMost', usd: 0.04 });
      assert.deepEqual(estimateImages([perImage, perImage], { images: 1, references: 0, promptChars: 0 }), { basis: 'exact', usd: 0.04 });
    });

    it('no endpoints, no lines, or a unit it does not know: unknown', () => {
      assert.equal(estimateImages(undefined, { images: 1, references: 0, promptChars: 0 }).basis, 'unknown');
      assert.equal(estimateImages([], { images: 1, references: 0, promptChars: 0 }).basis, 'unknown');
      assert.equal(estimateImages([{ provider: 'x', lines: [] }], { images: 1, references: 0, promptChars: 0 }).basis, 'unknown');
      assert.equal(estimateImages([{ provider: 'x', lines: [{ billable: 'output_image', unit: 'second', costUsd: 1 }] }], { images: 1, references: 0, promptChars: 0 }).basis, 'unknown');
    });

    it('reads the documented body (also inside data), and drops hostile lines: negative, huge or non-numeric costs, long strings', () => {
      const body = {
        id: 'bytedance-seed/seedream-4.5',
        endpoints: [
          { provider_name: 'Bytedance', provider_slug: 'bytedance', pricing: [{ billable: 'output_image', cost_usd: 0.04, unit: 'image' }, { billable: 'output_image', cost_usd: -5, unit: 'image' }, { billable: 'output_image', cost_usd: 1e308, unit: 'image' }, { billable: 'output_image', cost_usd: '0.01', unit: 'image' }, { billable: 'x'.repeat(5000), cost_usd: 0.1, unit: 'image', variant: 'v'.repeat(5000) }], supported_parameters: {} },
          'junk',
          { provider_name: 7, pricing: 'none' },
        ],
      };
      const [e] = parseImageEndpoints(body);
      assert.equal(parseImageEndpoints(body).length, 1);
      assert.equal(e.provider, 'Bytedance');
      assert.deepEqual(e.lines[0], { billable: 'output_image', unit: 'image', costUsd: 0.04 });
      assert.equal(e.lines.length, 2);
      assert.equal(e.lines[1].billable.length, 40);
      assert.equal(e.lines[1].variant!.length, 40);
      assert.deepEqual(parseImageEndpoints({ data: body }), parseImageEndpoints(body));
      assert.deepEqual(parseImageEndpoints({ endpoints: 'x' }), []);
      assert.deepEqual(parseImageEndpoints(null), []);
      const many = parseImageEndpoints({ endpoints: Array.from({ length: 1000 }, () => ({ provider_name: 'p', pricing: Array.from({ length: 1000 }, () => ({ billable: 'output_image', unit: 'image', cost_usd: 0.01 })) })) });
      assert.equal(many.length, 32);
      assert.equal(many[0].lines.length, 32);
    });
  });

  it('sums and multiplies: unknown wins, the least certain basis is kept', () => {
    assert.deepEqual(addEstimates({ basis: 'exact', usd: 0.1 }, { basis: 'about', usd: 0.2 }), { basis: 'about', usd: 0.30000000000000004 });
    assert.deepEqual(addEstimates({ basis: 'exact', usd: 0.1 }, UNKNOWN), UNKNOWN);
    assert.deepEqual(addEstimates({ basis: 'about', usd: 0.1 }, { basis: 'atMost', usd: 0.1 }).basis, 'atMost');
    assert.deepEqual(timesEstimate({ basis: 'exact', usd: 0.04 }, 3), { basis: 'exact', usd: 0.12 });
    assert.deepEqual(timesEstimate(UNKNOWN, 3), UNKNOWN);
    assert.equal(describeEstimate({ basis: 'exact', usd: 0 }), '$0');
  });
});

describe('openrouter/client: the Image API prices of a model', () => {
  it('GET /images/models/{author}/{slug}/endpoints, read as billable lines; an id that is not author/slug is refused before sending', async () => {
    const { FakeOpenRouter } = await import('../../support/fakeOpenRouter');
    const { OpenRouterClient } = await import('../../../src/openrouter/client');
    const fake = await FakeOpenRouter.start();
    const client = new OpenRouterClient({ apiKey: 'sk-or-v1-pricing', baseUrl: fake.baseUrl });
    try {
      const endpoints = await client.listImageModelEndpoints('openai/gpt-image-1');
      assert.deepEqual(fake.requests.map((r) => `${r.method} ${r.path}`), ['GET /images/models/openai/gpt-image-1/endpoints']);
      assert.deepEqual(endpoints.map((e) => e.provider), ['OpenAI', 'Azure']);
      assert.deepEqual(estimateImages(endpoints, { images: 2, references: 1, promptChars: 10 }), { basis: 'atMost', usd: 0.042 * 2 + 0.002 });
      await assert.rejects(client.listImageModelEndpoints('../key'), /not a model id of the form author\/slug/);
      await assert.rejects(client.listImageModelEndpoints('a/b/c'), /not a model id/);
      await assert.rejects(client.listImageModelEndpoints('openai/..'), /not a model id/);
      assert.equal(fake.requests.length, 1);
    } finally {
      await client.dispose();
      await fake.close();
    }
  });
});
