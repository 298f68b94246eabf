import assert from 'node:assert/strict';
import { parseFromWebview, parseToWebview } from '../../../src/webview/protocol';

const turn = { id: 't1', prompt: 'p', attachments: [], model: 'm', reply: '', reasoning: '', images: [], status: 'streaming' };

describe('webview/protocol', () => {
  it('accepts every well-formed message from the view; the view can only ask for the model picker, not name a model', () => {
    const ok = [
      { type: 'ready' }, { type: 'send', text: 'hi' }, { type: 'stop' }, { type: 'retry', turnId: 't1' }, { type: 'newChat' },
      { type: 'pickAttachment' }, { type: 'removeAttachment', id: 'a1' }, { type: 'dropUris', uris: ['file:///w/a.png'] },
      { type: 'pasteImage', dataUrl: 'data:image/png;base64,AAAA' }, { type: 'openImage', uri: 'file:///w/a.png' },
      { type: 'insertImageLink', uri: 'file:///w/a.png' }, { type: 'openLink', href: 'https://x.y' }, { type: 'copy', text: 'c' },
      { type: 'chooseModel' },
    ];
    for (const m of ok) assert.deepEqual(parseFromWebview(m), m, m.type);
    assert.equal(parseFromWebview({ type: 'selectModel', model: 'openai/gpt-5-nano' }), undefined, 'a model named by the view (a script in it) is not taken');
    assert.deepEqual(parseFromWebview({ type: 'chooseModel', model: 'x' }), { type: 'chooseModel' });
  });

  it('drops unknown and ill-shaped messages from the view, and extra fields', () => {
    const bad: unknown[] = [
      null, 'send', 42, [], {}, { type: 'eval', code: 'x' }, { type: 'send' }, { type: 'send', text: 5 },
      { type: 'retry', turnId: {} }, { type: 'dropUris', uris: 'file:///a' },
      { type: 'dropUris', uris: [1] }, { type: 'pasteImage', dataUrl: 'data:text/html;base64,PGI+' },
      { type: 'openLink' }, { type: 'send', text: 'x'.repeat(200_001) },
    ];
    for (const m of bad) assert.equal(parseFromWebview(m), undefined, JSON.stringify(m)?.slice(0, 60));
    assert.deepEqual(parseFromWebview({ type: 'stop', extra: '<script>' }), { type: 'stop' });
    assert.deepEqual(parseFromWebview({ type: 'copy', text: 'c', html: '<img onerror=x>' }), { type: 'copy', text: 'c' }, 'unknown fields are removed, not passed on');
  });

  it('accepts well-formed messages to the view and drops the rest', () => {
    assert.ok(parseToWebview({ type: 'turnStart', turn }));
    assert.ok(parseToWebview({ type: 'textDelta', turnId: 't1', text: 'a' }));
    assert.ok(parseToWebview({ type: 'turnEnd', turnId: 't1', status: 'error', error: 'boom', cost: 0.1 }));
    assert.ok(parseToWebview({ type: 'init', turns: [turn], models: [{ id: 'm', name: 'M', vision: true, imageOutput: false }], model: 'm', attachments: [] }));
    for (const m of [
      { type: 'turnStart', turn: { ...turn, status: 'weird' } },
      { type: 'turnStart', turn: { ...turn, images: [{ src: 1 }] } },
      { type: 'textDelta', turnId: 't1' },
      { type: 'turnEnd', turnId: 't1', status: 'streaming' },
      { type: 'turnEnd', turnId: 't1', status: 'done', cost: Number.NaN },
      { type: 'turnEnd', turnId: 't1', status: 'done', cost: Number.POSITIVE_INFINITY },
      { type: 'turnEnd', turnId: 't1', status: 'done', error: 42 },
      { type: 'image', turnId: 't1', image: { src: 'x', label: 'y' } },
      { type: 'models', models: 'm', model: 'm' },
      { type: 'init', turns: [turn], models: [], model: 'x'.repeat(301), attachments: [] },
      { type: 'script', code: 'alert(1)' },
    ]) assert.equal(parseToWebview(m), undefined, JSON.stringify(m));
    assert.deepEqual(parseToWebview({ type: 'models', models: [{ id: 'm' }], model: 'm' }), { type: 'models', models: [], model: 'm' }, 'the ill-shaped model is dropped');
    assert.deepEqual(parseToWebview({ type: 'turnStart', turn: { ...turn, html: '<b>' } }), { type: 'turnStart', turn }, 'unknown fields are removed');
  });

  it('regression: one oversized item (a 1 MB error, a 600-character model name) no longer empties the whole view', () => {
    const models = [{ id: 'm', name: 'M', vision: true, imageOutput: false }, { id: 'n', name: 'N'.repeat(600), vision: false, imageOutput: false }];
    const huge = { ...turn, id: 't2', status: 'error', error: 'e'.repeat(1_000_001) };
    const m = parseToWebview({ type: 'init', turns: [turn, huge], models, model: 'm', attachments: [{ id: 'a', label: 'x.png', thumb: 7 }] });
    assert.deepEqual(m, { type: 'init', turns: [turn], models: [models[0]], model: 'm', attachments: [] });
  });
});
