import * as vscode from 'vscode';
import { saneCost } from '../openrouter/pricing';

const KEY = 'openrouterStudio.spending';

/** What this extension's requests cost in one workspace: USD, summed since `since` (ISO 8601). */
export interface SpendingTotal {
  usd: number;
  since: string;
}

/**
 * The running total of what the extension's requests cost in this workspace: the sum of the `usage.cost`
 * of every reply (chat, Generate image, Describe, alt text, the agents' tools), as the client reports it.
 * Kept in workspace state, never sent anywhere; shown in the chat view's title and with the key's usage.
 */
export class Spending implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<SpendingTotal>();
  readonly onDidChange = this.changed.event;
  private current: SpendingTotal;

  constructor(private readonly state: vscode.Memento) {
    const stored = state.get<Partial<SpendingTotal>>(KEY);
    this.current = stored && typeof stored.usd === 'number' && Number.isFinite(stored.usd) && stored.usd >= 0 && typeof stored.since === 'string'
      ? { usd: stored.usd, since: stored.since }
      : { usd: 0, since: new Date().toISOString() };
  }

  get total(): SpendingTotal {
    return { ...this.current };
  }

  /** Adds one reply's cost (USD); anything but a believable cost ({@link saneCost}) is ignored, so the total stays finite. */
  add(usd: number): void {
    const cost = saneCost(usd);
    if (cost === undefined) return;
    const sum = this.current.usd + cost;
    if (!Number.isFinite(sum)) return;
    this.current = { usd: sum, since: this.current.since };
    void this.state.update(KEY, this.current);
    this.changed.fire(this.total);
  }

  /** Starts the total again from zero, now. */
  async reset(): Promise<void> {
    this.current = { usd: 0, since: new Date().toISOString() };
    await this.state.update(KEY, this.current);
    this.changed.fire(this.total);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
