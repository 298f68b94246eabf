/**
 * **OpenRouter: Show previous chats…** (the chat view's title bar): the conversations New chat put away, newest
 * first, in a quick pick; the one chosen comes back into the view, and the current one takes its place.
 */
import * as vscode from 'vscode';
import { showInfo } from '../platform/notify';
import type { ChatSession } from './session';

/**
 * `openrouterStudio.chat.showHistory [id]`: picks a previous chat (or takes `id`, one of
 * {@link ChatSession.previousChats}) and brings it back into the chat view.
 * @returns whether a conversation came back.
 */
export async function showPreviousChats(session: ChatSession, reveal: () => Promise<void>, arg?: unknown): Promise<boolean> {
  const chats = session.previousChats();
  let id = typeof arg === 'string' ? arg : undefined;
  if (id === undefined) {
    if (chats.length === 0) {
      void showInfo(vscode.l10n.t('No previous chats yet: New chat keeps the conversation it replaces here.'));
      return false;
    }
    const picked = await vscode.window.showQuickPick(
      chats.map((c) => ({ label: c.title, description: vscode.l10n.t('{0} turn(s) · {1}', c.turns.length, new Date(c.when).toLocaleString()), id: c.id })),
      { title: vscode.l10n.t('Previous chats'), placeHolder: vscode.l10n.t('Pick a conversation to continue (the current one is kept here)'), matchOnDescription: true },
    );
    if (!picked) return false;
    id = picked.id;
  }
  if (!(await session.openPrevious(id))) return false;
  await reveal();
  return true;
}
