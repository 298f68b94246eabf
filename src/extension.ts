import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type * as AddAltText from './altText/addAltText';
import { AltTextDiagnostics } from './altText/diagnostics';
import { disposeMarkupWorker } from './altText/documentImages';
import { ChatViewProvider } from './chat/chatViewProvider';
import type * as DescribeImage from './chat/describeImage';
import type { ChatSession } from './chat/session';
import type * as ChatSessionModule from './chat/session';
import type * as Details from './details';
import type * as Generate from './generate';
import type * as GetStarted from './getStarted';
import type * as Key from './key';
import { BaseUrlGuard } from './platform/baseUrlGuard';
import { ClientProvider } from './platform/clientFactory';
import { KeyStore } from './platform/keyStore';
import { ModelCatalog } from './platform/modelCatalog';

/** What `activate` returns: for the extension's own integration tests. */
export interface ExtensionApi {
  clients: ClientProvider;
  guard: BaseUrlGuard;
  /** The chat session (made on first use). */
  readonly chat: ChatSession;
  altText: AltTextDiagnostics;
}

/**
 * A feature module required the first time one of its commands runs. The extension activates whenever a
 * Markdown or HTML file opens, so it loads only what that needs (the alt-text diagnostics, the view and hover
 * registrations); esbuild keeps the features in the bundle and runs each module's code only on its first
 * `require`.
 */
function lazy<T>(load: () => T): () => T {
  let m: T | undefined;
  return () => (m ??= load());
}

/* eslint-disable @typescript-eslint/no-require-imports */
const generate = lazy(() => require('./generate') as typeof Generate);
const details = lazy(() => require('./details') as typeof Details);
const key = lazy(() => require('./key') as typeof Key);
const getStarted = lazy(() => require('./getStarted') as typeof GetStarted);
const addAltText = lazy(() => require('./altText/addAltText') as typeof AddAltText);
const describe = lazy(() => require('./chat/describeImage') as typeof DescribeImage);
const chatSession = lazy(() => require('./chat/session') as typeof ChatSessionModule);
/* eslint-enable @typescript-eslint/no-require-imports */

/** Wires the services, the chat view and the commands together; no logic lives here. */
export function activate(context: vscode.ExtensionContext): ExtensionApi {
  // The modules that do not import `vscode` (the client, image checks) translate through @vscode/l10n:
  // give it the bundle VS Code loaded for the display language (none in English).
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  const log = vscode.window.createOutputChannel('OpenRouter Studio', { log: true });
  const keys = new KeyStore(context.secrets);
  const guard = new BaseUrlGuard(context.globalState, log);
  const clients = new ClientProvider(keys, guard, log);
  const catalog = new ModelCatalog(clients, context.globalState, () => guard.current().url);
  const images: Generate.ImageCommandDeps = { clients, keys, catalog, state: context.globalState, log };
  const view = new ChatViewProvider(context.extensionUri, log);
  const chat = lazy(() => new (chatSession().ChatSession)({ clients, catalog, state: context.workspaceState, log, post: (m) => view.post(m), toWebviewUri: (u) => view.toWebviewUri(u) }));
  view.attach(chat);
  const altText = new AltTextDiagnostics(log);
  const hover = lazy(() => new (details().ImageDetailsHover)());
  context.subscriptions.push(
    log,
    keys,
    clients,
    altText,
    vscode.window.registerWebviewViewProvider(ChatViewProvider.viewType, view),
    vscode.commands.registerCommand('openrouterStudio.setApiKey', (arg?: unknown) => key().setApiKey(keys, clients, log, arg)),
    vscode.commands.registerCommand('openrouterStudio.clearApiKey', () => key().clearApiKey(keys, log)),
    vscode.commands.registerCommand('openrouterStudio.revokeApprovedBaseUrls', (arg?: unknown) => guard.revoke(arg)),
    vscode.commands.registerCommand('openrouterStudio.showKeyInfo', () => key().showKeyInfo(clients, log)),
    vscode.commands.registerCommand('openrouterStudio.generateImage', (arg?: unknown) => generate().generateImage(images, arg)),
    vscode.commands.registerCommand('openrouterStudio.editImage', (uri?: unknown, arg?: unknown) => generate().editImage(images, uri, arg)),
    vscode.commands.registerCommand('openrouterStudio.cancelImageGeneration', () => generate().cancelImageJobs()),
    vscode.commands.registerCommand('openrouterStudio.describeImage', (a?: unknown, b?: unknown) => describe().describeImage(chat(), view, log, a, b)),
    vscode.commands.registerCommand('openrouterStudio.chat.newChat', () => chat().newChat()),
    vscode.commands.registerCommand('openrouterStudio.insertImageLink', (uri?: unknown) => generate().insertImageLink(uri)),
    vscode.commands.registerCommand('openrouterStudio.imageDetails', (a?: unknown, b?: unknown) => details().imageDetails(images, a, b)),
    vscode.commands.registerCommand('openrouterStudio.generateAgain', (a?: unknown) => details().generateAgain(images, a)),
    vscode.languages.registerHoverProvider({ language: 'markdown' }, { provideHover: (doc, position) => hover().provideHover(doc, position) }),
    vscode.commands.registerCommand('openrouterStudio.getStarted', () => getStarted().getStarted()),
    vscode.commands.registerCommand('openrouterStudio.addSampleImage', () => getStarted().addSampleImage(context.extensionUri)),
    vscode.commands.registerCommand('openrouterStudio.addAltText', (a?: unknown, b?: unknown) => addAltText().addAltText({ clients, log }, a, b)),
    vscode.commands.registerCommand('openrouterStudio.generateAltTextAt', (uri?: unknown, at?: unknown) => addAltText().generateAltTextAt({ clients, log }, uri, at)),
  );
  return {
    clients,
    guard,
    get chat() {
      return chat();
    },
    altText,
  };
}

export function deactivate(): void {
  disposeMarkupWorker();
}
