/**
 * Finding images without alt text across many Markdown files, against markdownlint's MD045 (that rule alone) on
 * the same generated corpus: many documentation pages with no image at all, some with a few, a few list-heavy
 * changelogs and large prose files. Prints the CPU time of each (ms, one core), the ratio (goal ≤ 0.1× of
 * markdownlint), the worst file per pass, and whether both flag the same images (by line). Run: `npm run bench`.
 */
import { findMarkdownImages, forgetParsedPieces } from '../src/altText/findMarkdown';
import { lacksAltText } from '../src/altText/foundImage';
import { markdownTree } from '../src/altText/markdownTree';
import { rng } from '../test/support/rng';

/** markdownlint is ESM-only: a real dynamic import (the benches compile to CommonJS). */
const importEsm = new Function('s', 'return import(s)') as (s: string) => Promise<{ lint: (o: unknown) => Record<string, Array<{ lineNumber: number }>> }>;

/** The corpus: name → text. */
function corpus(): Record<string, string> {
  const random = rng(32);
  const files: Record<string, string> = {};
  const prose = (i: number): string => `Paragraph ${i} explains the *option* \`--flag\`, links to [the guide](guide-${i}.md) and says more words to fill a line.\n\n`;
  for (let f = 0; f < 2000; f++) {
    const parts: string[] = [`# Page ${f}\n\n`];
    const paragraphs = 20 + Math.floor(random() * 80);
    for (let p = 0; p < paragraphs; p++) {
      parts.push(prose(p));
      if (f % 10 === 0 && p % 25 === 0) parts.push(random() < 0.5 ? `![](shot-${p}.png)\n\n` : `![A screenshot of step ${p}](shot-${p}.png)\n\n`);
      if (p % 15 === 0) parts.push('```sh\nnpm install\n```\n\n- a list item\n- another\n\n');
    }
    files[`docs/page-${f}.md`] = parts.join('');
  }
  for (let c = 0; c < 3; c++) files[`CHANGELOG-${c}.md`] = Array.from({ length: 3000 }, (_, i) => `## ${i}.0.0\n\n- Fixed [#${i}](https://example.com/${i}): a **thing** in \`x\`\n  - nested detail ${i}\n${i % 200 === 0 ? `- ![](changelog-${i}.png)\n` : ''}\n`).join('').slice(0, 300_000);
  for (let l = 0; l < 2; l++) files[`large-${l}.md`] = Array.from({ length: 5000 }, (_, i) => prose(i)).join('');
  return files;
}

const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;

async function main(): Promise<void> {
  const { lint } = await importEsm('markdownlint/sync');
  const files = corpus();
  const names = Object.keys(files);
  const bytes = names.reduce((n, k) => n + files[k].length, 0);
  // Warm both (module loading, JIT) on one file.
  findMarkdownImages(files[names[0]]);
  lint({ strings: { w: files[names[0]] }, config: { default: false, MD045: true } });

  const ours = new Map<string, number[]>();
  // The slowest file of the run (the first pass, which a folder run makes).
  let worst = { name: '', ms: 0 };
  const t0 = process.hrtime.bigint();
  for (const name of names) {
    // Each file as if first seen: nothing reused from another file's pieces (the generated pages share paragraphs).
    forgetParsedPieces();
    const t = process.hrtime.bigint();
    const text = files[name];
    const lines = findMarkdownImages(text).filter(lacksAltText).map((i) => text.slice(0, i.start).split('\n').length);
    ours.set(name, lines);
    const took = ms(t);
    if (took > worst.ms) worst = { name, ms: took };
  }
  const oursMs = ms(t0);
  // Per pass, the first of a document's version: the median of 5 first passes of each of the slowest files.
  const perPass = (name: string): number => {
    const runs = [0, 1, 2, 3, 4].map(() => {
      forgetParsedPieces();
      const t = process.hrtime.bigint();
      findMarkdownImages(files[name]);
      return ms(t);
    });
    return runs.sort((a, b) => a - b)[2];
  };
  const slowest = [...names].sort((a, b) => files[b].length - files[a].length).slice(0, 8).concat(worst.name);
  const passes = slowest.map((name) => ({ name, ms: perPass(name) })).sort((a, b) => b.ms - a.ms);
  const changelogs = names.filter((n) => n.startsWith('CHANGELOG')).map((name) => perPass(name).toFixed(1));
  // A keystroke in the middle of a changelog, then a pass: only the piece it touched is parsed again.
  const log = files['CHANGELOG-0.md'];
  const edited = `${log.slice(0, log.length / 2)}x${log.slice(log.length / 2)}`;
  forgetParsedPieces();
  findMarkdownImages(log);
  const te = process.hrtime.bigint();
  findMarkdownImages(edited);
  const afterEditMs = ms(te);

  // The same files parsed whole, as before the prefilter (a tree given skips it).
  const t2 = process.hrtime.bigint();
  for (const name of names) findMarkdownImages(files[name], markdownTree(files[name]));
  const fullMs = ms(t2);

  const t1 = process.hrtime.bigint();
  const theirs = lint({ strings: files, config: { default: false, MD045: true } });
  const theirsMs = ms(t1);

  let images = 0;
  const differ: string[] = [];
  for (const name of names) {
    const a = ours.get(name) ?? [];
    const b = (theirs[name] ?? []).map((e) => e.lineNumber);
    images += b.length;
    if (JSON.stringify(a) !== JSON.stringify(b)) differ.push(`${name}: ours ${a.join(',')} / MD045 ${b.join(',')}`);
  }
  console.log(`Finding images without alt text: ${names.length} Markdown files, ${(bytes / 1e6).toFixed(1)} MB (one core; ms)`);
  console.log(`  the finder (with its prefilter)   ${oursMs.toFixed(0).padStart(8)}   ${(oursMs / theirsMs).toFixed(2)}× markdownlint (goal ≤ 0.10×)`);
  console.log(`  the finder, every file parsed      ${fullMs.toFixed(0).padStart(8)}   ${(fullMs / theirsMs).toFixed(2)}× markdownlint (before the prefilter)`);
  console.log(`  markdownlint, MD045 alone          ${theirsMs.toFixed(0).padStart(8)}`);
  console.log(`  worst file per pass (median of 5): ${passes[0].name} (${(files[passes[0].name].length / 1000).toFixed(0)} KB) ${passes[0].ms.toFixed(1)} ms; the 300 KB changelogs ${changelogs.join(', ')} ms (goal ≤ 50 ms for a 300 KB changelog); after a keystroke in it ${afterEditMs.toFixed(1)} ms`);
  console.log(`  same answers: ${differ.length === 0 ? `yes, all ${images} images without alt text, by line` : `NO, ${differ.length} files differ: ${differ.slice(0, 3).join('; ')}`}`);
  console.log('');
  if (differ.length > 0) process.exitCode = 1;
}

void main();
