/**
 * Generate SVG's requests and files: asks a text model (`openrouterStudio.drawingModel`) for one SVG document,
 * sanitizes it in the SVG worker before anything shows or saves it, and saves it as a new `.svg` in the
 * output folder with the prompt and model in a `<metadata>` element (the XMP packet Image details reads).
 * `openrouterStudio.generateSvg` with an argument runs here without any UI; the chat view's SVG turns use
 * {@link drawSvg} and {@link saveSvg}.
 */
import * as vscode from 'vscode';
import { provenanceText } from '../images/provenance';
import { generatedBaseName } from '../images/naming';
import { xmpPacket } from '../images/xmp';
import { collectReply } from '../openrouter/collect';
import type { OpenRouterClient } from '../openrouter/client';
import type { ChatMessage } from '../openrouter/types';
import type { ClientProvider } from '../platform/clientFactory';
import { ArgumentError } from '../platform/args';
import { settings } from '../platform/config';
import { checkedOutputFolder, saveNewFile } from '../platform/saver';
import { SVG_MAX_TOKENS, svgMessages } from './prompt';
import { estimateText } from '../openrouter/pricing';
import type { ModelCatalog } from '../platform/modelCatalog';
import type { SpendQuestion } from '../shared/spendQuestion';
import type { Removal, SanitizedSvg } from './rejection';
import { extractSvg } from './extract';
import { rejectionError, SvgSanitizer } from './sanitizeInWorker';


let shared: SvgSanitizer | undefined;

/** The SVG worker of this extension host, started on first use (it does not keep the process alive). */
export function svgSanitizer(): SvgSanitizer {
  return (shared ??= new SvgSanitizer());
}

/** Ends the SVG worker (on deactivation; a later SVG starts a new one). */
export function disposeSvgSanitizer(): void {
  shared?.dispose();
  shared = undefined;
}

/** An SVG a model drew, sanitized, and what its reply cost. */
export interface DrawnSvg extends SanitizedSvg {
  /** USD, from `usage.cost`. */
  cost?: number;
}

/**
 * Sends one SVG request (a streamed chat completion, bounded like every reply: `openrouterStudio.maxReplyCharacters`)
 * and sanitizes the SVG in the reply.
 * @param onText each piece of the reply's text as it streams (for progress).
 * @throws {SvgRejectedError} when the reply holds no SVG or one that cannot be used (the message says why);
 *   the client's `OpenRouterError`; the signal's reason when it aborts.
 */
export async function drawSvg(client: OpenRouterClient, model: string, messages: ChatMessage[], opts: { signal?: AbortSignal; onText?: (text: string) => void } = {}): Promise<DrawnSvg> {
  const reply = await collectReply(client.streamChat({ model, messages, max_tokens: SVG_MAX_TOKENS }, { signal: opts.signal }), (e) => {
    if (e.type === 'text') opts.onText?.(e.text);
  });
  const text = extractSvg(reply.text);
  if (!text) throw rejectionError('no-svg');
  return { ...(await svgSanitizer().sanitize(text, opts.signal)), cost: reply.usage?.cost };
}

/** The provenance of a saved SVG. */
export interface SvgProvenance {
  prompt: string;
  model: string;
  /** The workspace-relative SVG a follow-up changed. */
  editedFrom?: string;
}

/**
 * Saves a sanitized SVG as a new file `<outputDirectory>/<prompt>-<time>.svg` (never over another file),
 * sanitized once more, with its provenance in `<metadata>` when `openrouterStudio.embedMetadata` is on.
 * @param outputDirectory relative to the workspace folder; default: the `outputDirectory` setting.
 * @returns the saved file.
 * @throws {Error} with no workspace folder open; {@link OutsideWorkspaceError} when the folder would leave the
 *   workspace; {@link SvgRejectedError}; a file system error.
 */
export async function saveSvg(svg: string, p: SvgProvenance, outputDirectory?: string): Promise<vscode.Uri> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder = (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error(vscode.l10n.t('Open a folder to save SVGs into.'));
  const s = settings(folder.uri);
  const target = await checkedOutputFolder(folder.uri, outputDirectory ?? s.outputDirectory);
  const packet = s.embedMetadata ? xmpPacket(provenanceText({ prompt: p.prompt, model: p.model, api: 'chat', editedFrom: p.editedFrom })) : undefined;
  const text = await svgSanitizer().forSaving(svg, packet);
  const bytes = new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?>\n${text}\n`);
  return saveNewFile(target, generatedBaseName(p.prompt, new Date()), 'svg', bytes, folder.uri);
}

/** The automation argument of `openrouterStudio.generateSvg`. */
export interface SvgArgs {
  prompt: string;
  /** Default: `openrouterStudio.drawingModel`. */
  model?: string;
  /** Relative to the workspace folder; overrides `openrouterStudio.outputDirectory`. */
  outputDirectory?: string;
}

/**
 * `executeCommand('openrouterStudio.generateSvg', { prompt, model?, outputDirectory? })`: draws, sanitizes
 * and saves one SVG, with no UI.
 * @returns the saved `.svg`.
 * @param signal Cancel: the request ends, nothing is saved.
 * @throws {TypeError} (ArgumentError) for another argument; as {@link drawSvg} and {@link saveSvg} otherwise (nothing is saved).
 */
export async function generateSvgFile(clients: ClientProvider, arg: unknown, log: vscode.LogOutputChannel, signal?: AbortSignal): Promise<vscode.Uri> {
  const a = arg as Partial<SvgArgs>;
  if (typeof a !== 'object' || a === null || typeof a.prompt !== 'string' || a.prompt.trim() === '' || (a.model !== undefined && typeof a.model !== 'string') || (a.outputDirectory !== undefined && typeof a.outputDirectory !== 'string')) {
    throw new ArgumentError('openrouterStudio.generateSvg takes { prompt, model?, outputDirectory? } with a non-empty prompt.');
  }
  const prompt = a.prompt.trim();
  const model = a.model?.trim() || settings().svgModel;
  const drawn = await drawSvg(clients.get(), model, svgMessages(prompt), { signal });
  if (drawn.removed.length > 0) log.info(`Generate SVG: removed ${removalSummary(drawn.removed).join(', ')}`);
  return saveSvg(drawn.svg, { prompt, model }, a.outputDirectory);
}

/**
 * What the sanitizer removed, for people: `<script> element`, `onload attribute of <svg>`, with `(×3)` for
 * repeats, in the order first met.
 */
export function removalSummary(removed: Removal[]): string[] {
  const counts = new Map<string, number>();
  for (const r of removed) {
    const name = r.name.startsWith('#') ? r.name.slice(1).replace('-', ' ') : r.name;
    const text = r.kind === 'element' ? (r.name.startsWith('#') ? name : vscode.l10n.t('<{0}> element', name)) : vscode.l10n.t('{0} attribute of <{1}>', name, r.on ?? '?');
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  return [...counts].map(([text, n]) => (n > 1 ? `${text} (×${n})` : text));
}

/**
 * The question before an SVG request: the model, the prompt, the reply's bound ({@link SVG_MAX_TOKENS}) and an
 * upper estimate from the model's `/models` prices (unknown when it is not listed).
 */
export async function svgQuestion(catalog: Pick<ModelCatalog, 'find'>, title: string, prompt: string, model: string): Promise<SpendQuestion> {
  const t = vscode.l10n.t;
  const info = await catalog.find('text', model).catch(() => undefined);
  const promptChars = svgMessages(prompt).reduce((n, m) => n + (typeof m.content === 'string' ? m.content.length : 0), 0);
  return {
    title,
    facts: [{ label: t('Model'), value: model }, { label: t('Reply'), value: t('at most {0} tokens', SVG_MAX_TOKENS.toLocaleString('en-US')) }, { label: t('Prompt'), value: prompt }],
    uploads: [],
    estimate: estimateText(info, { promptChars, images: 0, maxTokens: SVG_MAX_TOKENS }),
  };
}
