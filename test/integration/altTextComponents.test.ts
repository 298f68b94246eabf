/**
 * Alt text in Vue, Svelte and Astro components and MDX pages in the real VS Code (no Vue, Svelte, Astro or MDX extension installed: the files
 * open as plain text, and are read by their extension): the marks, the Quick Fix and its hover, and a folder
 * run of Add missing alt text, each writing an attribute that re-parses as the model's text.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { AddAltTextResult } from '../../src/altText/run';
import { makePng } from '../support/png';
import { answerByImage, fakeOpenRouterSuite, waitFor, workspace } from './helpers';

const ws = (...p: string[]): string => path.join(workspace().fsPath, 'alt-components', ...p);
const uriOf = (...p: string[]): vscode.Uri => vscode.Uri.file(ws(...p));
const marksOf = (uri: vscode.Uri): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'OpenRouter Studio');
const PNG = { hero: makePng(16, 16, { noiseSeed: 71 }), plain: makePng(16, 16, { noiseSeed: 72 }) };
const REPLIES = new Map([[PNG.hero.toString('base64'), 'Say "hi" {{ x }} & {y}'], [PNG.plain.toString('base64'), 'A plain tile.']]);

const VUE = [
  '<script setup lang="ts">',
  "import hero from './pics/hero.png'",
  '</script>',
  '<template>',
  '  <div v-for="n in 2" :key="n">',
  '    <img :src="hero" class="h">',
  '    <img :alt="`n${n}`" src="./pics/plain.png">',
  '    <img alt="" src="./pics/plain.png">',
  '  </div>',
  '</template>',
  '',
].join('\n');

const MDX = ["import hero from './pics/hero.png'", '', '# A page {1 + 1}', '', '<Image src={hero} width={16} />', '', '![A tile](./pics/plain.png)', ''].join('\n');

/** A long page (read in pieces): the import at the top, the image many sections later. */
const LONG_MDX = ["import hero from './pics/hero.png'", '', ...Array.from({ length: 30 }, (_, i) => `## Step ${i}\n\nSome prose {/* note */} about step ${i}.\n\n<Tabs>\n  \`\`\`sh\n  npm install pkg-${i}\n  \`\`\`\n</Tabs>\n`), '<Image src={hero} width={16} />', '', '![A tile](./pics/plain.png)', ''].join('\n');

const SVELTE = ['<script>', "  import hero from './pics/hero.png';", '</script>', '{#each [1, 2] as n}', '  <img src={hero} width="16">', '  <img alt={`n${n}`} src="./pics/plain.png">', '{/each}', ''].join('\n');

const ASTRO = ['---', "import hero from './pics/hero.png';", "import { Image } from 'astro:assets';", '---', '{[1, 2].map((n) => (', '  <Image src={hero} width={16} />', '))}', '<img alt={`n${1}`} src="./pics/plain.png">', ''].join('\n');

describe('Alt text in Vue, Svelte and Astro components and MDX', function () {
  this.timeout(60_000);
  const server = fakeOpenRouterSuite();
  before(() => {
    mkdirSync(ws('pics'), { recursive: true });
    for (const [name, bytes] of Object.entries(PNG)) writeFileSync(ws('pics', `${name}.png`), bytes);
  });
  beforeEach(() => answerByImage(server.fake, REPLIES));
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(ws(), { recursive: true, force: true });
  });

  for (const [file, text, written] of [
    ['Page.vue', VUE, VUE.replace('<img :src="hero"', '<img alt="Say &#34;hi&#34; {{ x }} &#38; {y}" :src="hero"')],
    ['Page.svelte', SVELTE, SVELTE.replace('<img src={hero}', '<img alt="Say &#34;hi&#34; &#123;&#123; x &#125;&#125; &#38; &#123;y&#125;" src={hero}')],
    ['Page.astro', ASTRO, ASTRO.replace('<Image src={hero}', '<Image alt="Say &#34;hi&#34; {{ x }} &#38; {y}" src={hero}')],
    ['page.mdx', MDX, MDX.replace('<Image src={hero}', '<Image alt="Say &#34;hi&#34; {{ x }} &#38; {y}" src={hero}')],
    ['guide.mdx', LONG_MDX, LONG_MDX.replace('<Image src={hero}', '<Image alt="Say &#34;hi&#34; {{ x }} &#38; {y}" src={hero}')],
  ]) {
    it(`${file}: marks the image bound to an import, and the Quick Fix writes its alt text, escaped for the framework`, async () => {
      writeFileSync(ws(file), text);
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uriOf(file)));
      const uri = editor.document.uri;
      // Not marked: the bound alt (given) and alt="" (decorative).
      const marks = await waitFor(async () => marksOf(uri), (d) => d.length === 1);
      assert.match(editor.document.getText(marks[0].range), /^<(img|Image) (:src="hero"|src=\{hero\})/);
      assert.equal(marks[0].severity, vscode.DiagnosticSeverity.Information);
      const hovers = await waitFor(() => Promise.resolve(vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, marks[0].range.start.translate(0, 2))), (h) => h.length > 0);
      assert.ok(hovers.some((h) => h.contents.some((c) => typeof c !== 'string' && 'value' in c && c.value.includes('hero.png'))), 'the hover shows the imported image');
      const actions = await waitFor(() => Promise.resolve(vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, marks[0].range)), (a) => a.some((x) => x.title === 'Generate alt text with OpenRouter'));
      const fix = actions.find((a) => a.title === 'Generate alt text with OpenRouter')!;
      const result = (await vscode.commands.executeCommand(fix.command!.command, ...(fix.command!.arguments ?? []))) as AddAltTextResult;
      assert.equal(result.updated, 1, JSON.stringify(result));
      assert.equal(editor.document.getText(), written);
      await waitFor(async () => marksOf(uri), (d) => d.length === 0);
      await vscode.commands.executeCommand('undo');
      assert.equal(editor.document.getText(), text, 'one Undo removes it');
      await vscode.commands.executeCommand('workbench.action.files.save');
    });
  }

  it('a long MDX page that does not parse as a whole (an unclosed { as you type) keeps its marks, and its Quick Fix asks nothing of the model and writes nothing, saying why', async () => {
    const text = `${LONG_MDX}\nStill typing {\n`;
    writeFileSync(ws('typing.mdx'), text);
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uriOf('typing.mdx')));
    const uri = editor.document.uri;
    const marks = await waitFor(async () => marksOf(uri), (d) => d.length === 1);
    assert.match(editor.document.getText(marks[0].range), /^<Image src=\{hero\}/);
    const actions = await waitFor(() => Promise.resolve(vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, marks[0].range)), (a) => a.some((x) => x.title === 'Generate alt text with OpenRouter'));
    const fix = actions.find((a) => a.title === 'Generate alt text with OpenRouter')!;
    const sent = server.fake.requests.length;
    const result = (await vscode.commands.executeCommand(fix.command!.command, ...(fix.command!.arguments ?? []))) as AddAltTextResult;
    assert.equal(result.updated, 0);
    assert.deepEqual(result.skipped.map((k) => k.reason), ['The file does not parse as a whole (is something in it unfinished?); nothing was written.']);
    assert.equal(server.fake.requests.length, sent, 'nothing was sent');
    assert.equal(editor.document.getText(), text);
  });

  it('a folder run covers .vue, .svelte, .astro and .mdx files, a Markdown image of MDX written as a label with its braces escaped', async () => {
    mkdirSync(ws('components'), { recursive: true });
    writeFileSync(ws('components', 'Card.vue'), '<template><NuxtImg src="../pics/plain.png" /></template>\n');
    writeFileSync(ws('components', 'Card.svelte'), '{#if true}<img src="../pics/plain.png">{/if}\n');
    writeFileSync(ws('components', 'card.mdx'), 'Text {props.x} ![](../pics/hero.png)\n');
    writeFileSync(ws('components', 'Card.astro'), '---\nconst title = "<b>";\n---\n<figure title={title}><img src="../pics/plain.png" /></figure>\n');
    const result = await vscode.commands.executeCommand<AddAltTextResult>('openrouterStudio.addAltText', uriOf('components'), {});
    assert.equal(result?.updated, 4, JSON.stringify(result));
    assert.equal((await vscode.workspace.openTextDocument(uriOf('components', 'Card.astro'))).getText(), '---\nconst title = "<b>";\n---\n<figure title={title}><img alt="A plain tile." src="../pics/plain.png" /></figure>\n');
    assert.equal((await vscode.workspace.openTextDocument(uriOf('components', 'card.mdx'))).getText(), 'Text {props.x} ![Say &#34;hi&#34; &#123;&#123; x &#125;&#125; &#38; &#123;y&#125;](../pics/hero.png)\n');
    assert.equal((await vscode.workspace.openTextDocument(uriOf('components', 'Card.vue'))).getText(), '<template><NuxtImg alt="A plain tile." src="../pics/plain.png" /></template>\n');
    assert.equal((await vscode.workspace.openTextDocument(uriOf('components', 'Card.svelte'))).getText(), '{#if true}<img alt="A plain tile." src="../pics/plain.png">{/if}\n');
  });

  it('a project\'s /… path is found in its public/ or static/ folder (Next.js, SvelteKit), else from the workspace folder', async () => {
    mkdirSync(ws('site', 'public', 'img'), { recursive: true });
    mkdirSync(ws('site', 'app'), { recursive: true });
    mkdirSync(ws('kit', 'static'), { recursive: true });
    mkdirSync(ws('kit', 'src', 'routes'), { recursive: true });
    writeFileSync(ws('site', 'public', 'img', 'hero.png'), PNG.hero);
    writeFileSync(ws('kit', 'static', 'plain.png'), PNG.plain);
    writeFileSync(ws('site', 'app', 'page.tsx'), "import Image from 'next/image';\nexport default () => <Image src=\"/img/hero.png\" width={16} height={16} />;\n");
    writeFileSync(ws('kit', 'src', 'routes', '+page.svelte'), '<img src="/plain.png">\n');
    writeFileSync(ws('site', 'app', 'notes.md'), '![](/img/hero.png)\n');
    const result = await vscode.commands.executeCommand<AddAltTextResult>('openrouterStudio.addAltText', uriOf(), {});
    const read = async (...p: string[]): Promise<string> => (await vscode.workspace.openTextDocument(uriOf(...p))).getText();
    assert.equal(await read('site', 'app', 'page.tsx'), "import Image from 'next/image';\nexport default () => <Image alt=\"Say &#34;hi&#34; {{ x }} &#38; {y}\" src=\"/img/hero.png\" width={16} height={16} />;\n");
    assert.equal(await read('kit', 'src', 'routes', '+page.svelte'), '<img alt="A plain tile." src="/plain.png">\n');
    // Markdown's `/…` stays relative to the workspace folder, where there is no img/hero.png.
    assert.equal(await read('site', 'app', 'notes.md'), '![](/img/hero.png)\n');
    assert.ok(result?.skipped.some((k) => k.file.endsWith('notes.md') && k.reason === 'file not found'), JSON.stringify(result?.skipped));
  });
});
