/**
 * **Generate image** and **Generate from these images**: the commands (a quick input, or an argument for
 * automation), the agent tool's entry, planning (`plan.ts`), asking, sending, and variations in parallel. Where
 * the images go is `target.ts`, how the results are shown `present.ts`, a run's context `run.ts`, Edit image
 * `edit.ts`.
 */
import * as vscode from 'vscode';
import { MAX_N, MAX_REFERENCES } from '../openrouter/imageApi';
import { provenanceText, type Provenance } from '../images/provenance';
import { ArgumentError } from '../platform/args';
import { settings } from '../platform/config';
import { showError } from '../platform/notify';
import { errorMessage } from '../shared/format';
import type { SpendQuestion } from '../shared/spendQuestion';
import { runImageJob, runImageJobs, type ImageJob, type ImageJobRequest } from './imageJob';
import { askControls, askGenerateArgs, askReferencePrompt, rememberPrompt } from './imageQuickInput';
import { planGeneration, planQuestion } from './plan';
import { openVariation, presentResult, presentVariations, toTool, type Again } from './present';
import { ensureKey, imageRun, withErrors, type ImageRun, type RunHow, type ToolRun } from './run';
import { generationTarget } from './target';
import type { GenerateArgs, ImageCommandDeps } from './types';

const STRING_ARGS = ['model', 'aspectRatio', 'imageSize', 'resolution', 'background', 'outputFormat', 'outputDirectory'] as const;

function parseArgs(arg: unknown): GenerateArgs {
  const a = arg as Partial<GenerateArgs>;
  if (typeof a !== 'object' || a === null || typeof a.prompt !== 'string' || a.prompt.trim() === '') {
    throw new ArgumentError('openrouterStudio.generateImage takes { prompt, model?, aspectRatio?, imageSize?, resolution?, background?, outputFormat?, outputCompression?, seed?, count?, references?, outputDirectory? } with a non-empty prompt.');
  }
  if (a.count !== undefined && !(Number.isInteger(a.count) && a.count >= 1 && a.count <= MAX_N)) throw new ArgumentError(`count must be a whole number from 1 to ${MAX_N}.`);
  for (const k of STRING_ARGS) if (a[k] !== undefined && typeof a[k] !== 'string') throw new ArgumentError(`${k} must be a string.`);
  for (const k of ['seed', 'outputCompression'] as const) if (a[k] !== undefined && !Number.isSafeInteger(a[k])) throw new ArgumentError(`${k} must be a whole number.`);
  if (a.references !== undefined && !(Array.isArray(a.references) && a.references.every((u) => u instanceof vscode.Uri))) throw new ArgumentError('references must be an array of Uris.');
  if (a.api !== undefined && a.api !== 'chat' && a.api !== 'images') throw new ArgumentError('api must be "chat" or "images".');
  return { ...a, prompt: a.prompt.trim() } as GenerateArgs;
}

/**
 * `openrouterStudio.generateImage [args]`. Without an argument: a multi-step quick input (prompt, model, then
 * the controls that model accepts). With {@link GenerateArgs}: no UI besides progress, for automation and tests.
 * The request goes through chat completions or the Image API by the rule of `route.ts`.
 * @returns the saved files' Uris; `undefined` when cancelled.
 * @throws with an argument: an {@link ImageControlError} for a control the model does not accept (nothing
 *   is sent), a reference that is not a workspace image, the request's or the saver's error (also shown).
 */
export async function generateImage(deps: ImageCommandDeps, arg?: unknown): Promise<vscode.Uri[] | undefined> {
  const automated = arg !== undefined && arg !== null && !(arg instanceof vscode.Uri);
  let args: GenerateArgs | undefined;
  if (automated) {
    args = parseArgs(arg);
  } else {
    if (!(await ensureKey(deps))) return undefined;
    args = await askGenerateArgs(deps);
    if (!args) return undefined;
  }
  return generate(deps, args, { automated });
}

/**
 * `openrouterStudio.generateFromImages clicked [selected] [args]` (explorer, on 1–16 selected images): the
 * prompt, then the same steps as Generate image, sending the images as references (the Image API's
 * `input_references`, or image parts for a chat model). With {@link GenerateArgs} as the third argument: no
 * UI besides progress.
 * @returns the saved files; `undefined` when cancelled.
 * @throws with an argument: as {@link generateImage}.
 */
export async function generateFromImages(deps: ImageCommandDeps, clicked?: unknown, selected?: unknown, arg?: unknown): Promise<vscode.Uri[] | undefined> {
  const uris = Array.isArray(selected) && selected.length > 0 ? selected.filter((u): u is vscode.Uri => u instanceof vscode.Uri) : clicked instanceof vscode.Uri ? [clicked] : [];
  if (arg !== undefined && arg !== null) return generate(deps, { ...parseArgs(arg), references: uris }, { automated: true });
  if (uris.length === 0) {
    void showError(vscode.l10n.t('Select 1 to {0} images in the explorer to generate from.', MAX_REFERENCES));
    return undefined;
  }
  if (uris.length > MAX_REFERENCES) {
    void showError(vscode.l10n.t('At most {0} reference images can be sent ({1} were given).', MAX_REFERENCES, uris.length));
    return undefined;
  }
  if (!(await ensureKey(deps))) return undefined;
  const prompt = await askReferencePrompt(uris);
  if (!prompt) return undefined;
  const args = await askControls(deps, { prompt, references: uris });
  return args ? generate(deps, args, { automated: false }) : undefined;
}

/**
 * Generate image for an agent's tool: {@link generateImage}'s checks and saving, run as {@link ToolRun}.
 * @returns the saved files, or `undefined` when cancelled; `run.results` holds each request's result.
 * @throws as {@link generateImage} with an argument.
 */
export function generateImageForTool(deps: ImageCommandDeps, args: GenerateArgs, run: ToolRun): Promise<vscode.Uri[] | undefined> {
  return generate(deps, parseArgs(args), { automated: true, tool: run });
}

/** Generates with `args`: chooses the API, checks, asks (see {@link RunHow}), sends, saves and presents. */
async function generate(deps: ImageCommandDeps, args: GenerateArgs, how: RunHow): Promise<vscode.Uri[] | undefined> {
  await rememberPrompt(deps.state, args.prompt);
  const run = imageRun(deps.log, how);
  return withErrors(run, async () => {
    const target = await generationTarget(args.prompt, new Date(), args.outputDirectory, run.automated);
    if (!target) return undefined;
    let chosen = args;
    let plan = await planGeneration(deps, chosen, target.root);
    const folder = vscode.workspace.asRelativePath(target.folder, false);
    const title = run.askFirst ?? vscode.l10n.t('Generate {0} image(s) with {1}?', plan.count, plan.modelId);
    let question = await planQuestion(deps, title, plan, folder, run.signal);
    if (run.askFirst !== undefined) {
      const answer = await deps.consent.ask(question, vscode.l10n.t('Generate'));
      if (!answer) return undefined;
      if (answer.uploads.length < plan.references.length) {
        // A reference left out is not read again, let alone sent: the plan is made anew without it.
        chosen = { ...args, references: plan.references.filter((r) => answer.uploads.includes(r.name)).map((r) => r.uri) };
        plan = await planGeneration(deps, chosen, target.root);
        question = await planQuestion(deps, title, plan, folder);
      }
    }
    if (!(await deps.consent.checkLimit(question, run.origin))) return undefined;
    const job = (request: ImageJobRequest, p: Provenance): ImageJob => ({
      client: deps.clients.get(),
      request,
      title: vscode.l10n.t('Generating image with {0}', plan.modelId),
      log: deps.log,
      target,
      signal: run.signal,
      metadata: (reply) => (plan.embed ? provenanceText({ ...p, generationId: reply.id, cost: reply.usage?.cost }) : undefined),
    });
    // Generate again from the notification asks first, as everywhere it is offered.
    const again: Again = () => generate(deps, { ...chosen, api: plan.api }, { automated: false, askFirst: vscode.l10n.t('Generate again with {0}?', plan.modelId) });
    if (plan.jobs.length > 1) {
      const uris = await runVariations(run, plan.jobs.map((j) => job(j.request, j.provenance)), plan.modelId, chosen.prompt, again);
      if (uris && plan.api === 'images' && plan.count > 1 && uris.length < plan.count && !run.tool) deps.log.warn(`${uris.length} of ${plan.count} images came back.`);
      return uris;
    }
    const result = await runImageJob(job(plan.jobs[0].request, plan.jobs[0].provenance));
    if (!result) return undefined;
    if (run.tool) return toTool(run.tool, result);
    if (plan.count > 1 && result.uris.length < plan.count) result.notes.push(vscode.l10n.t('{0} of {1} images came back.', result.uris.length, plan.count));
    await presentResult(run, result, args.prompt, again);
    return result.uris;
  });
}

/**
 * Generate again from recorded arguments (Image details, the hover, the explorer): the whole plan is asked
 * first ({@link RunHow.askFirst}), each recorded reference by name, and nothing is sent without that yes.
 * @returns the saved files; `undefined` when declined, cancelled or failed (shown).
 */
export function generateAgainWith(deps: ImageCommandDeps, args: GenerateArgs): Promise<vscode.Uri[] | undefined> {
  return generate(deps, parseArgs(args), { automated: false, askFirst: vscode.l10n.t('Generate again with {0}?', args.model ?? settings().imageModel) });
}

/**
 * The question an agent's generate tool shows before it runs: the plan (model, count, resolution or size,
 * format, references by name, folder, prompt) and its estimate. Sends nothing.
 * @throws as {@link generateImage} with an argument, for arguments that would be refused.
 */
export async function generationQuestionForTool(deps: ImageCommandDeps, args: GenerateArgs): Promise<SpendQuestion> {
  const parsed = parseArgs(args);
  const target = await generationTarget(parsed.prompt, new Date(), parsed.outputDirectory, true);
  const plan = await planGeneration(deps, parsed, target?.root);
  return planQuestion(deps, vscode.l10n.t('Generate {0} image(s) with OpenRouter?', plan.count), plan, target ? vscode.workspace.asRelativePath(target.folder, false) : '');
}

/**
 * Variations: the jobs run in parallel under one notification; each image opens as soon as it is saved.
 * A summary names what was saved, what failed (each request's message) and the total cost.
 * @returns every saved file; `undefined` when all were cancelled.
 * @throws when nothing was saved: the one error, or an `Error` with every request's message.
 */
async function runVariations(run: ImageRun, jobs: ImageJob[], modelId: string, prompt: string, again: Again): Promise<vscode.Uri[] | undefined> {
  const outcome = await runImageJobs(jobs, vscode.l10n.t('Generating {0} images with {1}', jobs.length, modelId), (r) => openVariation(run, r));
  const results = outcome.results.filter((r): r is NonNullable<typeof r> => r !== undefined);
  const uris = results.flatMap((r) => r.uris);
  const failures = outcome.errors.map(({ index, error }) => vscode.l10n.t('Request {0}: {1}', index + 1, errorMessage(error)));
  for (const f of failures) run.log.warn(`Variation failed: ${f}`);
  if (uris.length === 0) {
    if (outcome.errors.length === 0) return undefined;
    const first = outcome.errors[0].error;
    if (outcome.errors.every((e) => e.error instanceof Error && first instanceof Error && e.error.message === first.message)) throw first;
    throw new Error(vscode.l10n.t('No image was saved. {0}', failures.join(' ')));
  }
  if (!run.tool) presentVariations(run, { results, failures, asked: jobs.length, cancelled: jobs.length - results.length - outcome.errors.length }, prompt, again);
  return uris;
}
