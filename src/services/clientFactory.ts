import * as vscode from 'vscode';
import { EnvHttpProxyAgent, type Dispatcher } from 'undici';
import { OpenRouterClient, type OpenRouterClientOptions, type RequestLogEntry } from '../openrouter/client';
import { settings, SECTION } from './config';
import type { KeyStore } from './keyStore';

const APP_URL = 'https://github.com/openrouter-studio/openrouter-studio';

/**
 * Builds the undici dispatcher from VS Code's network settings: `http.proxy` (else `HTTPS_PROXY` /
 * `HTTP_PROXY`), `NO_PROXY`, and `http.proxyStrictSSL` (default true).
 */
export function createDispatcher(connectTimeoutMs: number, env: NodeJS.ProcessEnv = process.env): Dispatcher {
  const http = vscode.workspace.getConfiguration('http');
  const proxy = http.get<string>('proxy')?.trim() || undefined;
  const strictSSL = http.get<boolean>('proxyStrictSSL', true);
  return new EnvHttpProxyAgent({
    httpProxy: proxy ?? env.HTTP_PROXY ?? env.http_proxy,
    httpsProxy: proxy ?? env.HTTPS_PROXY ?? env.https_proxy,
    noProxy: env.NO_PROXY ?? env.no_proxy,
    connect: { timeout: connectTimeoutMs, rejectUnauthorized: strictSSL },
    requestTls: { rejectUnauthorized: strictSSL },
  });
}

/**
 * Owns the extension's {@link OpenRouterClient}: built lazily from the settings and the key store,
 * rebuilt when `openrouterStudio.*` or `http.*` settings change. Requests are logged to `log`.
 */
export class ClientProvider implements vscode.Disposable {
  private client?: OpenRouterClient;
  private dispatcher?: Dispatcher;
  private readonly sub: vscode.Disposable;

  constructor(private readonly keys: KeyStore, private readonly log: vscode.LogOutputChannel) {
    this.sub = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION) || e.affectsConfiguration('http')) this.reset();
    });
  }

  /** The current client (created on first use), using the stored key. */
  get(): OpenRouterClient {
    this.client ??= this.create(() => this.keys.get());
    return this.client;
  }

  /** A client that uses `key` instead of the stored one (to check a key before storing it). */
  withKey(key: string): OpenRouterClient {
    return this.create(key);
  }

  private create(apiKey: OpenRouterClientOptions['apiKey']): OpenRouterClient {
    const s = settings();
    const ms = s.requestTimeoutSeconds * 1000;
    this.dispatcher ??= createDispatcher(Math.min(ms, 15_000));
    return new OpenRouterClient({
      apiKey,
      baseUrl: s.baseUrl,
      appUrl: APP_URL,
      appTitle: 'OpenRouter Studio',
      dispatcher: this.dispatcher,
      timeouts: { headersMs: ms, idleMs: ms },
      onLog: (e) => this.logRequest(e),
    });
  }

  private logRequest(e: RequestLogEntry): void {
    const parts = [`${e.method} ${e.path}`, e.model && `model=${e.model}`, `attempt=${e.attempt + 1}`, e.status !== undefined && `status=${e.status}`,
      e.generationId && `id=${e.generationId}`, e.headersMs !== undefined && `headers=${e.headersMs}ms`, e.requestBytes ? `sent=${e.requestBytes}B` : undefined]
      .filter(Boolean).join(' ');
    if (e.error) this.log.warn(`${parts} failed: ${e.error}${e.retryInMs !== undefined ? ` (retry in ${e.retryInMs} ms)` : ''}`);
    else this.log.info(parts);
  }

  private reset(): void {
    const old = this.dispatcher;
    this.client = undefined;
    this.dispatcher = undefined;
    // close() lets requests under way finish on the old pool; idle sockets go now.
    void old?.close().catch(() => undefined);
  }

  dispose(): void {
    this.sub.dispose();
    this.reset();
  }
}
