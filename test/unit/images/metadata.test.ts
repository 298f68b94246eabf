/**
 * Image details within bounds (hostile files), and right on the formats real tools write: each fixture is
 * built here from the tool's documented format, not copied from a file.
 */
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { readImageDetails } from '../../../src/images/readDetails';
import { userCommentText } from '../../../src/images/exif';
import { MAX_GRAPH_BYTES, MAX_XMP_BYTES } from '../../../src/images/fields';
import { a1111 } from '../../../src/images/parameters';
import { makeChunk, readTextChunks } from '../../../src/images/png';
import { makeJpeg, makePng, makeWebp, withPngText } from '../../support/png';

/** `png` with one more chunk before `IEND`. */
function withChunk(png: Buffer, type: string, data: Buffer): Buffer {
  return Buffer.concat([png.subarray(0, png.length - 12), Buffer.from(makeChunk(type, data)), png.subarray(png.length - 12)]);
}

/** A zTXt chunk's data: keyword, NUL, method 0, deflated text. */
const zTxt = (keyword: string, text: Buffer): Buffer => Buffer.concat([Buffer.from(`${keyword}\0\0`, 'latin1'), deflateSync(text, { level: 9 })]);
/** A compressed iTXt chunk's data. */
const iTxtZ = (keyword: string, text: Buffer): Buffer => Buffer.concat([Buffer.from(`${keyword}\0\x01\0\0\0`, 'latin1'), deflateSync(text, { level: 9 })]);

const utf16 = (text: string, bigEndian: boolean): Buffer => (bigEndian ? Buffer.from(text, 'utf16le').swap16() : Buffer.from(text, 'utf16le'));

describe('images/details: bounded reading of hostile files', () => {
  it('regression: a zTXt that inflates to 64 MiB is not inflated past its limit, and the rest of the file is still read', async () => {
    const bomb = Buffer.alloc(64 * 1024 * 1024, 0x41);
    const png = withPngText(withChunk(makePng(4, 4), 'zTXt', zTxt('Description', bomb)), 'Source', 'kept/model');
    const d = await readImageDetails(png);
    assert.equal(d.prompt, undefined, 'the oversized prompt is left out, not inflated whole');
    assert.equal(d.model, 'kept/model');
    const tooLarge: string[] = [];
    assert.deepEqual(readTextChunks(png, { tooLarge }), { Source: 'kept/model' });
    assert.deepEqual(tooLarge, ['Description']);
  });

  it('regression: keywords that are not shown are skipped unread, and one inflate budget covers the file', () => {
    const three = Buffer.alloc(3 * 1024 * 1024, 0x42);
    let png = makePng(4, 4);
    for (const k of ['Comment', 'one', 'two', 'three']) png = withChunk(png, 'iTXt', iTxtZ(k, three));
    const tooLarge: string[] = [];
    const text = readTextChunks(png, { maxBytes: (k) => (k === 'Comment' ? 0 : 4 * 1024 * 1024), budget: 4 * 1024 * 1024, tooLarge });
    assert.deepEqual(Object.keys(text), ['one']);
    assert.equal(text.one.length, three.length);
    assert.deepEqual(tooLarge, ['two', 'three'], 'the budget is spent after one 3 MiB text');
  });

  it('regression: a truncated PNG keeps the text chunks before the cut', async () => {
    const png = withPngText(withPngText(makePng(8, 8), 'Description', 'A fox'), 'Source', 'm/x');
    const noEnd = await readImageDetails(png.subarray(0, png.length - 6));
    assert.deepEqual([noEnd.prompt, noEnd.model], ['A fox', 'm/x'], 'IEND cut off');
    const midChunk = await readImageDetails(png.subarray(0, png.length - 20));
    assert.deepEqual([midChunk.prompt, midChunk.model], ['A fox', undefined], 'the chunk the cut runs through is left out');
  });

  it('regression: a 1 MB A1111 parameters text is clipped before it is split', async () => {
    const params = `a prompt\n${'filler '.repeat(150_000)}\nSteps: 20, Model: far_away`;
    const d = await readImageDetails(withPngText(makePng(4, 4), 'parameters', params));
    assert.equal(d.model, undefined, 'the settings line past the first 64 KiB is not read');
    assert.ok((d.parameters ?? '').length <= 4001);
  });

  it('regression: a ComfyUI graph over the limit, or nested 100,000 deep, is summarised without parsing or recursing', async () => {
    const big = JSON.stringify({ 1: { class_type: 'KSampler', inputs: { x: 'y'.repeat(MAX_GRAPH_BYTES) } } });
    assert.equal((await readImageDetails(withPngText(makePng(4, 4), 'prompt', big))).parameters, 'ComfyUI workflow (too large to read)');
    const deep = `{"1":{"class_type":${'['.repeat(100_000)}${']'.repeat(100_000)},"inputs":{}}}`;
    assert.equal((await readImageDetails(withPngText(makePng(4, 4), 'prompt', deep))).parameters, 'ComfyUI workflow (unreadable)');
    const nested = JSON.stringify({ 1: { class_type: [[[['KSampler']]]], inputs: {} }, 2: { class_type: 'CLIPTextEncode', inputs: { text: 'an owl' } } });
    assert.equal((await readImageDetails(withPngText(makePng(4, 4), 'prompt', nested))).parameters, 'ComfyUI workflow, 2 nodes: ?, CLIPTextEncode', 'a name that is not a string is not stringified');
  });

  it('regression: a WebP XMP packet over the cap is not parsed', async () => {
    const block = '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description>x</dc:description></rdf:Description>';
    const xmp = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">${block.repeat(Math.ceil(800_000 / block.length))}</rdf:RDF></x:xmpmeta>`;
    assert.ok(xmp.length > MAX_XMP_BYTES);
    const d = await readImageDetails(makeWebp(8, 8, { xmp }));
    assert.equal(d.prompt, undefined);
    assert.equal(d.mimeType, 'image/webp');
  });
});

describe('images/details: the formats real tools write', () => {
  const a1111Text = 'a castle, "quoted"\nNegative prompt: blurry\nSteps: 20, Sampler: Euler a, Model hash: abc, Model: "my, model", Version: v1.9';

  it('reads a quoted Model value with a comma', () => {
    assert.equal(a1111(a1111Text).model, 'my, model');
    assert.equal(a1111('p\nSteps: 1, Model: plain_v2, Seed: 3').model, 'plain_v2');
  });

  it('reads A1111 parameters from a JPEG EXIF UserComment: UNICODE in either byte order, and ASCII', async () => {
    for (const byteOrder of ['II', 'MM'] as const) {
      for (const bigEndianText of [false, true]) {
        const jpg = makeJpeg(32, 16, { byteOrder, userComment: Buffer.concat([Buffer.from('UNICODE\0', 'latin1'), utf16(a1111Text, bigEndianText)]) });
        const d = await readImageDetails(jpg);
        assert.equal(d.prompt, 'a castle, "quoted"', `${byteOrder}, big-endian text ${bigEndianText}`);
        assert.equal(d.model, 'my, model');
        assert.equal(d.software, 'AUTOMATIC1111 / Forge');
      }
    }
    const ascii = makeJpeg(8, 8, { userComment: Buffer.concat([Buffer.from('ASCII\0\0\0', 'latin1'), Buffer.from('a lake\nSteps: 5, Model: m1')]) });
    assert.equal((await readImageDetails(ascii)).prompt, 'a lake');
    assert.equal(userCommentText(Buffer.concat([Buffer.from('UNICODE\0', 'latin1'), utf16('日本語の城', false)]), true), '日本語の城');
  });

  it('reads A1111 parameters from a WebP EXIF UserComment', async () => {
    const webp = makeWebp(8, 8, { exif: { byteOrder: 'II', userComment: Buffer.concat([Buffer.from('UNICODE\0', 'latin1'), utf16(a1111Text, true)]) } });
    const d = await readImageDetails(webp);
    assert.equal(d.prompt, 'a castle, "quoted"');
    assert.equal(d.model, 'my, model');
  });

  const graph = {
    3: { class_type: 'KSampler', inputs: { seed: 1, model: ['4', 0], positive: ['10', 0], negative: ['7', 0], latent_image: ['5', 0] } },
    4: { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'juggernaut.safetensors' } },
    7: { class_type: 'CLIPTextEncode', inputs: { text: 'blurry, ugly', clip: ['4', 1] } },
    6: { class_type: 'CLIPTextEncode', inputs: { text: 'a lighthouse in a storm', clip: ['4', 1] } },
    10: { class_type: 'ConditioningCombine', inputs: { conditioning_1: ['11', 0], conditioning_2: ['6', 0] } },
    11: { class_type: 'ConditioningSetArea', inputs: { conditioning: ['6', 0], width: 64 } },
  };

  it('ComfyUI: follows the sampler\'s positive input through conditioning nodes (the first CLIPTextEncode is the negative)', async () => {
    const d = await readImageDetails(withPngText(makePng(4, 4), 'prompt', JSON.stringify(graph)));
    assert.equal(d.prompt, 'a lighthouse in a storm');
    assert.equal(d.negativePrompt, 'blurry, ugly', 'the negative prompt, followed from the sampler\'s negative input, kept apart');
    assert.equal(d.model, 'juggernaut.safetensors');
  });

  it('ComfyUI: reads a graph with bare NaN and Infinity (as Python writes them), not touching strings', async () => {
    const text = JSON.stringify({ ...graph, 12: { class_type: 'Note', inputs: { text: 'NaN stays "NaN"' } } }).replace('"seed":1', '"seed":NaN,"is_changed":NaN,"cfg":-Infinity');
    const d = await readImageDetails(withPngText(makePng(4, 4), 'prompt', text));
    assert.equal(d.prompt, 'a lighthouse in a storm');
    assert.match(d.parameters ?? '', /^ComfyUI workflow, 7 nodes: KSampler/);
  });

  it('ComfyUI: reads the graphs of WebP and JPEG files from EXIF Model (prompt:) and Make (workflow:)', async () => {
    const exif = { model: `prompt:${JSON.stringify(graph)}`, make: 'workflow:{"nodes":[{"type":"KSampler"}]}' };
    for (const file of [makeWebp(8, 8, { exif }), makeJpeg(8, 8, exif)]) {
      const d = await readImageDetails(file);
      assert.equal(d.software, 'ComfyUI');
      assert.equal(d.prompt, 'a lighthouse in a storm');
      assert.equal(d.model, 'juggernaut.safetensors');
    }
  });

  it('SwarmUI and Fooocus JSON parameters give their prompt and model, not the whole JSON', async () => {
    const swarm = JSON.stringify({ sui_image_params: { prompt: 'a red barn', negativeprompt: 'people', model: 'OfficialStableDiffusion/sd_xl_base_1.0', seed: 7 }, sui_extra_data: { date: '2026-01-01' } });
    const s = await readImageDetails(withPngText(makePng(4, 4), 'parameters', swarm));
    assert.deepEqual([s.prompt, s.negativePrompt, s.model, s.software], ['a red barn', 'people', 'OfficialStableDiffusion/sd_xl_base_1.0', 'SwarmUI']);
    const fooocus = JSON.stringify({ prompt: 'a blue door', negative_prompt: '', base_model: 'juggernautXL_v8Rundiffusion.safetensors', version: 'Fooocus v2.5.5' });
    const f = await readImageDetails(withPngText(makePng(4, 4), 'parameters', fooocus));
    assert.deepEqual([f.prompt, f.negativePrompt, f.model, f.software], ['a blue door', undefined, 'juggernautXL_v8Rundiffusion.safetensors', 'Fooocus']);
    const f2 = await readImageDetails(withPngText(makePng(4, 4), 'parameters', JSON.stringify({ prompt: 'a door', negative_prompt: 'rust', version: 'Fooocus v2' })));
    assert.equal(f2.negativePrompt, 'rust');
  });
});
