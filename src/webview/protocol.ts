/**
 * The chat view's message protocol: one discriminated union per direction, imported by the extension
 * host (`src/chat/`) and the webview script (`src/webview/main.ts`), and a validator for each, so that
 * every message is checked on receipt. An unknown or ill-shaped message is dropped (and logged), never
 * acted on. Images travel as webview URIs of saved workspace files, never as base64 data.
 */

/** A model in the view's picker. */
export interface ModelOption {
  id: string;
  name: string;
  /** Accepts image input (vision). */
  vision: boolean;
  /** Can output images. */
  imageOutput: boolean;
}

/** An image shown in the view: a workspace file. */
export interface ImageRef {
  /** `webview.asWebviewUri(...)` of the file, for `<img src>`. */
  src: string;
  /** Workspace-relative path, for labels and alt text. */
  label: string;
  /** The file's `vscode.Uri` as a string, for Open / Insert Markdown link. */
  uri: string;
}

/** An attachment waiting to be sent. */
export interface AttachmentView {
  id: string;
  label: string;
  /** `asWebviewUri` of a workspace file, or a `data:` thumbnail for a pasted image. */
  thumb: string;
}

export type TurnStatus = 'streaming' | 'done' | 'stopped' | 'error';

/** One exchange: the user's message and the assistant's reply. */
export interface TurnView {
  id: string;
  prompt: string;
  attachments: ImageRef[];
  model: string;
  reply: string;
  reasoning: string;
  images: ImageRef[];
  status: TurnStatus;
  /** The client's user message when `status` is `error`. */
  error?: string;
  /** USD, from `usage.cost`. */
  cost?: number;
}

/** Extension host → webview. */
export type ToWebview =
  | { type: 'init'; turns: TurnView[]; models: ModelOption[]; model: string; attachments: AttachmentView[] }
  | { type: 'models'; models: ModelOption[]; model: string }
  | { type: 'turnStart'; turn: TurnView }
  | { type: 'textDelta'; turnId: string; text: string }
  | { type: 'reasoningDelta'; turnId: string; text: string }
  | { type: 'image'; turnId: string; image: ImageRef }
  | { type: 'turnEnd'; turnId: string; status: Exclude<TurnStatus, 'streaming'>; error?: string; cost?: number }
  | { type: 'attachments'; attachments: AttachmentView[] }
  | { type: 'cleared' }
  | { type: 'focusInput' };

/** Webview → extension host. */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'send'; text: string }
  | { type: 'stop' }
  | { type: 'retry'; turnId: string }
  | { type: 'newChat' }
  | { type: 'selectModel'; model: string }
  | { type: 'pickAttachment' }
  | { type: 'removeAttachment'; id: string }
  | { type: 'dropUris'; uris: string[] }
  | { type: 'pasteImage'; dataUrl: string }
  | { type: 'openImage'; uri: string }
  | { type: 'insertImageLink'; uri: string }
  | { type: 'openLink'; href: string }
  | { type: 'copy'; text: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown, max = 1_000_000): v is string => typeof v === 'string' && v.length <= max;
const isOptNum = (v: unknown): boolean => v === undefined || (typeof v === 'number' && Number.isFinite(v));
const isOptStr = (v: unknown): boolean => v === undefined || isStr(v);
const isArr = <T>(v: unknown, each: (x: unknown) => x is T, max = 10_000): v is T[] => Array.isArray(v) && v.length <= max && v.every(each);
/** The valid items of a list (at most `max`, the last ones): one bad item does not take the others with it. */
const validItems = <T>(v: unknown, each: (x: unknown) => x is T, max = 10_000): T[] | undefined => (Array.isArray(v) ? v.filter(each).slice(-max) : undefined);

const isModel = (v: unknown): v is ModelOption => isObj(v) && isStr(v.id, 300) && isStr(v.name, 500) && typeof v.vision === 'boolean' && typeof v.imageOutput === 'boolean';
const isImageRef = (v: unknown): v is ImageRef => isObj(v) && isStr(v.src, 4096) && isStr(v.label, 4096) && isStr(v.uri, 4096);
/** Thumbnails may be pasted-image data URLs (up to the size limit), else short webview URIs. */
const isAttachment = (v: unknown): v is AttachmentView => isObj(v) && isStr(v.id, 100) && isStr(v.label, 4096) && isStr(v.thumb, 30_000_000);
const STATUSES = ['streaming', 'done', 'stopped', 'error'];
const isTurn = (v: unknown): v is TurnView =>
  isObj(v) && isStr(v.id, 100) && isStr(v.prompt) && isArr(v.attachments, isImageRef) && isStr(v.model, 300) && isStr(v.reply, 10_000_000) &&
  isStr(v.reasoning, 10_000_000) && isArr(v.images, isImageRef) && STATUSES.includes(v.status as string) && isOptStr(v.error) && isOptNum(v.cost);

/**
 * Validates a message the webview received.
 * @returns the typed message, or `undefined` when it is not one of {@link ToWebview}.
 */
export function parseToWebview(m: unknown): ToWebview | undefined {
  if (!isObj(m) || typeof m.type !== 'string') return undefined;
  switch (m.type) {
    case 'init': {
      // Item by item: one oversized or ill-shaped turn, model or attachment is dropped, not the whole view.
      const turns = validItems(m.turns, isTurn);
      const models = validItems(m.models, isModel);
      const attachments = validItems(m.attachments, isAttachment);
      return turns && models && attachments && isStr(m.model, 300) ? { type: 'init', turns, models, model: m.model, attachments } : undefined;
    }
    case 'models': {
      const models = validItems(m.models, isModel);
      return models && isStr(m.model, 300) ? { type: 'models', models, model: m.model } : undefined;
    }
    case 'turnStart':
      return isTurn(m.turn) ? (m as ToWebview) : undefined;
    case 'textDelta':
    case 'reasoningDelta':
      return isStr(m.turnId, 100) && isStr(m.text) ? (m as ToWebview) : undefined;
    case 'image':
      return isStr(m.turnId, 100) && isImageRef(m.image) ? (m as ToWebview) : undefined;
    case 'turnEnd':
      return isStr(m.turnId, 100) && ['done', 'stopped', 'error'].includes(m.status as string) && isOptStr(m.error) && isOptNum(m.cost) ? (m as ToWebview) : undefined;
    case 'attachments': {
      const attachments = validItems(m.attachments, isAttachment);
      return attachments ? { type: 'attachments', attachments } : undefined;
    }
    case 'cleared':
    case 'focusInput':
      return { type: m.type };
    default:
      return undefined;
  }
}

/**
 * Validates a message the extension host received from the webview.
 * @returns the typed message, or `undefined` when it is not one of {@link FromWebview}.
 */
export function parseFromWebview(m: unknown): FromWebview | undefined {
  if (!isObj(m) || typeof m.type !== 'string') return undefined;
  switch (m.type) {
    case 'ready':
    case 'stop':
    case 'newChat':
    case 'pickAttachment':
      return { type: m.type };
    case 'send':
      return isStr(m.text, 200_000) ? { type: 'send', text: m.text } : undefined;
    case 'retry':
      return isStr(m.turnId, 100) ? { type: 'retry', turnId: m.turnId } : undefined;
    case 'selectModel':
      return isStr(m.model, 300) && m.model.trim() !== '' ? { type: 'selectModel', model: m.model.trim() } : undefined;
    case 'removeAttachment':
      return isStr(m.id, 100) ? { type: 'removeAttachment', id: m.id } : undefined;
    case 'dropUris':
      return isArr(m.uris, (u): u is string => isStr(u, 4096), 100) ? { type: 'dropUris', uris: m.uris } : undefined;
    case 'pasteImage':
      return isStr(m.dataUrl, 30_000_000) && m.dataUrl.startsWith('data:image/') ? { type: 'pasteImage', dataUrl: m.dataUrl } : undefined;
    case 'openImage':
    case 'insertImageLink':
      return isStr(m.uri, 4096) ? { type: m.type, uri: m.uri } : undefined;
    case 'openLink':
      return isStr(m.href, 8192) ? { type: 'openLink', href: m.href } : undefined;
    case 'copy':
      return isStr(m.text, 10_000_000) ? { type: 'copy', text: m.text } : undefined;
    default:
      return undefined;
  }
}
