import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { addAltText, AltTextDiagnostics, disposeMarkupWorker, generateAltTextAt } from './altText';
import { ChatSession, ChatViewProvider, describeImage } from './chat';
import { generateAgain, ImageDetailsHover, imageDetails } from './details';
import { cancelImageJobs, editImage, generateImage, insertImageLink, type ImageCommandDeps } from './generate';
import { addSampleImage, getStarted } from './getStarted';
import { clearApiKey, setApiKey, showKeyInfo } from './key';
import { ClientProvider } from './platform/clientFactory';
import { BaseUrlGuard } from './platform/baseUrlGuard';
import { KeyStore } from './platform/keyStore';
import { ModelCatalog } from './platform/modelCatalog';

/** What `activate` returns: for the extension's own integration tests. */
export interface ExtensionApi {
  clients: ClientProvider;
  guard: BaseUrlGuard;
  chat: ChatSession;
  altText: AltTextDiagnostics;
}

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
  const images: ImageCommandDeps = { clients, keys, catalog, state: context.globalState, log };
  const view = new ChatViewProvider(context.extensionUri, log);
  const chat = new ChatSession({ clients, catalog, state: context.workspaceState, log, post: (m) => view.post(m), toWebviewUri: (u) => view.toWebviewUri(u) });
  view.attach(chat);
  const altText = new AltTextDiagnostics(log);
  context.subscriptions.push(
    log,
    keys,
    clients,
    altText,
    vscode.window.registerWebviewViewProvider(ChatViewProvider.viewType, view),
    vscode.commands.registerCommand('openrouterStudio.setApiKey', (arg?: unknown) => setApiKey(keys, clients, log, arg)),
    vscode.commands.registerCommand('openrouterStudio.clearApiKey', () => clearApiKey(keys, log)),
    vscode.commands.registerCommand('openrouterStudio.revokeApprovedBaseUrls', (arg?: unknown) => guard.revoke(arg)),
    vscode.commands.registerCommand('openrouterStudio.showKeyInfo', () => showKeyInfo(clients, log)),
    vscode.commands.registerCommand('openrouterStudio.generateImage', (arg?: unknown) => generateImage(images, arg)),
    vscode.commands.registerCommand('openrouterStudio.editImage', (uri?: unknown, arg?: unknown) => editImage(images, uri, arg)),
    vscode.commands.registerCommand('openrouterStudio.cancelImageGeneration', () => cancelImageJobs()),
    vscode.commands.registerCommand('openrouterStudio.describeImage', (a?: unknown, b?: unknown) => describeImage(chat, view, log, a, b)),
    vscode.commands.registerCommand('openrouterStudio.chat.newChat', () => chat.newChat()),
    vscode.commands.registerCommand('openrouterStudio.insertImageLink', (uri?: unknown) => insertImageLink(uri)),
    vscode.commands.registerCommand('openrouterStudio.imageDetails', (a?: unknown, b?: unknown) => imageDetails(images, a, b)),
    vscode.commands.registerCommand('openrouterStudio.generateAgain', (a?: unknown) => generateAgain(images, a)),
    vscode.languages.registerHoverProvider({ language: 'markdown' }, new ImageDetailsHover()),
    vscode.commands.registerCommand('openrouterStudio.getStarted', () => getStarted()),
    vscode.commands.registerCommand('openrouterStudio.addSampleImage', () => addSampleImage(context.extensionUri)),
    vscode.commands.registerCommand('openrouterStudio.addAltText', (a?: unknown, b?: unknown) => addAltText({ clients, log }, a, b)),
    vscode.commands.registerCommand('openrouterStudio.generateAltTextAt', (uri?: unknown, at?: unknown) => generateAltTextAt({ clients, log }, uri, at)),
  );
  return { clients, guard, chat, altText };
}

export function deactivate(): void {
  disposeMarkupWorker();
}
