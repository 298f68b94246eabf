import type * as vscode from 'vscode';

/** What a model was recently chosen for: its own list each (an image model is not a recent chat model). */
export type RecentKind = 'image' | 'chat' | 'vision' | 'drawing';

/** Global-state key of the recently chosen models. */
const RECENT_KEY = 'openrouterStudio.recentModels';
/** Most ids kept per kind. */
export const MAX_RECENT = 5;

/**
 * The models the user chose last, newest first, per kind, kept in global state (across workspaces, as
 * VS Code's own recently used commands are); a model picker lists them first.
 */
export class RecentModels {
  constructor(private readonly state: vscode.Memento) {}

  /** The ids chosen for `kind`, newest first (at most {@link MAX_RECENT}). */
  list(kind: RecentKind): string[] {
    const all = this.state.get<Partial<Record<RecentKind, unknown>>>(RECENT_KEY) ?? {};
    const ids = all[kind];
    return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string').slice(0, MAX_RECENT) : [];
  }

  /** Puts `id` first among `kind`'s recent models. */
  async add(kind: RecentKind, id: string): Promise<void> {
    const all = this.state.get<Partial<Record<RecentKind, unknown>>>(RECENT_KEY) ?? {};
    await this.state.update(RECENT_KEY, { ...all, [kind]: [id, ...this.list(kind).filter((x) => x !== id)].slice(0, MAX_RECENT) });
  }
}
