import * as vscode from 'vscode';
import type { Dispatcher } from 'undici';
import { undici } from '../openrouter/undici';
import { OpenRouterClient, type OpenRouterClientOptions, type RequestLogEntry } from '../openrouter/client';
import type { BaseUrlGuard } from './baseUrlGuard';
import { settings, SECTION } from './config';
import type { KeyStore } from './keyStore';

const APP_URL = 'https://github.com/openrouter-studio/openrouter-studio';

/**
 * Builds the undici dispatcher from VS Code's network settings: `http.proxy` (else `HTTPS_PROXY` /
 * `HTTP_PROXY`), `http.noProxy` together with `NO_PROXY`, and `http.proxyStrictSSL` (default true).
 * As in VS Code (https://code.visualstudio.com/docs/setup/network), `proxyStrictSSL: false` relaxes
 * certificate checks only for connections made through the proxy; a direct connection always checks.
 */
export function createDispatcher(connectTimeoutMs: number, env: NodeJS.ProcessEnv = process.env): Dispatcher {
  const http = vscode.workspace.getConfiguration('http');
  const proxy = http.get<string>('proxy')?.trim() || undefined;
  const strictSSL = http.get<boolean>('proxyStrictSSL', true);
  const noProxy = [...(http.get<string[]>('noProxy') ?? []).filter((h) => typeof h === 'string' && h.trim() !== ''), env.NO_PROXY ?? env.no_proxy]
    .filter(Boolean)
    .join(',');
  return new (undici().EnvHttpProxyAgent)({
    httpProxy: proxy ?? env.HTTP_PROXY ?? env.http_proxy,
    httpsProxy: proxy ?? env.HTTPS_PROXY ?? env.https_proxy,
    noProxy: noProxy || undefined,
    connect: { timeout: connectTimeoutMs },
    proxyTls: { rejectUnauthorized: strictSSL },
    requestTls: { rejectUnauthorized: strictSSL },
  });
}

/**
 * Owns the extension's {@link OpenRouterClient}: built lazily from the settings and the key store,
 * rebuilt when `openrouterStudio.*` or `http.*` settings change. Requests are logged to `log`.
 * The key goes only where the {@link BaseUrlGuard} allows: before each request that carries it, a base
 * URL from workspace settings on a foreign origin needs the user's approval.
 */
export class ClientProvider implements vscode.Disposable {
  private client?: OpenRouterClient;
  private dispatcher?: Dispatcher;
  private readonly sub: vscode.Disposable;

  /**
   * @param onCost receives the cost (USD) of every reply that reports one (the spending total).
   */
  constructor(private readonly keys: KeyStore, private readonly guard: BaseUrlGuard, private readonly log: vscode.LogOutputChannel, private readonly onCost?: (usd: number) => void) {
    this.sub = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION) || e.affectsConfiguration('http')) this.reset();
    });
  }

  /**
   * The current client (created on first use), using the stored key (else `OPENROUTER_API_KEY`).
   * @throws {BaseUrlError} when `openrouterStudio.baseUrl` is not an http(s) URL.
   */
  get(): OpenRouterClient {
    this.client ??= this.create(() => this.keys.get());
    return this.client;
  }

  /** A client that uses `key` instead of the stored one (to check a key before storing it). */
  withKey(key: string): OpenRouterClient {
    return this.create(() => key);
  }

  private create(getKey: () => string | undefined | Promise<string | undefined>): OpenRouterClient {
    const s = settings();
    const choice = this.guard.current();
    // Read before each request: the key is released only once the guard allows its destination.
    const apiKey: OpenRouterClientOptions['apiKey'] = async () => {
      const key = await getKey();
      if (key) await this.guard.ensureApproved(choice);
      return key;
    };
    const ms = s.requestTimeoutSeconds * 1000;
    this.dispatcher ??= createDispatcher(Math.min(ms, 15_000));
    return new OpenRouterClient({
      apiKey,
      baseUrl: choice.url,
      appUrl: APP_URL,
      appTitle: 'OpenRouter Studio',
      dispatcher: this.dispatcher,
      timeouts: { headersMs: ms, idleMs: ms },
      limits: s.streamLimits,
      onLog: (e) => this.logRequest(e),
      onCost: this.onCost,
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
