import assert from 'node:assert/strict';
import { imageSize } from 'image-size';
import { readImageDetails } from '../../../src/images/readDetails';
import { sniffImageMime } from '../../../src/images/mime';
import { addXmpToJpeg, addXmpToWebp, MAX_PACKET_BYTES, provenanceFromXmp, xmpOf, xmpPacket, XmpError } from '../../../src/images/xmp';
import { provenanceText } from '../../../src/images/provenance';
import { makeJpeg, makeSimpleWebp, makeWebp } from '../../support/png';

const fields = provenanceText({
  prompt: 'A fox "at dawn" & <dusk>',
  model: 'openai/gpt-image-1',
  api: 'images',
  aspectRatio: '3:2',
  resolution: '2K',
  background: 'transparent',
  outputFormat: 'webp',
  outputCompression: 80,
  seed: 1234567,
  references: ['refs/a "b".png', 'c&d.png'],
  generationId: 'gen-1',
  cost: 0.04,
});

/** The WebP's chunks, in order. */
function webpChunks(b: Uint8Array): string[] {
  const out: string[] = [];
  for (let at = 12; at + 8 <= b.length; ) {
    const size = Buffer.from(b).readUInt32LE(at + 4);
    out.push(String.fromCharCode(...b.subarray(at, at + 4)));
    at += 8 + size + (size % 2);
  }
  return out;
}

describe('images/xmp', () => {
  it('a JPEG keeps its bytes and gains one XMP segment after JFIF and EXIF, read back as the same fields', async () => {
    const jpeg = makeJpeg(300, 200, { description: 'from the camera' });
    const out = addXmpToJpeg(jpeg, xmpPacket(fields));
    assert.equal(sniffImageMime(out), 'image/jpeg');
    assert.deepEqual(imageSize(out), { width: 300, height: 200, type: 'jpg' });
    assert.deepEqual(provenanceFromXmp(xmpOf(out)), fields);
    // The original bytes, in order, with the segment inserted whole.
    const at = out.length - jpeg.length;
    assert.deepEqual(Buffer.from(out.subarray(0, jpeg.indexOf(Buffer.from([0xff, 0xc0])))).subarray(0, 20), jpeg.subarray(0, 20));
    assert.deepEqual(Buffer.from(out.subarray(out.length - (jpeg.length - jpeg.indexOf(Buffer.from([0xff, 0xc0]))))), jpeg.subarray(jpeg.indexOf(Buffer.from([0xff, 0xc0]))));
    assert.ok(at > 0);
    const d = await readImageDetails(out);
    assert.equal(d.prompt, 'A fox "at dawn" & <dusk>');
    assert.equal(d.api, 'images');
    assert.equal(d.seed, 1234567);
    assert.equal(d.outputCompression, 80);
    assert.deepEqual(d.references, ['refs/a "b".png', 'c&d.png']);
  });

  it('a simple lossless WebP becomes extended (canvas size and alpha from its header) with an XMP chunk; the image chunk is untouched', async () => {
    const webp = makeSimpleWebp(640, 360, true);
    const out = addXmpToWebp(webp, xmpPacket(fields));
    assert.deepEqual(webpChunks(out), ['VP8X', 'VP8L', 'XMP ']);
    assert.equal(out[20] & 0x14, 0x14, 'XMP and alpha flags');
    assert.deepEqual(imageSize(out), { width: 640, height: 360, type: 'webp' });
    assert.equal(Buffer.from(out).readUInt32LE(4), out.length - 8, 'RIFF size');
    assert.ok(Buffer.from(out).includes(webp.subarray(12)), 'the VP8L chunk byte for byte');
    assert.deepEqual(provenanceFromXmp(xmpOf(out)), fields);
    const d = await readImageDetails(out);
    assert.equal(d.model, 'openai/gpt-image-1');
    assert.equal(d.background, 'transparent');
  });

  it('an extended WebP gets the XMP flag and its old XMP chunk replaced, not duplicated', () => {
    const webp = makeWebp(10, 10, { exifDescription: 'x', xmp: '<old/>' });
    const out = addXmpToWebp(webp, xmpPacket(fields));
    assert.deepEqual(webpChunks(out), ['VP8X', 'EXIF', 'XMP ']);
    assert.deepEqual(provenanceFromXmp(xmpOf(out)), fields);
  });

  it('hostile: quotes, angle brackets, entities, controls and non-BMP text in every field re-parse as exactly the text (minus XML-forbidden controls)', () => {
    const nasty = ['" onload="x', '</rdf:li></rdf:Alt>', '&amp;&#x26;', 'a\u0000b\u0007c', '🦊 ZWJ 👩‍💻', '"/><openrouter:seed>9', ']]><!--', '\\"'];
    for (const text of nasty) {
      const f = provenanceText({ prompt: text, model: text, api: 'images', background: text });
      const back = provenanceFromXmp(xmpOf(addXmpToJpeg(makeJpeg(4, 4), xmpPacket(f))));
      // eslint-disable-next-line no-control-regex -- the control characters are what this removes
      const clean = text.replace(/[\u0000-\u0008]/g, '');
      assert.equal(back?.Description, clean, JSON.stringify(text));
      assert.equal(back?.Source, clean);
      assert.equal(back?.['openrouter:background'], clean);
      assert.equal(back?.['openrouter:seed'], undefined, 'no field smuggled in');
    }
  });

  it('refuses what it cannot follow or fit: not a JPEG, a segment past the end, a packet over one segment, not a WebP', () => {
    assert.throws(() => addXmpToJpeg(Buffer.from('nope'), ''), XmpError);
    assert.throws(() => addXmpToJpeg(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0xff, 0xff]), ''), XmpError);
    assert.throws(() => addXmpToJpeg(makeJpeg(4, 4), 'x'.repeat(MAX_PACKET_BYTES + 1)), XmpError);
    assert.throws(() => addXmpToWebp(makeJpeg(4, 4), ''), XmpError);
  });

  it('another tool\'s XMP is not read as ours', () => {
    assert.equal(provenanceFromXmp('<x:xmpmeta><rdf:Description openrouter:model="m"/></x:xmpmeta>'), undefined);
  });
});
