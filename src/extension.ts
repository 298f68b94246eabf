import * as vscode from 'vscode';
import { clearApiKey, setApiKey, showKeyInfo } from './commands/apiKey';
import { editImage, generateImage, type ImageCommandDeps } from './commands/generateImage';
import { cancelImageJobs } from './commands/imageJob';
import { ClientProvider } from './services/clientFactory';
import { settings } from './services/config';
import { KeyStore } from './services/keyStore';
import { ModelCatalog } from './services/modelCatalog';

/** What `activate` returns: for the extension's own integration tests. */
export interface ExtensionApi {
  clients: ClientProvider;
}

/** Wires the services and commands together; no logic lives here. */
export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const log = vscode.window.createOutputChannel('OpenRouter Studio', { log: true });
  const keys = new KeyStore(context.secrets);
  const clients = new ClientProvider(keys, log);
  const catalog = new ModelCatalog(clients, context.globalState, () => settings().baseUrl);
  const images: ImageCommandDeps = { clients, keys, catalog, state: context.globalState, log };
  context.subscriptions.push(
    log,
    keys,
    clients,
    vscode.commands.registerCommand('openrouterStudio.setApiKey', (arg?: unknown) => setApiKey(keys, clients, log, arg)),
    vscode.commands.registerCommand('openrouterStudio.clearApiKey', () => clearApiKey(keys, log)),
    vscode.commands.registerCommand('openrouterStudio.showKeyInfo', () => showKeyInfo(clients, log)),
    vscode.commands.registerCommand('openrouterStudio.generateImage', (arg?: unknown) => generateImage(images, arg)),
    vscode.commands.registerCommand('openrouterStudio.editImage', (uri?: unknown, arg?: unknown) => editImage(images, uri, arg)),
    vscode.commands.registerCommand('openrouterStudio.cancelImageGeneration', () => cancelImageJobs()),
  );
  return { clients };
}

export function deactivate(): void {}
