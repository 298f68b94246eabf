/**
 * The image gallery: one editor-area `WebviewPanel` (conventional glue after VS Code's webview samples:
 * strict CSP with a nonce, `localResourceRoots` limited to `media/`, `dist/` and the workspace folders, no
 * command URIs). The view asks; the index answers. Every message from the view is validated, and an image it
 * names is looked up in the index (never used as a path as sent).
 */
import * as vscode from 'vscode';
import { errorMessage } from '../shared/format';
import { followWorkspaceRoots, webviewHtml } from '../platform/webviewHtml';
import type * as Protocol from '../webview/galleryProtocol';
import type { FromGallery, GalleryViewQuery, ToGallery } from '../webview/galleryProtocol';
import { runAction, type GalleryDeps } from './actions';
import { familyOf } from './families';
import type { GalleryIndex } from './galleryIndex';
import { facetsOf, runQuery, type GalleryQuery } from './query';
import { compareView, facetViews, tileOf, totalText } from './tiles';

/** The open gallery, if any: Open image gallery reveals it instead of opening a second one. */
let current: GalleryPanel | undefined;

/** One gallery panel. */
export class GalleryPanel {
  static readonly viewType = 'openrouterStudio.gallery';
  private query: GalleryQuery = {};
  private readonly disposables: vscode.Disposable[] = [];

  /** Opens the gallery (or reveals the open one) showing `query`. */
  static show(deps: GalleryDeps, index: GalleryIndex, query: GalleryQuery): GalleryPanel {
    if (current) {
      current.panel.reveal();
      current.setQuery(query);
      return current;
    }
    // The webview's options (scripts, resource roots) are set and kept current by the panel (followWorkspaceRoots).
    const panel = vscode.window.createWebviewPanel(GalleryPanel.viewType, vscode.l10n.t('Image gallery'), vscode.ViewColumn.Active, { retainContextWhenHidden: false, enableScripts: true, enableCommandUris: false, localResourceRoots: [] });
    current = new GalleryPanel(panel, deps, index, query);
    return current;
  }

  /** The open gallery, for the integration tests. */
  static get open(): GalleryPanel | undefined {
    return current;
  }

  private constructor(readonly panel: vscode.WebviewPanel, private readonly deps: GalleryDeps, private readonly index: GalleryIndex, query: GalleryQuery) {
    this.query = query;
    this.disposables.push(followWorkspaceRoots(panel.webview, deps.extensionUri));
    panel.webview.html = this.html(panel.webview);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const msg = (require('../webview/galleryProtocol') as typeof Protocol).parseFromGallery(raw);
        if (!msg) {
          deps.log.warn('Gallery: ignored an unknown or ill-shaped message');
          return;
        }
        this.handle(msg).catch((err) => deps.log.error(`Gallery: ${errorMessage(err)}`));
      }),
      index.onDidChange(() => void this.sendResults()),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** Shows `query` in the view's filters and its results. */
  setQuery(query: GalleryQuery): void {
    this.query = query;
    this.post({ type: 'setQuery', query: toViewQuery(query) });
    void this.sendResults();
  }

  private post(m: ToGallery): void {
    void this.panel.webview.postMessage(m);
  }

  private toWebviewUri = (u: vscode.Uri): string => this.panel.webview.asWebviewUri(u).toString();

  /**
   * The results of the current query and their total; the facets count what the search, dates and folder
   * leave (so choosing a model still shows the others, with their counts).
   */
  private async sendResults(indexing = false): Promise<void> {
    const all = await this.index.all();
    const found = runQuery(all, this.query);
    const facets = { ...facetViews(facetsOf(runQuery(all, { ...this.query, model: undefined, maker: undefined, aspectRatio: undefined }))), total: totalText(facetsOf(found)) };
    const note = this.index.truncated ? vscode.l10n.t('The workspace has more images than the gallery indexes; the first {0} by path are shown.', all.length.toLocaleString()) : undefined;
    this.post({ type: 'results', tiles: found.map((e) => tileOf(e, this.toWebviewUri)), ...facets, indexing, note });
  }

  private async handle(msg: FromGallery): Promise<void> {
    switch (msg.type) {
      case 'ready':
        this.post({ type: 'setQuery', query: toViewQuery(this.query) });
        this.post({ type: 'results', tiles: [], models: [], makers: [], aspectRatios: [], total: '', indexing: true });
        await this.sendResults();
        return;
      case 'query':
        this.query = { ...msg.query, folder: this.query.folder };
        await this.sendResults();
        return;
      case 'action': {
        const entry = this.index.get(msg.id);
        if (!entry) return;
        await runAction(this.deps, msg.action, entry);
        // What the gallery itself deleted leaves the grid at once.
        if (msg.action === 'delete') this.index.recheck(vscode.Uri.parse(entry.uri, true));
        return;
      }
      case 'family': {
        const entry = this.index.get(msg.id);
        if (entry) this.post({ type: 'family', of: entry.uri, tiles: familyOf(await this.index.all(), entry).map((e) => tileOf(e, this.toWebviewUri)) });
        return;
      }
      case 'compare': {
        const entries = msg.ids.map((id) => this.index.get(id)).filter((e) => e !== undefined);
        if (entries.length >= 2) this.post(compareView(entries, this.toWebviewUri));
        return;
      }
    }
  }

  private dispose(): void {
    if (current === this) current = undefined;
    for (const d of this.disposables) d.dispose();
  }

  private html(webview: vscode.Webview): string {
    return webviewHtml(webview, this.deps.extensionUri, { name: 'Image gallery', css: 'gallery.css', script: 'gallery.js' });
  }
}

/** A query as the view's filters show it. */
function toViewQuery(q: GalleryQuery): GalleryViewQuery {
  const { limit: _limit, ...rest } = q;
  return rest;
}
