import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import * as vscode from 'vscode';
import type { ImageDetails } from '../../src/images/readDetails';
import { readChunks, readTextChunks } from '../../src/images/png';
import { provenanceFromXmp, xmpOf } from '../../src/images/xmp';
import { imagesReply } from '../support/fixtures';
import { makeJpeg, makePng, makeSimpleWebp } from '../support/png';
import { answerQuestions, fakeOpenRouterSuite, listDir, workspace } from './helpers';


function generate(args: Record<string, unknown>): Promise<vscode.Uri[] | undefined> {
  return Promise.resolve(vscode.commands.executeCommand<vscode.Uri[] | undefined>('openrouterStudio.generateImage', args));
}

function details(uri: vscode.Uri): Promise<ImageDetails> {
  return Promise.resolve(vscode.commands.executeCommand<ImageDetails>('openrouterStudio.imageDetails', uri, { show: false }));
}

/** The chunks of a PNG other than text chunks, as bytes: what must equal the served image. */
function pixelChunks(png: Uint8Array): Buffer[] {
  return readChunks(png).filter((c) => c.type !== 'iTXt' && c.type !== 'tEXt').map((c) => Buffer.from(png.subarray(c.offset, c.offset + 12 + c.length)));
}

/** The bytes a data URL holds. */
const dataOf = (url: string): Buffer => Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');

describe('The Image API', function () {
  this.timeout(60_000);
  let n = 0;
  let dir: string;

  const server = fakeOpenRouterSuite();
  beforeEach(() => {
    dir = `api-${++n}`;
  });

  it('a model listed only by the Image API goes through POST /images and saves its image, pixels and provenance (with the seed chosen)', async () => {
    const png = makePng(320, 240, { noiseSeed: 5 });
    server.fake.enqueue('/images', { kind: 'json', body: imagesReply([png], { cost: 0.04 }) });
    const [uri] = (await generate({ prompt: 'A seed-pod city', model: 'bytedance-seed/seedream-4.5', resolution: '2K', aspectRatio: '21:9', outputDirectory: dir }))!;
    assert.equal(server.fake.requestsTo('/chat/completions').length, 0);
    const [req] = server.fake.requestsTo('/images');
    assert.equal(req.method, 'POST');
    const seed = req.body.seed;
    assert.ok(Number.isInteger(seed) && seed >= 0, 'a seed was chosen, since the model takes one');
    assert.deepEqual(req.body, { model: 'bytedance-seed/seedream-4.5', prompt: 'A seed-pod city', aspect_ratio: '21:9', resolution: '2K', seed });
    const saved = await vscode.workspace.fs.readFile(uri);
    assert.deepEqual(pixelChunks(saved), pixelChunks(png));
    assert.deepEqual(readTextChunks(saved), {
      Description: 'A seed-pod city',
      Software: 'OpenRouter Studio',
      Source: 'bytedance-seed/seedream-4.5',
      'openrouter:api': 'images',
      'openrouter:aspect_ratio': '21:9',
      'openrouter:resolution': '2K',
      'openrouter:seed': String(seed),
      'openrouter:cost_usd': '0.04',
    });
    const d = await details(uri);
    assert.equal(d.api, 'images');
    assert.equal(d.seed, seed);
  });

  it('count: 3 on a model with n is one request with n: 3, and three files', async () => {
    const pngs = [1, 2, 3].map((i) => makePng(64, 64, { noiseSeed: 20 + i }));
    server.fake.enqueue('/images', { kind: 'json', body: imagesReply(pngs) });
    const uris = (await generate({ prompt: 'three icons', model: 'openai/gpt-image-1', count: 3, outputDirectory: dir }))!;
    assert.equal(server.fake.requestsTo('/images').length, 1);
    assert.equal(server.fake.requestsTo('/images')[0].body.n, 3);
    assert.equal(uris.length, 3);
    assert.equal((await listDir(dir)).length, 3);
    for (const [i, u] of uris.entries()) assert.deepEqual(pixelChunks(await vscode.workspace.fs.readFile(u)), pixelChunks(pngs[i]));
  });

  it('a transparent background asks for PNG, and the saved PNG keeps its alpha channel byte for byte', async () => {
    const rgba = makePng(48, 32, { alpha: true });
    server.fake.enqueue('/images', { kind: 'json', body: imagesReply([rgba]) });
    const [uri] = (await generate({ prompt: 'a sticker', model: 'openai/gpt-image-1', background: 'transparent', outputDirectory: dir }))!;
    const body = server.fake.requestsTo('/images')[0].body;
    assert.equal(body.background, 'transparent');
    assert.equal(body.output_format, 'png');
    const saved = await vscode.workspace.fs.readFile(uri);
    const ihdr = readChunks(saved).find((c) => c.type === 'IHDR')!;
    assert.equal(saved[ihdr.offset + 8 + 9], 6, 'colour type RGBA');
    const idat = readChunks(saved).find((c) => c.type === 'IDAT')!;
    const raw = inflateSync(saved.subarray(idat.offset + 8, idat.offset + 8 + idat.length));
    assert.equal(raw[1 + 3], 0, 'the left pixel is fully transparent');
    assert.equal(raw[1 + 47 * 4 + 3], 255, 'the right pixel is opaque');
    assert.equal(readTextChunks(saved)['openrouter:background'], 'transparent');
  });

  it('Generate from these images sends the files\' exact bytes as input_references, and records their names', async () => {
    const a = makePng(40, 30, { noiseSeed: 31 });
    const b = makeJpeg(50, 20);
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(workspace(), dir));
    const ua = vscode.Uri.joinPath(workspace(), dir, 'ref-a.png');
    const ub = vscode.Uri.joinPath(workspace(), dir, 'ref b.jpg');
    await vscode.workspace.fs.writeFile(ua, a);
    await vscode.workspace.fs.writeFile(ub, b);
    server.fake.enqueue('/images', { kind: 'json', body: imagesReply([makePng(16, 16)]) });
    const [uri] = (await vscode.commands.executeCommand<vscode.Uri[]>('openrouterStudio.generateFromImages', ua, [ua, ub], { prompt: 'the two, together', model: 'bytedance-seed/seedream-4.5', outputDirectory: dir }))!;
    const refs = server.fake.requestsTo('/images')[0].body.input_references as Array<{ type: string; image_url: { url: string } }>;
    assert.deepEqual(refs.map((r) => r.type), ['image_url', 'image_url']);
    assert.match(refs[0].image_url.url, /^data:image\/png;base64,/);
    assert.match(refs[1].image_url.url, /^data:image\/jpeg;base64,/);
    assert.deepEqual(dataOf(refs[0].image_url.url), a);
    assert.deepEqual(dataOf(refs[1].image_url.url), b);
    assert.deepEqual(JSON.parse(readTextChunks(await vscode.workspace.fs.readFile(uri))['openrouter:references']), [`${dir}/ref-a.png`, `${dir}/ref b.jpg`]);
  });

  it('Edit image with a model of the Image API sends the source as input_references and saves <name>-edit.png', async () => {
    const src = makePng(30, 30, { noiseSeed: 41 });
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(workspace(), dir));
    const uri = vscode.Uri.joinPath(workspace(), dir, 'photo.png');
    await vscode.workspace.fs.writeFile(uri, src);
    server.fake.enqueue('/images', { kind: 'json', body: imagesReply([makePng(30, 30, { noiseSeed: 42 })]) });
    const [out] = (await vscode.commands.executeCommand<vscode.Uri[]>('openrouterStudio.editImage', uri, { prompt: 'make it night', model: 'bytedance-seed/seedream-4.5' }))!;
    assert.match(out.path, /\/photo-edit\.png$/);
    const body = server.fake.requestsTo('/images')[0].body;
    assert.equal(body.prompt, 'make it night');
    assert.deepEqual(dataOf(body.input_references[0].image_url.url), src);
    assert.equal(readTextChunks(await vscode.workspace.fs.readFile(out))['openrouter:edited_from'], 'photo.png');
    assert.equal(server.fake.requestsTo('/chat/completions').length, 0);
  });

  it('a JPEG result carries the same fields in XMP; Image details reads them; Generate again repeats API, model, every control and the seed', async () => {
    const jpeg = makeJpeg(120, 80);
    server.fake.enqueue('/images', { kind: 'json', body: imagesReply([jpeg], { mediaType: 'image/jpeg' }) });
    const args = { prompt: 'A paper lantern', model: 'openai/gpt-image-1', aspectRatio: '3:2', background: 'opaque', outputFormat: 'jpeg', outputCompression: 80, outputDirectory: dir };
    const [uri] = (await generate(args))!;
    assert.match(uri.path, /\.jpg$/);
    const saved = await vscode.workspace.fs.readFile(uri);
    const fields = provenanceFromXmp(xmpOf(saved));
    assert.equal(fields?.['openrouter:output_compression'], '80');
    const d = await details(uri);
    assert.deepEqual({ prompt: d.prompt, model: d.model, api: d.api, aspectRatio: d.aspectRatio, background: d.background, outputFormat: d.outputFormat, outputCompression: d.outputCompression }, { prompt: 'A paper lantern', model: 'openai/gpt-image-1', api: 'images', aspectRatio: '3:2', background: 'opaque', outputFormat: 'jpeg', outputCompression: 80 });
    server.fake.enqueue('/images', { kind: 'json', body: imagesReply([jpeg], { mediaType: 'image/jpeg' }) });
    const yes = await answerQuestions();
    const again = await vscode.commands.executeCommand<vscode.Uri[]>('openrouterStudio.generateAgain', uri).then((r) => (yes.restore(), r));
    assert.equal(again?.length, 1);
    const [first, second] = server.fake.requestsTo('/images').map((r) => r.body);
    assert.deepEqual(second, first);
  });

  it('a WebP result is made extended and carries XMP; its image data is untouched', async () => {
    const webp = makeSimpleWebp(200, 100, true);
    server.fake.enqueue('/images', { kind: 'json', body: imagesReply([webp]) });
    const [uri] = (await generate({ prompt: 'webp', model: 'openai/gpt-image-1', outputFormat: 'webp', outputDirectory: dir }))!;
    const saved = Buffer.from(await vscode.workspace.fs.readFile(uri));
    assert.ok(saved.includes(webp.subarray(12)), 'the VP8L chunk byte for byte');
    assert.equal((await details(uri)).outputFormat, 'webp');
  });

  describe('bad input: a clear error, and nothing sent', () => {
    it('a value the model does not accept names the field and the allowed values', async () => {
      await assert.rejects(generate({ prompt: 'x', model: 'bytedance-seed/seedream-4.5', resolution: '8K', outputDirectory: dir }), /resolution must be one of 1K, 2K, 4K for bytedance-seed\/seedream-4\.5 \(was 8K\)/);
      await assert.rejects(generate({ prompt: 'x', model: 'bytedance-seed/seedream-4.5', background: 'transparent', outputDirectory: dir }), /bytedance-seed\/seedream-4\.5 does not accept background/);
      await assert.rejects(generate({ prompt: 'x', model: 'openai/gpt-image-1', outputFormat: 'png', outputCompression: 50, outputDirectory: dir }), /output_compression applies to JPEG and WebP/);
      assert.equal(server.fake.requestsTo('/images').length, 0);
      assert.deepEqual(await listDir(dir), []);
    });

    it('a control only the Image API has, on a model only chat completions serves, is refused', async () => {
      await assert.rejects(generate({ prompt: 'x', model: 'black-forest-labs/flux.2-pro', seed: 3, outputDirectory: dir }), /seed needs OpenRouter's Image API, and black-forest-labs\/flux\.2-pro goes through chat completions/);
      assert.equal(server.fake.requestsTo('/chat/completions').length + server.fake.requestsTo('/images').length, 0);
    });

    it('17 references are refused before any is read', async () => {
      const u = vscode.Uri.joinPath(workspace(), 'x.png');
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('openrouterStudio.generateFromImages', u, Array.from({ length: 17 }, () => u), { prompt: 'x', model: 'openai/gpt-image-1', outputDirectory: dir })), /At most 16 reference images can be sent \(17 were given\)/);
      assert.equal(server.fake.requestsTo('/images').length, 0);
    });

    it('a reference outside the workspace is refused', async () => {
      const outside = path.join(mkdtempSync(path.join(os.tmpdir(), 'ors-outside-')), 'secret.png');
      writeFileSync(outside, makePng(8, 8));
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('openrouterStudio.generateFromImages', vscode.Uri.file(outside), [vscode.Uri.file(outside)], { prompt: 'x', model: 'openai/gpt-image-1', outputDirectory: dir })), /is not inside a workspace folder/);
      assert.equal(server.fake.requestsTo('/images').length, 0);
    });

    it('an image sent as a link is not fetched: the reply is refused with the reason', async () => {
      server.fake.enqueue('/images', { kind: 'json', body: { created: 1, data: [{ url: 'https://evil.example/x.png' }] } });
      await assert.rejects(generate({ prompt: 'x', model: 'openai/gpt-image-1', outputDirectory: dir }), /sent as a link, not as inline data/);
      assert.equal(server.fake.requests.filter((r) => !r.path.startsWith('/images') && !r.path.startsWith('/models')).length, 0);
      assert.deepEqual(await listDir(dir), []);
    });
  });

  it('Gemini, which both APIs offer, still goes through chat completions by default (imageApi: auto)', async () => {
    const { imageStream } = await import('../support/fixtures');
    const s = imageStream([makePng(32, 32)]);
    server.fake.enqueue('/chat/completions', { kind: 'sse', body: s.sse });
    const [uri] = (await generate({ prompt: 'chat path', model: 'google/gemini-2.5-flash-image', aspectRatio: '16:9', outputDirectory: dir }))!;
    assert.equal(server.fake.requestsTo('/images').length, 0);
    assert.equal(readTextChunks(await vscode.workspace.fs.readFile(uri))['openrouter:api'], 'chat');
  });
});
