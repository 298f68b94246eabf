import * as vscode from 'vscode';
import { lacksAltText } from './foundImage';
import { IMAGE_FILES_GLOB } from '../images/mime';
import { settings, SECTION } from '../platform/config';
import { ParseTimeoutError } from './markupWorker';
import { documentImages, MARKUP_SELECTOR, markupOf, type DocumentImage } from './documentImages';
import { errorMessage } from '../shared/format';

/** `Diagnostic.source` of the alt-text diagnostics. */
export const ALT_TEXT_SOURCE = 'OpenRouter Studio';
/** `Diagnostic.code` links to WCAG 2.2 success criterion 1.1.1, Non-text Content. */
const WCAG_1_1_1_URL = 'https://www.w3.org/WAI/WCAG22/Understanding/non-text-content.html';

/** Milliseconds between the last keystroke and the new diagnostics. */
const SETTLE_MS = 250;
/**
 * Largest document checked, in characters: larger ones get no diagnostics (said once in the log). The
 * check runs in a worker thread, so it never blocks the extension host; this bound and
 * {@link PARSE_DEADLINE_MS} keep a huge or pathological file from keeping that worker busy. Chosen from what
 * parses well inside the deadline: a Markdown file dense with images, lists and links parses in about 2 s at
 * 300,000 characters on a 2-core machine, and took 6 s at 888,000 (10 s and more on a busy one, so every pass
 * of the old 1,000,000 bound reached the deadline while the user typed).
 */
export const MAX_CHECKED_CHARS = 300_000;
/**
 * Most diagnostics set on one document: VS Code shows at most 1,000 problems per file (the extension host
 * drops the rest and says "Not showing N further errors and warnings"), and making 18,672 of them took the host
 * 100–300 ms on every pass. The last one says how many more images lack alt text.
 */
const MAX_DIAGNOSTICS = 1000;
/** How long the check of one document may parse, in milliseconds. */
const PARSE_DEADLINE_MS = 10_000;

/**
 * Information diagnostics on images without alt text in open Markdown and HTML documents (setting
 * `openrouterStudio.altText.diagnostics`), kept current as documents change and as image files appear or
 * go; and the Quick Fix **Generate alt text with OpenRouter** on each. Finding sends nothing anywhere:
 * only workspace files that exist are flagged (see {@link documentImages}).
 */
export class AltTextDiagnostics implements vscode.Disposable, vscode.CodeActionProvider {
  private readonly collection = vscode.languages.createDiagnosticCollection('openrouterStudio.altText');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** The pass under way for each document: a newer one cancels it, so passes never queue up behind each other. */
  private readonly passes = new Map<string, AbortController>();
  /** Documents whose check was skipped, so the log says it once per document. */
  private readonly skipped = new Set<string>();
  /** How many diagnostics each document has now. */
  private readonly counts = new Map<string, number>();
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly log: vscode.LogOutputChannel) {
    const images = vscode.workspace.createFileSystemWatcher(IMAGE_FILES_GLOB, false, true, false);
    this.subs.push(
      images,
      images.onDidCreate(() => this.refreshAll()),
      images.onDidDelete(() => this.refreshAll()),
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, SETTLE_MS)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SECTION}.altText`)) this.refreshAll();
      }),
      vscode.languages.registerCodeActionsProvider(MARKUP_SELECTOR, this, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    );
    this.refreshAll();
  }

  /** The diagnostics of `uri` now (for tests). */
  diagnostics(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }

  /**
   * Recomputes `doc`'s diagnostics now, cancelling the document's pass under way (a parse in the worker is
   * ended, not waited for). The length is checked before the text is read: over {@link MAX_CHECKED_CHARS}
   * nothing is read or parsed.
   */
  async update(doc: vscode.TextDocument): Promise<void> {
    const key = doc.uri.toString();
    this.passes.get(key)?.abort();
    if (doc.isClosed || !markupOf(doc) || !settings(doc.uri).altTextDiagnostics) {
      this.set(doc.uri);
      return;
    }
    const length = documentLength(doc);
    if (length > MAX_CHECKED_CHARS) {
      this.set(doc.uri);
      this.skipOnce(doc, vscode.l10n.t('{0} characters, over the {1} that are checked; Add missing alt text still works on it', length.toLocaleString('en-US'), MAX_CHECKED_CHARS.toLocaleString('en-US')));
      return;
    }
    const version = doc.version;
    const text = doc.getText();
    const pass = new AbortController();
    this.passes.set(key, pass);
    let images: DocumentImage[];
    try {
      images = await documentImages(doc, text, lacksAltText, { deadlineMs: PARSE_DEADLINE_MS, signal: pass.signal });
    } catch (err) {
      if (pass.signal.aborted) return; // a newer pass took over
      if (!(err instanceof ParseTimeoutError)) throw err;
      this.set(doc.uri);
      this.skipOnce(doc, err.message);
      return;
    } finally {
      if (this.passes.get(key) === pass) this.passes.delete(key);
    }
    if (pass.signal.aborted || doc.isClosed || doc.version !== version) return;
    const code = { value: 'WCAG 1.1.1', target: vscode.Uri.parse(WCAG_1_1_1_URL) };
    const lacking = images.filter((i) => i.file);
    const diagnostics = lacking.slice(0, MAX_DIAGNOSTICS).map((i, k) => {
      const more = k === MAX_DIAGNOSTICS - 1 ? lacking.length - MAX_DIAGNOSTICS : 0;
      const message = more > 0
        ? vscode.l10n.t('Image without alt text: {0} ({1} more in this file are not marked: VS Code shows 1,000 problems per file; Add missing alt text covers them all)', i.target, more.toLocaleString('en-US'))
        : vscode.l10n.t('Image without alt text: {0}', i.target);
      const d = new vscode.Diagnostic(new vscode.Range(doc.positionAt(i.start), doc.positionAt(i.end)), message, vscode.DiagnosticSeverity.Information);
      d.source = ALT_TEXT_SOURCE;
      d.code = code;
      return d;
    });
    this.set(doc.uri, diagnostics);
  }

  /** Sets (or, without `diagnostics`, deletes) a document's diagnostics, and their count. */
  private set(uri: vscode.Uri, diagnostics?: vscode.Diagnostic[]): void {
    if (diagnostics) {
      this.collection.set(uri, diagnostics);
      this.counts.set(uri.toString(), diagnostics.length);
    } else {
      this.collection.delete(uri);
      this.counts.delete(uri.toString());
    }
  }

  async provideCodeActions(doc: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const ours = context.diagnostics.filter((d) => d.source === ALT_TEXT_SOURCE);
    if (ours.length === 0) {
      const improve = await this.improveAction(doc, range).catch(() => undefined);
      return improve ? [improve] : [];
    }
    const actions = ours.map((d) => {
      const a = new vscode.CodeAction(vscode.l10n.t('Generate alt text with OpenRouter'), vscode.CodeActionKind.QuickFix);
      a.diagnostics = [d];
      a.isPreferred = true;
      a.command = { command: 'openrouterStudio.generateAltTextAt', title: a.title, arguments: [doc.uri, doc.offsetAt(d.range.start)] };
      return a;
    });
    // An element (`<img>`, `<Image>`) can say it is decorative with `alt=""`; Markdown's `![](…)` cannot.
    for (const d of ours) {
      if (doc.getText(new vscode.Range(d.range.start, d.range.start.translate(0, 1))) !== '<') continue;
      const a = new vscode.CodeAction(vscode.l10n.t('Mark as decorative (alt="")'), vscode.CodeActionKind.QuickFix);
      a.diagnostics = [d];
      a.command = { command: 'openrouterStudio.markDecorativeAt', title: a.title, arguments: [doc.uri, doc.offsetAt(d.range.start)] };
      actions.push(a);
    }
    // The count, not the collection: `get` copies every diagnostic of the file (18,672 of them took 73 ms per
    // call, and VS Code asks for code actions on every move of the cursor); the action carries the ones at hand.
    if (ours.length > 0 && (this.counts.get(doc.uri.toString()) ?? 0) > 1) {
      const all = new vscode.CodeAction(vscode.l10n.t('Generate all missing alt text in this file with OpenRouter'), vscode.CodeActionKind.QuickFix);
      all.diagnostics = ours;
      all.command = { command: 'openrouterStudio.addAltText', title: all.title, arguments: [doc.uri] };
      actions.push(all);
    }
    return actions;
  }

  /**
   * **Improve alt text with OpenRouter** on the image at `range` when it has alt text of its own (not
   * decorative, not given by an expression) and is a workspace file; the parse is the one the marks made.
   */
  private async improveAction(doc: vscode.TextDocument, range: vscode.Range): Promise<vscode.CodeAction | undefined> {
    if (!markupOf(doc) || !settings(doc.uri).altTextDiagnostics || documentLength(doc) > MAX_CHECKED_CHARS) return undefined;
    const offset = doc.offsetAt(range.start);
    const [image] = await documentImages(doc, doc.getText(), (i) => i.start <= offset && offset <= i.end && !i.decorative && !i.bound && !lacksAltText(i), { deadlineMs: 2000 });
    if (!image?.file) return undefined;
    const a = new vscode.CodeAction(vscode.l10n.t('Improve alt text with OpenRouter'), vscode.CodeActionKind.QuickFix);
    a.command = { command: 'openrouterStudio.improveAltTextAt', title: a.title, arguments: [doc.uri, image.start, image.alt] };
    return a;
  }

  private schedule(doc: vscode.TextDocument, ms: number): void {
    if (!markupOf(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    // The text changed: the pass under way is of an old version, and ends now instead of holding the worker.
    this.passes.get(key)?.abort();
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.update(doc).catch((err) => this.log.warn(`Alt text check of ${vscode.workspace.asRelativePath(doc.uri)} failed: ${errorMessage(err)}`));
    }, ms));
  }

  /** Logs once per document why it is not checked. */
  private skipOnce(doc: vscode.TextDocument, why: string): void {
    const key = doc.uri.toString();
    if (this.skipped.has(key)) return;
    this.skipped.add(key);
    this.log.info(`Alt text check skipped for ${vscode.workspace.asRelativePath(doc.uri)}: ${why}.`);
  }

  private refreshAll(): void {
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  private forget(uri: vscode.Uri): void {
    this.passes.get(uri.toString())?.abort();
    clearTimeout(this.timers.get(uri.toString()));
    this.timers.delete(uri.toString());
    this.skipped.delete(uri.toString());
    this.set(uri);
  }

  dispose(): void {
    for (const p of this.passes.values()) p.abort();
    for (const t of this.timers.values()) clearTimeout(t);
    for (const s of this.subs) s.dispose();
    this.collection.dispose();
  }
}

/**
 * A document's length in characters without reading its text: the offset of its end (`getText()` of a 48 MB
 * file took 280–720 ms on every pause in typing, only to be found too long).
 */
function documentLength(doc: vscode.TextDocument): number {
  return doc.lineCount === 0 ? 0 : doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end);
}
