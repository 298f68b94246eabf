import * as vscode from 'vscode';
import { drawSvg, removalSummary, saveSvg, svgMessages, svgQuestion } from '../svg';
import { describeEstimate } from '../openrouter/pricing';
import type { ClientProvider } from '../platform/clientFactory';
import type { Consent, Origin } from '../platform/consent';
import type { ModelCatalog } from '../platform/modelCatalog';
import { settings } from '../platform/config';
import type { ToWebview } from '../webview/protocol';
import { Conversation, type StoredTurn } from './conversation';
import { imageRef, type ToWebviewUri } from './turnView';

/** What SVG turns need of the session that runs them (`ChatSession`). */
export interface TurnHost {
  readonly conversation: Conversation;
  readonly deps: {
    clients: ClientProvider;
    catalog: ModelCatalog;
    consent: Pick<Consent, 'checkLimit'>;
    post: (m: ToWebview) => void;
    toWebviewUri: ToWebviewUri;
  };
  /** Shows `turn` and runs `work` as the one turn under way (see `ChatSession.runTurn`). */
  runTurn(turn: StoredTurn, work: (signal: AbortSignal) => Promise<string>): Promise<string>;
  /** Stops the turn under way. */
  stop(): void;
  /** Stores the conversation. */
  persist(): Promise<void>;
}

/**
 * Generate SVG in the chat: a turn that draws an SVG (sanitized before the view gets it), the turns after it
 * that change it, and saving one with its prompts. Turns run through the session, one at a time.
 */
export class SvgTurns {
  constructor(private readonly host: TurnHost) {}

  /**
   * Generate SVG: `openrouterStudio.drawingModel` draws one SVG document for `prompt`, streamed as progress; the
   * SVG is sanitized before the view gets it. Nothing is saved until the user presses Save ({@link save}).
   * @param opts.edit change the conversation's last SVG (it is sent with the prompt and the prompts that made
   *   it) instead of drawing a new one: what a message sent after an SVG does.
   * @returns the sanitized SVG.
   * @throws as `ChatSession.send`; an `SvgRejectedError` when the reply holds no usable SVG (shown in the turn).
   */
  async send(prompt: string, opts: { edit?: boolean } = {}): Promise<string> {
    this.host.stop();
    const last = opts.edit ? this.host.conversation.lastSvgTurn() : undefined;
    const earlier = this.host.conversation.svgPrompts(last);
    const svgModel = settings().svgModel;
    if (!(await this.allowed(prompt, svgModel, 'interactive'))) return '';
    const turn = Conversation.newTurn(prompt, svgModel, { kind: 'svg', ...(last ? { editsSvg: last.id } : {}) });
    return this.host.runTurn(turn, async (signal) => {
      const onText = (text: string): void => {
        turn.reply += text;
        this.host.deps.post({ type: 'textDelta', turnId: turn.id, text });
      };
      const drawn = await drawSvg(this.host.deps.clients.get(), turn.model, svgMessages(prompt, last?.svg?.text, earlier), { signal, onText });
      turn.svg = { text: drawn.svg, removed: removalSummary(drawn.removed) };
      turn.cost = drawn.cost;
      this.host.deps.post({ type: 'svg', turnId: turn.id, svg: { text: drawn.svg, removed: turn.svg.removed } });
      return drawn.svg;
    });
  }

  /**
   * Save on an SVG turn: writes its SVG as a new `.svg` in the output folder, with the conversation's SVG
   * prompts and the model in `<metadata>` (and `openrouter:edited_from` naming the saved SVG it changed).
   * @param turnId default: the conversation's last SVG turn.
   * @returns the saved file, or `undefined` when the turn has no SVG.
   * @throws the save's error (shown by the caller; the view's Save works again).
   */
  async save(turnId?: string): Promise<vscode.Uri | undefined> {
    const t = turnId === undefined ? this.host.conversation.latestSvg() : this.host.conversation.find(turnId);
    if (!t?.svg) return undefined;
    const before = this.host.conversation.find(t.editsSvg);
    const prompt = this.host.conversation.svgPrompts(t).join('\n');
    let uri: vscode.Uri;
    try {
      uri = await saveSvg(t.svg.text, { prompt, model: t.model, editedFrom: before?.svg?.saved ? vscode.workspace.asRelativePath(vscode.Uri.parse(before.svg.saved), false) : undefined });
    } catch (err) {
      // The card again, with Save usable, to try once the cause is fixed.
      this.host.deps.post({ type: 'svg', turnId: t.id, svg: { text: t.svg.text, removed: t.svg.removed } });
      throw err;
    }
    t.svg.saved = uri.toString();
    await this.host.persist();
    this.host.deps.post({ type: 'svgSaved', turnId: t.id, image: imageRef(uri, this.host.deps.toWebviewUri) });
    return uri;
  }

  /**
   * The spending limit for one SVG request of `model` (Generate SVG from automation or the palette).
   * @returns `false` when the user declined.
   * @throws {SpendingLimitError} for automation past the limit (nothing sent).
   */
  async allowed(prompt: string, model: string, origin: Origin): Promise<boolean> {
    return this.host.deps.consent.checkLimit(await svgQuestion(this.host.deps.catalog, vscode.l10n.t('Generate an SVG with {0}?', model), prompt, model), origin);
  }

  /** The price of one SVG with the SVG model, for people (`at most $0.4800`). */
  async priceText(): Promise<string> {
    const model = settings().svgModel;
    return describeEstimate((await svgQuestion(this.host.deps.catalog, '', '', model)).estimate);
  }
}
