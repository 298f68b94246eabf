/**
 * The chat view's link to the extension: VS Code's webview API, acquired once (it can be only once per view),
 * and the one way to post a message ({@link FromWebview}).
 */
import type { FromWebview } from './protocol';

interface VsCodeApi {
  postMessage(m: FromWebview): void;
  getState(): { draft?: string } | undefined;
  setState(s: { draft?: string }): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export const vscode = acquireVsCodeApi();

/** Posts a message to the extension. */
export const post = (m: FromWebview): void => vscode.postMessage(m);
