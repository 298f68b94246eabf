import assert from 'node:assert/strict';
import { findAstroImages } from '../../../src/altText/findAstro';
import { findSvelteImages } from '../../../src/altText/findSvelte';
import { findVueImages } from '../../../src/altText/findVue';
import { lacksAltText, type FoundImage } from '../../../src/altText/foundImage';

/** What a user sees of each image: its target, whether it is marked, and how it reads. */
const seen = (images: FoundImage[]): string[] => images.map((i) => `${i.target} ${i.decorative ? 'decorative' : lacksAltText(i) ? 'missing' : `alt ${i.alt}`}`);

describe('altText/findVue: images of a Vue single-file component', () => {
  it('finds <img> and the image components in the template, as eslint-plugin-vuejs-accessibility reads alt (v-bind="…", aria-hidden and a role do not give it)', () => {
    const text = [
      '<script setup lang="ts">',
      "import hero from './hero.png'",
      "const list: Array<string> = ['a']",
      '</script>',
      '<template>',
      '  <div v-for="x in list" :key="x">',
      '    <img src="./a.png">',
      '    <img :src="hero" alt="Hi &amp; {{ x }}">',
      '    <NuxtImg v-bind="props" src="./b.png" />',
      '    <nuxt-img src="./c.png" />',
      '    <img :alt="x" src="./d.png"/>',
      '    <img alt src="./e.png"/>',
      '    <img alt="" src="./f.png"/>',
      '    <img aria-hidden="true" src="./g.png"/>',
      '    <img role="presentation" src="./h.png"/>',
      '    <img alt="   " src="./i.png"/>',
      "    <p>{{ '<img src=z.png>' }}</p>",
      '  </div>',
      '</template>',
      '<style>img { width: 1px }</style>',
    ].join('\n');
    assert.deepEqual(seen(findVueImages(text)), [
      './a.png missing',
      './hero.png alt Hi & {{ x }}',
      './b.png missing',
      './c.png missing',
      './d.png alt :alt="x"',
      './e.png missing',
      './f.png decorative',
      './g.png missing',
      './h.png missing',
      './i.png missing',
    ]);
    const [first] = findVueImages(text);
    assert.equal(text.slice(first.edit.start, first.edit.end), '', 'a missing alt is written after the name');
    assert.equal(text.slice(first.edit.start - 4, first.edit.start), '<img');
    const blank = findVueImages(text).at(-1)!;
    assert.equal(text.slice(blank.edit.start, blank.edit.end), 'alt="   "', 'a blank alt is replaced whole');
  });

  it('reads no template in another language (Pug), nor images in scripts, styles or strings', () => {
    assert.deepEqual(findVueImages('<template lang="pug">img(src="a.png")</template>'), []);
    assert.deepEqual(findVueImages('<script>const s = "<img src=a.png>"</script><style>/* <img src=b.png> */</style>'), []);
  });
});

describe('altText/findSvelte: images of a Svelte component', () => {
  it('finds <img> and image components in blocks, as the compiler\'s a11y check reads alt (a spread gives it)', () => {
    const text = [
      '<script lang="ts">',
      "  import hero from './hero.png';",
      '  let { items }: { items: string[] } = $props();',
      '</script>',
      '{#each items as item}',
      '  <img src="./a.png">',
      '  <img src={hero} alt="Hi &amp; {item}">',
      '  <img {...rest} src="./b.png">',
      '  {#if item}<Image src="./c.png" />{:else}<img alt="" src="./d.png">{/if}',
      '  <img alt src="./e.png">',
      '  <img {alt} src="./f.png">',
      '  <img alt="  " src="./g.png" aria-hidden="false">',
      '{/each}',
      '{@html "<img src=z.png>"}',
    ].join('\n');
    assert.deepEqual(seen(findSvelteImages(text)), [
      './a.png missing',
      './hero.png alt alt="Hi &amp; {item}"',
      './b.png alt {...}',
      './c.png missing',
      './d.png decorative',
      './e.png missing',
      './f.png alt {alt}',
      './g.png missing',
    ]);
  });

  it('a file Svelte cannot read yields no images (it is being typed)', () => {
    assert.deepEqual(findSvelteImages('<img src="a.png" {'), []);
  });
});

describe('altText/findAstro: images of an Astro component', () => {
  it('finds <img> and image components in the template and its expressions, as jsx-a11y reads alt (imports from the front matter)', () => {
    const text = [
      '---',
      "import hero from '../assets/hero.png';",
      "import { Image, Picture } from 'astro:assets';",
      'const list: Array<string> = ["a"];',
      '---',
      '<main>',
      '  <img src="/a.png">',
      '  <Image src={hero} alt="Hi &amp; {x} &lt;b&gt;" />',
      '  <Image src={hero.src} {...props} />',
      '  {list.map((x) => <img src={`/b.png`} alt={x} />)}',
      '  <img alt src="/c.png">',
      '  <img alt="" src="/d.png">',
      '  <img aria-hidden="true" src="/e.png">',
      '  <img alt={undefined} src="/f.png">',
      '  <img aria-label="A label" src="/g.png">',
      '  <img alt="   " src=/h.png>',
      '  <p>😀 {"<img src=z.png>"}</p>',
      '</main>',
      '<script>const s = "<img src=y.png>";</script>',
      '<style>img { width: 1px }</style>',
    ].join('\n');
    const found = findAstroImages(text);
    assert.deepEqual(seen(found), [
      '/a.png missing',
      '../assets/hero.png alt Hi & {x} <b>',
      '../assets/hero.png missing',
      '/b.png alt alt={x}',
      '/c.png missing',
      '/d.png decorative',
      '/e.png missing',
      '/f.png missing',
      '/g.png alt {...}',
      '/h.png missing',
    ]);
    assert.equal(text.slice(found[0].start, found[0].end), '<img src="/a.png">', 'offsets are UTF-16 code units of the text');
    assert.equal(text.slice(found[0].edit.start - 4, found[0].edit.start), '<img', 'a missing alt is written after the name');
    assert.equal(text.slice(found.at(-1)!.edit.start, found.at(-1)!.edit.end), 'alt="   "', 'a blank alt is replaced whole');
  });

  it('reads offsets after a byte-order mark and astral characters, and finds nothing in a text Astro cannot read', () => {
    const text = '\ufeff---\nconst é = "😀";\n---\n<p>😀 é</p><img src="a.png">';
    const [img] = findAstroImages(text);
    assert.equal(text.slice(img.start, img.end), '<img src="a.png">');
    // Nested deeper than the parser's stack: no images, and the next file is read as usual.
    assert.deepEqual(findAstroImages('<div>'.repeat(20_000)), []);
    assert.equal(findAstroImages('<img src="b.png">').length, 1);
  });
});
