import * as vscode from 'vscode';
import { elapsedText } from '../shared/format';
import { inertText } from '../shared/inertText';

/**
 * The one way this extension shows a notification: every message (which may hold a model's reply, a
 * server's error text or a workspace file name) goes through {@link inertText}, so nothing in it can form
 * a clickable `command:`, `file:` or web link. Action labels are the extension's own constants.
 */
export function showError<T extends string>(message: string, ...actions: T[]): Thenable<T | undefined> {
  return vscode.window.showErrorMessage(inertText(message), ...actions);
}

/** As {@link showError}, as a warning. */
export function showWarning<T extends string>(message: string, ...actions: T[]): Thenable<T | undefined> {
  return vscode.window.showWarningMessage(inertText(message), ...actions);
}

/** As {@link showError}, as information. */
export function showInfo<T extends string>(message: string, ...actions: T[]): Thenable<T | undefined> {
  return vscode.window.showInformationMessage(inertText(message), ...actions);
}

/**
 * `window.withProgress` in a notification whose title and every reported message go through
 * {@link inertText} (a title may name a workspace file or a model id). The notification's Cancel button
 * (when `cancellable`) aborts `signal`, which the task hands to the requests it makes.
 */
export function withNotificationProgress<R>(
  title: string,
  cancellable: boolean,
  task: (progress: vscode.Progress<{ message?: string; increment?: number }>, signal: AbortSignal) => Thenable<R>,
): Thenable<R> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: inertText(title), cancellable }, async (progress, token) => {
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    // The time since the start follows the last message ("receiving… · 12 s"), so a slow model reads as
    // working, not stuck; it appears from the fifth second, and is refreshed each second.
    const started = Date.now();
    let message = '';
    const show = (increment?: number): void => {
      const s = Math.floor((Date.now() - started) / 1000);
      progress.report({ message: s >= ELAPSED_FROM_S ? elapsedText(message, s) : message, ...(increment ? { increment } : {}) });
    };
    const timer = setInterval(() => show(), 1000);
    try {
      return await task({
        report: (v) => {
          if (v.message !== undefined) message = inertText(v.message);
          show(v.increment);
        },
      }, abort.signal);
    } finally {
      clearInterval(timer);
      sub.dispose();
    }
  });
}

/** Seconds after which a progress notification shows how long it has been running. */
const ELAPSED_FROM_S = 5;

/**
 * A modal warning (a question the user must answer before anything goes on), its message and detail through
 * {@link inertText}: the detail can hold a prompt from a file or an agent.
 */
export function askModal<T extends string>(message: string, detail: string, ...actions: T[]): Thenable<T | undefined> {
  return vscode.window.showWarningMessage(inertText(message), { modal: true, detail: inertText(detail) }, ...actions);
}
