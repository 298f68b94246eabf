import assert from 'node:assert/strict';
import { buildChatImageRequest, modalitiesFor } from '../../../src/openrouter/chatImageRequest';
import type { Model } from '../../../src/openrouter/types';

const model = (outputModalities: string[]): Model => ({ id: 'x', name: 'x', description: '', contextLength: null, inputModalities: ['text'], outputModalities, pricing: {}, supportedParameters: [] });

describe('openrouter/chatImageRequest', () => {
  it('asks image-only models for ["image"], others and unknown models for ["image","text"]', () => {
    assert.deepEqual(modalitiesFor(model(['image'])), ['image']);
    assert.deepEqual(modalitiesFor(model(['image', 'text'])), ['image', 'text']);
    assert.deepEqual(modalitiesFor(undefined), ['image', 'text']);
  });

  it('puts aspect ratio and size into image_config, and leaves it out when neither is set', () => {
    assert.deepEqual(buildChatImageRequest(undefined, 'm', 'a fox', '16:9', '2K'), {
      model: 'm', messages: [{ role: 'user', content: 'a fox' }], modalities: ['image', 'text'], image_config: { aspect_ratio: '16:9', image_size: '2K' },
    });
    assert.equal('image_config' in buildChatImageRequest(model(['image']), 'm', 'a fox'), false);
  });
});
