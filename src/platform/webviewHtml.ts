import * as vscode from 'vscode';
import { escapeHtml } from '../shared/format';

/** What differs between the extension's webviews: the document's name, its stylesheet and script, extra image sources. */
export interface WebviewPage {
  /** The document's `<title>` (not shown: the view's or panel's own title is). */
  name: string;
  /** The stylesheet in `media/` (`chat.css`). */
  css: string;
  /** The bundle in `dist/` (`webview.js`). */
  script: string;
  /** Image sources allowed besides the webview's own resources (`data: blob:`); none by default. */
  imgSrc?: string;
}

/**
 * Sets the options of one of the extension's webviews: scripts, no command links, and local resources only
 * from `media/`, `dist/` and the workspace folders open now, kept current as folders are added or removed
 * (a folder added later shows its images too; one removed no longer can).
 * @returns what stops following the folders (dispose it with the view).
 */
export function followWorkspaceRoots(webview: vscode.Webview, extensionUri: vscode.Uri): vscode.Disposable {
  const set = (): void => {
    webview.options = {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist'), ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri)],
    };
  };
  set();
  return vscode.workspace.onDidChangeWorkspaceFolders(set);
}

/**
 * The HTML of one of the extension's webviews, after VS Code's webview samples: a strict Content-Security-Policy
 * (nothing but the webview's own resources, scripts only with a nonce new for every document), the codicons,
 * `page.css` and `page.script`, and VS Code's translations for the display language in `<body data-l10n>`
 * (none in English; read by `src/webview/l10nSetup.ts`).
 * https://code.visualstudio.com/api/extension-guides/webview#content-security-policy
 */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: WebviewPage): string {
  const nonce = makeNonce();
  const bundle = vscode.l10n.bundle;
  const l10nAttr = bundle ? ` data-l10n="${escapeHtml(JSON.stringify(bundle))}"` : '';
  const res = (...p: string[]): vscode.Uri => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p));
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource}${page.imgSrc ? ` ${page.imgSrc}` : ''}`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link href="${res('dist', 'codicons', 'codicon.css')}" rel="stylesheet">
<link href="${res('media', page.css)}" rel="stylesheet">
<title>${escapeHtml(page.name)}</title>
</head>
<body${l10nAttr}>
<div id="app"></div>
<script nonce="${nonce}" src="${res('dist', page.script)}"></script>
</body>
</html>`;
}

/** 32 random letters and digits. */
function makeNonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  for (const b of bytes) s += chars[b % chars.length];
  return s;
}
