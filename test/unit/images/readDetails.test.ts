import assert from 'node:assert/strict';
import { readImageDetails } from '../../../src/images/readDetails';
import { ImageRejectedError } from '../../../src/images/mime';
import { addTextChunks, makeChunk } from '../../../src/images/png';
import { makeJpeg, makePng, makeWebp, makeWebpWithExif, withPngText } from '../../support/png';

describe('images/readDetails', () => {
  it('reads back exactly what Generate image writes into a PNG', async () => {
    const png = Buffer.from(addTextChunks(makePng(40, 30), {
      Description: 'A fox — «dawn» 日本', Software: 'OpenRouter Studio', Source: 'google/gemini-2.5-flash-image',
      'openrouter:aspect_ratio': '4:3', 'openrouter:image_size': '2K', 'openrouter:generation_id': 'gen-123',
      'openrouter:cost_usd': '0.039', 'openrouter:edited_from': 'cat.png', 'openrouter:variation': '2/4',
    }));
    assert.deepEqual(await readImageDetails(png), {
      mimeType: 'image/png', width: 40, height: 30, bytes: png.length, prompt: 'A fox — «dawn» 日本', model: 'google/gemini-2.5-flash-image',
      software: 'OpenRouter Studio', aspectRatio: '4:3', imageSize: '2K', generationId: 'gen-123', costUsd: 0.039, editedFrom: 'cat.png', variation: '2/4',
    });
  });

  it('reads AUTOMATIC1111 parameters from a tEXt chunk', async () => {
    const params = 'a castle on a hill, sunset\nNegative prompt: blurry\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 42, Size: 512x512, Model: dreamshaper_8, Version: v1.9.0';
    const d = await readImageDetails(withPngText(makePng(8, 8), 'parameters', params));
    assert.equal(d.prompt, 'a castle on a hill, sunset');
    assert.equal(d.negativePrompt, 'blurry', 'kept apart from the prompt');
    assert.equal(d.model, 'dreamshaper_8');
    const multi = await readImageDetails(withPngText(makePng(8, 8), 'parameters', 'owl\nNegative prompt: blurry,\nlow quality\nSteps: 20, Model: m'));
    assert.equal(multi.negativePrompt, 'blurry,\nlow quality', 'a negative prompt over two lines, up to the settings line');
    assert.equal((await readImageDetails(withPngText(makePng(8, 8), 'parameters', 'owl\nSteps: 20'))).negativePrompt, undefined);
    assert.equal(d.software, 'AUTOMATIC1111 / Forge');
    assert.equal(d.parameters, params);
  });

  it('summarises a ComfyUI graph instead of dumping it, also from a zTXt chunk', async () => {
    const prompt = JSON.stringify({
      3: { class_type: 'KSampler', inputs: { seed: 1 } },
      4: { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'sd_xl_base_1.0.safetensors' } },
      6: { class_type: 'CLIPTextEncode', inputs: { text: 'a watercolor owl' } },
      7: { class_type: 'CLIPTextEncode', inputs: { text: 'ugly' } },
      8: { class_type: 'VAEDecode', inputs: {} },
      9: { class_type: 'SaveImage', inputs: { filler: 'x'.repeat(200_000) } },
    });
    const png = withPngText(withPngText(makePng(8, 8), 'prompt', prompt, 'zTXt'), 'workflow', '{"nodes":[]}');
    const d = await readImageDetails(png);
    assert.equal(d.prompt, 'a watercolor owl');
    assert.equal(d.model, 'sd_xl_base_1.0.safetensors');
    assert.equal(d.parameters, 'ComfyUI workflow, 6 nodes: KSampler, CheckpointLoaderSimple, CLIPTextEncode ×2, VAEDecode, SaveImage');
  });

  it('reads the EXIF description and software of a JPEG', async () => {
    const jpg = makeJpeg(640, 480, { description: 'A lighthouse at dusk', software: 'Camera 1.0' });
    assert.deepEqual(await readImageDetails(jpg), { mimeType: 'image/jpeg', width: 640, height: 480, bytes: jpg.length, prompt: 'A lighthouse at dusk', software: 'Camera 1.0' });
  });

  it('reads the EXIF description of a WebP (its EXIF chunk)', async () => {
    const webp = makeWebpWithExif(300, 200, 'Harbour at night');
    assert.deepEqual(await readImageDetails(webp), { mimeType: 'image/webp', width: 300, height: 200, bytes: webp.length, prompt: 'Harbour at night' });
  });

  it('reads the XMP description and creator tool of a WebP (its XMP chunk); EXIF wins where both say something', async () => {
    const xmp = (description: string): string => '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
      '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">' +
      `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${description}</rdf:li></rdf:Alt></dc:description><xmp:CreatorTool>Krita 5.2</xmp:CreatorTool>` +
      '</rdf:Description></rdf:RDF></x:xmpmeta>';
    const only = makeWebp(64, 48, { xmp: xmp('A fox in the snow') });
    assert.deepEqual(await readImageDetails(only), { mimeType: 'image/webp', width: 64, height: 48, bytes: only.length, prompt: 'A fox in the snow', software: 'Krita 5.2' });
    const both = makeWebp(64, 48, { exifDescription: 'From EXIF', xmp: xmp('From XMP') });
    assert.equal((await readImageDetails(both)).prompt, 'From EXIF');
    // Hostile XMP: not XML, an unclosed element, markup in the value (kept as text, clipped), a chunk size past the end.
    for (const bad of ['not xml at all', '<x:xmpmeta><rdf:RDF><rdf:Description><dc:description>', xmp('<script>alert(1)</script>'.repeat(500))]) {
      const d = await readImageDetails(makeWebp(8, 8, { xmp: bad }));
      assert.equal(d.mimeType, 'image/webp');
      assert.ok((d.prompt ?? '').length <= 4001, 'clipped');
    }
    const cut = makeWebp(8, 8, { xmp: xmp('Cut off') });
    assert.equal((await readImageDetails(cut.subarray(0, cut.length - 40))).mimeType, 'image/webp', 'a truncated chunk does not throw');
  });

  it('hostile: no metadata, broken chunks and non-images', async () => {
    assert.deepEqual(await readImageDetails(makePng(3, 2)), { mimeType: 'image/png', width: 3, height: 2, bytes: makePng(3, 2).length });
    // A zTXt chunk whose data does not inflate is left out, and the rest is still read.
    const png = withPngText(makePng(3, 2), 'Description', 'kept');
    const bad = Buffer.from(png);
    const at = bad.indexOf('Description\0', 0, 'latin1');
    const zbad = Buffer.concat([bad.subarray(0, bad.length - 12), Buffer.from(makeChunk('zTXt', Buffer.from('Source\0\0garbage', 'latin1'))), bad.subarray(bad.length - 12)]);
    assert.ok(at > 0);
    assert.deepEqual(await readImageDetails(zbad), { mimeType: 'image/png', width: 3, height: 2, bytes: zbad.length, prompt: 'kept' });
    assert.equal((await readImageDetails(withPngText(makePng(3, 2), 'prompt', '{not json'))).parameters, 'ComfyUI workflow (unreadable)');
    await assert.rejects(readImageDetails(Buffer.from('<html><svg xmlns="http://www.w3.org/2000/svg"/></html>')), ImageRejectedError);
    await assert.rejects(readImageDetails(Buffer.from('<!-- <svg> -->\n<html/>')), ImageRejectedError);
    const jpgNoExif = makeJpeg(10, 20);
    assert.deepEqual(await readImageDetails(jpgNoExif), { mimeType: 'image/jpeg', width: 10, height: 20, bytes: jpgNoExif.length });
  });
});
