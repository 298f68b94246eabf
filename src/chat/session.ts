import * as vscode from 'vscode';
import { chooseModel } from '../platform/chooseModel';
import { needsNotification } from '../platform/errors';
import { showWarning } from '../platform/notify';
import { improvePromptFor } from '../generate';
import type { Consent, Origin } from '../platform/consent';
import { isAbortError } from '../openrouter/errors';
import { modalitiesFor } from '../openrouter/chatImageRequest';
import type { ContentPart } from '../openrouter/types';
import { readWorkspaceImage, type WorkspaceImage } from '../platform/readImage';
import type { ClientProvider } from '../platform/clientFactory';
import { settings } from '../platform/config';
import type { ModelCatalog } from '../platform/modelCatalog';
import { clip, errorMessage } from '../shared/format';
import type { ModelOption, ToWebview, TurnStatus } from '../webview/protocol';
import { Attachments } from './attachments';
import { Conversation, newId, type StoredTurn } from './conversation';
import { historyOf, withChat, type PreviousChat } from './chatHistory';
import { saveChatImage } from './saveImage';
import { SvgTurns, type TurnHost } from './svgTurns';
import { chatPriceText, turnQuestion } from './turnPrice';
import { imageRef, turnView, type ToWebviewUri } from './turnView';

export { MAX_STORED_REPLY, MAX_TURNS } from './conversation';

/** Characters of an error kept and shown. */
const MAX_ERROR = 4_000;
const STATE_KEY = 'openrouterStudio.chat.turns';
const MODEL_KEY = 'openrouterStudio.chat.model';
const HISTORY_KEY = 'openrouterStudio.chat.previous';

export interface SessionDeps {
  clients: ClientProvider;
  catalog: ModelCatalog;
  /** The spending limit (a turn past it asks, or is refused when automated). */
  consent: Pick<Consent, 'checkLimit'>;
  state: vscode.Memento;
  log: vscode.LogOutputChannel;
  /** Sends a message to the view if it is open (dropped otherwise; the view asks for `init` when it opens). */
  post: (m: ToWebview) => void;
  /** `asWebviewUri` of a file, for the view. */
  toWebviewUri: ToWebviewUri;
}

/** Options of one turn. */
export interface SendOptions {
  model?: string;
  /** Images to send with this turn instead of the pending attachments. */
  images?: WorkspaceImage[];
  /** The reply's bound (`max_tokens`): Describe sets {@link DESCRIBE_MAX_TOKENS}. */
  maxTokens?: number;
  /** Who started the turn: past the spending limit an interactive turn asks, automation is refused. Default interactive. */
  origin?: Origin;
}

/** `max_tokens` of a description (Describe this image, the describe tool): a few paragraphs, bounded in cost. */
export const DESCRIBE_MAX_TOKENS = 4096;

/**
 * The chat's state and behaviour on the extension side: the conversation (persisted in workspace state,
 * bounded to {@link MAX_TURNS}), pending attachments, the selected model, and the streaming of one turn
 * at a time into the view.
 */
export class ChatSession implements TurnHost {
  readonly conversation: Conversation;
  private readonly attachments = new Attachments();
  /** Generate SVG's turns, run by this session. */
  readonly svg: SvgTurns;
  private current?: { id: string; abort: AbortController };
  /** Errors a turn of the view already shows (with Retry): a caller does not show them again. */
  private readonly shown = new WeakSet<object>();
  model: string;

  constructor(readonly deps: SessionDeps) {
    this.conversation = new Conversation(deps.state.get<StoredTurn[]>(STATE_KEY) ?? []);
    this.model = deps.state.get<string>(MODEL_KEY) ?? settings().chatModel;
    this.svg = new SvgTurns(this);
  }

  /**
   * The `init` message for a view that just opened. The state is read after the model list arrives and
   * is posted at once, so no delta sent meanwhile is lost behind an older snapshot.
   */
  async initMessage(): Promise<ToWebview> {
    const models = await this.shownModel();
    return { type: 'init', turns: this.conversation.turns.map((t) => turnView(t, this.deps.toWebviewUri)), models, model: this.model, attachments: this.attachments.views(this.deps.toWebviewUri) };
  }

  /** Text- and image-output models (vision and image-output ones marked); `[]` when unreachable. */
  async modelOptions(refresh = false): Promise<ModelOption[]> {
    try {
      const text = await this.deps.catalog.get('text', { refresh });
      const image = await this.deps.catalog.get('image', { refresh }).catch(() => []);
      const seen = new Set<string>();
      return [...text, ...image].filter((m) => m.id.length <= 300 && !seen.has(m.id) && seen.add(m.id)).map((m) => ({
        id: m.id,
        name: clip(m.name, 500),
        vision: m.inputModalities.includes('image'),
        imageOutput: m.outputModalities.includes('image'),
      }));
    } catch (err) {
      this.deps.log.warn(`Model list unavailable: ${errorMessage(err)}`);
      return [];
    }
  }

  /** The conversation's turns, oldest first. */
  get turns(): readonly StoredTurn[] {
    return this.conversation.turns;
  }

  get busy(): boolean {
    return this.current !== undefined;
  }

  /** How many images wait to go with the next message. */
  get attachmentCount(): number {
    return this.attachments.count;
  }

  /** Makes `model` the conversation's model (kept for the workspace) and tells the view. */
  async selectModel(model: string): Promise<void> {
    this.model = model;
    await this.deps.state.update(MODEL_KEY, model);
    this.deps.post({ type: 'models', models: await this.shownModel(), model });
  }

  /** What the view's model button shows: the model in use, from {@link modelOptions} (`[]` when unlisted). */
  private async shownModel(): Promise<ModelOption[]> {
    return (await this.modelOptions()).filter((m) => m.id === this.model);
  }

  /**
   * The view's model button: VS Code's model picker (recent chat models first, prices), see {@link chooseModel}.
   * @returns the chosen model; `undefined` when the picker was closed (nothing changes).
   */
  async chooseModel(): Promise<string | undefined> {
    const picked = await chooseModel(this.deps.catalog, this.deps.log, { kind: 'chat', title: vscode.l10n.t('Chat model'), current: this.model });
    if (picked) await this.selectModel(picked);
    return picked;
  }

  /** Adds workspace images as pending attachments (checked by size and magic bytes; a refusal is shown). */
  async attachFiles(uris: vscode.Uri[]): Promise<void> {
    await this.attachments.addFiles(uris);
    this.postAttachments();
  }

  /** Adds a pasted image (a data URL from the clipboard), checked by magic bytes and size (a refusal is shown). */
  attachPasted(dataUrl: string): void {
    this.attachments.addPasted(dataUrl);
    this.postAttachments();
  }

  removeAttachment(id: string): void {
    this.attachments.remove(id);
    this.postAttachments();
  }

  private postAttachments(): void {
    this.deps.post({ type: 'attachments', attachments: this.attachments.views(this.deps.toWebviewUri) });
  }

  /**
   * Sends one turn and streams the reply into the view. With an image-output model, generated images
   * are saved into the workspace (`openrouterStudio.outputDirectory`) and shown from the saved files.
   * @returns the reply text when the stream ends.
   * @throws the client's error after the partial reply reached the view (which then shows the error);
   *   an `AbortError` when stopped (the partial reply stays, marked as stopped).
   */
  async send(prompt: string, opts: SendOptions = {}): Promise<string> {
    // After an SVG, messages change it (README, Chat): until New chat, a turn with no images of its own is an SVG turn.
    if (!opts.images && !opts.model && this.attachments.count === 0 && this.conversation.lastSvgTurn()) return this.svg.send(prompt, { edit: true });
    if (this.current) this.stop();
    // The pending attachments go with this turn (unless it brings its own), and come back if it is declined.
    const pending = opts.images ? undefined : this.attachments.take();
    let images = opts.images ?? pending!.map((a) => a.image);
    const model = opts.model ?? this.model;
    // With an image-output model a turn works on a picture: the one attached ("Refine this" attaches it),
    // else the last image this conversation made. It travels with this turn only (README, Chat).
    const imageOutput = this.deps.catalog.cached('image', model)?.outputModalities.includes('image') ?? false;
    let refines: string | undefined;
    if (imageOutput && images.length === 0 && !opts.images) {
      const stored = this.conversation.lastImage();
      const last = stored ? vscode.Uri.parse(stored) : undefined;
      if (last) {
        try {
          images = [await readWorkspaceImage(last, settings(last).maxImageBytes)];
        } catch (err) {
          this.deps.log.warn(`Not refining ${vscode.workspace.asRelativePath(last)}: ${errorMessage(err)}`);
        }
      }
    }
    if (imageOutput && images.length === 1 && images[0].uri) refines = images[0].uri.toString();
    const history = this.conversation.history(settings().chatHistoryCharacters, (u) => vscode.workspace.asRelativePath(vscode.Uri.parse(u)));
    const question = turnQuestion(this.deps.catalog, { model, prompt, history, images, maxTokens: opts.maxTokens });
    if (!(await this.deps.consent.checkLimit(question, opts.origin ?? 'interactive'))) {
      // Declined past the spending limit: nothing was sent, and the attachments wait as they were.
      if (pending) this.attachments.restore(pending);
      return '';
    }
    const turn = Conversation.newTurn(prompt, model, { attachments: images.flatMap((i) => (i.uri ? [i.uri.toString()] : [])), ...(refines ? { refines } : {}) });
    const content: ContentPart[] = [{ type: 'text', text: prompt }, ...images.map((i): ContentPart => ({ type: 'image_url', image_url: { url: i.dataUrl } }))];
    return this.runTurn(turn, async (signal) => {
      const info = await this.deps.catalog.find('image', turn.model, signal);
      const imageOutput = info?.outputModalities.includes('image') ?? false;
      const stream = this.deps.clients.get().streamChat(
        {
          model: turn.model,
          messages: [...history, { role: 'user', content: images.length > 0 ? content : prompt }],
          ...(imageOutput ? { modalities: modalitiesFor(info) } : {}),
          ...(opts.maxTokens !== undefined ? { max_tokens: opts.maxTokens } : {}),
        },
        { signal },
      );
      for await (const e of stream) {
        if (e.type === 'text') {
          turn.reply += e.text;
          this.deps.post({ type: 'textDelta', turnId: turn.id, text: e.text });
        } else if (e.type === 'reasoning') {
          turn.reasoning += e.text;
          this.deps.post({ type: 'reasoningDelta', turnId: turn.id, text: e.text });
        } else if (e.type === 'image') {
          await this.saveImage(turn, e.mimeType, e.data);
        } else if (e.type === 'image-error') {
          this.deps.log.warn(`Refused image: ${e.reason}`);
        } else if (e.type === 'usage' && e.usage.cost !== undefined) {
          turn.cost = e.usage.cost;
        }
      }
      return turn.reply;
    });
  }

  /**
   * The price of the next message with the selected model, for the view (see {@link chatPriceText}).
   */
  priceText(): string {
    return chatPriceText(this.deps.catalog, this.model);
  }

  /**
   * Shows `turn`, runs it (one at a time: it can be stopped), and ends it as done, stopped (its partial reply
   * stays) or with the error shown in the turn.
   * @returns what `work` returns.
   * @throws `work`'s error after the view shows it; an `AbortError` when stopped.
   */
  async runTurn(turn: StoredTurn, work: (signal: AbortSignal) => Promise<string>): Promise<string> {
    this.conversation.add(turn);
    this.postAttachments();
    this.deps.post({ type: 'turnStart', turn: turnView(turn, this.deps.toWebviewUri) });
    const abort = new AbortController();
    this.current = { id: turn.id, abort };
    try {
      const result = await work(abort.signal);
      await this.end(turn, 'done');
      return result;
    } catch (err) {
      if (isAbortError(err) || abort.signal.aborted) {
        await this.end(turn, 'stopped');
      } else {
        turn.error = clip(errorMessage(err), MAX_ERROR);
        this.deps.log.error(`Chat turn failed: ${turn.error}`);
        await this.end(turn, 'error');
        if (typeof err === 'object' && err !== null) this.shown.add(err);
      }
      throw err;
    } finally {
      if (this.current?.id === turn.id) this.current = undefined;
    }
  }

  /**
   * Whether `err` also needs a notification: errors are shown in one place, where they happened, so one a
   * turn of the view already shows (with Retry) needs none, unless its fix is an action only a notification
   * offers (Set API key, Add credits; {@link needsNotification}).
   */
  needsNotice(err: unknown): boolean {
    return !(typeof err === 'object' && err !== null && this.shown.has(err)) || needsNotification(err);
  }

  /** Stops the turn under way; its partial reply stays, marked as stopped. */
  stop(): void {
    this.current?.abort.abort();
  }

  /**
   * Sends a turn's prompt again (with its workspace attachments) as a new turn. When an attachment can no
   * longer be read (deleted, changed into something else), nothing is sent: the turn says why, and the log too.
   * @throws as {@link send}; the read error after it was shown in the turn.
   */
  async retry(turnId: string): Promise<string | undefined> {
    const t = this.conversation.find(turnId);
    if (!t) return undefined;
    const images: WorkspaceImage[] = [];
    try {
      for (const u of t.attachments) images.push(await readWorkspaceImage(vscode.Uri.parse(u), settings().maxImageBytes));
    } catch (err) {
      const why = clip(vscode.l10n.t('Retry failed: {0}', errorMessage(err)), MAX_ERROR);
      this.deps.log.warn(why);
      // Shown in the turn; the stored turn keeps its reply and status (it stays in the history).
      this.deps.post({ type: 'turnEnd', turnId: t.id, status: 'error', error: why, cost: t.cost });
      throw err;
    }
    return this.send(t.prompt, { model: t.model, images });
  }

  /** Starts a new conversation; the current one goes first into the previous chats ({@link previousChats}). */
  async newChat(): Promise<void> {
    this.stop();
    await this.putAway();
    this.conversation.clear();
    this.attachments.take();
    await this.deps.state.update(STATE_KEY, []);
    this.deps.post({ type: 'cleared' });
  }

  /** The previous conversations, newest first (bounded: `chatHistory.ts`). */
  previousChats(): PreviousChat[] {
    return historyOf(this.deps.state.get(HISTORY_KEY));
  }

  /**
   * Brings back the previous conversation `id`; the current one takes its place among the previous chats.
   * @returns whether there was one of that id.
   */
  async openPrevious(id: string): Promise<boolean> {
    const chat = this.previousChats().find((c) => c.id === id);
    if (!chat) return false;
    this.stop();
    await this.deps.state.update(HISTORY_KEY, this.previousChats().filter((c) => c.id !== id));
    await this.putAway();
    this.conversation.replace(chat.turns);
    this.attachments.take();
    await this.deps.state.update(STATE_KEY, this.conversation.stored());
    this.deps.post(await this.initMessage());
    return true;
  }

  /** Puts the current conversation first among the previous chats (nothing when it is empty). */
  private async putAway(): Promise<void> {
    await this.deps.state.update(HISTORY_KEY, withChat(this.previousChats(), this.conversation.stored(), newId(), Date.now()));
  }

  /**
   * Prompt help: rewrites `text` with the chat model setting (a text model) for the image model the turn
   * would use (the selected one when it makes images, else the image model setting). Sends no image request.
   * @returns the new prompt, for the message box.
   * @throws the request's error.
   */
  async improvePrompt(text: string): Promise<string> {
    const s = settings();
    const selected = this.deps.catalog.cached('image', this.model);
    const targetId = selected?.outputModalities.includes('image') ? this.model : s.imageModel;
    return improvePromptFor(this.deps.clients.get(), this.deps.catalog, s.chatModel, text, targetId, AbortSignal.timeout(s.requestTimeoutSeconds * 1000));
  }

  /** "Refine this": the next turn works on `uri` (a workspace image, checked when it is read). */
  async refine(uri: vscode.Uri): Promise<void> {
    this.attachments.removeFile(uri);
    await this.attachFiles([uri]);
  }

  private async end(turn: StoredTurn, status: Exclude<TurnStatus, 'streaming'>): Promise<void> {
    turn.status = status;
    this.deps.post({ type: 'turnEnd', turnId: turn.id, status, error: turn.error, cost: turn.cost });
    await this.persist();
  }

  /** Saves one generated image of `turn` ({@link saveChatImage}) and shows it; a failure is logged and shown. */
  private async saveImage(turn: StoredTurn, declared: string, data: Uint8Array): Promise<void> {
    try {
      const uri = await saveChatImage(turn, declared, data, this.deps.log);
      turn.images.push(uri.toString());
      this.deps.post({ type: 'image', turnId: turn.id, image: imageRef(uri, this.deps.toWebviewUri) });
    } catch (err) {
      const msg = errorMessage(err);
      this.deps.log.warn(`Image not saved: ${msg}`);
      void showWarning(msg);
    }
  }

  /** Writes the conversation to workspace state, as {@link Conversation.stored} bounds it. */
  async persist(): Promise<void> {
    await this.deps.state.update(STATE_KEY, this.conversation.stored());
  }

}
