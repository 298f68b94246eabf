/** Comparing images: one table of their settings, differing rows marked, prompts compared word by word. */
import assert from 'node:assert/strict';
import { compare } from '../../../src/gallery/compare';
import { makerOf, type EntryDetails, type GalleryEntry } from '../../../src/gallery/entry';

const entry = (path: string, d: Partial<EntryDetails>): GalleryEntry => ({ uri: `file:///w/${path}`, path, mtime: 0, size: 1, details: { mimeType: 'image/png', width: 1024, height: 1024, bytes: 1, ...d } });

describe('gallery/compare', () => {
  it('marks the fields that differ, leaves out fields none has, and marks the prompt words only one has', () => {
    const a = entry('a.png', { prompt: 'a red fox in snow', model: 'm/one', seed: 1, software: 'OpenRouter Studio' });
    const b = entry('b.png', { prompt: 'a red fox in rain', model: 'm/one', seed: 2, software: 'OpenRouter Studio' });
    const c = compare([a, b], (d) => makerOf(d));
    const row = (f: string) => c.rows.find((r) => r.field === f);
    assert.deepEqual(row('model'), { field: 'model', values: ['m/one', 'm/one'], differs: false });
    assert.deepEqual(row('seed'), { field: 'seed', values: ['1', '2'], differs: true });
    assert.equal(row('file')?.differs, true);
    assert.equal(row('background'), undefined, 'no image has one');
    assert.deepEqual(c.prompts[0].filter((w) => w.unique).map((w) => w.word), ['snow']);
    assert.deepEqual(c.prompts[1].filter((w) => w.unique).map((w) => w.word), ['rain']);
    assert.equal(compare([a, b, a, b, a], (d) => makerOf(d)).prompts.length, 4, 'at most four');
  });
});
