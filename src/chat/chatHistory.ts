/**
 * The previous conversations of the chat view, kept when New chat starts a new one so none is lost: at most
 * {@link MAX_CHATS}, newest first, and at most {@link MAX_HISTORY_CHARS} characters in all (workspace state is
 * not a database). Pure: no `vscode`.
 */
import { clip } from '../shared/format';
import type { StoredTurn } from './conversation';

/** How many previous conversations are kept. */
export const MAX_CHATS = 20;
/** Characters (of their stored JSON) the previous conversations may take together; the oldest go first. */
export const MAX_HISTORY_CHARS = 4_000_000;

/** A previous conversation: its turns as stored, when it was put away (ms since the epoch), and a title. */
export interface PreviousChat {
  id: string;
  title: string;
  /** Milliseconds since the epoch. */
  when: number;
  turns: StoredTurn[];
}

/** A conversation's title: its first prompt on one line, at most 80 characters. */
export function titleOf(turns: readonly StoredTurn[]): string {
  const first = turns.find((t) => t.prompt.trim())?.prompt ?? '';
  return clip(first.replace(/\s+/g, ' ').trim(), 80) || '(image)';
}

/**
 * `history` with `turns` put first (nothing when `turns` is empty), then bounded: at most {@link MAX_CHATS}
 * conversations and {@link MAX_HISTORY_CHARS} characters, the oldest dropped first (the newest is always kept).
 */
export function withChat(history: readonly PreviousChat[], turns: readonly StoredTurn[], id: string, now: number): PreviousChat[] {
  const list = turns.length > 0 ? [{ id, title: titleOf(turns), when: now, turns: [...turns] }, ...history] : [...history];
  let chars = 0;
  const kept: PreviousChat[] = [];
  for (const chat of list.slice(0, MAX_CHATS)) {
    chars += JSON.stringify(chat).length;
    if (kept.length > 0 && chars > MAX_HISTORY_CHARS) break;
    kept.push(chat);
  }
  return kept;
}

/** What workspace state holds, kept only where it has the shape of {@link PreviousChat} (a stale or foreign value reads as none). */
export function historyOf(stored: unknown): PreviousChat[] {
  if (!Array.isArray(stored)) return [];
  return stored.filter((c): c is PreviousChat => typeof c === 'object' && c !== null && typeof c.id === 'string' && typeof c.title === 'string' && typeof c.when === 'number' && Array.isArray(c.turns));
}
