/**
 * Generate SVG's sanitizer on the worst SVGs a model can send within the limit (100,000 characters): many
 * elements, deep nesting, a large `<style>`, many attributes, and a hostile one. For each: the floor (jsdom's
 * XML parse of the same text, nothing else), this sanitizer (parse, DOMPurify in place, the reference and CSS
 * rules, serialize, and the second pass that proves the result a fixed point), and the peer a user would pick
 * instead (DOMPurify's own `sanitize(text)` with the SVG profile on jsdom, which parses as HTML and checks no
 * CSS); then how long the extension host's thread stands still while the worker sanitizes it. Run: `npm run bench`.
 */
import createDOMPurify from 'dompurify';
import { JSDOM } from 'jsdom';
import { MAX_SVG_CHARS, MAX_SVG_ELEMENTS } from '../src/svg/rejection';
import { sanitizeSvg, type SvgWindow } from '../src/svg/sanitize';
import { MAX_SVG_DEPTH } from '../src/svg/treeSize';
import { SvgSanitizer } from '../src/svg/sanitizeInWorker';
import { longestStall, timeInTurns } from './turns';

const open = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">';
/** Repeats `unit` to fill the limit, inside one `<svg>`. */
const fill = (unit: string, before = '', after = ''): string => {
  const room = MAX_SVG_CHARS - open.length - before.length - after.length - 6;
  return `${open}${before}${unit.repeat(Math.floor(room / unit.length))}${after}</svg>`;
};
const depth = Math.floor((MAX_SVG_CHARS - open.length - 6) / '<g></g>'.length);
const deepest = `${'<g>'.repeat(MAX_SVG_DEPTH - 1)}`;
const svgs: Record<string, string> = {
  '3,000 paths': fill('<path d="M1 2L3 4Z" fill="#123"/>'),
  [`paths in groups ${MAX_SVG_DEPTH - 1} deep (the limit)`]: fill('<path d="M1 2L3 4Z"/>', deepest, '</g>'.repeat(MAX_SVG_DEPTH - 1)),
  '100 KB <style> of @keyframes': fill('@keyframes k{from{opacity:0}to{opacity:1}} ', '<style>', '</style>'),
  '1,800 elements × 5 attributes': fill('<rect x="1" y="2" width="3" height="4" fill="url(#g)"/>'),
  'hostile: 1,600 scripts and handlers': fill('<script>a()</script><rect onclick="b()" href="https://e/x"/>'),
  // The slow corners the third review found (15 s each before: jsdom's live `children`, a backtracking regex).
  // The most elements read, as empty groups (24,999 took 2.4 s and 137 MB before the bound).
  [`${MAX_SVG_ELEMENTS.toLocaleString('en-US')} × <g/> (the limit)`]: `${open}${'<g/>'.repeat(MAX_SVG_ELEMENTS - 1)}</svg>`,
  'a 99,900-character attribute': fill('a', '<rect width="1" height="1" class="', '"/>'),
  'a 99,900-character <style> of letters': fill('a', '<style>', '</style>'),
};

/** Refused inputs: how long the refusal takes (a cyclic use bomb drew for 23 s in Chromium before it was refused). */
const refusedSvgs: Record<string, string> = {
  'a cyclic <use> bomb (2,800 uses)': `${open}<defs><g id="F">${'<rect width="1" height="1"/>'.repeat(1000)}</g><g id="A"><use href="#B"/>${'<use href="#F"/>'.repeat(40)}</g><g id="B"><use href="#A"/></g></defs>${'<use href="#B"/>'.repeat(2800)}</svg>`,
  '24,999 × <g/>': fill('<g/>'),
  'PIs hiding 2,000 levels of <g>': `${open}${'<g><?x > </g> ?>'.repeat(2000)}${'</g>'.repeat(2000)}</svg>`.slice(0, MAX_SVG_CHARS),
};

async function main(): Promise<void> {
  const window = new JSDOM('').window as unknown as SvgWindow;
  const purify = createDOMPurify(window);
  const sanitizer = new SvgSanitizer();
  console.log('Generate SVG: sanitizing SVGs at the 100,000-character limit (median of 9 rounds in turns; ms)');
  console.log(`${'SVG'.padEnd(38)} ${'floor'.padStart(7)} ${'sanitizeSvg'.padStart(18)} ${'DOMPurify(text)'.padStart(18)} ${'host blocked'.padStart(14)} ${'heap'.padStart(8)}`);
  for (const [name, text] of Object.entries(svgs)) {
    const maxGap = await longestStall(() => sanitizer.sanitize(text));
    // What one sanitize allocates (heap growth with no collection in between; an upper bound of what it holds).
    (globalThis as { gc?: () => void }).gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    sanitizeSvg(window, text);
    const heapMb = Math.max(0, process.memoryUsage().heapUsed - heap0) / 1024 / 1024;
    const t = await timeInTurns(
      {
        floor: async () => new window.DOMParser().parseFromString(text, 'image/svg+xml').documentElement.childNodes.length,
        ours: async () => sanitizeSvg(window, text).svg.length,
        peer: async () => purify.sanitize(text, { USE_PROFILES: { svg: true, svgFilters: true } }).length,
      },
      9,
      (n, r) => {
        if (!(r > 0)) throw new Error(`${n} gave nothing for ${name}`);
      },
    );
    const ratio = (x: number): string => `${x.toFixed(0)} (${(x / t.floor).toFixed(2)}×)`;
    console.log(`${name.padEnd(38)} ${t.floor.toFixed(0).padStart(7)} ${ratio(t.ours).padStart(18)} ${ratio(t.peer).padStart(18)} ${`${maxGap.toFixed(0)} ms`.padStart(14)} ${`${heapMb.toFixed(0)} MB`.padStart(8)}`);
  }
  for (const [name, text] of Object.entries(refusedSvgs)) {
    const t0 = performance.now();
    let code = 'accepted';
    try {
      sanitizeSvg(window, text);
    } catch (err) {
      code = err instanceof Error ? err.message : String(err);
    }
    if (code === 'accepted') throw new Error(`${name} was accepted`);
    console.log(`${`refused (${code}): ${name}`.padEnd(38)} ${(performance.now() - t0).toFixed(1)} ms`);
  }
  sanitizer.dispose();
  // Deeper nesting is refused from a scan of the tags, before jsdom (which took over 15 s on this one) sees it.
  const tooDeep = `${open}${'<g>'.repeat(depth)}${'</g>'.repeat(depth)}</svg>`;
  const t0 = performance.now();
  let refused = '';
  try {
    sanitizeSvg(window, tooDeep);
  } catch (err) {
    refused = err instanceof Error ? err.message : String(err);
  }
  if (refused !== 'too-deep') throw new Error(`nesting ${depth} deep was not refused: ${refused}`);
  console.log(`${`refused: groups nested ${depth.toLocaleString('en-US')} deep`.padEnd(38)} ${(performance.now() - t0).toFixed(1)} ms`);
  console.log('');
}

void main();
