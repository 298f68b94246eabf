/**
 * Large Markdown documents and the alt-text features: how long finding their images takes (CommonMark +
 * GFM, the finder), beside the floor (CommonMark alone, no GFM, no walk) and a peer (marked's lexer, what
 * the chat view uses), and how long the extension host's thread stands still while the finder runs in its
 * worker thread, as the diagnostics now do (the goal: ≤ 50 ms per keystroke). Documents over 300,000
 * characters are not checked at all (`MAX_CHECKED_CHARS`). Run: `npm run bench`.
 */
import { Marked } from 'marked';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { findMarkdownImages } from '../src/altText/findMarkdown';
import { MarkupWorker } from '../src/altText/markupWorker';
import { longestStall } from './turns';

const docs: Record<string, string> = {
  'list-heavy changelog (4,000 entries)': Array.from({ length: 4000 }, (_, i) => `### ${i}\n\n- Fixed #${i}: a thing ![](shot${i}.png)\n- Another change\n\n`).join(''),
  '20,000 images in one paragraph': Array.from({ length: 20_000 }, (_, i) => `![](i${i}.png)`).join('\n'),
  '1 MB of prose (the diagnostics\' limit)': Array.from({ length: 9_000 }, (_, i) => `Paragraph ${i} has some *words* and a [link](https://example.com/${i}) in it, then more words to fill the line.\n\n`).join(''),
};

function time(f: () => unknown): number {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function main(): Promise<void> {
  const worker = new MarkupWorker();
  const marked = new Marked({ gfm: true });
  console.log('Large Markdown documents (one run each; ms):');
  console.log(`${'document'.padEnd(40)} ${'size'.padStart(8)} ${'floor'.padStart(9)} ${'finder'.padStart(9)} ${'marked'.padStart(9)} ${'host blocked (worker)'.padStart(22)}`);
  for (const [name, text] of Object.entries(docs)) {
    const floor = time(() => fromMarkdown(text));
    const finder = time(() => findMarkdownImages(text));
    const peer = time(() => marked.lexer(text));
    const maxGap = await longestStall(() => worker.find('markdown', text, { deadlineMs: 600_000 }));
    console.log(`${name.padEnd(40)} ${`${(text.length / 1e6).toFixed(2)} MB`.padStart(8)} ${floor.toFixed(0).padStart(9)} ${finder.toFixed(0).padStart(9)} ${peer.toFixed(0).padStart(9)} ${`longest stall ${maxGap.toFixed(0)} ms`.padStart(22)}`);
  }
  worker.dispose();
  console.log('');
}

void main();
