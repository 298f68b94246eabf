import path from 'node:path';
import * as vscode from 'vscode';
import { describeForTool } from '../chat';
import { editImageForTool, generateImageForTool, markdownLinks, type GenerateArgs, type ImageCommandDeps, type ToolRun } from '../generate';
import { readImageDetails } from '../images/details';
import { OutsideWorkspaceError } from '../images/paths';
import { settings } from '../platform/config';
import { describePrice } from '../platform/modelCatalog';
import { escapeMarkdownLabel, formatCost } from '../shared/format';
import { confirmSettingOf, shouldConfirm, type ToolKind } from './confirm';

/** The tools' names, as `package.json` contributes them. */
export const TOOL_NAMES = {
  generate: 'openrouterStudio_generateImage',
  edit: 'openrouterStudio_editImage',
  describe: 'openrouterStudio_describeImage',
} as const;

/** The input of `openrouterStudio_generateImage` (its JSON Schema is in package.json): Generate image's arguments, with references as paths. */
export type GenerateToolInput = Omit<GenerateArgs, 'references' | 'api'> & {
  /** Workspace-relative paths (or absolute inside a workspace folder). */
  references?: string[];
};

/** The input of `openrouterStudio_editImage`. */
export interface EditToolInput {
  path: string;
  prompt: string;
  model?: string;
}

/** The input of `openrouterStudio_describeImage`. */
export interface DescribeToolInput {
  path: string;
  prompt?: string;
  model?: string;
}

/** What the image tools are given: the image commands' services. */
export type ToolDeps = ImageCommandDeps;

const t = vscode.l10n.t;

/** The setting, from user settings only (see {@link confirmSettingOf}). */
function confirmSetting(): ReturnType<typeof confirmSettingOf> {
  return confirmSettingOf(vscode.workspace.getConfiguration('openrouterStudio').inspect('tools.confirm'));
}

/**
 * A tool's path as a workspace file: relative to the (first, or the named) workspace folder, or absolute.
 * `..` is refused here; the rest (inside a workspace folder, no symbolic link out, an image by its bytes) is
 * checked by the command's own reading, before anything is sent.
 * @throws {OutsideWorkspaceError} for `..`; an `Error` for an empty path or no open folder.
 */
export function toolPathUri(p: string): vscode.Uri {
  const text = typeof p === 'string' ? p.trim() : '';
  if (!text) throw new Error(t('The path is empty: give a workspace-relative path to an image.'));
  if (/(^|[\\/])\.\.([\\/]|$)/.test(text)) throw new OutsideWorkspaceError(t('The path {0} climbs out with "..": use a path inside the workspace.', text));
  if (path.isAbsolute(text) || /^[a-zA-Z]:[\\/]/.test(text)) return vscode.Uri.file(text);
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) throw new Error(t('Open a folder first: the tools read and save workspace files.'));
  const segments = text.split(/[\\/]+/).filter((x) => x !== '' && x !== '.');
  const named = folders.length > 1 ? folders.find((f) => f.name === segments[0]) : undefined;
  return named ? vscode.Uri.joinPath(named.uri, ...segments.slice(1)) : vscode.Uri.joinPath(folders[0].uri, ...segments);
}

/** Runs `work` with an AbortSignal that the tool's cancellation token aborts. */
async function withSignal<T>(token: vscode.CancellationToken, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const c = new AbortController();
  if (token.isCancellationRequested) c.abort();
  const sub = token.onCancellationRequested(() => c.abort());
  try {
    return await work(c.signal);
  } finally {
    sub.dispose();
  }
}

/** Refuses before anything is sent when there is no key, with what to do. */
async function requireKey(deps: ImageCommandDeps): Promise<void> {
  if (!(await deps.keys.get())) throw new Error(t('No OpenRouter API key is set: run "OpenRouter: Set API key" (or set OPENROUTER_API_KEY), then try again.'));
}

/** The model's price for the confirmation: from the models list, else "price unknown". */
async function priceOf(deps: ImageCommandDeps, modelId: string): Promise<string> {
  const m = await deps.catalog.find('image', modelId).catch(() => undefined);
  return m ? describePrice(m) : t('price unknown');
}

/** The question and the progress message of a paid tool. */
async function prepared(kind: ToolKind, invocationMessage: string, title: string, lines: string[]): Promise<vscode.PreparedToolInvocation> {
  if (!shouldConfirm(kind, confirmSetting())) return { invocationMessage };
  // Plain text: the agent wrote the prompt, and nothing in it may become a link or markup (every Markdown
  // character is a numeric character reference). Not trusted, no HTML.
  const message = new vscode.MarkdownString(lines.map((line) => escapeMarkdownLabel(line)).join('  \n'));
  return { invocationMessage, confirmationMessages: { title, message } };
}

/** `LanguageModelDataPart` where the running VS Code has it (newer than `engines.vscode`). */
function imagePart(bytes: Uint8Array, mime: string): unknown {
  const api = vscode as unknown as { LanguageModelDataPart?: { image(data: Uint8Array, mime: string): unknown } };
  return api.LanguageModelDataPart?.image(bytes, mime);
}

/**
 * The result of a generate or edit run: per saved image its workspace-relative path, pixel size, model and
 * the cost of its request, a Markdown link relative to the workspace root, and the image itself where VS
 * Code can pass it to the model.
 */
async function savedResult(uris: vscode.Uri[], run: ToolRun, modelId: string, alt: string, requested: number): Promise<vscode.LanguageModelToolResult> {
  const lines: string[] = [];
  const images: unknown[] = [];
  for (const uri of uris) {
    const bytes = await vscode.workspace.fs.readFile(uri);
    const d = await readImageDetails(bytes).catch(() => undefined);
    const r = run.results.find((x) => x.uris.some((u) => u.toString() === uri.toString()));
    const cost = r?.reply.usage?.cost;
    const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri ?? vscode.Uri.joinPath(uri, '..');
    const link = markdownLinks(vscode.Uri.joinPath(folder, 'README.md'), [uri], alt);
    lines.push(t('- {0}: {1} × {2} px, {3}, model {4}, cost {5}. Markdown link (relative to the workspace root): {6}', vscode.workspace.asRelativePath(uri, false), d?.width ?? '?', d?.height ?? '?', d?.mimeType ?? '?', modelId, cost !== undefined ? `${formatCost(cost)}${r && r.uris.length > 1 ? t(' for the request of {0} images', r.uris.length) : ''}` : t('unknown'), link));
    if (d) images.push(imagePart(bytes, d.mimeType));
  }
  const head = t('Saved {0} of {1} requested image(s) into the workspace (opened beside the chat):', uris.length, requested);
  const notes = run.results.flatMap((r) => [...r.refused, ...r.notes]);
  const text = [head, ...lines, ...(notes.length ? [t('Notes: {0}', notes.join(' '))] : [])].join('\n');
  const parts = [new vscode.LanguageModelTextPart(text), ...images.filter((p) => p !== undefined)];
  return new vscode.LanguageModelToolResult(parts as Array<vscode.LanguageModelTextPart>);
}

/** `openrouterStudio_generateImage`: Generate image, as an agent's tool. */
export function generateImageTool(deps: ToolDeps): vscode.LanguageModelTool<GenerateToolInput> {
  return {
    async prepareInvocation(options) {
      const i = options.input;
      const modelId = i.model?.trim() || settings().imageModel;
      const n = i.count ?? 1;
      const folder = i.outputDirectory ?? settings().outputDirectory;
      return prepared('generate', t('Generating {0} image(s) with {1}', n, modelId), t('Generate {0} image(s) with OpenRouter?', n), [
        t('Model: {0}', modelId),
        t('Images: {0}', n),
        t('Price: {0}', await priceOf(deps, modelId)),
        t('Saved into: {0}', folder),
        t('Prompt: {0}', i.prompt),
      ]);
    },
    async invoke(options, token) {
      const i = options.input;
      await requireKey(deps);
      const references = (i.references ?? []).map(toolPathUri);
      return withSignal(token, async (signal) => {
        const run: ToolRun = { signal, results: [] };
        const uris = await generateImageForTool(deps, { ...i, references: references.length > 0 ? references : undefined }, run);
        if (!uris || token.isCancellationRequested) throw new vscode.CancellationError();
        return savedResult(uris, run, i.model?.trim() || settings().imageModel, i.prompt, i.count ?? 1);
      });
    },
  };
}

/** `openrouterStudio_editImage`: Edit image with prompt, as an agent's tool. */
export function editImageTool(deps: ToolDeps): vscode.LanguageModelTool<EditToolInput> {
  return {
    async prepareInvocation(options) {
      const i = options.input;
      const modelId = i.model?.trim() || settings().imageModel;
      return prepared('edit', t('Editing {0} with {1}', i.path, modelId), t('Edit {0} with OpenRouter?', i.path), [
        t('Model: {0}', modelId),
        t('Images: {0}', 1),
        t('Price: {0}', await priceOf(deps, modelId)),
        t('Saved into: {0}', t('the folder of {0}, as a new file', i.path)),
        t('Instruction: {0}', i.prompt),
      ]);
    },
    async invoke(options, token) {
      const i = options.input;
      if (typeof i.prompt !== 'string' || !i.prompt.trim()) throw new Error(t('The prompt is empty: say what to change.'));
      const source = toolPathUri(i.path);
      await requireKey(deps);
      return withSignal(token, async (signal) => {
        const run: ToolRun = { signal, results: [] };
        const uris = await editImageForTool(deps, source, { prompt: i.prompt, model: i.model }, run);
        if (!uris || token.isCancellationRequested) throw new vscode.CancellationError();
        return savedResult(uris, run, i.model?.trim() || settings(source).imageModel, i.prompt, 1);
      });
    },
  };
}

/** `openrouterStudio_describeImage`: Describe this image, as an agent's tool; returns the model's text. */
export function describeImageTool(deps: ToolDeps): vscode.LanguageModelTool<DescribeToolInput> {
  return {
    async prepareInvocation(options) {
      const i = options.input;
      const modelId = i.model?.trim() || settings().visionModel;
      return prepared('describe', t('Describing {0} with {1}', i.path, modelId), t('Describe {0} with OpenRouter?', i.path), [
        t('Model: {0}', modelId),
        t('Price: {0}', t('a vision request, billed by tokens')),
      ]);
    },
    async invoke(options, token) {
      const i = options.input;
      const uri = toolPathUri(i.path);
      await requireKey(deps);
      return withSignal(token, async (signal) => {
        const d = await describeForTool(deps.clients, uri, { prompt: i.prompt, model: i.model }, signal).catch((err: unknown) => {
          throw token.isCancellationRequested ? new vscode.CancellationError() : err;
        });
        const cost = d.cost !== undefined ? ` (${t('model {0}, cost {1}', d.model, formatCost(d.cost))})` : ` (${t('model {0}', d.model)})`;
        return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(`${d.text}${cost}`)]);
      });
    },
  };
}
