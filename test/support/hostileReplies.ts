/** A generated corpus of hostile model replies, for every test that writes a reply into a document as alt text. */
import assert from 'node:assert/strict';
import { AltTextCheckError, applyAltWrites } from '../../src/altText/check';
import type { AltEdit, Markup } from '../../src/altText/foundImage';
import { cleanAltText, EmptyAltTextError, MAX_ALT_CHARACTERS } from '../../src/altText/text';
import { rng } from './rng';

/** Pieces of replies seen from models and written by attackers. */
export const ATOMS = [
  'A login form', '|', ' | ', '||', '<a href="https://evil.example">Click to verify</a>', '<span onmouseover="alert(1)">x</span>',
  'Logo](https://evil.example/phish) [Download now', '](javascript:alert(1))', '[link](https://evil.example)', '![inner](b.png)',
  '<img src=x onerror=alert(1)>', '<script>alert(1)</script>', '<!--', '-->', '<![CDATA[', ']]>', '<?php', '?>', '</textarea>', '<style>',
  '`code`', '``', '*', '**bold**', '_', '__u__', '~~strike~~', '~', '\\', '\\]', '\\|', '[', ']', '(', ')', '"', "'", '“quoted”',
  '&', '&amp;', '&#124;', '&#x5D;', '&lt;b&gt;', '&copy;', '&nosuchentity;', '&#0;', '&#99999999;', '!', '![', '<', '>', '<>', '< b >',
  'https://evil.example/x', 'www.evil.example', 'user@evil.example', 'mailto:a@b.c', '<https://evil.example>', '<user@evil.example>',
  '\n\n# Heading', '\n- list', '\n> quote', '\n---\n', '\n| a | b |\n| - | - |', '[^1]', '[^1]: note', '[ref]: https://evil.example',
  '$x$', '$$', ':smile:', '\u0000', '\u001b[31m', '\u007f', '\u0085', '\u202E', '\u202D', '\u2066', '\u2069', '\u200B', '\u200D', '\uFEFF', '\u00AD',
  '\uD83D', '\uDE00', '😀', '👩\u200D💻', '🇺🇸', 'e\u0301', '日本語の説明', 'مرحبا', '\t', '\r\n', '\u2028', '\u00A0', '    ', 'alt text:',
  '"""', "''", '{', '}', '#', '=', '+', '-', '.', '\n\n', 'The image shows a chart.',
];

/** At least `n` distinct hostile replies: the issue's own examples, then seeded random mixes of {@link ATOMS}. */
export function hostileReplies(n: number): string[] {
  const out = new Set<string>([
    'A login form | <a href="https://evil.example">Click to verify</a> | x',
    'Logo](https://evil.example/phish) [Download now',
    '<span onmouseover="alert(1)">A cat</span>',
    `${'x'.repeat(MAX_ALT_CHARACTERS - 2)}\\] tail`,
    `${'word '.repeat(48)}😀😀😀`,
  ]);
  const random = rng(18);
  const pick = (): string => ATOMS[Math.floor(random() * ATOMS.length)];
  while (out.size < n) {
    const parts = Array.from({ length: 1 + Math.floor(random() * 7) }, pick);
    out.add(parts.join(['', ' ', ' ', '\n'][Math.floor(random() * 4)]));
    // Long replies too, so that the cut meets escapes, surrogate pairs and clusters.
    if (random() < 0.05) out.add(Array.from({ length: 80 }, pick).join(' '));
  }
  return [...out];
}

/**
 * Each reply with the alt text it cleans to ({@link cleanAltText}); a reply that leaves none is skipped, after
 * asserting it was refused as empty (not by any other error).
 */
export function* cleanedReplies(replies: readonly string[]): Generator<{ reply: string; alt: string }> {
  for (const reply of replies) {
    let alt: string;
    try {
      alt = cleanAltText(reply);
    } catch (err) {
      assert.ok(err instanceof EmptyAltTextError);
      continue;
    }
    yield { reply, alt };
  }
}

/**
 * `text` with `alt` written at every edit of `targets` ({@link applyAltWrites}), which must not refuse:
 * escaping should make every reply fit (a refusal fails the test, naming the reply).
 */
export function writeEvery(text: string, markup: Markup, targets: ReadonlyArray<{ edit: AltEdit }>, { reply, alt }: { reply: string; alt: string }): string {
  try {
    return applyAltWrites(text, markup, targets.map((t) => ({ edit: t.edit, alt })));
  } catch (err) {
    assert.ok(!(err instanceof AltTextCheckError), `refused ${JSON.stringify(reply)}: escaping should make every reply fit`);
    throw err;
  }
}
