import * as vscode from 'vscode';
import { EXTENSION_MIME, IMAGE_FILES_GLOB } from '../images/mime';
import { workspaceFolderOf } from '../platform/workspacePaths';
import { clip, formatCost, errorMessage } from '../shared/format';
import type { Spending } from '../platform/spending';
import type * as Protocol from '../webview/protocol';
import type { FromWebview, ToWebview } from '../webview/protocol';
import { showOpenRouterError } from '../platform/errors';
import { showError } from '../platform/notify';
import { followWorkspaceRoots, webviewHtml } from '../platform/webviewHtml';
import type { ChatSession } from './session';

/**
 * The `openrouterStudio.chat` webview view: conventional glue after VS Code's webview-view sample.
 * Strict CSP with a nonce, `localResourceRoots` limited to `media/`, `dist/` and the workspace folders,
 * no command URIs. Every message from the view is validated before it is acted on.
 */
export class ChatViewProvider implements vscode.WebviewViewProvider {
  static readonly viewType = 'openrouterStudio.chat';
  private view?: vscode.WebviewView;
  private session!: () => ChatSession;

  constructor(private readonly extensionUri: vscode.Uri, private readonly log: vscode.LogOutputChannel, private readonly spending?: Spending) {}

  /**
   * Connects the session (created after the provider because it posts through it): `session` makes it on
   * first use, so activation does not load the chat until the view or a chat command needs it.
   */
  attach(session: () => ChatSession): void {
    this.session = session;
  }

  /** Posts to the view when it is open; the view asks for the whole state when it opens. */
  post(m: ToWebview): void {
    void this.view?.webview.postMessage(m);
  }

  toWebviewUri(uri: vscode.Uri): string {
    return this.view ? this.view.webview.asWebviewUri(uri).toString() : uri.toString();
  }

  /** What the extension's requests cost in this workspace, for the view (`$0.23 spent`). */
  private spentText(): string | undefined {
    const t = this.spending?.total;
    return t ? vscode.l10n.t('{0} spent', formatCost(t.usd)) : undefined;
  }

  /** Opens and focuses the view. */
  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${ChatViewProvider.viewType}.focus`);
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const folders = followWorkspaceRoots(view.webview, this.extensionUri);
    // The running total of what the extension's requests cost here, in the view's title area.
    const showSpent = (): void => {
      view.description = this.spentText();
      if (view.description) this.post({ type: 'spending', text: view.description });
    };
    showSpent();
    const spent = this.spending?.onDidChange(showSpent);
    view.webview.html = this.html(view.webview);
    // Shown again (its container opened, Focus on Chat View): the message box has the keyboard.
    const shown = view.onDidChangeVisibility(() => {
      if (view.visible) this.post({ type: 'focusInput' });
    });
    view.webview.onDidReceiveMessage((raw: unknown) => {
      // The message schemas (valibot) load with the first message, not at activation.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const msg = (require('../webview/protocol') as typeof Protocol).parseFromWebview(raw);
      if (!msg) {
        this.log.warn(`Chat view: ignored an unknown or ill-shaped message (${typeof raw === 'object' && raw ? String((raw as { type?: unknown }).type) : typeof raw})`);
        return;
      }
      this.handle(msg).catch((err) => this.log.error(`Chat view: ${errorMessage(err)}`));
    });
    view.onDidDispose(() => {
      folders.dispose();
      shown.dispose();
      spent?.dispose();
      if (this.view === view) this.view = undefined;
    });
  }

  // eslint-disable-next-line max-lines-per-function -- a table: one case per message the view sends (protocol.ts)
  private async handle(msg: FromWebview): Promise<void> {
    const s = this.session();
    switch (msg.type) {
      case 'ready': {
        this.post(await s.initMessage());
        const spent = this.spentText();
        if (spent) this.post({ type: 'spending', text: spent });
        this.post({ type: 'price', text: s.priceText() });
        return;
      }
      case 'send':
        if (msg.text.trim() === '' || s.busy) return;
        await s.send(msg.text.trim()).catch((err) => this.onTurnError(err));
        return;
      case 'generateSvg':
        if (msg.text.trim() === '' || s.busy) return;
        // Generate SVG sends words only; the view does not offer it while images are attached (they wait for Send).
        if (s.attachmentCount > 0) {
          this.log.warn('Generate SVG ignored: images are attached, and an SVG turn would not send them');
          return;
        }
        await s.svg.send(msg.text.trim()).catch((err) => this.onTurnError(err));
        return;
      case 'saveSvg':
        try {
          await s.svg.save(msg.turnId);
        } catch (err) {
          const text = errorMessage(err);
          this.log.warn(`SVG not saved: ${text}`);
          void showError(vscode.l10n.t('The SVG was not saved: {0}', text));
        }
        return;
      case 'stop':
        s.stop();
        return;
      case 'retry':
        await s.retry(msg.turnId).catch((err) => this.onTurnError(err));
        return;
      case 'newChat':
        await s.newChat();
        return;
      case 'chooseModel':
        if (await s.chooseModel()) this.post({ type: 'price', text: s.priceText() });
        this.post({ type: 'focusInput' });
        return;
      case 'pickAttachment': {
        const files = await vscode.workspace.findFiles(IMAGE_FILES_GLOB, '**/node_modules/**', 2000);
        const picked = await vscode.window.showQuickPick(
          files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
          { canPickMany: true, placeHolder: vscode.l10n.t('Attach workspace images'), matchOnDescription: true },
        );
        if (picked?.length) await s.attachFiles(picked.map((p) => p.uri));
        return;
      }
      case 'removeAttachment':
        s.removeAttachment(msg.id);
        return;
      case 'dropUris': {
        const uris = await Promise.all(msg.uris.map((u) => workspaceImageUri(this.log, u)));
        await s.attachFiles(uris.flatMap((u) => u ?? []));
        return;
      }
      case 'pasteImage':
        s.attachPasted(msg.dataUrl);
        return;
      case 'openImage': {
        const uri = await workspaceImageUri(this.log, msg.uri, true);
        if (uri) await vscode.commands.executeCommand('vscode.open', uri);
        return;
      }
      case 'improvePrompt': {
        try {
          this.post({ type: 'promptImproved', text: await s.improvePrompt(msg.text) });
        } catch (err) {
          this.post({ type: 'promptImproved', text: msg.text, error: clip(errorMessage(err), 4000) });
          // Shown once, naming what failed, with the fix (Choose model… opens the chat model setting).
          void showOpenRouterError(err, this.log, { feature: vscode.l10n.t('Improve prompt'), modelSetting: 'chatModel' });
        }
        return;
      }
      case 'refineImage': {
        const uri = await workspaceImageUri(this.log, msg.uri);
        if (uri) await s.refine(uri);
        return;
      }
      case 'insertImageLink': {
        const uri = await workspaceImageUri(this.log, msg.uri, true);
        if (uri) await vscode.commands.executeCommand('openrouterStudio.insertImageLink', uri);
        return;
      }
      case 'openLink': {
        // Only web links, through VS Code's own opener (which asks before opening untrusted domains).
        const url = webLink(msg.href);
        if (url) await vscode.env.openExternal(url);
        else this.log.warn('Chat view: refused to open a link that is not http: or https:');
        return;
      }
      case 'copy':
        await vscode.env.clipboard.writeText(msg.text);
        return;
    }
  }

  private async onTurnError(err: unknown): Promise<void> {
    // An error of a turn is shown inline in it (with Retry). A notification is added only where it offers
    // what the view cannot (setting a key, adding credits), or for an error before any turn began.
    const s = this.session();
    if (s.needsNotice(err)) await showOpenRouterError(err, this.log);
  }

  private html(webview: vscode.Webview): string {
    // blob: the SVG previews (a sanitized SVG as `<img>`: nothing in it runs or loads).
    return webviewHtml(webview, this.extensionUri, { name: 'OpenRouter Chat', css: 'chat.css', script: 'webview.js', imgSrc: 'data: blob:' });
  }
}

/**
 * A Uri string from the view (which a dropped `text/uri-list` from anywhere can fill), accepted only
 * for an image file (by extension; the bytes are checked when read) inside a workspace folder: no `..`,
 * no symbolic link out of the folder. Used for `dropUris`, `openImage` and `insertImageLink`.
 * @param svg accept `.svg` too (a saved SVG, for Open and Insert Markdown link; never sent to a model).
 * @returns the Uri, or `undefined` (logged) when refused.
 */
export async function workspaceImageUri(log: vscode.LogOutputChannel, value: string, svg = false): Promise<vscode.Uri | undefined> {
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(value.trim(), true);
  } catch {
    return undefined;
  }
  const ext = uri.path.split('.').pop()?.toLowerCase() ?? '';
  try {
    if (!EXTENSION_MIME[ext] && !(svg && ext === 'svg')) throw new Error(vscode.l10n.t('not an image file name'));
    await workspaceFolderOf(uri, 'The file');
    return uri;
  } catch (err) {
    log.warn(`Chat view: ignored a file outside the workspace or not an image (${errorMessage(err)})`);
    return undefined;
  }
}

/** A link from the view as a Uri, only when it is `http:` or `https:`; `undefined` otherwise. */
export function webLink(href: string): vscode.Uri | undefined {
  try {
    const url = vscode.Uri.parse(href, true);
    return url.scheme === 'http' || url.scheme === 'https' ? url : undefined;
  } catch {
    return undefined;
  }
}
