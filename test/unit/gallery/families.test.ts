/** An image's family: edit sources, references and the variations of one run, sources first. */
import assert from 'node:assert/strict';
import type { EntryDetails, GalleryEntry } from '../../../src/gallery/entry';
import { familyOf, MAX_FAMILY } from '../../../src/gallery/families';

const min = 60 * 1000;
const entry = (path: string, mtime: number, d: Partial<EntryDetails> = {}): GalleryEntry => ({
  uri: `file:///w/${path}`, path, mtime, size: 1, details: { mimeType: 'image/png', width: 8, height: 8, bytes: 1, software: 'OpenRouter Studio', ...d },
});

describe('gallery/families', () => {
  const source = entry('images/cat.png', 1 * min, { prompt: 'a cat', model: 'm' });
  const edit = entry('images/cat-edit.png', 2 * min, { prompt: 'add a hat', model: 'm', editedFrom: 'cat.png' });
  const editOfEdit = entry('images/cat-edit-edit.png', 3 * min, { prompt: 'now red', model: 'm', editedFrom: 'images/cat-edit.png' });
  const fromRefs = entry('other/poster.png', 4 * min, { prompt: 'a poster', model: 'm', references: ['images/cat.png'] });
  const v1 = entry('images/fox-1.png', 10 * min, { prompt: 'a fox', model: 'm', variation: '1/3' });
  const v2 = entry('images/fox-2.png', 10 * min + 5000, { prompt: 'a fox', model: 'm', variation: '2/3' });
  const v3 = entry('images/fox-3.png', 10 * min + 9000, { prompt: 'a fox', model: 'm', variation: '3/3' });
  const laterRun = entry('images/fox-1-b.png', 200 * min, { prompt: 'a fox', model: 'm', variation: '1/3' });
  const stranger = entry('images/dog.png', 5 * min, { prompt: 'a dog', model: 'm' });
  const all = [editOfEdit, fromRefs, edit, source, v3, v1, v2, laterRun, stranger];
  const paths = (es: GalleryEntry[]): string[] => es.map((e) => e.path);

  it('edits (by file name in the same folder or by workspace path) and images made from references, source first', () => {
    const expected = ['images/cat.png', 'images/cat-edit.png', 'other/poster.png', 'images/cat-edit-edit.png'];
    assert.deepEqual(paths(familyOf(all, editOfEdit)), expected);
    assert.deepEqual(paths(familyOf(all, source)), expected, 'the same family from any member');
  });

  it('the variations of one run belong together; the same prompt an hour later is another run', () => {
    assert.deepEqual(paths(familyOf(all, v2)), ['images/fox-1.png', 'images/fox-2.png', 'images/fox-3.png']);
    assert.deepEqual(paths(familyOf(all, laterRun)), ['images/fox-1-b.png']);
    assert.deepEqual(paths(familyOf(all, stranger)), ['images/dog.png']);
  });

  it('a cycle of recorded sources (a hostile file) ends, and a huge family is cut at the bound', () => {
    const a = entry('a.png', 1, { editedFrom: 'b.png' });
    const b = entry('b.png', 2, { editedFrom: 'a.png' });
    assert.deepEqual(paths(familyOf([a, b], a)).sort(), ['a.png', 'b.png']);
    const many = Array.from({ length: 1000 }, (_, i) => entry(`f/${i}.png`, i, { editedFrom: 'root.png' }));
    assert.equal(familyOf([entry('f/root.png', 0), ...many], many[5]).length, MAX_FAMILY);
  });
});
