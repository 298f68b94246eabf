import assert from 'node:assert/strict';
import { elapsedText } from '../../../src/shared/format';

describe('shared/format: elapsedText', () => {
  it('follows a progress message with the time it has run, in seconds then minutes', () => {
    assert.equal(elapsedText('receiving…', 12), 'receiving… · 12 s');
    assert.equal(elapsedText('1 of 3', 65), '1 of 3 · 1 min 5 s');
    assert.equal(elapsedText('', 7), '7 s');
  });
});
