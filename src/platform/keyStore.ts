import * as vscode from 'vscode';
import { CONTEXT_KEYS, setContext } from './contexts';

/** SecretStorage key under which the OpenRouter API key is stored. */
export const SECRET_KEY = 'openrouterStudio.apiKey';

/** Where the key in use came from. */
export type KeySource = 'secret-storage' | 'environment';

/**
 * The API key's home: VS Code's `SecretStorage` (the OS keychain on desktop), with the
 * `OPENROUTER_API_KEY` environment variable as a fallback when nothing is stored.
 * The key is never written to settings, logs or webviews.
 */
export class KeyStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the stored key is set or removed (in this or another window). */
  readonly onDidChange = this.changed.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage, private readonly env: NodeJS.ProcessEnv = process.env) {
    this.sub = secrets.onDidChange((e) => {
      if (e.key === SECRET_KEY) {
        this.changed.fire();
        void this.updateContext();
      }
    });
    void this.updateContext();
  }

  /** Sets {@link CONTEXT_KEYS.hasStoredApiKey} from whether a key is stored now. */
  private async updateContext(): Promise<void> {
    const stored = await Promise.resolve(this.secrets.get(SECRET_KEY)).catch(() => undefined);
    setContext(CONTEXT_KEYS.hasStoredApiKey, !!stored?.trim());
  }

  /**
   * @returns the stored key, else `OPENROUTER_API_KEY`, else `undefined`.
   */
  async get(): Promise<string | undefined> {
    return (await this.getWithSource())?.key;
  }

  /** The key in use and where it came from, or `undefined` when there is none. */
  async getWithSource(): Promise<{ key: string; source: KeySource } | undefined> {
    const stored = (await this.secrets.get(SECRET_KEY))?.trim();
    if (stored) return { key: stored, source: 'secret-storage' };
    const env = this.env.OPENROUTER_API_KEY?.trim();
    return env ? { key: env, source: 'environment' } : undefined;
  }

  /** Stores `key` (trimmed) in SecretStorage. */
  async set(key: string): Promise<void> {
    await this.secrets.store(SECRET_KEY, key.trim());
    await this.updateContext();
  }

  /** Removes the stored key (the environment variable, if any, is then used). */
  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_KEY);
    await this.updateContext();
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}
