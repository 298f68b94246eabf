import { open } from 'node:fs/promises';
import * as vscode from 'vscode';
import { readImageDetails, type ImageDetails } from '../images/readDetails';
import { ImageRejectedError } from '../images/mime';
import { ASPECT_RATIOS, IMAGE_SIZES } from '../openrouter/types';
import { clip, escapeMarkdownLabel, formatCost, errorMessage } from '../shared/format';
import { isAutomationArg } from '../platform/args';
import { documentImages } from '../altText';
import { generateAgainWith, type ImageCommandDeps } from '../generate';
import { showOpenRouterError } from '../platform/errors';
import { generateSvgFile, svgQuestion } from '../svg';
import { showError, showInfo, withNotificationProgress } from '../platform/notify';
import { activeImageUri } from '../platform/readImage';

/** Largest file whose details are read, in bytes (the metadata of larger files is not worth the read). */
const MAX_DETAILS_BYTES = 64 * 1024 * 1024;

/** The image a command was run on: a Uri, a Uri string (from a hover's command link), else the active image. */
function imageUriOf(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') {
    try {
      return vscode.Uri.parse(arg, true);
    } catch {
      return undefined;
    }
  }
  return activeImageUri();
}

/** Bytes read of a local PNG or JPEG: their text chunks and EXIF/XMP segments come before the image data. */
export const DETAILS_HEAD_BYTES = 4 * 1024 * 1024;
/** Files whose details are remembered (by Uri, checked against the file's modification time and size). */
const CACHE_ENTRIES = 256;
const cache = new Map<string, { mtime: number; size: number; details: ImageDetails }>();

/**
 * Reads an image file's details (see {@link readImageDetails}) through `workspace.fs`, remembered by Uri for as
 * long as the file's modification time and size stay the same (a hover on the same image reads nothing again).
 * Of a local PNG or JPEG only the first {@link DETAILS_HEAD_BYTES} are read (a hover read up to 64 MB before).
 * @throws {ImageRejectedError} naming the file, for a file that is not an image or too large.
 */
export async function detailsOf(uri: vscode.Uri): Promise<ImageDetails> {
  const stat = await vscode.workspace.fs.stat(uri);
  const key = uri.toString();
  const hit = cache.get(key);
  if (hit && hit.mtime === stat.mtime && hit.size === stat.size) {
    cache.delete(key);
    cache.set(key, hit);
    return { ...hit.details };
  }
  const bytes = await detailBytesOf(uri, stat);
  let details: ImageDetails;
  try {
    details = { ...(await readImageDetails(bytes)), bytes: stat.size };
  } catch (err) {
    throw err instanceof ImageRejectedError ? notAnImage(uri) : err;
  }
  cache.set(key, { mtime: stat.mtime, size: stat.size, details });
  if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  return { ...details };
}

/** The error for a file whose bytes are not an image, naming it. */
export function notAnImage(uri: vscode.Uri): ImageRejectedError {
  return new ImageRejectedError(vscode.l10n.t('{0} is not a PNG, JPEG, WebP, GIF or SVG image.', vscode.workspace.asRelativePath(uri)));
}

/**
 * The bytes of `uri` that Image details reads ({@link detailBytes}), within the bound of
 * {@link MAX_DETAILS_BYTES}; the gallery reads them so and parses them in its worker.
 * @throws {ImageRejectedError} naming the file, for a file over the bound.
 */
export async function detailBytesOf(uri: vscode.Uri, stat: vscode.FileStat): Promise<Uint8Array> {
  if (stat.size > MAX_DETAILS_BYTES) throw new ImageRejectedError(vscode.l10n.t('{0} is over {1} MB; its details are not read.', vscode.workspace.asRelativePath(uri), MAX_DETAILS_BYTES / 1024 / 1024));
  return detailBytes(uri, stat.size);
}

/**
 * The bytes the details need: of a local PNG or JPEG larger than {@link DETAILS_HEAD_BYTES}, its head (read
 * with a file handle; the rest is pixels); of anything else the whole file through `workspace.fs` (a WebP
 * keeps its XMP after the image data, and a remote or virtual file has no partial read).
 */
async function detailBytes(uri: vscode.Uri, size: number): Promise<Uint8Array> {
  if (uri.scheme !== 'file' || size <= DETAILS_HEAD_BYTES) return vscode.workspace.fs.readFile(uri);
  const handle = await open(uri.fsPath, 'r');
  try {
    const head = Buffer.alloc(DETAILS_HEAD_BYTES);
    const { bytesRead } = await handle.read(head, 0, DETAILS_HEAD_BYTES, 0);
    const png = head[0] === 0x89 && head.toString('latin1', 1, 4) === 'PNG';
    const jpeg = head[0] === 0xff && head[1] === 0xd8;
    if (png || jpeg) return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  return vscode.workspace.fs.readFile(uri);
}

/** True when the image says it was made by this extension with a prompt and a model, so it can be made again. */
export function canGenerateAgain(d: ImageDetails): boolean {
  return d.software === 'OpenRouter Studio' && !!d.prompt && !!d.model;
}

/** The details as labelled rows, in reading order (only what is known). */
export function detailRows(d: ImageDetails): Array<{ label: string; value: string }> {
  const rows: Array<[string, string | undefined]> = [
    [vscode.l10n.t('Prompt'), d.prompt],
    [vscode.l10n.t('Negative prompt'), d.negativePrompt],
    [vscode.l10n.t('Model'), d.model],
    [vscode.l10n.t('API'), d.api === 'images' ? vscode.l10n.t('Image API') : d.api === 'chat' ? vscode.l10n.t('chat completions') : d.api],
    [vscode.l10n.t('Aspect ratio'), d.aspectRatio],
    [vscode.l10n.t('Size setting'), d.imageSize],
    [vscode.l10n.t('Resolution'), d.resolution],
    [vscode.l10n.t('Background'), d.background],
    [vscode.l10n.t('Output format'), d.outputFormat],
    [vscode.l10n.t('Compression'), d.outputCompression?.toString()],
    [vscode.l10n.t('Seed'), d.seed?.toString()],
    [vscode.l10n.t('References'), d.references?.join(', ')],
    [vscode.l10n.t('Variation'), d.variation],
    [vscode.l10n.t('Generation id'), d.generationId],
    [vscode.l10n.t('Cost'), d.costUsd !== undefined ? formatCost(d.costUsd) : undefined],
    [vscode.l10n.t('Edited from'), d.editedFrom],
    [d.mimeType === 'image/svg+xml' ? vscode.l10n.t('Size (user units)') : vscode.l10n.t('Pixels'), d.width && d.height ? `${d.width} × ${d.height}` : undefined],
    [vscode.l10n.t('Type'), d.mimeType],
    [vscode.l10n.t('File size'), d.bytes >= 1024 * 1024 ? `${(d.bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(d.bytes / 1024)} KB`],
    [vscode.l10n.t('Software'), d.software],
    [vscode.l10n.t('Parameters'), d.parameters],
  ];
  return rows.filter((r): r is [string, string] => r[1] !== undefined && r[1] !== '').map(([label, value]) => ({ label, value }));
}

/**
 * `openrouterStudio.imageDetails [uri] [{ show?: boolean }]`: what is known about an image (explorer and the
 * image preview's title bar). Shown as a list: choosing a row (or its copy button) copies its value; "Generate
 * again" when the image was made here. With `{ show: false }` nothing is shown.
 * @returns the details.
 * @throws with an argument: {@link ImageRejectedError} for a file that is not an image.
 */
export async function imageDetails(deps: ImageCommandDeps, first?: unknown, second?: unknown): Promise<ImageDetails | undefined> {
  const automated = isAutomationArg(second);
  const uri = imageUriOf(first);
  if (!uri) {
    const message = vscode.l10n.t('Select a PNG, JPEG, WebP, GIF or SVG image to see its details.');
    if (automated) throw new ImageRejectedError(message);
    void showError(message);
    return undefined;
  }
  let details: ImageDetails;
  try {
    details = await detailsOf(uri);
  } catch (err) {
    if (automated) throw err;
    void showError(errorMessage(err));
    return undefined;
  }
  if (automated && (second as { show?: unknown }).show === false) return details;
  void showDetails(deps, uri, details);
  return details;
}

type Row = vscode.QuickPickItem & { value?: string; action?: 'all' };

/** The title-bar button of Image details that makes the image again (it asks first, listing what it sends). */
const AGAIN: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('sync'), tooltip: vscode.l10n.t('Generate again… (asks first, with the price)') };

async function showDetails(deps: ImageCommandDeps, uri: vscode.Uri, details: ImageDetails): Promise<void> {
  const copy: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('copy'), tooltip: vscode.l10n.t('Copy') };
  const rows = detailRows(details);
  // The first, focused row is harmless (Copy all): Enter never spends. Generate again is an explicit button.
  const items: Row[] = [
    { label: `$(copy) ${vscode.l10n.t('Copy all')}`, action: 'all' },
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    ...rows.map((r) => ({ label: r.label, description: clip(r.value.replace(/\s+/g, ' '), 300), value: r.value, buttons: [copy] })),
  ];
  const pick = vscode.window.createQuickPick<Row>();
  pick.title = vscode.l10n.t('Image details: {0}', vscode.workspace.asRelativePath(uri));
  pick.placeholder = canGenerateAgain(details) ? vscode.l10n.t('Choose a row to copy its value; Generate again is the button above') : vscode.l10n.t('Choose a row to copy its value');
  pick.matchOnDescription = true;
  pick.items = items;
  if (canGenerateAgain(details)) pick.buttons = [AGAIN];
  const copyValue = async (text: string, what: string): Promise<void> => {
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Copied {0}', what)}`, 2000);
  };
  pick.onDidTriggerButton((b) => {
    if (b !== AGAIN) return;
    pick.hide();
    void generateAgain(deps, uri);
  });
  pick.onDidTriggerItemButton((e) => void copyValue(e.item.value ?? '', e.item.label.toLowerCase()));
  pick.onDidAccept(() => {
    const item = pick.selectedItems[0];
    pick.hide();
    if (item?.action === 'all') void copyValue(rows.map((r) => `${r.label}: ${r.value}`).join('\n'), vscode.l10n.t('all details'));
    else if (item?.value !== undefined) void copyValue(item.value, item.label.toLowerCase());
  });
  pick.onDidHide(() => pick.dispose());
  pick.show();
}

/**
 * `openrouterStudio.generateAgain [uri]`: generates a new image with what an image this extension made
 * records: the prompt, the model, the API, every control and the seed, and the references (found again in
 * the image's workspace folder), saved as Generate image saves (a new file, never over one). For an SVG:
 * Generate SVG with its prompt and model. The file may have been written by anyone: nothing is sent before
 * the user has seen the whole request (model, API, every control, each reference by name, the estimate) and
 * said yes; each reference can be left out.
 * @returns the saved files; `undefined` when the image has no such details (a message says so) or the run failed (shown).
 */
export async function generateAgain(deps: ImageCommandDeps, arg?: unknown): Promise<vscode.Uri[] | undefined> {
  const uri = imageUriOf(arg);
  if (!uri) return undefined;
  let d: ImageDetails;
  try {
    d = await detailsOf(uri);
  } catch (err) {
    void showError(errorMessage(err));
    return undefined;
  }
  if (!canGenerateAgain(d)) {
    void showInfo(vscode.l10n.t('{0} does not say how it was made (no prompt and model from OpenRouter Studio).', vscode.workspace.asRelativePath(uri)));
    return undefined;
  }
  if (d.mimeType === 'image/svg+xml') return svgAgain(deps, uri, d.prompt!, d.model!);
  try {
    // The values come from the file. Chat completions' two are kept only when chat takes them (else the
    // settings apply); the Image API's are checked against the model's descriptors before anything is sent.
    const images = d.api === 'images';
    const aspectRatio = images || (ASPECT_RATIOS as readonly string[]).includes(d.aspectRatio ?? '') ? d.aspectRatio : undefined;
    const imageSize = (IMAGE_SIZES as readonly string[]).includes(d.imageSize ?? '') ? d.imageSize : undefined;
    const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri;
    // Each name once; every one is read only as a workspace image (checked when read) and named in the question.
    const references = d.references && folder ? [...new Set(d.references)].map((name) => vscode.Uri.joinPath(folder, ...name.split('/'))) : undefined;
    return await generateAgainWith(deps, {
      prompt: d.prompt!,
      model: d.model,
      aspectRatio,
      imageSize,
      ...(images ? { api: 'images' as const, resolution: d.resolution, background: d.background, outputFormat: d.outputFormat, outputCompression: d.outputCompression, seed: d.seed } : d.api === 'chat' ? { api: 'chat' as const } : {}),
      ...(references ? { references } : {}),
    });
  } catch {
    return undefined; // already shown by Generate image
  }
}

/**
 * Generate again for an SVG: asks first (model, prompt, the reply's bound and the estimate), then the same
 * prompt and model under a cancellable notification; a new `.svg` opens (errors shown).
 */
async function svgAgain(deps: ImageCommandDeps, source: vscode.Uri, prompt: string, model: string): Promise<vscode.Uri[] | undefined> {
  try {
    const question = await svgQuestion(deps.catalog, vscode.l10n.t('Generate the SVG {0} again with {1}?', vscode.workspace.asRelativePath(source, false), model), prompt, model);
    if (!(await deps.consent.ask(question, vscode.l10n.t('Generate')))) return undefined;
    if (!(await deps.consent.checkLimit(question, 'interactive'))) return undefined;
    const uri = await withNotificationProgress(vscode.l10n.t('Generating SVG with {0}…', model), true, (_progress, signal) => generateSvgFile(deps.clients, { prompt, model }, deps.log, signal));
    await vscode.commands.executeCommand('vscode.open', uri);
    void showInfo(vscode.l10n.t('Saved {0}', vscode.workspace.asRelativePath(uri)));
    return [uri];
  } catch (err) {
    await showOpenRouterError(err, deps.log);
    return undefined;
  }
}

/**
 * The Markdown hover on an image link to a workspace image: a thumbnail, its details (in a code block: they
 * come from the file, and nothing in a code block links) and, for an image made here, a "Generate again" link
 * in a trusted `MarkdownString` of its own that holds no text from the file (the only command the hover may run).
 */
export class ImageDetailsHover implements vscode.HoverProvider {
  async provideHover(doc: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const offset = doc.offsetAt(position);
    const [image] = await documentImages(doc, doc.getText(), (i) => i.start <= offset && offset <= i.end);
    if (!image?.file) return undefined;
    let details: ImageDetails;
    try {
      details = await detailsOf(image.file);
    } catch {
      return undefined;
    }
    // The file's text goes in a code block of its own untrusted MarkdownString: there nothing links, not
    // even a bare URL, `www.…` or `mailto:` (which VS Code's Markdown would otherwise turn into links). One
    // line per row (white space collapsed), so no line of it can close the fence.
    const text = new vscode.MarkdownString();
    const src = image.file.toString().replace(/[()]/g, (c) => (c === '(' ? '%28' : '%29'));
    text.appendMarkdown(`![](${src}|width=240)\n\n`);
    const rows = detailRows(details).map((r) => `${r.label}: ${clip(r.value.replace(/\s+/g, ' '), 400)}`);
    if (rows.length > 0) text.appendCodeblock(rows.join('\n'), 'text');
    const contents = [text];
    if (canGenerateAgain(details)) {
      // The one trusted part: our own link and words, no text from the file.
      const again = new vscode.MarkdownString(undefined, true);
      const label = escapeMarkdownLabel(vscode.l10n.t('Generate again'));
      const title = vscode.l10n.t('Same prompt, model, aspect ratio and size').replace(/["\\]/g, '');
      again.appendMarkdown(`[$(sync) ${label}](command:openrouterStudio.generateAgain?${encodeURIComponent(JSON.stringify([image.file.toString()]))} "${title}")`);
      again.isTrusted = { enabledCommands: ['openrouterStudio.generateAgain'] };
      contents.push(again);
    }
    return new vscode.Hover(contents, new vscode.Range(doc.positionAt(image.start), doc.positionAt(image.end)));
  }
}
