import * as vscode from 'vscode';
import { clearApiKey, setApiKey, showKeyInfo } from './commands/apiKey';
import { ClientProvider } from './services/clientFactory';
import { KeyStore } from './services/keyStore';

/** What `activate` returns: for the extension's own integration tests. */
export interface ExtensionApi {
  clients: ClientProvider;
}

/** Wires the services and commands together; no logic lives here. */
export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const log = vscode.window.createOutputChannel('OpenRouter Studio', { log: true });
  const keys = new KeyStore(context.secrets);
  const clients = new ClientProvider(keys, log);
  context.subscriptions.push(
    log,
    keys,
    clients,
    vscode.commands.registerCommand('openrouterStudio.setApiKey', (arg?: unknown) => setApiKey(keys, clients, log, arg)),
    vscode.commands.registerCommand('openrouterStudio.clearApiKey', () => clearApiKey(keys, log)),
    vscode.commands.registerCommand('openrouterStudio.showKeyInfo', () => showKeyInfo(clients, log)),
  );
  return { clients };
}

export function deactivate(): void {}
