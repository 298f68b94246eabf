/**
 * Finding images without alt text in components (JSX/TSX, Vue, Svelte, Astro, MDX), against the floor (the
 * framework's parser alone on the same bytes) and the linter a developer already runs for it
 * (eslint-plugin-jsx-a11y, eslint-plugin-vuejs-accessibility, Svelte's compiler, eslint-plugin-astro's
 * jsx-a11y rule; remark-free MDX has none here). Prints, per language, the median of 5 passes (ms, one core) on a
 * 100 KB component (a large real one: a page of a design system's docs) and on a 300 KB one (the marks' bound),
 * then a folder of 3,000 components of 2–6 KB each (goal ≤ 10 s) and whether the finder and the linter mark the
 * same images (by line). Run: `npm run bench`.
 */
import { lacksAltText } from '../src/altText/foundImage';
import { mdxPieces } from '../src/altText/mdxBlocks';
import { FIND, FLOOR, median, type Lang } from './finders';
import { rng } from '../test/support/rng';
import { lint } from './linters';

/** One section of a component: a card with text, a list, a few images (some without alt), in the language's syntax. */
function section(lang: Lang, i: number, random: () => number): string {
  const alt = random() < 0.3 ? '' : ` alt="Step ${i} of the guide"`;
  const text = `Section ${i} explains the option and links to the guide with more words to fill a line of prose.`;
  switch (lang) {
    case 'jsx':
      return `      <section className="card" key={${i}}>\n        <h2>{t('title.${i}')}</h2>\n        <p>${text}</p>\n        <img src="/shots/${i}.png"${alt} width={640} />\n        {items.map((x) => <Image key={x.id} src={hero} alt={x.label} />)}\n      </section>\n`;
    case 'vue':
      return `    <section class="card" :key="${i}">\n      <h2>{{ t('title.${i}') }}</h2>\n      <p>${text}</p>\n      <img src="/shots/${i}.png"${alt} width="640">\n      <NuxtImg v-for="x in items" :key="x.id" :src="hero" :alt="x.label" />\n    </section>\n`;
    case 'svelte':
      return `<section class="card">\n  <h2>{t('title.${i}')}</h2>\n  <p>${text}</p>\n  <img src="/shots/${i}.png"${alt} width="640">\n  {#each items as x (x.id)}<img src={hero} alt={x.label} />{/each}\n</section>\n`;
    case 'astro':
      return `<section class="card">\n  <h2>{t('title.${i}')}</h2>\n  <p>${text}</p>\n  <img src="/shots/${i}.png"${alt} width="640">\n  {items.map((x) => <Image src={hero} alt={x.label} />)}\n</section>\n`;
    case 'mdx':
      return `## Section ${i}\n\n${text}\n\n<img src="/shots/${i}.png"${alt} width={640} />\n\n![${alt ? `Step ${i}` : ''}](/shots/${i}-b.png)\n\n`;
  }
}

/** A component of about `size` characters. */
function component(lang: Lang, size: number, seed: number): string {
  const random = rng(seed);
  const head = {
    jsx: "import Image from 'next/image';\nimport hero from './hero.png';\n\nexport default function Page({ items, t }: { items: Array<{ id: number; label: string }>; t: (k: string) => string }) {\n  return (\n    <main>\n",
    vue: "<script setup lang=\"ts\">\nimport hero from './hero.png'\ndefineProps<{ items: Array<{ id: number; label: string }> }>()\n</script>\n<template>\n  <main>\n",
    svelte: "<script lang=\"ts\">\n  import hero from './hero.png';\n  let { items, t } = $props();\n</script>\n<main>\n",
    astro: "---\nimport { Image } from 'astro:assets';\nimport hero from './hero.png';\nconst { items, t } = Astro.props;\n---\n<main>\n",
    mdx: "import hero from './hero.png'\n\n# A page\n\n",
  }[lang];
  const tail = { jsx: '    </main>\n  );\n}\n', vue: '  </main>\n</template>\n', svelte: '</main>\n', astro: '</main>\n', mdx: '' }[lang];
  const parts = [head];
  let length = head.length + tail.length;
  for (let i = 0; length < size; i++) {
    const s = section(lang, i, random);
    parts.push(s);
    length += s.length;
  }
  return parts.join('') + tail;
}

/** The lines the linter reports as missing alt text; `undefined` where there is no linter for the language here. */
function linted(lang: Lang, text: string): Set<number> | undefined {
  if (lang === 'mdx') return undefined;
  const r = lint(lang, text, { jsx: 'a.tsx', vue: 'a.vue', svelte: 'a.svelte', astro: 'a.astro' }[lang], lang === 'vue' ? ['NuxtImg'] : ['Image']);
  if ('error' in r) throw new Error(`the linter could not read the ${lang} component: ${r.error}`);
  return r.lines;
}

const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;
function main(): void {
  const langs: Lang[] = ['jsx', 'vue', 'svelte', 'astro', 'mdx'];
  console.log('Finding images without alt text in components (median of 5 passes, one core; ms)');
  console.log('  language   size   images   finder    floor (parser alone)   the linter');
  for (const lang of langs) {
    for (const size of [100_000, 300_000]) {
      const text = component(lang, size, 7);
      FIND[lang](text);
      const images = FIND[lang](text).length;
      const ours = median(() => FIND[lang](text));
      const floor = median(() => FLOOR[lang](text));
      // eslint-plugin-astro 1.x parses with Astro's Go compiler, which runs out of memory (2 GB) on the 300 KB page.
      const theirs = lang === 'mdx' || (lang === 'astro' && size > 100_000) ? undefined : median(() => linted(lang, text));
      console.log(`  ${lang.padEnd(8)} ${(size / 1000).toFixed(0).padStart(4)} KB ${String(images).padStart(7)} ${ours.toFixed(1).padStart(8)} ${floor.toFixed(1).padStart(9)} (${(ours / floor).toFixed(2)}×) ${theirs === undefined ? (lang === 'astro' ? '  out of memory (Go compiler)' : '        none here') : `${theirs.toFixed(1).padStart(12)} (finder ${(ours / theirs).toFixed(2)}×)`}`);
    }
  }
  // A documentation page as MDX sites write them: prose, tabs of code, comments, an image in one section of ten.
  const section = (i: number): string => `## Step ${i}\n\nSome prose about step ${i}, with \`code\` and a [link](/docs/${i}). More words to make a paragraph of a realistic length.\n\n<Tabs>\n  <Tab title="npm">\n\n  \`\`\`sh\n  npm install pkg-${i}\n  \`\`\`\n\n  </Tab>\n</Tabs>\n\n{/* note ${i} */}\n\n${i % 10 === 0 ? `<Image src={hero} />\n\n![](/shots/${i}.png)\n\n` : ''}`;
  const page = `---\ntitle: Guide\n---\n\nimport hero from './hero.png'\nimport { Tabs, Tab } from '~/components'\n\n${Array.from({ length: 320 }, (_, i) => section(i)).join('')}`;
  FIND.mdx(page);
  const pageImages = FIND.mdx(page).length;
  const pageOurs = median(() => FIND.mdx(page));
  const pageFloor = median(() => FLOOR.mdx(page));
  console.log(`  mdx docs page ${(page.length / 1000).toFixed(0)} KB, an image in 1 section of 10: ${pageImages} images, finder ${pageOurs.toFixed(1)} ms, the parser alone ${pageFloor.toFixed(1)} ms (${(pageOurs / pageFloor).toFixed(2)}×: only the pieces that can hold an image are parsed)`);
  // Hostile: an ESM block that never parses, with 3,000 blank lines (micromark parses it again at each).
  const esm = `export const a = {\n\n${'x: 1,\n\n'.repeat(3000)}![](a.png)\n`;
  console.log(`  mdx, an unclosed ESM block over 3,000 blank lines (${(esm.length / 1000).toFixed(0)} KB): the scan for pieces ${median(() => mdxPieces(esm)).toFixed(1)} ms (it gives up after 16 tries; MDX's parser alone tries every one)`);
  // A site: 3,000 components of 2–6 KB, as a folder run reads them (the finder in one thread, no workers).
  const random = rng(11);
  const site = Array.from({ length: 3000 }, (_, i) => ({ lang: langs[i % 4], text: component(langs[i % 4], 2000 + Math.floor(random() * 4000), i) }));
  const bytes = site.reduce((n, f) => n + f.text.length, 0);
  let t0 = process.hrtime.bigint();
  let missing = 0;
  for (const f of site) missing += FIND[f.lang](f.text).filter(lacksAltText).length;
  const folderMs = ms(t0);
  t0 = process.hrtime.bigint();
  let differ = 0;
  let reported = 0;
  for (const f of site.slice(0, 400)) {
    const theirs = linted(f.lang, f.text)!;
    reported += theirs.size;
    const ours = new Set(FIND[f.lang](f.text).filter(lacksAltText).map((i) => f.text.slice(0, i.start).split('\n').length));
    if (theirs.size !== ours.size || [...theirs].some((l) => !ours.has(l))) differ++;
  }
  const lintMs = ms(t0);
  console.log(`  a site of ${site.length} components (${(bytes / 1e6).toFixed(1)} MB, JSX/Vue/Svelte/Astro): ${folderMs.toFixed(0)} ms, ${missing} images without alt text (goal ≤ 10,000 ms)`);
  console.log(`  the linters on the first 400 of them: ${lintMs.toFixed(0)} ms (${reported} reported); the finder and the linter differ in ${differ} of 400 files`);
  console.log('');
}

main();
