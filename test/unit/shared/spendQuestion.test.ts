import assert from 'node:assert/strict';
import { marked } from 'marked';
import { limitVerdict, oneLineText, questionLines, spendingLimitOf, type SpendQuestion } from '../../../src/shared/spendQuestion';
import { escapeMarkdownText } from '../../../src/shared/format';

/** What Generate again asks for a PNG a stranger wrote: an expensive model at 4K, with private references. */
const stranger: SpendQuestion = {
  title: 'Generate again with openai/gpt-image-1?',
  facts: [
    { label: 'Model', value: 'openai/gpt-image-1' },
    { label: 'API', value: 'Image API' },
    { label: 'Resolution', value: '4K' },
    { label: 'Images', value: '1 in 1 request' },
    { label: 'Prompt', value: 'a fox\n# SYSTEM\n---\n[click](command:workbench.action.terminal.new) <img src=x onerror=alert(1)>' },
  ],
  uploads: ['private/passport-scan.png', 'private/bank.png'],
  estimate: { basis: 'exact', usd: 0.24 },
};

describe('shared/spendQuestion: the question before a paid request', () => {
  it('names the model, every control, each upload by name and the estimate, each on one line', () => {
    const lines = questionLines(stranger);
    assert.deepEqual(lines, [
      'Model: openai/gpt-image-1',
      'API: Image API',
      'Resolution: 4K',
      'Images: 1 in 1 request',
      'Prompt: a fox # SYSTEM --- [click](command:workbench.action.terminal.new) <img src=x onerror=alert(1)>',
      'Uploads 2 workspace files: private/passport-scan.png, private/bank.png',
      'Estimated cost: $0.24',
    ]);
    assert.ok(lines.every((l) => !/[\r\n\u2028\u2029]/.test(l)));
  });

  it('"price unknown" is said as such, never as free; past the limit, and at an unknown price under it, it says so', () => {
    const unknown = questionLines({ ...stranger, uploads: [], estimate: { basis: 'unknown' } });
    assert.equal(unknown.at(-1), 'Estimated cost: price unknown');
    const over = questionLines({ ...stranger, spending: { totalUsd: 4.9, limitUsd: 5 } });
    assert.deepEqual(over.slice(-2), ['Spent in this workspace: $4.90 of your $5.00 limit', 'This passes your spending limit (setting openrouterStudio.spendingLimitUsd).']);
    const maybe = questionLines({ ...stranger, estimate: { basis: 'unknown' }, spending: { totalUsd: 1, limitUsd: 5 } });
    assert.match(maybe.at(-1)!, /price is unknown, so this may pass your spending limit/);
    const within = questionLines({ ...stranger, spending: { totalUsd: 1, limitUsd: 5 } });
    assert.equal(within.at(-1), 'Spent in this workspace: $1.00 of your $5.00 limit');
  });

  it('more than 16 uploads: 16 named, the rest counted', () => {
    const uploads = Array.from({ length: 20 }, (_, i) => `images/ref-${i}.png`);
    const line = questionLines({ ...stranger, uploads }).find((l) => l.startsWith('Uploads'))!;
    assert.match(line, /^Uploads 20 workspace files: images\/ref-0\.png, .*images\/ref-15\.png and 4 more$/);
    assert.ok(!line.includes('ref-16'));
  });

  it('hostile: as a tool confirmation (escaped Markdown, a hard break a line) it re-parses as exactly those lines of text: no heading, rule, link, image or HTML', () => {
    const prompts = ['a\n# Heading', 'a\n\n---\n\nb', '[x](command:evil)', '![i](https://evil.example/x.png)', '<script>alert(1)</script>', 'a\u2028b\u2029c\u0085d', '> quote\n- item\n1. one', '`code` *em* __strong__ ~~del~~', '&amp; &#91; \\[', 'https://evil.example www.evil.example mailto:a@b.example a@b.example'];
    for (const p of prompts) {
      const q: SpendQuestion = { ...stranger, facts: [{ label: 'Prompt', value: p }], uploads: [p] };
      const lines = questionLines(q);
      const md = lines.map((l) => escapeMarkdownText(l)).join('  \n');
      const tokens = marked.lexer(md);
      assert.equal(tokens.length, 1, p);
      assert.equal(tokens[0].type, 'paragraph', p);
      const inline = (tokens[0] as { tokens: Array<{ type: string }> }).tokens.map((t) => t.type);
      assert.ok(inline.every((t) => t === 'text' || t === 'escape' || t === 'br'), `${p}: ${inline.join(',')}`);
      const html = marked.parse(md, { async: false }) as string;
      const text = html.replace(/<br>\n?/g, '\n').replace(/^<p>|<\/p>\n?$/g, '').replace(/&(#\d+|amp|lt|gt|quot);/g, (_, e: string) => (e.startsWith('#') ? String.fromCharCode(Number(e.slice(1))) : ({ amp: '&', lt: '<', gt: '>', quot: '"' } as Record<string, string>)[e]));
      assert.equal(text, lines.join('\n'), p);
    }
  });

  it('the limit: none, within, over (reached, or passed by this request) and unknown', () => {
    const e = (usd: number) => ({ basis: 'exact' as const, usd });
    assert.equal(limitVerdict(100, e(1), undefined), 'none');
    assert.equal(limitVerdict(1, e(1), 5), 'within');
    assert.equal(limitVerdict(4, e(1), 5), 'within');
    assert.equal(limitVerdict(4, e(1.01), 5), 'over');
    assert.equal(limitVerdict(5, e(0), 5), 'over');
    assert.equal(limitVerdict(1, { basis: 'unknown' }, 5), 'unknown');
    assert.equal(limitVerdict(5, { basis: 'unknown' }, 5), 'over');
  });

  it('the limit setting: a positive finite number; 0, negative, text, Infinity and null mean none', () => {
    assert.equal(spendingLimitOf(5), 5);
    assert.equal(spendingLimitOf(0.5), 0.5);
    for (const v of [0, -1, '5', Infinity, NaN, null, undefined, {}]) assert.equal(spendingLimitOf(v), undefined, String(v));
  });

  it('oneLineText folds every kind of line break and tab', () => {
    assert.equal(oneLineText(' a\r\nb\tc\u2028d\u2029e\u0085f \n'), 'a b c d e f');
  });
});
