/**
 * The finder against the linters on real components: give it folders (a site, a design system, packages from
 * the npm registry) and it reads every `.jsx`, `.tsx`, `.js` with JSX, `.vue`, `.svelte`, `.astro` and `.mdx`
 * file in them (not `node_modules`, at most 300 KB each, the marks' bound), runs this extension's finder and the
 * language's linter ({@link lint}) on each, and prints, per language, the files, the images, those without alt
 * text by each side, every line where the two differ (with who reports it and why, where the reason is one of
 * the known ones), how many of the finder's images point at a file that is there, and the finder's time (after its prefilter, as the
 * extension runs it) on the largest file that holds an image (median of 5 after 10 warm-up passes, ms, one core) and on the whole folder. Nothing is committed of what it reads.
 * Run: `npm run compile-tests && node out/bench/references.js <folder>…`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { classifyTarget, lacksAltText } from '../src/altText/foundImage';
import { DEFAULT_IMAGE_COMPONENTS } from '../src/shared/settingRanges';
import { FIND, FLOOR, median, type Lang } from './finders';
import { lint } from './linters';

const BOUND = 300_000;
const LANG_OF: Record<string, Lang> = { '.jsx': 'jsx', '.tsx': 'jsx', '.js': 'jsx', '.vue': 'vue', '.svelte': 'svelte', '.astro': 'astro', '.mdx': 'mdx' };

/** Folders not read: dependencies and hidden ones. */
const SKIPPED = /^(?:node_modules|\..*)$/;
/** Build output: its `.js` is compiled (no longer what a developer edits), where a component library's `.svelte` and `.vue` files are the source. */
const BUILT = /^(?:dist|dist-.*|build|lib)$/;

/** The component files under `dir`, depth first. */
function* files(dir: string, built = false): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && !SKIPPED.test(e.name)) yield* files(p, built || BUILT.test(e.name));
    else if (e.isFile() && LANG_OF[path.extname(e.name)] && !(built && path.extname(e.name) === '.js')) yield p;
  }
}

/** Lines as ESLint and Svelte count them (`\r\n`, `\r`, `\n`, U+2028, U+2029). */
const LINE_BREAK = /\r\n|[\r\n\u2028\u2029]/;
const lineOf = (text: string, offset: number): number => text.slice(0, offset).split(LINE_BREAK).length;

/** Whether an image's target is a file that is there: beside the component, or under a `public/` or `static/` folder of a parent for `/…`. */
function exists(file: string, target: string): boolean {
  const t = classifyTarget(target);
  if (t.kind === 'skip') return false;
  if (!t.fromRoot) return existsSync(path.resolve(path.dirname(file), t.path));
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (['public', 'static', ''].some((s) => existsSync(path.join(dir, s, t.path)))) return true;
    if (path.dirname(dir) === dir) return false;
  }
}

/** Why a line the two sides disagree on differs, when it is one of the differences on purpose. */
function why(row: string, ours: boolean, lang: Lang): string {
  if (ours && / alt=" "/.test(row)) return 'a blank alt is no alt text here';
  if (ours && lang === 'svelte' && /<(?!img)[A-Z]/.test(row)) return 'a component image (Svelte\'s compiler reads only <img>)';
  return '';
}

const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;

function main(): void {
  const roots = process.argv.slice(2);
  if (roots.length === 0) {
    console.log('usage: node out/bench/references.js <folder>…');
    return;
  }
  type Tally = { files: number; withImages: number; images: number; ours: number; theirs: number; there: number; unread: string[]; differ: string[]; largest: { file: string; size: number }; findMs: number };
  const tally = new Map<Lang, Tally>();
  for (const root of roots) {
    for (const file of files(root)) {
      const size = statSync(file).size;
      if (size > BOUND) continue;
      const lang = LANG_OF[path.extname(file)];
      const text = readFileSync(file, 'utf8');
      // A `.js` file is read as JSX only when it holds JSX (as a React project's linter reads it).
      if (path.extname(file) === '.js' && !/<[A-Za-z][\w.]*[\s/>]/.test(text)) continue;
      const t = tally.get(lang) ?? { files: 0, withImages: 0, images: 0, ours: 0, theirs: 0, there: 0, unread: [], differ: [], largest: { file: '', size: 0 }, findMs: 0 };
      tally.set(lang, t);
      t.files++;
      const t0 = process.hrtime.bigint();
      const found = FIND[lang](text);
      t.findMs += ms(t0);
      t.images += found.length;
      if (found.length > 0) t.withImages++;
      // The worst file the finder parses: the largest that holds an image (one that cannot is not parsed).
      if (found.length > 0 && size > t.largest.size) t.largest = { file, size };
      const missing = found.filter(lacksAltText);
      t.ours += missing.length;
      t.there += found.filter((i) => exists(file, i.target)).length;
      if (lang === 'mdx') continue;
      const theirs = lint(lang, text, path.basename(file), DEFAULT_IMAGE_COMPONENTS);
      if ('error' in theirs) {
        // A file the linter cannot read (a `.js` file that is Flow, a syntax the parser lacks): nothing to compare.
        if (found.length > 0) t.unread.push(`${file}: ${theirs.error}`);
        continue;
      }
      t.theirs += theirs.lines.size;
      const ours = new Set(missing.map((i) => lineOf(text, i.start)));
      const rows = text.split(LINE_BREAK);
      for (const l of [...new Set([...theirs.lines, ...ours])].sort((a, b) => a - b)) {
        if (theirs.lines.has(l) === ours.has(l)) continue;
        const row = (rows[l - 1] ?? '').trim().slice(0, 160);
        const reason = why(row, ours.has(l), lang);
        t.differ.push(`${ours.has(l) ? 'finder only' : 'linter only'}${reason ? ` (${reason})` : ''}: ${file}:${l}: ${row}`);
      }
    }
  }
  console.log('The finder against the linters on real components');
  console.log('  language  files  with images  images  no alt: finder  linter   differ  target there   folder ms   largest file with an image (median of 5)');
  for (const [lang, t] of tally) {
    if (!t.largest.file) continue;
    const text = readFileSync(t.largest.file, 'utf8');
    // Warmed up first: the folder pass parsed few files of a language (most are skipped), so its code is still cold.
    for (let i = 0; i < 10; i++) {
      FIND[lang](text);
      FLOOR[lang](text);
    }
    const ours = median(() => FIND[lang](text));
    const floor = median(() => FLOOR[lang](text));
    console.log(`  ${lang.padEnd(8)} ${String(t.files).padStart(6)} ${String(t.withImages).padStart(12)} ${String(t.images).padStart(7)} ${String(t.ours).padStart(15)} ${lang === 'mdx' ? '     —' : String(t.theirs).padStart(7)} ${String(t.differ.length).padStart(8)} ${String(t.there).padStart(14)} ${t.findMs.toFixed(0).padStart(11)}   ${(t.largest.size / 1000).toFixed(0)} KB: ${ours.toFixed(1)} ms (parser alone ${floor.toFixed(1)}) ${path.basename(t.largest.file)}`);
  }
  for (const [lang, t] of tally) {
    for (const d of t.differ) console.log(`  ${lang}: ${d}`);
    for (const u of t.unread) console.log(`  ${lang}: the linter could not read ${u}`);
  }
}

main();
