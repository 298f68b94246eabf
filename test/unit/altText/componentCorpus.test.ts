/**
 * Alt text in Vue, Svelte and Astro components: the generated corpus of hostile replies (and the frameworks' own
 * syntax: mustaches, braces, directives, blocks) written into every context an image stands in, then
 * re-parsed with the parser that found it: the same tree except that each image's alt is the cleaned reply.
 * Each framework's compiler then compiles the edited component without a new error or warning about it (Astro:
 * its parser reports no new error).
 */
import assert from 'node:assert/strict';
import { compile as compileVueTemplate } from '@vue/compiler-dom';
import { compile as compileSvelte } from 'svelte/compiler';
import { AltTextCheckError, applyAltWrites } from '../../../src/altText/check';
import { astroTree, findAstroImages } from '../../../src/altText/findAstro';
import { findSvelteImages } from '../../../src/altText/findSvelte';
import { findVueImages } from '../../../src/altText/findVue';
import type { FoundImage } from '../../../src/altText/foundImage';
import { cleanedReplies, hostileReplies, writeEvery } from '../../support/hostileReplies';

type Framework = 'vue' | 'svelte' | 'astro';

/** Where an image stands: each text holds its target `a.png` once or twice among other markup and code. */
const CONTEXTS: Array<{ name: string; markup: Framework; text: string }> = [
  {
    name: 'Vue: a template with v-for, v-bind and a <script setup lang="ts"> import',
    markup: 'vue',
    text: '<script setup lang="ts">\nimport hero from \'./a.png\'\nconst items = defineProps<{ list: Array<{ id: number }> }>()\n</script>\n<template>\n  <ul :class="{ on: true }">\n    <li v-for="item in items.list" :key="item.id" v-bind:title="`#${item.id}`">\n      <img :src="hero" class="thumb"> {{ item.id > 1 ? \'<b>\' : "}}" }}\n    </li>\n  </ul>\n</template>\n<style scoped>\n.thumb { width: 2rem }\n</style>\n',
  },
  {
    name: 'Vue: a self-closing <NuxtImg /> with other props, and a blank alt',
    markup: 'vue',
    text: '<template>\n  <NuxtImg src="/a.png" width="640" :height="480" loading="lazy" @load="done" />\n  <img src="a.png" alt="  " v-if="show">\n</template>\n',
  },
  {
    name: 'Svelte: {#each} with a <script lang="ts"> import',
    markup: 'svelte',
    text: '<script lang="ts">\n  import hero from \'./a.png\';\n  let { items }: { items: Array<{ id: number }> } = $props();\n</script>\n\n{#each items as item (item.id)}\n  <figure class:wide={item.id > 1}>\n    <img src={hero} width="64" />\n    <figcaption>{item.id} {"}"}</figcaption>\n  </figure>\n{/each}\n',
  },
  {
    name: 'Svelte: {#if} blocks, an <Image /> component and a bare alt',
    markup: 'svelte',
    text: '<script>\n  import Image from \'./Image.svelte\';\n  export let ok = true;\n</script>\n{#if ok}\n  <Image src="a.png" sizes="100vw" />\n{:else}\n  <img alt src="a.png" on:click={() => (ok = !ok)}>\n{/if}\n<style>\n  img { display: block }\n</style>\n',
  },
  {
    name: 'Astro: front matter with types and an import, an <Image /> with other props, a .map() and a <script>',
    markup: 'astro',
    text: '---\nimport { Image } from "astro:assets";\nimport hero from "./a.png";\ninterface Props { items: Array<{ id: number }> }\nconst { items } = Astro.props as Props;\n---\n<ul class:list={["a", { b: true }]}>\n  {items.map((item) => <li data-id={item.id}><Image src={hero} width={64} loading="lazy" /></li>)}\n</ul>\n<img src="a.png" alt="  " set:html={"<b>"}>\n<script>\n  const s: string = "<img src=a.png>";\n</script>\n<style>\n  img { display: block }\n</style>\n',
  },
  {
    name: 'Astro: a bare alt, a slot and a component with a spread beside',
    markup: 'astro',
    text: '---\nconst p = {};\n---\n<Layout title="{x}">\n  <img alt src="a.png" />\n  <Fragment slot="footer"><img {...p} src="b.png" /><img src="a.png"></Fragment>\n</Layout>\n',
  },
];

/**
 * The framework's compiler on the text: its errors, and its warnings about attributes and alt text (not
 * Svelte's `a11y_img_redundant_alt`, which is about the words: "image" or "photo" in the alt).
 */
function compiled(markup: Framework, text: string): string[] {
  if (markup === 'astro') return [`${astroTree(text)?.errors ?? 'unparsed'} parse errors`];
  if (markup === 'svelte') {
    try {
      return compileSvelte(text, { generate: 'client' }).warnings.filter((w) => /alt|attribute/i.test(w.code) && w.code !== 'a11y_img_redundant_alt').map((w) => w.code);
    } catch (err) {
      return [String(err)];
    }
  }
  const template = /<template>([\s\S]*)<\/template>/.exec(text)![1];
  const errors: string[] = [];
  compileVueTemplate(template, { onError: (e) => errors.push(e.message) });
  return errors;
}

const find = (markup: Framework, text: string): FoundImage[] => (markup === 'vue' ? findVueImages(text) : markup === 'astro' ? findAstroImages(text) : findSvelteImages(text));

describe('altText: hostile replies written into Vue, Svelte and Astro components', function () {
  this.timeout(300_000);
  const own = ['{', '}', '{{', '}}', '{{ alert(1) }}', '{alert(1)}', '{@html x}', '{#if x}', '{/if}', '</template>', '<script>alert(1)</script>', 'v-html="x"', ':src="x"', '@click="x"', '{...props}', 'set:html={x}', '---', '</img>', '/>', '&#123;', '&lbrace;', "'", '"'];
  const replies = [...hostileReplies(2100), ...own, ...own.map((a) => `A photo ${a} of a cat ${a}`)];

  for (const ctx of CONTEXTS) {
    it(`${ctx.name}: each re-parses to the same tree with the images' alt equal to the reply, and compiles`, () => {
      const all = find(ctx.markup, ctx.text);
      const targets = all.filter((i) => /a\.png$/.test(i.target) && i.alt.trim() === '' && !i.decorative);
      assert.ok(targets.length >= 1, `the context has an image to write: ${JSON.stringify(all)}`);
      const before = compiled(ctx.markup, ctx.text);
      const expected = (alt: string): string[] => all.map((i) => (targets.some((t) => t.start === i.start) ? alt : i.alt));
      let checked = 0;
      for (const { reply, alt } of cleanedReplies(replies)) {
        const out = writeEvery(ctx.text, ctx.markup, targets, { reply, alt });
        const why = `${ctx.name}, reply ${JSON.stringify(reply)} → ${JSON.stringify(out)}`;
        assert.deepEqual(find(ctx.markup, out).map((i) => i.alt), expected(alt), why);
        // Compiling every reply is slow for Svelte: one in ten, and every reply of the frameworks' own syntax.
        if (checked % 10 === 0 || own.some((o) => reply.includes(o))) assert.deepEqual(compiled(ctx.markup, out).filter((w) => !before.includes(w)), [], `compiler: ${why}`);
        checked++;
      }
      assert.ok(checked >= 2000, `${checked} replies checked`);
    });
  }

  it('refuses an edit that would change more than the alt text, and writes nothing', () => {
    for (const [markup, text] of [['vue', '<template><img src="a.png"></template>'], ['svelte', '<img src="a.png">'], ['astro', '---\nconst a = 1;\n---\n<img src="a.png">']] as const) {
      const [img] = find(markup, text);
      // Surroundings that add an attribute (as a bug would), a second alt, or an edit outside the element.
      assert.throws(() => applyAltWrites(text, markup, [{ edit: { ...img.edit, before: ' onerror="alert(1)" alt="' }, alt: 'x' }]), AltTextCheckError, markup);
      assert.throws(() => applyAltWrites(text.replace('<img', '<img alt="y"'), markup, [{ edit: { ...img.edit }, alt: 'x' }]), AltTextCheckError, markup);
      assert.throws(() => applyAltWrites(text, markup, [{ edit: { start: 0, end: 0, before: '', after: '', syntax: markup }, alt: 'x' }]), AltTextCheckError, markup);
    }
  });
});
