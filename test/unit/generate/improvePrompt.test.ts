import assert from 'node:assert/strict';
import { OpenRouterClient } from '../../../src/openrouter/client';
import { cleanImprovedPrompt, improveInstruction, improvePrompt } from '../../../src/generate/improvePrompt';
import { FakeOpenRouter } from '../../support/fakeOpenRouter';
import { textStream } from '../../support/fixtures';

describe('generate/improvePrompt', () => {
  it('the instruction names the target model and asks for the prompt only', () => {
    const i = improveInstruction({ id: 'bytedance-seed/seedream-4.5', name: 'Seedream 4.5', description: 'A text-to-image model.' });
    assert.match(i, /bytedance-seed\/seedream-4\.5 \(Seedream 4\.5: A text-to-image model\.\)/);
    assert.match(i, /Reply with the rewritten prompt only/);
  });

  it('cleans what models wrap around a prompt: fences, a label, quotes, runs of spaces; refuses an empty reply', () => {
    assert.equal(cleanImprovedPrompt('```\nA fox   in snow\n```'), 'A fox in snow');
    assert.equal(cleanImprovedPrompt('Improved prompt: “A fox in snow”'), 'A fox in snow');
    assert.equal(cleanImprovedPrompt('"A fox, \'quoted\' text"'), "A fox, 'quoted' text");
    assert.equal(cleanImprovedPrompt('x'.repeat(5000)).length, 4000);
    assert.throws(() => cleanImprovedPrompt('  ""  '), /no prompt/);
  });

  it('sends one text request (system instruction, the prompt; no modalities) and returns the cleaned reply', async () => {
    const fake = await FakeOpenRouter.start();
    try {
      fake.enqueue('/chat/completions', { kind: 'sse', body: textStream(['"A red fox', ' at dawn, low light"']).sse });
      const out = await improvePrompt(new OpenRouterClient({ apiKey: 'sk-or-v1-test', baseUrl: fake.baseUrl }), 'google/gemini-2.5-flash', 'a fox', { id: 'google/gemini-2.5-flash-image' });
      assert.equal(out, 'A red fox at dawn, low light');
      const [req] = fake.requests;
      assert.equal(fake.requests.length, 1);
      assert.equal(req.path, '/chat/completions');
      assert.equal(req.body.model, 'google/gemini-2.5-flash');
      assert.equal(req.body.modalities, undefined, 'no image request');
      assert.equal(req.body.messages[0].role, 'system');
      assert.deepEqual(req.body.messages[1], { role: 'user', content: 'a fox' });
    } finally {
      await fake.close();
    }
  });
});
