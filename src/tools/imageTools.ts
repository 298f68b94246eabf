import path from 'node:path';
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { describeForTool, describeQuestion } from '../chat';
import { markdownLinks } from '../altText';
import { editImageForTool, editQuestionForTool, generateImageForTool, generationQuestionForTool, type GenerateArgs, type ImageCommandDeps, type ToolRun } from '../generate';
import { UNKNOWN } from '../openrouter/pricing';
import { questionLines, type SpendQuestion } from '../shared/spendQuestion';
import { readImageDetails } from '../images/readDetails';
import { OutsideWorkspaceError } from '../images/paths';
import { settings } from '../platform/config';
import { escapeMarkdownText, formatCost, errorMessage } from '../shared/format';
import { confirmSettingOf, shouldConfirm, untrustedContent } from './confirm';

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

/** What the image tools are given: the image commands' services (with the catalogue and the spending limit). */
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

/**
 * The question of a paid tool, as VS Code's confirmation shows it: every line of {@link questionLines} as
 * plain text (the agent wrote the prompt, and nothing in it may become a link, a heading or markup: every
 * Markdown character is a numeric character reference ({@link escapeMarkdownText}), and each line is one
 * line). Not trusted, no HTML.
 * @param ask whether to ask at all (setting `openrouterStudio.tools.confirm`); else only the progress message.
 */
function prepared(ask: boolean, invocationMessage: string, question: SpendQuestion): vscode.PreparedToolInvocation {
  if (!ask) return { invocationMessage };
  const message = new vscode.MarkdownString(questionLines(question).map((line) => escapeMarkdownText(line)).join('  \n'));
  return { invocationMessage, confirmationMessages: { title: question.title, message } };
}

/**
 * A question that could not be planned (arguments the tool will refuse): what is known, the price unknown,
 * and why it will be refused.
 */
function unplanned(title: string, facts: Array<[string, string]>, err: unknown): SpendQuestion {
  const why = errorMessage(err);
  return { title, facts: [...facts.map(([label, value]) => ({ label, value })), { label: t('Will be refused'), value: why }], uploads: [], estimate: UNKNOWN };
}

/** A fresh fence id for {@link untrustedContent}. */
const nonce = (): string => randomBytes(8).toString('hex');

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
    const link = markdownLinks(vscode.Uri.joinPath(folder, 'README.md').path, [uri.path], alt);
    lines.push(t('- {0}: {1} × {2} px, {3}, model {4}, cost {5}. Markdown link (relative to the workspace root): {6}', vscode.workspace.asRelativePath(uri, false), d?.width ?? '?', d?.height ?? '?', d?.mimeType ?? '?', modelId, cost !== undefined ? `${formatCost(cost)}${r && r.uris.length > 1 ? t(' for the request of {0} images', r.uris.length) : ''}` : t('unknown'), link));
    if (d) images.push(imagePart(bytes, d.mimeType));
  }
  const head = t('Saved {0} of {1} requested image(s) into the workspace (opened beside the chat):', uris.length, requested);
  const notes = run.results.flatMap((r) => [...r.refused, ...r.notes]);
  // Notes can quote the model ("The model said: …"): they reach the agent marked as untrusted content.
  const text = [head, ...lines, ...(notes.length ? [untrustedContent('notes', t('Notes: {0}', notes.join(' ')), nonce())] : [])].join('\n');
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
      const question = await Promise.resolve()
        .then(() => generationQuestionForTool(deps, { ...i, references: (i.references ?? []).map(toolPathUri) } as GenerateArgs))
        .catch((err: unknown) => unplanned(t('Generate {0} image(s) with OpenRouter?', n), [[t('Model'), modelId], [t('Prompt'), String(i.prompt ?? '')]], err));
      return prepared(shouldConfirm('generate', confirmSetting()), t('Generating {0} image(s) with {1}', n, modelId), question);
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
      const question = await Promise.resolve()
        .then(() => editQuestionForTool(deps, toolPathUri(i.path), { prompt: String(i.prompt ?? ''), model: i.model }))
        .catch((err: unknown) => unplanned(t('Edit {0} with OpenRouter?', String(i.path)), [[t('Model'), modelId], [t('Instruction'), String(i.prompt ?? '')]], err));
      return prepared(shouldConfirm('edit', confirmSetting()), t('Editing {0} with {1}', i.path, modelId), question);
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

/**
 * `openrouterStudio_describeImage`: Describe this image, as an agent's tool; returns the model's text, fenced
 * as untrusted content. Asks first when the agent chose a model other than `openrouterStudio.visionModel`
 * (or under `tools.confirm: always`).
 */
export function describeImageTool(deps: ToolDeps): vscode.LanguageModelTool<DescribeToolInput> {
  return {
    async prepareInvocation(options) {
      const i = options.input;
      const visionModel = settings().visionModel;
      const modelId = i.model?.trim() || visionModel;
      const question = await Promise.resolve()
        .then(() => describeQuestion(deps.catalog, toolPathUri(i.path), { prompt: i.prompt, model: i.model }))
        .catch((err: unknown) => unplanned(t('Describe {0} with OpenRouter?', String(i.path)), [[t('Model'), modelId]], err));
      // The agent's choice of another model (an expensive one) is the user's to agree to.
      return prepared(shouldConfirm('describe', confirmSetting(), modelId !== visionModel), t('Describing {0} with {1}', i.path, modelId), question);
    },
    async invoke(options, token) {
      const i = options.input;
      const uri = toolPathUri(i.path);
      await requireKey(deps);
      return withSignal(token, async (signal) => {
        const d = await describeForTool(deps, uri, { prompt: i.prompt, model: i.model }, signal).catch((err: unknown) => {
          throw token.isCancellationRequested ? new vscode.CancellationError() : err;
        });
        const cost = d.cost !== undefined ? t('Described by model {0}, cost {1}.', d.model, formatCost(d.cost)) : t('Described by model {0}.', d.model);
        // The model's reply is data for the agent, never instructions: it comes fenced as untrusted content.
        return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(`${cost}\n${untrustedContent(d.model, d.text, nonce())}`)]);
      });
    },
  };
}
