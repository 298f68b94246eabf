import * as vscode from 'vscode';
import { OpenRouterError } from '../openrouter/errors';
import type { ImageModel } from '../openrouter/imageApi';
import type { ImageEndpointPrice } from '../openrouter/pricing';
import type { Model } from '../openrouter/types';
import { UntrustedBaseUrlError } from './baseUrlGuard';
import type { ClientProvider } from './clientFactory';
import { RecentModels } from './recentModels';

/**
 * Which list: image-output models of `GET /models` (`output_modalities=image`), text-output ones (the
 * endpoint default), or the Image API's models (`GET /images/models`).
 */
export type ModelKind = 'image' | 'text' | 'imageApi';

/** The models of each list. */
type ModelOf<K extends ModelKind> = K extends 'imageApi' ? ImageModel : Model;

const TTL_MS = 60 * 60 * 1000;
/** How long one fetch of the list may take in all (a server can trickle a byte a second and never idle out). */
export const CATALOG_DEADLINE_MS = 20_000;
/** Most models kept (OpenRouter lists a few hundred): the list is stored in global state. */
export const MAX_MODELS = 2_000;

/** Global-state key of the Image API's per-model prices, and how many models it keeps. */
const PRICES_KEY = 'openrouterStudio.imagePrices';
export const MAX_PRICED_MODELS = 100;

interface Cached<T> {
  at: number;
  baseUrl: string;
  models: T[];
}

/**
 * The models lists (`GET /models`, `GET /images/models`), cached for an hour in memory and in global state (so pickers open
 * at once and still work offline); `refresh` forces a new fetch.
 */
export class ModelCatalog {
  private readonly inFlight = new Map<ModelKind, Promise<unknown[]>>();
  /** The models the user chose last, listed first by the model pickers. */
  readonly recent: RecentModels;

  constructor(private readonly clients: ClientProvider, private readonly state: vscode.Memento, private readonly baseUrl: () => string) {
    this.recent = new RecentModels(state);
  }

  /**
   * @param opts.signal the caller's cancellation: it stops the wait (the shared fetch goes on for others
   *   until its own deadline, {@link CATALOG_DEADLINE_MS}).
   * @returns the models of `kind` (at most {@link MAX_MODELS}), from cache when fresh.
   * @throws {OpenRouterError} when fetching fails (or takes past its deadline) and nothing is cached; the
   *   signal's reason when `signal` aborts.
   */
  async get<K extends ModelKind>(kind: K, opts: { refresh?: boolean; signal?: AbortSignal } = {}): Promise<Array<ModelOf<K>>> {
    const key = `openrouterStudio.models.${kind}`;
    const cached = this.state.get<Cached<ModelOf<K>>>(key);
    if (!opts.refresh && cached && cached.baseUrl === this.baseUrl() && Date.now() - cached.at < TTL_MS) return cached.models;
    let p = this.inFlight.get(kind);
    if (!p) {
      const signal = AbortSignal.timeout(CATALOG_DEADLINE_MS);
      const client = this.clients.get();
      const list: Promise<unknown[]> = kind === 'imageApi' ? client.listImageModels({ signal }) : client.listModels({ ...(kind === 'image' ? { outputModalities: ['image'] } : {}), signal });
      p = list.then(
        (m) => m.slice(0, MAX_MODELS),
        (err: unknown) => {
          if (!signal.aborted) throw err;
          throw new OpenRouterError({ kind: 'timeout', detail: vscode.l10n.t('the models list did not arrive within {0} seconds', CATALOG_DEADLINE_MS / 1000) });
        },
      );
      this.inFlight.set(kind, p);
      void p.finally(() => this.inFlight.delete(kind)).catch(() => undefined);
    }
    try {
      const models = (await untilAborted(p, opts.signal)) as Array<ModelOf<K>>;
      await this.state.update(key, { at: Date.now(), baseUrl: this.baseUrl(), models } satisfies Cached<ModelOf<K>>);
      return models;
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      if (cached && cached.baseUrl === this.baseUrl() && !opts.refresh) return cached.models;
      throw err;
    }
  }

  /**
   * The entry for `id` of `kind` from the stored list, without fetching (however old the list, for the
   * same base URL); `undefined` when not stored.
   */
  cached<K extends ModelKind>(kind: K, id: string): ModelOf<K> | undefined {
    const c = this.state.get<Cached<ModelOf<K>>>(`openrouterStudio.models.${kind}`);
    return c && c.baseUrl === this.baseUrl() ? (c.models.find((m) => m.id === id) as ModelOf<K> | undefined) : undefined;
  }

  /**
   * The cached entry for `id` of `kind`, fetching the list when needed; `undefined` when unknown or unreachable.
   * @param signal the caller's cancellation (a chat turn's Stop): the lookup then ends at once.
   * @throws {UntrustedBaseUrlError} when the user declined to send the key to the base URL: the request
   *   that follows would be declined too, so it is not asked twice.
   */
  async find<K extends ModelKind>(kind: K, id: string, signal?: AbortSignal): Promise<ModelOf<K> | undefined> {
    try {
      return (await this.get(kind, { signal })).find((m) => m.id === id) as ModelOf<K> | undefined;
    } catch (err) {
      if (err instanceof UntrustedBaseUrlError) throw err;
      return undefined;
    }
  }

  /**
   * The prices of an Image API model's endpoints (`GET /images/models/{author}/{slug}/endpoints`), cached for
   * an hour in global state per model (at most {@link MAX_PRICED_MODELS}, the oldest dropped), and served stale
   * when the fetch fails.
   * @returns the endpoints' prices; `undefined` when unknown (not fetched, unreachable, or none listed).
   * @throws {UntrustedBaseUrlError} as {@link find}.
   */
  async imagePrices(id: string, signal?: AbortSignal): Promise<ImageEndpointPrice[] | undefined> {
    const all = this.state.get<Record<string, Cached<ImageEndpointPrice>>>(PRICES_KEY) ?? {};
    const cached = Object.prototype.hasOwnProperty.call(all, id) ? all[id] : undefined;
    const usable = cached && cached.baseUrl === this.baseUrl() ? cached.models : undefined;
    if (usable && Date.now() - cached!.at < TTL_MS) return usable.length > 0 ? usable : undefined;
    try {
      const deadline = AbortSignal.timeout(CATALOG_DEADLINE_MS);
      const endpoints = await this.clients.get().listImageModelEndpoints(id, { signal: signal ? AbortSignal.any([signal, deadline]) : deadline });
      const kept = Object.entries(all).filter(([k]) => k !== id).sort((a, b) => b[1].at - a[1].at).slice(0, MAX_PRICED_MODELS - 1);
      await this.state.update(PRICES_KEY, Object.fromEntries([...kept, [id, { at: Date.now(), baseUrl: this.baseUrl(), models: endpoints }]]));
      return endpoints.length > 0 ? endpoints : undefined;
    } catch (err) {
      if (err instanceof UntrustedBaseUrlError) throw err;
      if (signal?.aborted) throw signal.reason;
      return usable && usable.length > 0 ? usable : undefined;
    }
  }
}

/** `p`, or a rejection with the signal's reason as soon as `signal` aborts. */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * A model's price for people, e.g. `$0.30/M in · $2.50/M out · $30.00/M image tokens` or `$0.03/image`.
 * Prices in {@link Model.pricing} are USD per token (or per request).
 */
export function describePrice(m: Model): string {
  const perM = (n: number): string => `$${(n * 1e6).toFixed(2)}/M`;
  const p = m.pricing;
  const parts: string[] = [];
  if (p.request) parts.push(vscode.l10n.t('{0}/image', `$${p.request.toFixed(3)}`));
  if (p.prompt) parts.push(vscode.l10n.t('{0} in', perM(p.prompt)));
  if (p.completion) parts.push(vscode.l10n.t('{0} out', perM(p.completion)));
  if (p.imageOutput) parts.push(vscode.l10n.t('{0} image tokens', perM(p.imageOutput)));
  if (parts.length === 0) return p.prompt === 0 && p.completion === 0 ? vscode.l10n.t('free') : vscode.l10n.t('price unknown');
  return parts.join(' · ');
}
