import type * as vscode from 'vscode';
import { escapeControls } from '../shared/format';

/** The methods of a log channel that write a line. */
const WRITERS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'appendLine', 'append']);

/**
 * The extension's log channel, every line it writes passed through {@link escapeControls}: a message can hold
 * a model id, a file name or a server's text, and none of them may write a forged line (`\n… [error] …`).
 * Everything else (show, dispose, the log level) is the channel's own.
 */
export function escapedLog(channel: vscode.LogOutputChannel): vscode.LogOutputChannel {
  return new Proxy(channel, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof prop !== 'string' || !WRITERS.has(prop) || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
      return (message: unknown, ...args: unknown[]) => (value as (...a: unknown[]) => void).call(target, typeof message === 'string' ? escapeControls(message) : message, ...args);
    },
  });
}
