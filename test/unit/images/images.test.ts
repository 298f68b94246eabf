import assert from 'node:assert/strict';
import { DataUrlError, decodeDataUrl, encodeDataUrl } from '../../../src/images/dataUrl';
import { ImageRejectedError, sniffImageMime, verifyImage } from '../../../src/images/mime';
import { candidateName, generatedBaseName, slugify, splitFileName, timestamp } from '../../../src/images/naming';
import { OutsideWorkspaceError, resolveInside } from '../../../src/images/paths';
import { addTextChunks, crc32, PngError, readChunks, readTextChunks } from '../../../src/images/png';
import { makeJpegHeader, makePng } from '../../support/png';

const WEBP = Buffer.from('RIFF\x24\x00\x00\x00WEBPVP8 ', 'latin1');
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1');

describe('images/dataUrl', () => {
  it('round-trips bytes', () => {
    const png = makePng(4, 4);
    const d = decodeDataUrl(encodeDataUrl('image/png', png));
    assert.equal(d.mimeType, 'image/png');
    assert.ok(Buffer.from(d.data).equals(png));
  });
  for (const [name, url, reason] of [
    ['an https URL', 'https://example.com/a.png', 'not a data: URL'],
    ['no base64 flag', 'data:image/png,abcd', 'data: URL is not base64-encoded'],
    ['bad characters', 'data:image/png;base64,ab$d', 'data: URL holds invalid base64'],
    ['bad padding', 'data:image/png;base64,abc', 'data: URL holds invalid base64'],
    // Each form below is one the decoder would otherwise skip or accept: pinned as refused.
    ['white space inside', 'data:image/png;base64,AAAA AAA', 'data: URL holds invalid base64'],
    ['a line break inside', 'data:image/png;base64,AAAA\nAAA', 'data: URL holds invalid base64'],
    ['URL-safe "-"', 'data:image/png;base64,AB-D', 'data: URL holds invalid base64'],
    ['URL-safe "_"', 'data:image/png;base64,AB_D', 'data: URL holds invalid base64'],
    ['"=" inside', 'data:image/png;base64,AB==CD==', 'data: URL holds invalid base64'],
    ['three "="', 'data:image/png;base64,A===', 'data: URL holds invalid base64'],
    ['"=" then data', 'data:image/png;base64,AB=CDEFG', 'data: URL holds invalid base64'],
    ['non-ASCII', 'data:image/png;base64,ABé=', 'data: URL holds invalid base64'],
    ['a bad character far in', `data:image/png;base64,${'A'.repeat(4000)}!AAA`, 'data: URL holds invalid base64'],
    ['a skipped character made up for by the length', `data:image/png;base64,${'A'.repeat(4000)}AA!A`, 'data: URL holds invalid base64'],
    ['an empty body', 'data:image/png;base64,', 'data: URL is empty'],
    ['a bad media type', 'data:<script>;base64,AAAA', 'bad media type "<script>"'],
  ] as const) {
    it(`refuses ${name}`, () => assert.throws(() => decodeDataUrl(url), (e: unknown) => e instanceof DataUrlError && e.message === reason));
  }
});

describe('images/mime', () => {
  it('sniffs PNG, JPEG, WebP and GIF by magic bytes', () => {
    assert.equal(sniffImageMime(makePng(2, 2)), 'image/png');
    assert.equal(sniffImageMime(makeJpegHeader()), 'image/jpeg');
    assert.equal(sniffImageMime(WEBP), 'image/webp');
    assert.equal(sniffImageMime(GIF), 'image/gif');
  });
  it('does not recognise SVG, HTML or empty data', () => {
    assert.equal(sniffImageMime(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')), undefined);
    assert.equal(sniffImageMime(Buffer.from('<!doctype html><script>alert(1)</script>')), undefined);
    assert.equal(sniffImageMime(new Uint8Array()), undefined);
  });
  it('verifyImage accepts a matching type (image/jpg read as image/jpeg)', () => {
    assert.equal(verifyImage('image/jpg', makeJpegHeader()), 'image/jpeg');
  });
  it('verifyImage refuses a mismatch, a non-image and empty data with a clear message', () => {
    assert.throws(() => verifyImage('image/png', makeJpegHeader()), { name: 'ImageRejectedError', message: 'The model declared image/png but sent image/jpeg bytes; the image was not saved.' });
    assert.throws(() => verifyImage('image/svg+xml', Buffer.from('<svg/>')), (e: unknown) => e instanceof ImageRejectedError && /not a PNG, JPEG, WebP or GIF/.test(e.message));
    assert.throws(() => verifyImage('image/png', new Uint8Array()), { message: 'The model sent an empty image.' });
  });
});

describe('images/naming', () => {
  it('slugifies prompts into safe lower-case ASCII', () => {
    assert.equal(slugify('A red fox, at dawn!'), 'a-red-fox-at-dawn');
    assert.equal(slugify('Crème brûlée — über'), 'creme-brulee-uber');
    assert.equal(slugify('../../etc/passwd'), 'etc-passwd');
    assert.equal(slugify('日本語'), 'image');
    assert.equal(slugify('one two three four five six seven eight nine ten eleven'), 'one-two-three-four-five-six-seven-eight');
    assert.equal(slugify('x'.repeat(100)).length, 40);
  });
  it('adds a local timestamp and -2, -3 on collision', () => {
    const d = new Date(2026, 10, 21, 9, 5, 7);
    assert.equal(timestamp(d), '20261121-090507');
    assert.equal(generatedBaseName('A fox', d), 'a-fox-20261121-090507');
    assert.deepEqual([1, 2, 3].map((n) => candidateName('cat-edit', 'png', n)), ['cat-edit.png', 'cat-edit-2.png', 'cat-edit-3.png']);
  });
});

describe('images/naming splitFileName', () => {
  it('splits the last path segment at its last dot', () => {
    assert.deepEqual(splitFileName('/w/images/cat.photo.png'), { base: 'cat.photo', ext: 'png' });
    assert.deepEqual(splitFileName('/w/README'), { base: 'README', ext: '' });
    assert.deepEqual(splitFileName('/w/.hidden'), { base: '.hidden', ext: '' });
  });
});

describe('images/paths', () => {
  it('keeps relative folders inside the workspace folder', () => {
    assert.deepEqual(resolveInside('images'), ['images']);
    assert.deepEqual(resolveInside('./assets//generated/'), ['assets', 'generated']);
    assert.deepEqual(resolveInside('a/../b'), ['b']);
    assert.deepEqual(resolveInside(''), []);
  });
  for (const bad of ['../outside', 'images/../../x', '/etc', 'C:\\Windows', '\\\\server\\share', '~/pics']) {
    it(`refuses ${bad}`, () => assert.throws(() => resolveInside(bad), OutsideWorkspaceError));
  }
});

describe('images/png', () => {
  it('computes the standard CRC-32', () => {
    assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
  });
  it('adds iTXt chunks before IDAT and leaves every original chunk byte-identical', () => {
    const png = makePng(16, 16);
    const out = addTextChunks(png, { Description: 'a fox 🦊 at dawn', Source: 'google/gemini-2.5-flash-image' });
    const before = readChunks(png);
    const after = readChunks(out);
    assert.deepEqual(after.map((c) => c.type), ['IHDR', 'iTXt', 'iTXt', 'IDAT', 'IEND']);
    for (const c of before) {
      const a = after.find((x) => x.type === c.type)!;
      assert.ok(Buffer.from(out.subarray(a.offset, a.offset + 12 + a.length)).equals(png.subarray(c.offset, c.offset + 12 + c.length)), `${c.type} unchanged`);
    }
    for (const c of after) {
      const body = out.subarray(c.offset + 4, c.offset + 8 + c.length);
      assert.equal(Buffer.from(out).readUInt32BE(c.offset + 8 + c.length), crc32(body), `${c.type} CRC`);
    }
    assert.deepEqual(readTextChunks(out), { Description: 'a fox 🦊 at dawn', Source: 'google/gemini-2.5-flash-image' });
  });
  it('refuses a truncated PNG and a bad keyword', () => {
    const png = makePng(8, 8);
    assert.throws(() => addTextChunks(png.subarray(0, png.length - 20), { a: 'b' }), PngError);
    assert.throws(() => addTextChunks(png, { '': 'b' }), PngError);
  });
});

describe('shared/format', () => {
  it('formats costs for people', async () => {
    const { formatCost } = await import('../../../src/shared/format');
    assert.deepEqual([0, 0.0000123, 0.0387336, 0.1, 1.236].map(formatCost), ['$0', '<$0.0001', '$0.0387', '$0.10', '$1.24']);
  });
});
