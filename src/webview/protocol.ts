/**
 * The chat view's message protocol: one valibot schema per message, imported by the extension host
 * (`src/chat/`) and the webview script (`src/webview/main.ts`). The TypeScript types are inferred from the
 * schemas, so a message's type and its check cannot drift apart. Every message is checked on receipt: an
 * unknown or ill-shaped one is dropped (and logged), never acted on, and fields a schema does not name are
 * removed. Images travel as webview URIs of saved workspace files, never as base64 data (a pasted image's
 * thumbnail is the one exception, bounded by the size limit).
 *
 * valibot: https://valibot.dev/guides/objects/ (unknown entries are removed), https://valibot.dev/guides/unions/ (`variant`).
 */
import * as v from 'valibot';

/** A string of at most `max` UTF-16 code units. */
const str = (max = 1_000_000) => v.pipe(v.string(), v.maxLength(max));
/** A finite number (NaN and ±Infinity are refused). */
const finite = v.pipe(v.number(), v.finite());
/**
 * A list of which only the valid items are kept (at most `max`, the last ones): one oversized or
 * ill-shaped item does not take the others with it.
 */
const validItems = <S extends v.GenericSchema>(item: S, max = 10_000) =>
  v.pipe(
    v.array(v.unknown()),
    v.transform((items): v.InferOutput<S>[] => items.flatMap((x) => {
      const r = v.safeParse(item, x);
      return r.success ? [r.output] : [];
    }).slice(-max)),
  );

/**
 * The schemas, made on first use: building them costs about 2 ms, which activation should not pay (the
 * extension loads this module with the chat view's provider).
 */
function makeSchemas() {
  const turnId = str(100);
  const modelId = str(300);
  const uri = str(4096);

  /** A model in the view's picker. `vision`: accepts image input; `imageOutput`: can output images. */
  const ModelOptionSchema = v.object({ id: modelId, name: str(500), vision: v.boolean(), imageOutput: v.boolean() });

  /**
   * An image shown in the view: a workspace file. `src`: `webview.asWebviewUri(...)` of the file, for
   * `<img src>`; `label`: workspace-relative path, for labels and alt text; `uri`: the file's `vscode.Uri` as a
   * string, for Open / Insert Markdown link.
   */
  const ImageRefSchema = v.object({ src: uri, label: uri, uri });

  /**
   * An attachment waiting to be sent. `thumb`: `asWebviewUri` of a workspace file, or a `data:` thumbnail for
   * a pasted image (up to the paste size limit).
   */
  const AttachmentViewSchema = v.object({ id: str(100), label: uri, thumb: str(30_000_000) });

  /**
   * An SVG a model drew, as the extension sanitized it (shown in the view only as `<img>` of a blob, never
   * inline): `text` at most 1,000,000 characters (the sanitizer reads 100,000, `MAX_SVG_CHARS` in
   * src/svg/rejection.ts, and escaping can grow that up to 6×); `removed`: what the
   * sanitizer took out, for people; `saved`: the file Save wrote.
   */
  const SvgViewSchema = v.object({ text: str(1_000_000), removed: v.pipe(v.array(str(500)), v.maxLength(1000)), saved: v.optional(ImageRefSchema) });

  const TurnStatusSchema = v.picklist(['streaming', 'done', 'stopped', 'error']);
  const EndStatusSchema = v.picklist(['done', 'stopped', 'error']);

  /**
   * One exchange: the user's message and the assistant's reply. `error`: the client's user message when
   * `status` is `error`; `cost`: USD, from `usage.cost`.
   */
  const TurnViewSchema = v.object({
    id: turnId,
    prompt: str(),
    attachments: v.pipe(v.array(ImageRefSchema), v.maxLength(10_000)),
    model: modelId,
    reply: str(10_000_000),
    reasoning: str(10_000_000),
    images: v.pipe(v.array(ImageRefSchema), v.maxLength(10_000)),
    status: TurnStatusSchema,
    error: v.optional(str()),
    cost: v.optional(finite),
    // An SVG turn (Generate SVG, or a follow-up that changes the last SVG) and its SVG once sanitized.
    kind: v.optional(v.literal('svg')),
    svg: v.optional(SvgViewSchema),
  });

  const message = <T extends string, E extends v.ObjectEntries>(type: T, entries: E) => v.object({ type: v.literal(type), ...entries });

  /** Extension host → webview. */
  const ToWebviewSchema = v.variant('type', [
    // Item by item: one oversized or ill-shaped turn, model or attachment is dropped, not the whole view.
    message('init', { turns: validItems(TurnViewSchema), models: validItems(ModelOptionSchema), model: modelId, attachments: validItems(AttachmentViewSchema) }),
    message('models', { models: validItems(ModelOptionSchema), model: modelId }),
    message('turnStart', { turn: TurnViewSchema }),
    // The improved prompt for the message box (or, with `error`, the prompt as it was).
    message('promptImproved', { text: str(200_000), error: v.optional(str(4_000)) }),
    message('textDelta', { turnId, text: str() }),
    message('reasoningDelta', { turnId, text: str() }),
    message('image', { turnId, image: ImageRefSchema }),
    message('svg', { turnId, svg: SvgViewSchema }),
    message('svgSaved', { turnId, image: ImageRefSchema }),
    message('turnEnd', { turnId, status: EndStatusSchema, error: v.optional(str()), cost: v.optional(finite) }),
    message('attachments', { attachments: validItems(AttachmentViewSchema) }),
    message('cleared', {}),
    // What the extension's requests cost in this workspace, formatted (`$0.23 spent`).
    message('spending', { text: str(200) }),
    // The next message's price with the selected model (an image model's estimate), or '' for none.
    message('price', { text: str(500) }),
    message('focusInput', {}),
  ]);

  /** Webview → extension host. */
  const FromWebviewSchema = v.variant('type', [
    message('ready', {}),
    message('send', { text: str(200_000) }),
    message('generateSvg', { text: str(200_000) }),
    message('saveSvg', { turnId }),
    message('stop', {}),
    message('retry', { turnId }),
    message('newChat', {}),
    // Opens the workbench's model picker (the view only asks; the choice is made in VS Code's quick pick).
    message('chooseModel', {}),
    message('pickAttachment', {}),
    message('removeAttachment', { id: str(100) }),
    message('dropUris', { uris: v.pipe(v.array(uri), v.maxLength(100)) }),
    message('pasteImage', { dataUrl: v.pipe(str(30_000_000), v.startsWith('data:image/')) }),
    message('openImage', { uri }),
    message('insertImageLink', { uri }),
    message('refineImage', { uri }),
    message('improvePrompt', { text: str(200_000) }),
    message('openLink', { href: str(8192) }),
    message('copy', { text: str(10_000_000) }),
  ]);
  return { AttachmentViewSchema, FromWebviewSchema, ImageRefSchema, ModelOptionSchema, SvgViewSchema, ToWebviewSchema, TurnStatusSchema, TurnViewSchema };
}

type Schemas = ReturnType<typeof makeSchemas>;
let schemas: Schemas | undefined;

export type ModelOption = v.InferOutput<Schemas['ModelOptionSchema']>;
export type ImageRef = v.InferOutput<Schemas['ImageRefSchema']>;
export type AttachmentView = v.InferOutput<Schemas['AttachmentViewSchema']>;
export type TurnStatus = v.InferOutput<Schemas['TurnStatusSchema']>;
export type TurnView = v.InferOutput<Schemas['TurnViewSchema']>;
export type SvgView = v.InferOutput<Schemas['SvgViewSchema']>;
export type ToWebview = v.InferOutput<Schemas['ToWebviewSchema']>;
export type FromWebview = v.InferOutput<Schemas['FromWebviewSchema']>;

/**
 * Validates a message the webview received.
 * @param m anything `window.onmessage` delivered.
 * @returns the typed message (fields the schema does not name removed), or `undefined` when it is not one of {@link ToWebview}.
 */
export function parseToWebview(m: unknown): ToWebview | undefined {
  const r = v.safeParse((schemas ??= makeSchemas()).ToWebviewSchema, m);
  return r.success ? r.output : undefined;
}

/**
 * Validates a message the extension host received from the webview (`webview.onDidReceiveMessage`).
 * @param m anything the webview posted.
 * @returns the typed message (fields the schema does not name removed), or `undefined` when it is not one of {@link FromWebview}.
 */
export function parseFromWebview(m: unknown): FromWebview | undefined {
  const r = v.safeParse((schemas ??= makeSchemas()).FromWebviewSchema, m);
  return r.success ? r.output : undefined;
}
