/**
 * The steps of Generate image after the model: which controls a model accepts (chat completions'
 * `image_config`, or the Image API's `supported_parameters`), each with its values, and how a chosen value
 * sets the run's arguments.
 */
import * as vscode from 'vscode';
import { descriptorOf, maxImagesPerRequest, MAX_N, RASTER_OUTPUT_FORMATS, type ImageModel } from '../openrouter/imageApi';
import { ASPECT_RATIOS, IMAGE_SIZES, type Model } from '../openrouter/types';
import { MAX_VARIATIONS, type ImageApiSetting } from './route';
import type { TypedItem } from '../platform/pickStep';
import type { GenerateArgs } from './types';

/** One step after the model: a control the chosen model accepts, with its values. */
export interface ControlStep {
  key: 'aspectRatio' | 'imageSize' | 'resolution' | 'background' | 'outputFormat' | 'outputCompression' | 'seed' | 'count';
  title: string;
  placeholder: string;
  items: Array<vscode.QuickPickItem & { value: string }>;
  active?: string;
  /** Shown only when this holds for the choices so far (compression: for JPEG and WebP). */
  when?: (args: GenerateArgs) => boolean;
  /** For a typed value (a seed): the item to offer, or `undefined` when it is not valid. */
  typed?: TypedItem;
}

/** Which API's controls to offer for a model (the route's rule before any control is chosen). */
function controlSource(setting: ImageApiSetting, chatModel: Model | undefined, imageModel: ImageModel | undefined): 'chat' | 'images' | 'both' {
  if (!imageModel) return 'chat';
  if (!chatModel || setting === 'images') return 'images';
  return setting === 'chat' ? 'chat' : 'both';
}

/**
 * The steps after the model: exactly the controls it accepts, with its values. Chat completions: aspect
 * ratio, size, how many (1–4 parallel requests). The Image API: each control the model's
 * `supported_parameters` list (aspect ratio, resolution, background, output format, compression for JPEG
 * and WebP, seed), and how many (one request up to its `n`). A model both offer (`imageEndpoint: auto`): the
 * chat steps and the controls only the Image API has; choosing one of those sends the request there.
 */
export function controlSteps(setting: ImageApiSetting, chatModel: Model | undefined, imageModel: ImageModel | undefined, defaults: { aspectRatio: string; imageSize: string; count: number }): ControlStep[] {
  const source = controlSource(setting, chatModel, imageModel);
  const t = vscode.l10n.t;
  const unset = (label: string): vscode.QuickPickItem & { value: string } => ({ label, value: '' });
  const values = (vs: readonly string[], def?: string): Array<vscode.QuickPickItem & { value: string }> => vs.map((v) => ({ label: v, value: v, description: v === def ? t('default') : undefined }));
  const enumOf = (field: 'aspect_ratio' | 'resolution' | 'background' | 'output_format'): string[] | undefined => {
    const d = imageModel ? descriptorOf(imageModel, field) : undefined;
    if (!d) return undefined;
    return d.type === 'enum' ? d.values.filter((v) => field !== 'output_format' || (RASTER_OUTPUT_FORMATS as readonly string[]).includes(v)) : undefined;
  };
  const steps: ControlStep[] = [];
  const viaImages = source !== 'chat';
  const ratios = source === 'images' ? enumOf('aspect_ratio') : [...ASPECT_RATIOS, ...(source === 'both' ? (enumOf('aspect_ratio') ?? []).filter((r) => !(ASPECT_RATIOS as readonly string[]).includes(r)) : [])];
  if (ratios?.length) {
    steps.push({ key: 'aspectRatio', title: t('aspect ratio'), placeholder: t('The shape of the image, width:height'), items: source === 'images' && !ratios.includes(defaults.aspectRatio) ? [unset(t('Model default')), ...values(ratios)] : values(ratios, defaults.aspectRatio), active: ratios.includes(defaults.aspectRatio) ? defaults.aspectRatio : '' });
  }
  if (source === 'images') {
    const tiers = enumOf('resolution');
    if (tiers?.length) steps.push({ key: 'resolution', title: t('resolution'), placeholder: t('How many pixels the image has'), items: [unset(t('Model default')), ...values(tiers)], active: tiers.includes(defaults.imageSize) ? defaults.imageSize : '' });
  } else {
    steps.push({ key: 'imageSize', title: t('size'), placeholder: t('How many pixels the image has, for models that support it'), items: [{ label: t('Model default'), value: '', description: defaults.imageSize ? undefined : t('default') }, ...IMAGE_SIZES.map((z) => ({ label: z, value: z as string, description: z === defaults.imageSize ? t('default') : t('where the model supports it') }))], active: defaults.imageSize });
  }
  if (viaImages) {
    const backgrounds = enumOf('background');
    if (backgrounds?.length) steps.push({ key: 'background', title: t('background'), placeholder: t('Background (transparent: PNG or WebP)'), items: [unset(t('Model default')), ...values(backgrounds)], active: '' });
    const formats = enumOf('output_format');
    if (formats?.length) {
      steps.push({ key: 'outputFormat', title: t('output format'), placeholder: t('The file format of the image'), items: [unset(t('Model default')), ...values(formats)], active: '', when: (a) => a.background !== 'transparent' || formats.some((f) => f === 'png' || f === 'webp') });
      const c = imageModel && descriptorOf(imageModel, 'output_compression');
      if (c?.type === 'range') {
        const levels = [100, 90, 80, 70, 60, 50].filter((n) => n >= c.min && n <= c.max).map(String);
        steps.push({ key: 'outputCompression', title: t('compression'), placeholder: t('Compression for JPEG and WebP ({0}–{1})', c.min, c.max), items: [unset(t('Model default')), ...values(levels)], active: '', when: (a) => a.outputFormat === 'jpeg' || a.outputFormat === 'webp' });
      }
    }
    if (imageModel && descriptorOf(imageModel, 'seed')) {
      steps.push({
        key: 'seed',
        title: t('seed'),
        placeholder: t('Type a seed (a whole number), or leave it random; the seed used is recorded in the image'),
        items: [{ label: t('Random'), value: '' }],
        active: '',
        typed: (v) => (/^\d{1,15}$/.test(v.trim()) ? { label: v.trim(), value: v.trim(), description: t('use this seed'), alwaysShow: true } : undefined),
      });
    }
  }
  const perRequest = imageModel && viaImages ? maxImagesPerRequest(imageModel) : 1;
  const most = Math.max(MAX_VARIATIONS, Math.min(perRequest, MAX_N));
  const counts = Array.from({ length: most }, (_, i) => i + 1);
  steps.push({
    key: 'count',
    title: t('how many'),
    placeholder: t('How many images to request at once'),
    items: counts.map((n) => ({ label: String(n), value: String(n), description: n === 1 ? t('one image') : n <= perRequest ? t('{0} images in one request', n) : t('{0} variations, requested in parallel ({0}× the cost)', n) })),
    active: String(Math.min(defaults.count, most)),
  });
  return steps;
}

/** Sets one control from a step's value (`''`: left to the model or to chance). */
export function setControl(args: GenerateArgs, key: ControlStep['key'], value: string): void {
  if (key === 'count') args.count = Number(value);
  else if (key === 'seed' || key === 'outputCompression') args[key] = value === '' ? undefined : Number(value);
  else args[key] = value === '' ? undefined : value;
}

