/**
 * The chat's stored conversation: its turns (bounded to {@link MAX_TURNS}), as workspace state keeps them
 * (images by Uri string, never as data; replies bounded, reasoning not kept), the history sent with a new turn
 * (bounded by characters), and the SVG and image the next turn works on. Pure: no `vscode`.
 */
import * as l10n from '@vscode/l10n';
import type { ChatMessage } from '../openrouter/types';
import { clip } from '../shared/format';
import type { TurnStatus } from '../webview/protocol';

/** How many turns are kept (and persisted); older ones are dropped. */
export const MAX_TURNS = 50;
/** Characters of one reply kept in workspace state (a longer one is cut, with a note). */
export const MAX_STORED_REPLY = 200_000;
/** Characters of a prompt kept. */
const MAX_PROMPT = 100_000;

/** A turn as stored in workspace state: images by Uri string, never as data. */
export interface StoredTurn {
  id: string;
  prompt: string;
  attachments: string[];
  model: string;
  reply: string;
  reasoning: string;
  images: string[];
  status: TurnStatus;
  error?: string;
  cost?: number;
  /** The image this turn works on (Uri string): its results are saved beside it, naming it. */
  refines?: string;
  /** An SVG turn: a text model drew {@link svg} (Generate SVG, or a follow-up that changed the last SVG). */
  kind?: 'svg';
  /** The sanitized SVG, what was removed from it (for people), and where Save put it (Uri string). */
  svg?: { text: string; removed: string[]; saved?: string };
  /** For a follow-up: the id of the SVG turn whose SVG this one changed. */
  editsSvg?: string;
}

let counter = 0;
/** A new id for a turn or an attachment, unique in this extension host. */
export const newId = (): string => `${Date.now().toString(36)}-${(++counter).toString(36)}`;

/** The turns of one conversation, oldest first. */
export class Conversation {
  private list: StoredTurn[];

  /** @param stored what workspace state holds: a turn that was streaming when VS Code closed reads as stopped. */
  constructor(stored: readonly StoredTurn[] = []) {
    this.list = stored.map((t) => (t.status === 'streaming' ? { ...t, status: 'stopped' } : t));
  }

  get turns(): readonly StoredTurn[] {
    return this.list;
  }

  find(id: string | undefined): StoredTurn | undefined {
    return id === undefined ? undefined : this.list.find((t) => t.id === id);
  }

  /** A new turn, not yet added: streaming, with its prompt clipped. */
  static newTurn(prompt: string, model: string, extra: Partial<StoredTurn> = {}): StoredTurn {
    return { id: newId(), prompt: clip(prompt, MAX_PROMPT), attachments: [], model, reply: '', reasoning: '', images: [], status: 'streaming', ...extra };
  }

  /** Adds a turn; past {@link MAX_TURNS} the oldest go. */
  add(turn: StoredTurn): void {
    this.list.push(turn);
    if (this.list.length > MAX_TURNS) this.list.splice(0, this.list.length - MAX_TURNS);
  }

  clear(): void {
    this.list = [];
  }

  /** Makes `turns` the conversation (a previous chat brought back), as the constructor reads them. */
  replace(turns: readonly StoredTurn[]): void {
    this.list = new Conversation(turns).list;
  }

  /** The last SVG turn that drew an SVG, if it is the last turn that did anything (a follow-up then changes it). */
  lastSvgTurn(): StoredTurn | undefined {
    for (let i = this.list.length - 1; i >= 0; i--) {
      const t = this.list[i];
      if (t.kind === 'svg' && t.svg) return t;
      if (t.kind !== 'svg' && t.status === 'done') return undefined;
    }
    return undefined;
  }

  /** The last SVG turn with an SVG, whatever came after it (Save without a turn named). */
  latestSvg(): StoredTurn | undefined {
    return [...this.list].reverse().find((t) => t.kind === 'svg' && t.svg);
  }

  /** The prompts that made `upTo`'s SVG, oldest first: its own and those of the SVGs it changed, at most 10. */
  svgPrompts(upTo: StoredTurn | undefined): string[] {
    const chain: string[] = [];
    for (let t = upTo; t && chain.length < 10; t = this.find(t.editsSvg)) chain.unshift(t.prompt);
    return chain;
  }

  /** The newest image a turn made (Uri string), if any. */
  lastImage(): string | undefined {
    for (let i = this.list.length - 1; i >= 0; i--) {
      const imgs = this.list[i].images;
      if (imgs.length > 0) return imgs[imgs.length - 1];
    }
    return undefined;
  }

  /**
   * Earlier finished turns as messages (text only: images are sent with their own turn, not again), the
   * newest first taken until `budget` characters are reached, so cost and context stay bounded however long
   * the conversation gets. Reasoning is never re-sent; an SVG turn's reply is named, not sent again.
   * @param relative how a Uri string is named to the model (workspace-relative).
   */
  history(budget: number, relative: (uri: string) => string): ChatMessage[] {
    const pairs: ChatMessage[][] = [];
    for (const t of [...this.list].reverse()) {
      if (!(t.status === 'done' || (t.status === 'stopped' && t.reply !== ''))) continue;
      const user = t.attachments.length > 0 ? `${t.prompt}\n[attached: ${t.attachments.map(relative).join(', ')}]` : t.prompt;
      const made = [...t.images, ...(t.svg?.saved ? [t.svg.saved] : [])].map(relative).join(', ');
      const assistant = [t.kind === 'svg' ? '[SVG]' : t.reply, made ? `[image: ${made}]` : ''].filter(Boolean).join('\n') || '(image)';
      budget -= user.length + assistant.length;
      if (budget < 0) break;
      pairs.unshift([{ role: 'user', content: user }, { role: 'assistant', content: assistant }]);
    }
    return pairs.flat();
  }

  /**
   * The turns as workspace state keeps them: reasoning not stored (it is never re-sent), a reply over
   * {@link MAX_STORED_REPLY} characters cut with a note; an SVG turn keeps its sanitized SVG (not the raw
   * reply), and not an SVG over that bound.
   */
  stored(): StoredTurn[] {
    return this.list.map((t) => {
      const svg = t.kind === 'svg' && t.svg ? { reply: '', svg: t.svg.text.length <= MAX_STORED_REPLY ? t.svg : undefined } : {};
      const reply = svg.reply ?? t.reply;
      return {
        ...t,
        ...svg,
        reasoning: '',
        reply: reply.length > MAX_STORED_REPLY ? `${reply.slice(0, MAX_STORED_REPLY)}\n\n*(${l10n.t('The rest of this reply was not kept: replies are stored up to {0} characters.', MAX_STORED_REPLY.toLocaleString('en-US'))})*` : reply,
      };
    });
  }
}
