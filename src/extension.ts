import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { AltTextDiagnostics } from './altText/diagnostics';
import { disposeMarkupWorker, MARKUP_SELECTOR } from './altText/documentImages';
import { escapedLog } from './platform/log';
import type * as Features from './features';
import type { ChatSession } from './chat';
import type { BaseUrlGuard } from './platform/baseUrlGuard';
import type { ClientProvider } from './platform/clientFactory';
import type { Consent } from './platform/consent';
import type { Spending } from './platform/spending';

/** What `activate` returns: for the extension's own integration tests. */
export interface ExtensionApi {
  readonly clients: ClientProvider;
  readonly guard: BaseUrlGuard;
  /** The chat session. */
  readonly chat: ChatSession;
  altText: AltTextDiagnostics;
  /** What the extension's requests cost in this workspace. */
  readonly spending: Spending;
  /** The question before a paid request (tests set its `answerer`) and the spending limit. */
  readonly consent: Consent;
  /** The agents' tools as registered (their `prepareInvocation` cannot be reached through `vscode.lm`). */
  tools: { generate: vscode.LanguageModelTool<unknown>; edit: vscode.LanguageModelTool<unknown>; describe: vscode.LanguageModelTool<unknown> };
}

/** A value made on first use. */
function lazy<T>(make: () => T): () => T {
  let m: T | undefined;
  return () => (m ??= make());
}

/**
 * The features and the services they share (`dist/features.js`, see `features.ts`). The extension activates
 * whenever a Markdown or HTML file opens, and that needs only the alt-text diagnostics: the rest loads on the
 * first command, chat view or hover.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const features = lazy(() => require('./features') as typeof Features);

/** Wires the diagnostics, the chat view and the commands together; no logic lives here. */
export function activate(context: vscode.ExtensionContext): ExtensionApi {
  // The modules that do not import `vscode` (the client, image checks) translate through @vscode/l10n:
  // give it the bundle VS Code loaded for the display language (none in English).
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  // Every line through escapedLog: text from files, models and servers cannot forge a line.
  const log = escapedLog(vscode.window.createOutputChannel('OpenRouter Studio', { log: true }));
  /** The shared services, made on first use (`features.ts`). */
  const s = lazy(() => features().createServices(context, log));
  const f = features;
  const altText = new AltTextDiagnostics(log);
  const hover = lazy(() => new (features().details.ImageDetailsHover)());
  const command = (id: string, run: (...args: never[]) => unknown): vscode.Disposable => vscode.commands.registerCommand(`openrouterStudio.${id}`, run);
  context.subscriptions.push(
    log,
    altText,
    // The view's provider is made when VS Code first shows the view.
    vscode.window.registerWebviewViewProvider('openrouterStudio.chat', { resolveWebviewView: (view) => s().view.resolveWebviewView(view) }),
    command('setApiKey', (arg?: unknown) => f().key.setApiKey(s().keys, s().clients, log, arg)),
    command('clearApiKey', () => f().key.clearApiKey(s().keys, log)),
    command('revokeApprovedBaseUrls', (arg?: unknown) => s().guard.revoke(arg)),
    command('showKeyInfo', () => f().key.showKeyInfo(s().clients, log, s().spending)),
    command('resetSpending', () => s().spending.reset()),
    command('chooseModel', (arg?: unknown) => f().chooseModelSetting(s().catalog, log, arg)),
    command('generateImage', (arg?: unknown) => f().generate.generateImage(s().images, arg)),
    command('editImage', (uri?: unknown, arg?: unknown) => f().generate.editImage(s().images, uri, arg)),
    command('generateFromImages', (uri?: unknown, uris?: unknown, arg?: unknown) => f().generate.generateFromImages(s().images, uri, uris, arg)),
    command('cancelImageGeneration', () => f().generate.cancelImageJobs()),
    command('describeImage', (a?: unknown, b?: unknown) => f().describeImage(s().chat, s().view, log, a, b)),
    command('generateSvg', (arg?: unknown) => f().generateSvg(s().chat, s().view, s().clients, log, arg)),
    command('chat.newChat', () => s().chat.newChat()),
    command('chat.showHistory', (arg?: unknown) => f().showPreviousChats(s().chat, () => s().view.reveal(), arg)),
    command('insertImageLink', (uri?: unknown) => f().generate.insertImageLink(uri)),
    command('imageDetails', (a?: unknown, b?: unknown) => f().details.imageDetails(s().images, a, b)),
    command('generateAgain', (a?: unknown) => f().details.generateAgain(s().images, a)),
    command('openGallery', (a?: unknown) => f().gallery.openGallery(s().gallery, () => s().galleryIndex, a)),
    command('searchImages', (a?: unknown) => f().gallery.searchImages(s().galleryIndex, a)),
    vscode.languages.registerHoverProvider(MARKUP_SELECTOR, { provideHover: (doc, position) => hover().provideHover(doc, position) }),
    command('getStarted', () => f().getStarted.getStarted()),
    command('addSampleImage', () => f().getStarted.addSampleImage(context.extensionUri)),
    command('addAltText', (a?: unknown, b?: unknown) => f().addAltText({ clients: s().clients, catalog: s().catalog, consent: s().consent, log }, a, b)),
    command('markDecorativeAt', (uri?: unknown, at?: unknown) => f().markDecorativeAt(uri, at)),
    command('generateAltTextAt', (uri?: unknown, at?: unknown) => f().generateAltTextAt({ clients: s().clients, catalog: s().catalog, consent: s().consent, log }, uri, at)),
    command('improveAltTextAt', (uri?: unknown, at?: unknown, current?: unknown) => f().improveAltTextAt({ clients: s().clients, catalog: s().catalog, consent: s().consent, log }, uri, at, current)),
  );
  // Agents' tools (`vscode.lm.registerTool`, VS Code 1.95+), each made on its first use.
  const tool = <T>(make: () => vscode.LanguageModelTool<T>): vscode.LanguageModelTool<T> => {
    const made = lazy(make);
    return { prepareInvocation: (o, k) => made().prepareInvocation?.(o, k), invoke: (o, k) => made().invoke(o, k) };
  };
  const tools = {
    generate: tool(() => f().tools.generateImageTool(s().images)),
    edit: tool(() => f().tools.editImageTool(s().images)),
    describe: tool(() => f().tools.describeImageTool(s().images)),
  };
  if (typeof vscode.lm?.registerTool === 'function') {
    context.subscriptions.push(
      vscode.lm.registerTool('openrouterStudio_generateImage', tools.generate),
      vscode.lm.registerTool('openrouterStudio_editImage', tools.edit),
      vscode.lm.registerTool('openrouterStudio_describeImage', tools.describe),
    );
  }
  return {
    get clients() {
      return s().clients;
    },
    get guard() {
      return s().guard;
    },
    get chat() {
      return s().chat;
    },
    get spending() {
      return s().spending;
    },
    get consent() {
      return s().consent;
    },
    altText,
    tools: tools as ExtensionApi['tools'],
  };
}

export function deactivate(): void {
  disposeMarkupWorker();
}
