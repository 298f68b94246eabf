import assert from 'node:assert/strict';
import { parseImageModels, ImageControlError } from '../../../src/openrouter/imageApi';
import { chooseApi, imageApiOnlyControl } from '../../../src/generate/route';
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
    assert.throws(() => chooseApi('chat', gemini.id, true, gemini, { background: 'opaque' }), (e: unknown) => e instanceof ImageControlError && /setting openrouterStudio\.imageApi is "chat"/.test(e.message));
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
});
