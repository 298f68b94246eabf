/** The gallery's query: words of the prompt and the path, the negative prompt only on request, filters, sorts, facets. */
import assert from 'node:assert/strict';
import { aspectOf, makerOf, type EntryDetails, type GalleryEntry } from '../../../src/gallery/entry';
import { facetsOf, runQuery } from '../../../src/gallery/query';

const day = 24 * 60 * 60 * 1000;
const entry = (path: string, mtime: number, d?: Partial<EntryDetails>): GalleryEntry => ({
  uri: `file:///w/${path}`, path, mtime, size: 100,
  details: d ? { mimeType: 'image/png', width: 1024, height: 1024, bytes: 100, ...d } : undefined,
  error: d ? undefined : 'not an image',
});

const fox = entry('images/fox-in-snow.png', 5 * day, { prompt: 'A red fox in snow', model: 'google/gemini-2.5-flash-image', software: 'OpenRouter Studio', costUsd: 0.04, aspectRatio: '16:9' });
const castle = entry('a1111/00001.png', 4 * day, { prompt: 'a castle on a hill', negativePrompt: 'blurry, fox', model: 'dreamshaper_8', software: 'AUTOMATIC1111 / Forge', width: 768, height: 512 });
const owl = entry('comfy/owl.png', 3 * day, { prompt: 'a watercolor owl', negativePrompt: 'ugly', model: 'sdxl.safetensors', software: 'ComfyUI' });
const photo = entry('photos/IMG_1.jpg', 2 * day, { software: 'Canon EOS', width: 4000, height: 3000, mimeType: 'image/jpeg' });
const broken = entry('images/broken.png', 1 * day);
const fox2 = entry('images/fox-2.png', 6 * day, { prompt: 'a fox, again', model: 'google/gemini-2.5-flash-image', software: 'OpenRouter Studio', costUsd: 0.06 });
const all = [fox, castle, owl, photo, broken, fox2];
const paths = (es: GalleryEntry[]): string[] => es.map((e) => e.path);

describe('gallery/query', () => {
  it('finds by words of the prompt or the path, all of them, case-insensitively; newest first', () => {
    assert.deepEqual(paths(runQuery(all, { text: 'fox' })), ['images/fox-2.png', 'images/fox-in-snow.png']);
    assert.deepEqual(paths(runQuery(all, { text: 'FOX snow' })), ['images/fox-in-snow.png']);
    assert.deepEqual(paths(runQuery(all, { text: 'IMG_1' })), ['photos/IMG_1.jpg'], 'the path counts');
    assert.deepEqual(paths(runQuery(all, {})), ['images/fox-2.png', 'images/fox-in-snow.png', 'a1111/00001.png', 'comfy/owl.png', 'photos/IMG_1.jpg', 'images/broken.png']);
  });

  it('a word found only in a negative prompt does not match a plain search, only the negative filter', () => {
    assert.ok(!runQuery(all, { text: 'blurry' }).includes(castle));
    assert.ok(!runQuery(all, { text: 'castle fox' }).includes(castle), '"fox" is only in its negative prompt');
    assert.deepEqual(paths(runQuery(all, { negative: 'blurry' })), ['a1111/00001.png']);
    assert.deepEqual(paths(runQuery(all, { negative: 'fox' })), ['a1111/00001.png']);
    assert.deepEqual(paths(runQuery(all, { text: 'castle', negative: 'ugly' })), []);
  });

  it('filters by model, maker, dates, aspect ratio and folder; sorts by cost and name; limits', () => {
    assert.deepEqual(paths(runQuery(all, { model: 'google/gemini-2.5-flash-image' })), ['images/fox-2.png', 'images/fox-in-snow.png']);
    assert.deepEqual(paths(runQuery(all, { maker: 'comfyui' })), ['comfy/owl.png']);
    assert.deepEqual(paths(runQuery(all, { maker: 'camera' })), ['photos/IMG_1.jpg']);
    assert.deepEqual(paths(runQuery(all, { maker: 'unknown' })), ['images/broken.png']);
    assert.deepEqual(paths(runQuery(all, { since: 3 * day, until: 4 * day })), ['a1111/00001.png', 'comfy/owl.png']);
    assert.deepEqual(paths(runQuery(all, { aspectRatio: '3:2' })), ['a1111/00001.png'], '768 × 512 is 3:2');
    assert.deepEqual(paths(runQuery(all, { aspectRatio: '4:3' })), ['photos/IMG_1.jpg']);
    assert.deepEqual(paths(runQuery(all, { folder: 'images' })), ['images/fox-2.png', 'images/fox-in-snow.png', 'images/broken.png']);
    assert.deepEqual(paths(runQuery(all, { folder: 'image' })), [], 'a folder, not a prefix of a name');
    assert.deepEqual(paths(runQuery(all, { sort: 'cost', limit: 2 })), ['images/fox-2.png', 'images/fox-in-snow.png']);
    assert.deepEqual(paths(runQuery(all, { sort: 'name', limit: 2 })), ['a1111/00001.png', 'comfy/owl.png']);
  });

  it('facets: each model with its count and total cost, makers and ratios, and the totals', () => {
    const f = facetsOf(all);
    assert.deepEqual(f.models[0], { value: 'google/gemini-2.5-flash-image', count: 2, costUsd: 0.1 });
    assert.equal(f.models.length, 3, 'a photo names no model');
    assert.deepEqual(f.makers.map((m) => [m.value, m.count]), [['openrouter', 2], ['a1111', 1], ['camera', 1], ['comfyui', 1], ['unknown', 1]]);
    assert.equal(f.total.count, 6);
    assert.ok(Math.abs(f.total.costUsd - 0.1) < 1e-9);
  });

  it('makers and aspect ratios from what the files say', () => {
    assert.equal(makerOf({ mimeType: 'image/png', width: 1, height: 1, bytes: 1, software: 'SwarmUI' }), 'swarmui');
    assert.equal(makerOf(undefined), 'unknown');
    assert.equal(aspectOf({ mimeType: 'image/png', width: 1000, height: 700, bytes: 1 }), '10:7');
    assert.equal(aspectOf({ mimeType: 'image/png', width: 1920, height: 1080, bytes: 1 }), '16:9');
    assert.equal(aspectOf({ mimeType: 'image/png', width: 0, height: 0, bytes: 1 }), undefined);
  });

  it('a query over 10,000 entries is a few milliseconds, not seconds', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => entry(`gen/${i}.png`, i, { prompt: `prompt ${i} ${'word '.repeat(30)}`, model: `m/${i % 7}`, software: 'OpenRouter Studio', costUsd: 0.01 }));
    runQuery(many, { text: 'word' });
    const t0 = performance.now();
    const found = runQuery(many, { text: 'prompt 99', model: 'm/1' });
    const ms = performance.now() - t0;
    assert.ok(found.length > 0);
    assert.ok(ms < 500, `${ms.toFixed(1)} ms`);
  });
});
