import assert from 'node:assert/strict';
import { OpenRouterClient } from '../../../src/openrouter/client';
import { OpenRouterError } from '../../../src/openrouter/errors';
import { buildImagesRequest, ImageControlError, maxImagesPerRequest, parseImageModels, type ImageModel } from '../../../src/openrouter/imageApi';
import { readImagesReply } from '../../../src/openrouter/imagesReply';
import { FakeOpenRouter } from '../../support/fakeOpenRouter';
import { errorBodies, imageApiModels, imagesReply, textStream } from '../../support/fixtures';
import { makePng } from '../../support/png';

const KEY = 'sk-or-v1-0123456789abcdef0123456789abcdef';
const models = parseImageModels(imageApiModels, 100);
const byId = (id: string): ImageModel => models.find((m) => m.id === id)!;
const seedream = byId('bytedance-seed/seedream-4.5');
const gptImage = byId('openai/gpt-image-1');

describe('openrouter/imageApi', () => {
  describe('the models list', () => {
    it('reads every documented descriptor kind, and keeps an unknown kind as unknown', () => {
      assert.deepEqual(seedream.supportedParameters.resolution, { type: 'enum', values: ['1K', '2K', '4K'] });
      assert.deepEqual(seedream.supportedParameters.seed, { type: 'boolean' });
      assert.deepEqual(gptImage.supportedParameters.n, { type: 'range', min: 1, max: 10 });
      const q = gptImage.supportedParameters.quality;
      assert.equal(q.type, 'unknown');
      assert.equal(q.type === 'unknown' && q.kind, 'weighted-choice');
      // Its body is not kept (one model's unknown descriptor put 7.9 MB into global state).
      assert.deepEqual(q, { type: 'unknown', kind: 'weighted-choice' });
      const [big] = parseImageModels({ data: [{ id: 'a/b', supported_parameters: { quality: { type: 'weighted-choice', options: 'x'.repeat(8_000_000) } } }] }, 10);
      assert.ok(JSON.stringify(big).length < 1000);
      assert.equal(gptImage.supportsStreaming, true);
      assert.equal(maxImagesPerRequest(gptImage), 10);
      assert.equal(maxImagesPerRequest(seedream), 1);
    });

    it('hostile: entries without an id, a non-object map and bad ranges are skipped or dropped, and the list is capped', () => {
      const body = { data: [null, { id: 5 }, { id: 'a/b', supported_parameters: ['seed'] }, { id: 'c/d', supported_parameters: { n: { type: 'range', min: 9, max: 1 } } }, ...Array.from({ length: 50 }, (_, i) => ({ id: `m/${i}` }))] };
      const list = parseImageModels(body, 10);
      assert.equal(list.length, 10);
      assert.deepEqual(list[0].supportedParameters, {});
      assert.equal(list[1].supportedParameters.n.type, 'unknown');
      assert.throws(() => parseImageModels({ data: 'x' }, 10), TypeError);
    });
  });

  describe('building a request from descriptors', () => {
    it('sends exactly the controls given, each as its documented field', () => {
      const req = buildImagesRequest(seedream, 'a fox', { aspectRatio: '21:9', resolution: '4K', seed: 42 });
      assert.deepEqual(req, { model: 'bytedance-seed/seedream-4.5', prompt: 'a fox', aspect_ratio: '21:9', resolution: '4K', seed: 42 });
      assert.deepEqual(buildImagesRequest(seedream, 'a fox', {}), { model: 'bytedance-seed/seedream-4.5', prompt: 'a fox' });
    });

    it('a value outside the descriptor is refused with the field and the allowed values', () => {
      assert.throws(() => buildImagesRequest(seedream, 'x', { resolution: '8K' }), (e: unknown) => e instanceof ImageControlError && e.field === 'resolution' && e.message === 'resolution must be one of 1K, 2K, 4K for bytedance-seed/seedream-4.5 (was 8K).');
      assert.throws(() => buildImagesRequest(gptImage, 'x', { outputFormat: 'webp', outputCompression: 101 }), (e: unknown) => e instanceof ImageControlError && e.message === 'output_compression must be one of 0–100 for openai/gpt-image-1 (was 101).');
    });

    it('a control the model does not accept is refused, never sent', () => {
      assert.throws(() => buildImagesRequest(seedream, 'x', { background: 'transparent' }), (e: unknown) => e instanceof ImageControlError && e.message === 'bytedance-seed/seedream-4.5 does not accept background.');
      assert.throws(() => buildImagesRequest(gptImage, 'x', { seed: 1 }), (e: unknown) => e instanceof ImageControlError && e.field === 'seed');
    });

    it('transparent asks for PNG when no format is chosen, and refuses JPEG; compression needs JPEG or WebP; SVG is refused', () => {
      assert.deepEqual(buildImagesRequest(gptImage, 'x', { background: 'transparent' }), { model: 'openai/gpt-image-1', prompt: 'x', background: 'transparent', output_format: 'png' });
      assert.throws(() => buildImagesRequest(gptImage, 'x', { background: 'transparent', outputFormat: 'jpeg' }), (e: unknown) => e instanceof ImageControlError && e.field === 'background');
      assert.throws(() => buildImagesRequest(gptImage, 'x', { outputCompression: 50 }), (e: unknown) => e instanceof ImageControlError && e.field === 'output_compression');
      assert.throws(() => buildImagesRequest(gptImage, 'x', { outputFormat: 'svg' }), (e: unknown) => e instanceof ImageControlError && e.field === 'output_format');
    });

    it('count becomes n up to the model limit; a model without n gets no n (the caller sends several requests)', () => {
      assert.equal(buildImagesRequest(gptImage, 'x', { count: 3 }).n, 3);
      assert.equal(buildImagesRequest(seedream, 'x', { count: 3 }).n, undefined);
    });

    it('17 references, or more than the model takes, are refused', () => {
      const refs = (k: number): string[] => Array.from({ length: k }, () => 'data:image/png;base64,AAAA');
      assert.throws(() => buildImagesRequest(gptImage, 'x', { references: refs(17) }), (e: unknown) => e instanceof ImageControlError && e.message === 'At most 16 reference images can be sent (17 were given).');
      assert.throws(() => buildImagesRequest(seedream, 'x', { references: refs(11) }), (e: unknown) => e instanceof ImageControlError && e.field === 'input_references');
      assert.deepEqual(buildImagesRequest(seedream, 'x', { references: refs(2) }).input_references, [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }]);
    });
  });

  describe('reading the reply', () => {
    const png = makePng(8, 8);
    it('decodes every b64_json, sniffs the type when no media_type is given, and reads the cost', () => {
      const r = readImagesReply(imagesReply([png, png], { cost: 0.08 }), { maxImages: 8, maxImageBytes: 1 << 20 });
      assert.equal(r.images.length, 2);
      assert.deepEqual(Buffer.from(r.images[1].data), png);
      assert.equal(r.images[0].mimeType, 'image/png');
      assert.equal(r.usage?.cost, 0.08);
    });

    it('hostile: a link, bad base64, an oversized image and images over the count are refused with reasons; the rest kept', () => {
      const body = { data: [{ url: 'https://evil.example/x.png' }, { b64_json: 'iVBO!' }, { b64_json: Buffer.alloc(3000).toString('base64') }, { b64_json: Buffer.from(png).toString('base64') }, { b64_json: Buffer.from(png).toString('base64') }] };
      const r = readImagesReply(body, { maxImages: 1, maxImageBytes: 2000 });
      assert.equal(r.images.length, 1);
      assert.equal(r.images[0].index, 3);
      assert.deepEqual(r.imageErrors.map((e) => e.reason), [
        'the image was sent as a link, not as inline data',
        'the image data is not valid base64',
        'an image is over 0 MB (setting openrouterStudio.maxGeneratedImageMB)',
        'more than 1 images in one reply (setting openrouterStudio.maxImagesPerReply)',
      ]);
    });
  });

  it('hostile: a million empty items cost milliseconds and list at most 100 refusals', () => {
    const body = { data: Array.from({ length: 1_000_000 }, () => ({})) };
    const t0 = performance.now();
    const r = readImagesReply(body, { maxImages: 8, maxImageBytes: 1 << 20 });
    assert.equal(r.imageErrors.length, 101);
    assert.equal(r.imageErrors[100].reason, '999900 more items refused');
    const ms = performance.now() - t0;
    assert.ok(ms < 2000, `${ms.toFixed(0)} ms`);
  });

  describe('the client', () => {
    let fake: FakeOpenRouter;
    before(async () => {
      fake = await FakeOpenRouter.start();
    });
    after(async () => fake.close());
    beforeEach(() => fake.reset());

    it('listImageModels() asks GET /images/models with the key', async () => {
      const list = await new OpenRouterClient({ apiKey: KEY, baseUrl: fake.baseUrl }).listImageModels();
      assert.deepEqual(list.map((m) => m.id), ['bytedance-seed/seedream-4.5', 'openai/gpt-image-1', 'google/gemini-2.5-flash-image']);
      assert.equal(fake.requestsTo('/images/models')[0].headers.authorization, `Bearer ${KEY}`);
    });

    it('generateImages() posts the body as built and returns the images and the cost', async () => {
      const png = makePng(16, 16);
      fake.enqueue('/images', { kind: 'json', body: imagesReply([png], { cost: 0.04 }) });
      const req = buildImagesRequest(seedream, 'a fox', { resolution: '2K', seed: 7 });
      const costs: number[] = [];
      const r = await new OpenRouterClient({ apiKey: KEY, baseUrl: fake.baseUrl, onCost: (usd) => costs.push(usd) }).generateImages(req);
      assert.deepEqual(costs, [0.04], 'the cost goes to the spending total');
      assert.deepEqual(fake.requestsTo('/images')[0].body, { model: 'bytedance-seed/seedream-4.5', prompt: 'a fox', resolution: '2K', seed: 7 });
      assert.deepEqual(Buffer.from(r.images[0].data), png);
      assert.equal(r.usage?.cost, 0.04);
    });

    it('a streamed chat reply reports its cost once, to onCost', async () => {
      fake.enqueue('/chat/completions', { kind: 'sse', body: textStream(['Hi'], { cost: 0.0031 }).sse });
      const costs: number[] = [];
      const client = new OpenRouterClient({ apiKey: KEY, baseUrl: fake.baseUrl, onCost: (usd) => costs.push(usd) });
      for await (const e of client.streamChat({ model: 'm/x', messages: [{ role: 'user', content: 'hi' }] })) void e;
      assert.deepEqual(costs, [0.0031]);
    });

    it('a body over maxImages × maxImageBytes is dropped unread past the bound, with an error naming both settings', async () => {
      fake.enqueue('/images', { kind: 'json', body: imagesReply([Buffer.alloc(400_000, 1), Buffer.alloc(400_000, 2)]) });
      const client = new OpenRouterClient({ apiKey: KEY, baseUrl: fake.baseUrl, limits: { maxImages: 1, maxImageBytes: 300_000 } });
      await assert.rejects(client.generateImages({ model: 'm/x', prompt: 'p' }), (e: unknown) => e instanceof OpenRouterError && e.kind === 'limit' && /settings openrouterStudio\.maxImagesPerReply and openrouterStudio\.maxGeneratedImageMB/.test(e.message));
    });

    it('errors keep the chat error model: 402 says credits, and a 500 on POST is not sent again', async () => {
      fake.enqueue('/images', { kind: 'json', status: 402, body: errorBodies.credits });
      const client = new OpenRouterClient({ apiKey: KEY, baseUrl: fake.baseUrl, retry: { baseDelayMs: 1 } });
      await assert.rejects(client.generateImages({ model: 'm/x', prompt: 'p' }), (e: unknown) => e instanceof OpenRouterError && e.status === 402);
      fake.reset();
      fake.enqueue('/images', { kind: 'json', status: 500, body: { error: { code: 500, message: 'boom' } } });
      await assert.rejects(client.generateImages({ model: 'm/x', prompt: 'p' }), (e: unknown) => e instanceof OpenRouterError && e.status === 500);
      assert.equal(fake.requestsTo('/images').length, 1);
    });
  });
});
