import * as vscode from 'vscode';
import { showError, showWarning } from '../platform/notify';
import { decodeDataUrl } from '../images/dataUrl';
import { IMAGE_EXTENSIONS, ImageRejectedError, sniffImageMime, verifyImage } from '../images/mime';
import { generatedBaseName, splitFileName } from '../images/naming';
import { embedProvenance } from '../images/xmp';
import { improvePromptFor } from '../generate';
import { provenanceText } from '../images/provenance';
import { outputFolder, saveNewFile } from '../platform/saver';
import { drawSvg, removalSummary, saveSvg, svgMessages, svgQuestion } from '../svg';
import { describeEstimate, estimateChatImage, estimateText, type Estimate } from '../openrouter/pricing';
import type { Consent, Origin } from '../platform/consent';
import type { SpendQuestion } from '../shared/spendQuestion';
import { isAbortError } from '../openrouter/errors';
import { modalitiesFor } from '../openrouter/chatImageRequest';
import type { ChatMessage, ContentPart } from '../openrouter/types';
import { MAX_IMAGES_TOTAL_BYTES, readWorkspaceImage, type WorkspaceImage } from '../platform/readImage';
import type { ClientProvider } from '../platform/clientFactory';
import { settings } from '../platform/config';
import type { ModelCatalog } from '../platform/modelCatalog';
import { clip, errorMessage } from '../shared/format';
import type { AttachmentView, ImageRef, ModelOption, ToWebview, TurnStatus, TurnView } from '../webview/protocol';

/** How many turns are kept (and persisted); older ones are dropped. */
export const MAX_TURNS = 50;
/** Characters of one reply kept in workspace state (a longer one is cut, with a note). */
export const MAX_STORED_REPLY = 200_000;
/** Characters of an error, a prompt or a model name kept and shown. */
const MAX_ERROR = 4_000;
const MAX_PROMPT = 100_000;
const STATE_KEY = 'openrouterStudio.chat.turns';
const MODEL_KEY = 'openrouterStudio.chat.model';

/** A turn as stored in workspace state: images by Uri string, never as data. */
interface StoredTurn {
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

/** An attachment waiting to be sent: a workspace file, or a pasted image held in memory until sent. */
interface PendingAttachment {
  id: string;
  label: string;
  image: WorkspaceImage | { uri?: undefined; mimeType: string; bytes: Uint8Array; dataUrl: string };
}

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
  toWebviewUri: (uri: vscode.Uri) => string;
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
/** Output tokens a chat turn without a bound is guessed at, for the estimate past the spending limit. */
const CHAT_TURN_TOKENS = 1000;

let counter = 0;
const newId = (): string => `${Date.now().toString(36)}-${(++counter).toString(36)}`;

/**
 * The chat's state and behaviour on the extension side: the conversation (persisted in workspace state,
 * bounded to {@link MAX_TURNS}), pending attachments, the selected model, and the streaming of one turn
 * at a time into the view.
 */
export class ChatSession {
  private turns: StoredTurn[];
  private attachments: PendingAttachment[] = [];
  private current?: { id: string; abort: AbortController };
  model: string;

  constructor(private readonly deps: SessionDeps) {
    this.turns = (deps.state.get<StoredTurn[]>(STATE_KEY) ?? []).map((t) => (t.status === 'streaming' ? { ...t, status: 'stopped' } : t));
    this.model = deps.state.get<string>(MODEL_KEY) ?? settings().chatModel;
  }

  /**
   * The `init` message for a view that just opened. The state is read after the model list arrives and
   * is posted at once, so no delta sent meanwhile is lost behind an older snapshot.
   */
  async initMessage(): Promise<ToWebview> {
    const models = await this.modelOptions();
    return { type: 'init', turns: this.turns.map((t) => this.view(t)), models, model: this.model, attachments: this.attachmentViews() };
  }

  /** Text-output models for the picker (vision and image-output ones marked); `[]` when unreachable. */
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

  get busy(): boolean {
    return this.current !== undefined;
  }

  async selectModel(model: string): Promise<void> {
    this.model = model;
    await this.deps.state.update(MODEL_KEY, model);
  }

  /** Adds workspace images as pending attachments (checked by size and magic bytes). */
  async attachFiles(uris: vscode.Uri[]): Promise<void> {
    const max = settings().maxImageBytes;
    for (const uri of uris) {
      try {
        // Each file once; all of a turn's images at most MAX_IMAGES_TOTAL_BYTES (they make one request).
        if (this.attachments.some((a) => a.image.uri?.toString() === uri.toString())) continue;
        const room = MAX_IMAGES_TOTAL_BYTES - this.attachedBytes();
        const image = await readWorkspaceImage(uri, Math.min(max, room));
        this.attachments.push({ id: newId(), label: vscode.workspace.asRelativePath(uri), image });
      } catch (err) {
        void showError(errorMessage(err));
      }
    }
    this.deps.post({ type: 'attachments', attachments: this.attachmentViews() });
  }

  /** Adds a pasted image (a data URL from the clipboard), checked by magic bytes and size. */
  attachPasted(dataUrl: string): void {
    try {
      // The clipboard's declared type is not trusted: the bytes decide.
      const { data } = decodeDataUrl(dataUrl);
      const actual = sniffImageMime(data);
      if (!actual) throw new ImageRejectedError(vscode.l10n.t('The pasted data is not a PNG, JPEG, WebP or GIF image.'));
      if (data.length > settings().maxImageBytes) throw new ImageRejectedError(vscode.l10n.t('The pasted image is over the size limit (openrouterStudio.maxImageBytes).'));
      if (this.attachedBytes() + data.length > MAX_IMAGES_TOTAL_BYTES) throw new ImageRejectedError(vscode.l10n.t('The attachments would come to over {0} MB in all; one message carries at most that.', MAX_IMAGES_TOTAL_BYTES / 1024 / 1024));
      this.attachments.push({ id: newId(), label: `${vscode.l10n.t('pasted image')}.${IMAGE_EXTENSIONS[actual]}`, image: { mimeType: actual, bytes: data, dataUrl } });
    } catch (err) {
      void showError(errorMessage(err));
    }
    this.deps.post({ type: 'attachments', attachments: this.attachmentViews() });
  }

  /** Bytes of the pending attachments. */
  private attachedBytes(): number {
    return this.attachments.reduce((n, a) => n + a.image.bytes.length, 0);
  }

  removeAttachment(id: string): void {
    this.attachments = this.attachments.filter((a) => a.id !== id);
    this.deps.post({ type: 'attachments', attachments: this.attachmentViews() });
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
    if (!opts.images && !opts.model && this.attachments.length === 0 && this.lastSvgTurn()) return this.sendSvg(prompt, { edit: true });
    if (this.current) this.stop();
    let images = opts.images ?? this.attachments.map((a) => a.image);
    const pending = this.attachments;
    if (!opts.images) this.attachments = [];
    const model = opts.model ?? this.model;
    // With an image-output model a turn works on a picture: the one attached ("Refine this" attaches it),
    // else the last image this conversation made. It travels with this turn only (README, Chat).
    const imageOutput = this.deps.catalog.cached('image', model)?.outputModalities.includes('image') ?? false;
    let refines: string | undefined;
    if (imageOutput && images.length === 0 && !opts.images) {
      const last = this.lastImage();
      if (last) {
        try {
          images = [await readWorkspaceImage(last, settings(last).maxImageBytes)];
        } catch (err) {
          this.deps.log.warn(`Not refining ${vscode.workspace.asRelativePath(last)}: ${errorMessage(err)}`);
        }
      }
    }
    if (imageOutput && images.length === 1 && images[0].uri) refines = images[0].uri.toString();
    const history = this.history();
    const question = await this.turnQuestion(model, prompt, history, images, opts.maxTokens);
    if (!(await this.deps.consent.checkLimit(question, opts.origin ?? 'interactive'))) {
      // Declined past the spending limit: nothing was sent, and the attachments wait as they were.
      if (!opts.images) this.attachments = pending;
      return '';
    }
    const turn = this.newTurn(prompt, model, { attachments: images.flatMap((i) => (i.uri ? [i.uri.toString()] : [])), ...(refines ? { refines } : {}) });
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
   * Generate SVG: `openrouterStudio.svgModel` draws one SVG document for `prompt`, streamed as progress; the
   * SVG is sanitized before the view gets it. Nothing is saved until the user presses Save ({@link saveSvg}).
   * @param opts.edit change the conversation's last SVG (it is sent with the prompt and the prompts that made
   *   it) instead of drawing a new one: what a message sent after an SVG does.
   * @returns the sanitized SVG.
   * @throws as {@link send}; an `SvgRejectedError` when the reply holds no usable SVG (shown in the turn).
   */
  async sendSvg(prompt: string, opts: { edit?: boolean } = {}): Promise<string> {
    if (this.current) this.stop();
    const last = opts.edit ? this.lastSvgTurn() : undefined;
    const earlier = this.svgPrompts(last);
    const svgModel = settings().svgModel;
    const question = await svgQuestion(this.deps.catalog, vscode.l10n.t('Generate an SVG with {0}?', svgModel), prompt, svgModel);
    if (!(await this.deps.consent.checkLimit(question, 'interactive'))) return '';
    const turn = this.newTurn(prompt, svgModel, { kind: 'svg', ...(last ? { editsSvg: last.id } : {}) });
    return this.runTurn(turn, async (signal) => {
      const onText = (text: string): void => {
        turn.reply += text;
        this.deps.post({ type: 'textDelta', turnId: turn.id, text });
      };
      const drawn = await drawSvg(this.deps.clients.get(), turn.model, svgMessages(prompt, last?.svg?.text, earlier), { signal, onText });
      turn.svg = { text: drawn.svg, removed: removalSummary(drawn.removed) };
      turn.cost = drawn.cost;
      this.deps.post({ type: 'svg', turnId: turn.id, svg: { text: drawn.svg, removed: turn.svg.removed } });
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
  async saveSvg(turnId?: string): Promise<vscode.Uri | undefined> {
    const t = turnId === undefined ? [...this.turns].reverse().find((x) => x.kind === 'svg' && x.svg) : this.turns.find((x) => x.id === turnId);
    if (!t?.svg) return undefined;
    const before = this.turns.find((x) => x.id === t.editsSvg);
    const prompt = this.svgPrompts(t).join('\n');
    let uri: vscode.Uri;
    try {
      uri = await saveSvg(t.svg.text, { prompt, model: t.model, editedFrom: before?.svg?.saved ? vscode.workspace.asRelativePath(vscode.Uri.parse(before.svg.saved), false) : undefined });
    } catch (err) {
      // The card again, with Save usable, to try once the cause is fixed.
      this.deps.post({ type: 'svg', turnId: t.id, svg: { text: t.svg.text, removed: t.svg.removed } });
      throw err;
    }
    t.svg.saved = uri.toString();
    await this.persist();
    this.deps.post({ type: 'svgSaved', turnId: t.id, image: this.ref(uri) });
    return uri;
  }

  /**
   * What a turn would cost, as the question shown past the spending limit: an image-output model's image
   * (from `/models` prices), or a text reply of at most `maxTokens` (else a guess of a thousand tokens).
   */
  private async turnQuestion(model: string, prompt: string, history: ChatMessage[], images: Array<{ uri?: vscode.Uri }>, maxTokens?: number): Promise<SpendQuestion> {
    const promptChars = prompt.length + history.reduce((n, m) => n + (typeof m.content === 'string' ? m.content.length : 0), 0);
    const estimate = await this.estimateTurn(model, promptChars, images.length, maxTokens);
    const t = vscode.l10n.t;
    return {
      title: t('Send this message to {0}?', model),
      facts: [{ label: t('Model'), value: model }, { label: t('Message'), value: prompt }],
      uploads: images.map((i) => (i.uri ? vscode.workspace.asRelativePath(i.uri, false) : t('pasted image'))),
      estimate,
    };
  }

  private async estimateTurn(model: string, promptChars: number, images: number, maxTokens?: number): Promise<Estimate> {
    const image = this.deps.catalog.cached('image', model);
    if (image?.outputModalities.includes('image')) return estimateChatImage(image, { promptChars, inputImages: images });
    const text = this.deps.catalog.cached('text', model);
    const e = estimateText(text, { promptChars, images, maxTokens: maxTokens ?? CHAT_TURN_TOKENS });
    return maxTokens === undefined && e.basis !== 'unknown' ? { basis: 'about', usd: e.usd } : e;
  }

  /**
   * The price of the next message with the selected model, for the view: an image model's estimate of one
   * image (`google/gemini-2.5-flash-image: about $0.0390 a message`); `''` for a text model (billed by tokens).
   */
  priceText(): string {
    const image = this.deps.catalog.cached('image', this.model);
    if (!image?.outputModalities.includes('image')) return '';
    return vscode.l10n.t('{0}: {1} a message', this.model, describeEstimate(estimateChatImage(image, { promptChars: 200, inputImages: 1 })));
  }

  /**
   * The spending limit for one SVG request of `model` (Generate SVG from automation or the palette).
   * @returns `false` when the user declined.
   * @throws {SpendingLimitError} for automation past the limit (nothing sent).
   */
  async svgAllowed(prompt: string, model: string, origin: Origin): Promise<boolean> {
    return this.deps.consent.checkLimit(await svgQuestion(this.deps.catalog, vscode.l10n.t('Generate an SVG with {0}?', model), prompt, model), origin);
  }

  /** The price of one SVG with the SVG model, for people (`at most $0.4800`). */
  async svgPriceText(): Promise<string> {
    const model = settings().svgModel;
    return describeEstimate((await svgQuestion(this.deps.catalog, '', '', model)).estimate);
  }

  /** A new turn, not yet shown or sent. */
  private newTurn(prompt: string, model: string, extra: Partial<StoredTurn> = {}): StoredTurn {
    return { id: newId(), prompt: clip(prompt, MAX_PROMPT), attachments: [], model, reply: '', reasoning: '', images: [], status: 'streaming', ...extra };
  }

  /**
   * Shows `turn`, runs it (one at a time: it can be stopped), and ends it as done, stopped (its partial reply
   * stays) or with the error shown in the turn.
   * @returns what `work` returns.
   * @throws `work`'s error after the view shows it; an `AbortError` when stopped.
   */
  private async runTurn(turn: StoredTurn, work: (signal: AbortSignal) => Promise<string>): Promise<string> {
    this.turns.push(turn);
    if (this.turns.length > MAX_TURNS) this.turns.splice(0, this.turns.length - MAX_TURNS);
    this.deps.post({ type: 'attachments', attachments: this.attachmentViews() });
    this.deps.post({ type: 'turnStart', turn: this.view(turn) });
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
      }
      throw err;
    } finally {
      if (this.current?.id === turn.id) this.current = undefined;
    }
  }

  /** The conversation's last SVG turn that drew an SVG, if it is the last turn that did anything. */
  private lastSvgTurn(): StoredTurn | undefined {
    for (let i = this.turns.length - 1; i >= 0; i--) {
      const t = this.turns[i];
      if (t.kind === 'svg' && t.svg) return t;
      if (t.kind !== 'svg' && t.status === 'done') return undefined;
    }
    return undefined;
  }

  /** The prompts that made `upTo`'s SVG, oldest first: its own and those of the SVGs it changed, at most 10. */
  private svgPrompts(upTo: StoredTurn | undefined): string[] {
    const chain: string[] = [];
    for (let t = upTo; t && chain.length < 10; t = this.turns.find((x) => x.id === t!.editsSvg)) chain.unshift(t.prompt);
    return chain;
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
    const t = this.turns.find((x) => x.id === turnId);
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

  /** Clears the conversation (and its stored copy). */
  async newChat(): Promise<void> {
    this.stop();
    this.turns = [];
    this.attachments = [];
    await this.deps.state.update(STATE_KEY, []);
    this.deps.post({ type: 'cleared' });
  }

  /** The newest image a turn of this conversation made, if any. */
  private lastImage(): vscode.Uri | undefined {
    for (let i = this.turns.length - 1; i >= 0; i--) {
      const imgs = this.turns[i].images;
      if (imgs.length > 0) return vscode.Uri.parse(imgs[imgs.length - 1]);
    }
    return undefined;
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
    this.attachments = this.attachments.filter((a) => a.image.uri?.toString() !== uri.toString());
    await this.attachFiles([uri]);
  }

  /**
   * Earlier finished turns as messages (text only: images are sent with their own turn, not again), the
   * newest first taken until `openrouterStudio.chatHistoryCharacters` is reached, so cost and context stay
   * bounded however long the conversation gets. Reasoning is never re-sent.
   */
  private history(): ChatMessage[] {
    let budget = settings().chatHistoryCharacters;
    const pairs: ChatMessage[][] = [];
    for (const t of [...this.turns].reverse()) {
      if (!(t.status === 'done' || (t.status === 'stopped' && t.reply !== ''))) continue;
      const user = t.attachments.length > 0 ? `${t.prompt}\n[attached: ${t.attachments.map((u) => vscode.workspace.asRelativePath(vscode.Uri.parse(u))).join(', ')}]` : t.prompt;
      const made = [...t.images, ...(t.svg?.saved ? [t.svg.saved] : [])].map((u) => vscode.workspace.asRelativePath(vscode.Uri.parse(u))).join(', ');
      // An SVG turn's reply is its SVG: named, not sent again.
      const assistant = [t.kind === 'svg' ? '[SVG]' : t.reply, made ? `[image: ${made}]` : ''].filter(Boolean).join('\n') || '(image)';
      budget -= user.length + assistant.length;
      if (budget < 0) break;
      pairs.unshift([{ role: 'user', content: user }, { role: 'assistant', content: assistant }]);
    }
    return pairs.flat();
  }

  private async end(turn: StoredTurn, status: Exclude<TurnStatus, 'streaming'>): Promise<void> {
    turn.status = status;
    this.deps.post({ type: 'turnEnd', turnId: turn.id, status, error: turn.error, cost: turn.cost });
    await this.persist();
  }

  /**
   * Writes the conversation to workspace state, bounded: reasoning is not stored (it is never re-sent),
   * and a reply over {@link MAX_STORED_REPLY} characters is cut, with a note.
   */
  private async persist(): Promise<void> {
    const stored = this.turns.map((t) => {
      // An SVG turn keeps its sanitized SVG, not the raw reply; an SVG over the bound is not kept.
      const svg = t.kind === 'svg' && t.svg ? { reply: '', svg: t.svg.text.length <= MAX_STORED_REPLY ? t.svg : undefined } : {};
      const reply = svg.reply ?? t.reply;
      return {
        ...t,
        ...svg,
        reasoning: '',
        reply: reply.length > MAX_STORED_REPLY ? `${reply.slice(0, MAX_STORED_REPLY)}\n\n*(${vscode.l10n.t('The rest of this reply was not kept: replies are stored up to {0} characters.', MAX_STORED_REPLY.toLocaleString('en-US'))})*` : reply,
      };
    });
    await this.deps.state.update(STATE_KEY, stored);
  }

  /**
   * Saves one generated image as a new file: beside the image the turn refines (`<name>-2.png` …), else in
   * the output folder named after the prompt; with its provenance (`openrouter:edited_from` naming the refined
   * image) when `embedMetadata` is on.
   */
  private async saveImage(turn: StoredTurn, declared: string, data: Uint8Array): Promise<void> {
    try {
      const mime = verifyImage(declared, data);
      const source = turn.refines ? vscode.Uri.parse(turn.refines) : undefined;
      const folder = (source && vscode.workspace.getWorkspaceFolder(source)) ?? vscode.workspace.workspaceFolders?.[0];
      if (!folder) throw new Error(vscode.l10n.t('Open a folder to save generated images.'));
      const s = settings(folder.uri);
      const fields = provenanceText({ prompt: turn.prompt, model: turn.model, api: 'chat', editedFrom: source ? vscode.workspace.asRelativePath(source, false) : undefined });
      let bytes = data;
      if (s.embedMetadata) {
        try {
          bytes = embedProvenance(mime, data, fields);
        } catch (err) {
          this.deps.log.warn(`Metadata not embedded: ${errorMessage(err)}`);
        }
      }
      const uri = source
        ? await saveNewFile(vscode.Uri.joinPath(source, '..'), splitFileName(source.path).base, IMAGE_EXTENSIONS[mime], bytes, folder.uri)
        : await saveNewFile(outputFolder(folder.uri, s.outputDirectory), generatedBaseName(turn.prompt, new Date()), IMAGE_EXTENSIONS[mime], bytes, folder.uri);
      turn.images.push(uri.toString());
      this.deps.post({ type: 'image', turnId: turn.id, image: this.ref(uri) });
    } catch (err) {
      const msg = errorMessage(err);
      this.deps.log.warn(`Image not saved: ${msg}`);
      void showWarning(msg);
    }
  }

  private ref(uri: vscode.Uri): ImageRef {
    return { src: this.deps.toWebviewUri(uri), label: vscode.workspace.asRelativePath(uri), uri: uri.toString() };
  }

  private view(t: StoredTurn): TurnView {
    const refs = (list: string[]): ImageRef[] => list.map((u) => this.ref(vscode.Uri.parse(u)));
    const svg = t.svg ? { text: t.svg.text, removed: t.svg.removed, ...(t.svg.saved ? { saved: this.ref(vscode.Uri.parse(t.svg.saved)) } : {}) } : undefined;
    return { ...t, attachments: refs(t.attachments), images: refs(t.images), svg };
  }

  private attachmentViews(): AttachmentView[] {
    return this.attachments.map((a) => ({ id: a.id, label: a.label, thumb: a.image.uri ? this.deps.toWebviewUri(a.image.uri) : a.image.dataUrl }));
  }
}
