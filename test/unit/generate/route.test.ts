import assert from 'node:assert/strict';
import { parseImageModels, ImageControlError } from '../../../src/openrouter/imageApi';
import { chooseApi, imageApiOnlyControl, splitCount } from '../../../src/generate/route';
import { imageApiModels } from '../../support/fixtures';

const [seedream, gptImage, gemini] = parseImageModels(imageApiModels, 10);

describe('generate/route: which API makes the image', () => {
  it('a model only the Image API lists goes there, whatever the setting', () => {
    for (const setting of ['auto', 'images', 'chat'] as const) assert.equal(chooseApi(setting, seedream.id, false, seedream, {}), 'images');
  });

  it('a model only /models lists (or an id typed by hand) goes through chat; a control only the Image API has is refused', () => {
    assert.equal(chooseApi('images', 'black-forest-labs/flux.2-pro', true, undefined, { aspectRatio: '16:9' }), 'chat');
    assert.throws(() => chooseApi('auto', 'black-forest-labs/flux.2-pro', true, undefined, { seed: 1 }), (e: unknown) => e instanceof ImageControlError && e.field === 'seed' && /the Image API does not list it/.test(e.message));
  });

  it('a model both list: auto keeps chat (the model\'s text) until a control needs the Image API; images and chat force it', () => {
    assert.equal(chooseApi('auto', gemini.id, true, gemini, { aspectRatio: '16:9', resolution: '2K' }), 'chat');
    assert.equal(chooseApi('auto', gemini.id, true, gemini, { aspectRatio: '16:9', references: ['data:image/png;base64,AAAA'] }), 'chat');
    assert.equal(chooseApi('auto', gemini.id, true, gemini, { aspectRatio: '1:4' }), 'images', 'an aspect ratio chat does not take');
    assert.equal(chooseApi('auto', gemini.id, true, gemini, { outputFormat: 'png' }), 'images');
    assert.equal(chooseApi('images', gemini.id, true, gemini, {}), 'images');
    assert.equal(chooseApi('chat', gemini.id, true, gemini, {}), 'chat');
    assert.throws(() => chooseApi('chat', gemini.id, true, gemini, { background: 'opaque' }), (e: unknown) => e instanceof ImageControlError && /setting openrouterStudio\.imageEndpoint is "chat"/.test(e.message));
  });

  it('several images go to the Image API only when one request can make them (n)', () => {
    assert.equal(chooseApi('auto', gptImage.id, true, gptImage, { count: 3 }), 'images');
    assert.equal(chooseApi('auto', gemini.id, true, gemini, { count: 3 }), 'chat');
  });

  it('names the first control chat completions cannot carry', () => {
    assert.equal(imageApiOnlyControl({ aspectRatio: '16:9', resolution: '4K', count: 4 }), undefined);
    assert.equal(imageApiOnlyControl({ resolution: '512' }), 'resolution');
    assert.equal(imageApiOnlyControl({ outputCompression: 80 }), 'output_compression');
  });

  it('regression: count 10 on a model that makes 10 at once no longer asks n: 10 when a reply may carry 8 (2 were billed and thrown away)', () => {
    assert.deepEqual(splitCount(10, 10, 8), [5, 5]);
    assert.deepEqual(splitCount(10, 10, 16), [10]);
    assert.deepEqual(splitCount(3, 1, 8), [1, 1, 1]);
    assert.deepEqual(splitCount(7, 10, 3), [3, 2, 2]);
    assert.deepEqual(splitCount(1, 10, 8), [1]);
    for (let count = 1; count <= 10; count++) {
      for (const perRequest of [1, 2, 4, 10]) {
        for (const perReply of [1, 3, 8, 16]) {
          const sizes = splitCount(count, perRequest, perReply);
          assert.equal(sizes.reduce((a, b) => a + b, 0), count);
          assert.ok(sizes.every((n) => n >= 1 && n <= Math.min(perRequest, perReply)), `${count} ${perRequest} ${perReply}: ${sizes}`);
        }
      }
    }
  });
});
