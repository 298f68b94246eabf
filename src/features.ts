/**
 * Everything beyond activation, bundled apart as `dist/features.js` and required by `extension.ts` on the
 * first command, chat view, hover, agent tool or automation call. The extension activates whenever a Markdown or HTML
 * file opens, and that needs only the alt-text diagnostics; the services and features below are loaded when
 * something uses them. Modules both bundles need are not copied into this one: the build takes them from
 * `dist/extension.js` (`buildExtension` and its `shareCore` plugin in esbuild.mjs), so classes and
 * singletons stay one.
 * Wiring only, like `extension.ts`.
 */
import type * as vscode from 'vscode';
import { ChatSession, ChatViewProvider } from './chat';
import type { ImageCommandDeps } from './generate';
import { BaseUrlGuard } from './platform/baseUrlGuard';
import { ClientProvider } from './platform/clientFactory';
import { Consent } from './platform/consent';
import { KeyStore } from './platform/keyStore';
import { ModelCatalog } from './platform/modelCatalog';
import { Spending } from './platform/spending';
import { disposeSvgSanitizer } from './svg';
import { GalleryIndex, type GalleryDeps } from './gallery';

export { addAltText, generateAltTextAt, improveAltTextAt, markDecorativeAt } from './altText';
export { describeImage, generateSvg, showPreviousChats } from './chat';
export * as details from './details';
export * as gallery from './gallery';
export * as generate from './generate';
export * as getStarted from './getStarted';
export * as key from './key';
export { chooseModelSetting } from './models';
export * as tools from './tools';

/** The services every feature shares, made once per activation. */
export interface Services {
  keys: KeyStore;
  guard: BaseUrlGuard;
  clients: ClientProvider;
  catalog: ModelCatalog;
  /** What the extension's requests cost in this workspace. */
  spending: Spending;
  /** The question before a paid request, and the spending limit. */
  consent: Consent;
  /** What the image commands take. */
  images: ImageCommandDeps;
  view: ChatViewProvider;
  chat: ChatSession;
  /** The gallery's index of the workspace's images (built on first use) and what its actions need. */
  galleryIndex: GalleryIndex;
  gallery: GalleryDeps;
}

/**
 * Makes the shared services (the key's SecretStorage, the base-URL guard, the client factory, the model
 * catalogue, the chat view and its session), registering their disposables with the extension.
 */
export function createServices(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Services {
  const keys = new KeyStore(context.secrets);
  const guard = new BaseUrlGuard(context.globalState, log);
  const spending = new Spending(context.workspaceState);
  const consent = new Consent(spending);
  const clients = new ClientProvider(keys, guard, log, (usd) => spending.add(usd));
  const catalog = new ModelCatalog(clients, context.globalState, () => guard.current().url);
  const view = new ChatViewProvider(context.extensionUri, log, spending);
  const chat = new ChatSession({ clients, catalog, consent, state: context.workspaceState, log, post: (m) => view.post(m), toWebviewUri: (u) => view.toWebviewUri(u) });
  view.attach(() => chat);
  const galleryIndex = new GalleryIndex(context.storageUri, log);
  const refine = async (uri: vscode.Uri): Promise<void> => {
    await view.reveal();
    await chat.refine(uri);
  };
  context.subscriptions.push(keys, clients, spending, galleryIndex, { dispose: disposeSvgSanitizer });
  const images = { clients, keys, catalog, consent, state: context.globalState, log };
  return { keys, guard, clients, catalog, spending, consent, images, view, chat, galleryIndex, gallery: { extensionUri: context.extensionUri, log, refine } };
}
