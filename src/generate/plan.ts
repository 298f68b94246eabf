/**
 * The plan of one Generate image run, before anything is sent: the API, every control checked against the
 * model, the references read, the count split into requests ({@link splitCount}), what each request costs
 * (estimate), and the question that lists all of it for the person who pays.
 */
import { randomInt } from 'node:crypto';
import * as vscode from 'vscode';
import { buildImagesRequest, descriptorOf, ImageControlError, maxImagesPerRequest, MAX_REFERENCES, type ImageControls } from '../openrouter/imageApi';
import { buildChatImageRequest } from '../openrouter/chatImageRequest';
import { addEstimates, estimateChatImage, estimateImages, type Estimate } from '../openrouter/pricing';
import type { ContentPart, Model } from '../openrouter/types';
import { ArgumentError } from '../platform/args';
import { settings } from '../platform/config';
import { readWorkspaceImages } from '../platform/readImage';
import type { Fact, SpendQuestion } from '../shared/spendQuestion';
import type { ImageJobRequest } from './imageJob';
import type { Provenance } from '../images/provenance';
import { chooseApi, MAX_VARIATIONS, splitCount } from './route';
import type { GenerateArgs, ImageCommandDeps } from './types';


/** One request of a plan, with what is recorded in its images. */
export interface PlannedJob {
  request: ImageJobRequest;
  provenance: Provenance;
}

/** The requests of one Generate image run. */
export interface GenerationPlan {
  modelId: string;
  api: 'chat' | 'images';
  embed: boolean;
  jobs: PlannedJob[];
  /** Images asked for in all. */
  count: number;
  /** The reference images read, in order, by Uri and workspace-relative name. */
  references: Array<{ uri: vscode.Uri; name: string }>;
  /** The model's `/models` entry, when listed there (chat completions' prices). */
  chatModel?: Model;
}

/**
 * Chooses the API, checks every control against the model, reads the references, and splits `count` into
 * requests: one with `n` up to what the model makes at once and one reply may carry
 * (`openrouterStudio.maxImagesPerReply`), else parallel ones. Sends nothing.
 * @throws {ImageControlError} for a control the model does not accept; {@link ArgumentError} for a count the
 *   model cannot make; the reference checks' errors (outside the workspace, not an image, too large).
 */
export async function planGeneration(deps: ImageCommandDeps, args: GenerateArgs, root: vscode.Uri | undefined): Promise<GenerationPlan> {
  const s = settings(root);
  const modelId = args.model?.trim() || s.imageModel;
  const [chatModel, imageModel] = await Promise.all([deps.catalog.find('image', modelId), deps.catalog.find('imageApi', modelId)]);
  const refs = await readReferences(args.references ?? [], s.maxImageBytes);
  const count = args.count ?? 1;
  const explicit: ImageControls = {
    aspectRatio: args.aspectRatio,
    resolution: args.resolution,
    background: args.background,
    outputFormat: args.outputFormat,
    outputCompression: args.outputCompression,
    seed: args.seed,
    count,
    references: refs.map((r) => r.dataUrl),
  };
  const inChat = chatModel !== undefined;
  // A recorded API (Generate again) counts as the setting would: the same rule and the same refusals.
  const api = chooseApi(args.api ?? s.imageApi, modelId, inChat, imageModel, explicit);
  const references = refs.length > 0 ? refs.map((r) => r.name) : undefined;
  const base = { prompt: args.prompt, model: modelId, api, references } as const;
  const plan = { modelId, api, embed: s.embedMetadata, count, references: refs.map(({ uri, name }) => ({ uri, name })), chatModel };
  if (api === 'chat') {
    if (count > MAX_VARIATIONS) throw new ArgumentError(vscode.l10n.t('{0} makes one image per request: count can be at most {1}.', modelId, MAX_VARIATIONS));
    const aspectRatio = args.aspectRatio ?? s.aspectRatio;
    const imageSize = args.imageSize ?? args.resolution ?? (s.imageSize || undefined);
    const content: string | ContentPart[] = refs.length > 0 ? [{ type: 'text', text: args.prompt }, ...refs.map((r): ContentPart => ({ type: 'image_url', image_url: { url: r.dataUrl } }))] : args.prompt;
    const request: ImageJobRequest = { api: 'chat', body: buildChatImageRequest(chatModel, modelId, content, aspectRatio, imageSize) };
    const provenance: Provenance = { ...base, aspectRatio, imageSize };
    return { ...plan, jobs: count > 1 ? Array.from({ length: count }, (_, i) => ({ request, provenance: { ...provenance, variation: `${i + 1}/${count}` } })) : [{ request, provenance }] };
  }
  const model = imageModel!;
  // Settings are defaults: sent only where the model accepts them. What the caller chose is checked.
  const accepts = (field: 'aspect_ratio' | 'resolution', v: string | undefined): string | undefined => {
    const d = descriptorOf(model, field);
    return v && d && (d.type !== 'enum' || d.values.includes(v)) ? v : undefined;
  };
  const perRequest = maxImagesPerRequest(model);
  if (count > Math.max(perRequest, MAX_VARIATIONS)) throw new ArgumentError(vscode.l10n.t('{0} makes at most {1} images per request: count can be at most {2}.', modelId, perRequest, Math.max(perRequest, MAX_VARIATIONS)));
  const sizes = splitCount(count, perRequest, s.streamLimits.maxImages);
  const seed = args.seed ?? (descriptorOf(model, 'seed') ? randomSeed() : undefined);
  const controls: ImageControls = {
    ...explicit,
    aspectRatio: args.aspectRatio ?? accepts('aspect_ratio', s.aspectRatio),
    resolution: args.resolution ?? (args.imageSize !== undefined ? args.imageSize : accepts('resolution', s.imageSize || undefined)),
    seed,
  };
  const provenance = (sd: number | undefined, variation?: string): Provenance => ({ ...base, aspectRatio: controls.aspectRatio, resolution: controls.resolution, background: controls.background, outputFormat: controls.outputFormat, outputCompression: controls.outputCompression, seed: sd, variation });
  if (sizes.length === 1) {
    const body = buildImagesRequest(model, args.prompt, { ...controls, count });
    return { ...plan, jobs: [{ request: { api: 'images', body }, provenance: provenance(seed) }] };
  }
  // Several requests: each its own seed (the same seed would make the same picture).
  return {
    ...plan,
    jobs: sizes.map((n, i) => {
      const sd = seed === undefined ? undefined : (seed + i) % 2 ** 32;
      return { request: { api: 'images', body: buildImagesRequest(model, args.prompt, { ...controls, count: n, seed: sd }) }, provenance: provenance(sd, n === 1 ? `${i + 1}/${sizes.length}` : undefined) };
    }),
  };
}

/** A seed for a model that takes one, so the image can be made again: 0 to 2³¹ − 1. */
function randomSeed(): number {
  return randomInt(0, 2 ** 31);
}

/**
 * Reads reference images: each a workspace image (checked by its bytes, at most `maxImageBytes`), each file
 * once, at most {@link MAX_REFERENCES} and `MAX_IMAGES_TOTAL_BYTES` in all (`readWorkspaceImages`).
 * @returns each as a data URL with its Uri and workspace-relative name.
 * @throws {ImageControlError} for more than {@link MAX_REFERENCES}; the checks of {@link readWorkspaceImage}.
 */
async function readReferences(uris: vscode.Uri[], maxImageBytes: number): Promise<Array<{ uri: vscode.Uri; name: string; dataUrl: string }>> {
  if (uris.length > MAX_REFERENCES) throw new ImageControlError(vscode.l10n.t('At most {0} reference images can be sent ({1} were given).', MAX_REFERENCES, uris.length), 'input_references');
  // Each file once, and at most MAX_IMAGES_TOTAL_BYTES in all.
  return (await readWorkspaceImages(uris, maxImageBytes)).map((image) => ({ uri: image.uri, name: vscode.workspace.asRelativePath(image.uri, false), dataUrl: image.dataUrl }));
}

/**
 * What the plan's requests will cost: chat completions from `/models` prices, the Image API from its
 * per-endpoint prices (fetched once an hour per model); unknown when a list has no price for the model.
 */
export async function estimatePlan(deps: Pick<ImageCommandDeps, 'catalog'>, plan: GenerationPlan, signal?: AbortSignal): Promise<Estimate> {
  const prices = plan.api === 'images' ? await deps.catalog.imagePrices(plan.modelId, signal).catch(() => undefined) : undefined;
  return addEstimates(...plan.jobs.map(({ request: r, provenance }) => r.api === 'chat'
    ? estimateChatImage(plan.chatModel, { promptChars: provenance.prompt.length, inputImages: plan.references.length, imageSize: r.body.image_config?.image_size })
    : estimateImages(prices, { images: r.body.n ?? 1, resolution: r.body.resolution, references: r.body.input_references?.length ?? 0, promptChars: r.body.prompt.length })));
}

/**
 * The facts of a plan for the person who pays: model, API, every control sent, how many images in how many
 * requests, the folder and the prompt (the references are the question's uploads).
 */
export function planFacts(plan: GenerationPlan, folder: string): Fact[] {
  const t = vscode.l10n.t;
  const p = plan.jobs[0].provenance;
  const seeds = plan.jobs.map((j) => j.provenance.seed).filter((x): x is number => x !== undefined);
  const facts: Array<[string, string | undefined]> = [
    [t('Model'), plan.modelId],
    [t('API'), plan.api === 'images' ? t('Image API') : t('chat completions')],
    [t('Aspect ratio'), p.aspectRatio],
    [t('Size'), p.imageSize],
    [t('Resolution'), p.resolution],
    [t('Background'), p.background],
    [t('Output format'), p.outputFormat],
    [t('Compression'), p.outputCompression?.toString()],
    [t('Seed'), seeds.length > 0 ? seeds.join(', ') : undefined],
    [t('Images'), plan.jobs.length === 1 ? t('{0} in 1 request', plan.count) : t('{0} in {1} requests', plan.count, plan.jobs.length)],
    [t('Saved into'), folder],
    [t('Prompt'), p.prompt],
  ];
  return facts.filter((f): f is [string, string] => f[1] !== undefined && f[1] !== '').map(([label, value]) => ({ label, value }));
}

/** The question for a plan: its facts, its references as uploads, and its estimate. */
export async function planQuestion(deps: Pick<ImageCommandDeps, 'catalog'>, title: string, plan: GenerationPlan, folder: string, signal?: AbortSignal): Promise<SpendQuestion> {
  return { title, facts: planFacts(plan, folder), uploads: plan.references.map((r) => r.name), estimate: await estimatePlan(deps, plan, signal) };
}
