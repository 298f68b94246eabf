/**
 * What a text model is asked for an SVG: one standalone document, and for a follow-up the current document
 * with the change to make. Pure code, no `vscode`.
 */
import type { ChatMessage } from '../openrouter/types';

/**
 * `max_tokens` of every SVG request: an SVG over 100,000 characters (`MAX_SVG_CHARS`) is refused, and path data
 * runs about three characters a token, so a longer reply would be paid for and thrown away.
 */
export const SVG_MAX_TOKENS = 32_000;

/** The system message of every SVG request. */
export const SVG_INSTRUCTION = [
  'You draw vector graphics. Reply with exactly one complete, standalone SVG document and nothing else: no prose, no Markdown fence.',
  'Start with <svg xmlns="http://www.w3.org/2000/svg" viewBox="…"> and end with </svg>; give it a <title>.',
  'Use shapes, paths, gradients and <use> of ids in the same document. Style and animate with attributes or one <style> element (CSS @keyframes).',
  'Do not use script, event handlers, foreignObject, <image>, links, or any URL outside the document (only url(#id)).',
  'Keep it small and clean: it is shown as an icon from 16 to 128 pixels.',
].join(' ');

/**
 * The messages of one SVG request.
 * @param prompt what the user asked for in this turn.
 * @param current the SVG the conversation made last (sanitized), for a follow-up that changes it.
 * @param earlier the prompts of the conversation's earlier SVG turns, oldest first (context for the change).
 */
export function svgMessages(prompt: string, current?: string, earlier: string[] = []): ChatMessage[] {
  if (!current) return [{ role: 'system', content: SVG_INSTRUCTION }, { role: 'user', content: prompt }];
  const history = earlier.length > 0 ? `Earlier requests, oldest first:\n${earlier.map((p) => `- ${p.replace(/\s+/g, ' ')}`).join('\n')}\n\n` : '';
  return [
    { role: 'system', content: SVG_INSTRUCTION },
    { role: 'user', content: `${history}The current SVG:\n\n${current}\n\nChange it: ${prompt}\n\nReply with the whole changed SVG document.` },
  ];
}
