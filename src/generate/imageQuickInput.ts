/** The quick input of Generate image: prompt (with recent prompts), model, then the controls that model accepts. */
import * as vscode from 'vscode';
import { descriptorOf, maxImagesPerRequest, MAX_N, RASTER_OUTPUT_FORMATS, type ImageModel } from '../openrouter/imageApi';
import { ASPECT_RATIOS, IMAGE_SIZES, type Model } from '../openrouter/types';
import { chooseApi, MAX_VARIATIONS, splitCount, type ImageApiSetting } from './route';
import { addEstimates, describeEstimate, estimateChatImage, estimateImages, timesEstimate, UNKNOWN, type Estimate } from '../openrouter/pricing';
import { improvePromptFor } from './improvePrompt';
import { settings } from '../platform/config';
import { describePrice } from '../platform/modelCatalog';
import { showOpenRouterError } from '../platform/errors';
import type { GenerateArgs, ImageCommandDeps } from './types';

const RECENT_KEY = 'openrouterStudio.recentPrompts';
const RECENT_MAX = 20;

/** Puts `prompt` first in the recent prompts (at most 20, no duplicates). */
export async function rememberPrompt(state: vscode.Memento, prompt: string): Promise<void> {
  const recent = state.get<string[]>(RECENT_KEY, []).filter((p) => p !== prompt);
  await state.update(RECENT_KEY, [prompt, ...recent].slice(0, RECENT_MAX));
}

interface Step<T> {
  title: string;
  placeholder: string;
  items: Array<vscode.QuickPickItem & { value: T }>;
  active?: T;
}

const USE_DEFAULTS: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('check-all'), tooltip: vscode.l10n.t('Use the defaults from settings for the remaining steps') };

/** The ✓✓ button with the price of what it sends (one image, the defaults). */
function withPrice(estimate: string): vscode.QuickInputButton {
  return { iconPath: USE_DEFAULTS.iconPath, tooltip: vscode.l10n.t('Use the defaults from settings for the remaining steps: 1 image, {0}', estimate) };
}

/** The estimate of `count` images with the controls chosen so far. */
type Pricer = (args: GenerateArgs, count: number) => Promise<Estimate>;

/**
 * The pricer of a chosen model: chat completions from its `/models` prices; the Image API from its
 * per-endpoint prices (fetched once an hour), split into requests as the run will be.
 */
function pricer(deps: ImageCommandDeps, s: ReturnType<typeof settings>, chatModel: Model | undefined, imageModel: ImageModel | undefined, references: number): Pricer {
  return async (args, count) => {
    const promptChars = args.prompt.length;
    // The route's own rule (route.ts) decides which price list applies; a combination it refuses is priced as chat.
    let api: 'chat' | 'images' = 'chat';
    try {
      api = chooseApi(s.imageApi, imageModel?.id ?? args.model ?? '', chatModel !== undefined, imageModel, { ...args, references: undefined, count });
    } catch {
      // refused before sending by the run itself
    }
    if (api === 'chat') {
      return timesEstimate(estimateChatImage(chatModel, { promptChars, inputImages: references, imageSize: args.imageSize ?? (s.imageSize || undefined) }), count);
    }
    const prices = await deps.catalog.imagePrices(imageModel!.id).catch(() => undefined);
    const sizes = splitCount(count, maxImagesPerRequest(imageModel!), s.streamLimits.maxImages);
    return addEstimates(...sizes.map((n) => estimateImages(prices, { images: n, resolution: args.resolution, references, promptChars })));
  };
}
const IMPROVE: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('sparkle'), tooltip: vscode.l10n.t('Improve prompt: a text model rewrites it for the image model (nothing is generated)') };
const REFRESH: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('refresh'), tooltip: vscode.l10n.t('Refresh the model list') };

/** One step after the model: a control the chosen model accepts, with its values. */
interface ControlStep {
  key: 'aspectRatio' | 'imageSize' | 'resolution' | 'background' | 'outputFormat' | 'outputCompression' | 'seed' | 'count';
  title: string;
  placeholder: string;
  items: Array<vscode.QuickPickItem & { value: string }>;
  active?: string;
  /** Shown only when this holds for the choices so far (compression: for JPEG and WebP). */
  when?: (args: GenerateArgs) => boolean;
  /** For a typed value (a seed): the item to offer, or `undefined` when it is not valid. */
  typed?: (value: string) => (vscode.QuickPickItem & { value: string }) | undefined;
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
 * and WebP, seed), and how many (one request up to its `n`). A model both offer (`imageApi: auto`): the
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
    steps.push({ key: 'aspectRatio', title: t('aspect ratio'), placeholder: source === 'chat' ? t('Aspect ratio (image_config.aspect_ratio)') : t('Aspect ratio (aspect_ratio)'), items: source === 'images' && !ratios.includes(defaults.aspectRatio) ? [unset(t('Model default')), ...values(ratios)] : values(ratios, defaults.aspectRatio), active: ratios.includes(defaults.aspectRatio) ? defaults.aspectRatio : '' });
  }
  if (source === 'images') {
    const tiers = enumOf('resolution');
    if (tiers?.length) steps.push({ key: 'resolution', title: t('resolution'), placeholder: t('Resolution (resolution)'), items: [unset(t('Model default')), ...values(tiers)], active: tiers.includes(defaults.imageSize) ? defaults.imageSize : '' });
  } else {
    steps.push({ key: 'imageSize', title: t('size'), placeholder: t('Image size (image_config.image_size), for models that support it'), items: [{ label: t('Model default'), value: '', description: defaults.imageSize ? undefined : t('default') }, ...IMAGE_SIZES.map((z) => ({ label: z, value: z as string, description: z === defaults.imageSize ? t('default') : t('where the model supports it') }))], active: defaults.imageSize });
  }
  if (viaImages) {
    const backgrounds = enumOf('background');
    if (backgrounds?.length) steps.push({ key: 'background', title: t('background'), placeholder: t('Background (transparent: PNG or WebP)'), items: [unset(t('Model default')), ...values(backgrounds)], active: '' });
    const formats = enumOf('output_format');
    if (formats?.length) {
      steps.push({ key: 'outputFormat', title: t('output format'), placeholder: t('Output format (output_format)'), items: [unset(t('Model default')), ...values(formats)], active: '', when: (a) => a.background !== 'transparent' || formats.some((f) => f === 'png' || f === 'webp') });
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

/**
 * Multi-step input: prompt, model, then the controls that model accepts ({@link controlSteps}), each
 * skippable with the defaults (✓✓ button: the settings, and one image, with its price). How many starts at
 * one every time, and each count shows its estimate.
 * @returns the arguments, or `undefined` when the user cancelled.
 */
export async function askGenerateArgs(deps: ImageCommandDeps): Promise<GenerateArgs | undefined> {
  const prompt = await askPrompt(deps);
  if (!prompt) return undefined;
  return askControls(deps, { prompt });
}

/**
 * The model and control steps for `args` (which holds the prompt, and references when there are any).
 * @returns the arguments, or `undefined` when the user cancelled.
 */
export async function askControls(deps: ImageCommandDeps, start: GenerateArgs): Promise<GenerateArgs | undefined> {
  const s = settings();
  const args: GenerateArgs = { ...start };
  const modelItems = async (refresh: boolean): Promise<Step<string>['items']> => {
    const [chat, images] = await Promise.all([
      deps.catalog.get('image', { refresh }).catch((err: unknown) => {
        void showOpenRouterError(err, deps.log);
        return [] as Model[];
      }),
      deps.catalog.get('imageApi', { refresh }).catch(() => [] as ImageModel[]),
    ]);
    // One list: each model once, with its price when /models knows it.
    const items: Step<string>['items'] = chat.map((m) => ({ label: m.id, description: m.name, detail: describePrice(m) + (m.outputModalities.includes('text') ? '' : ` · ${vscode.l10n.t('image only')}`) + (images.some((i) => i.id === m.id) ? ` · ${vscode.l10n.t('also on the Image API')}` : ''), value: m.id }));
    for (const m of images) if (!chat.some((c) => c.id === m.id)) items.push({ label: m.id, description: m.name, detail: `${vscode.l10n.t('price unknown')} · ${vscode.l10n.t('Image API')}`, value: m.id });
    if (!items.some((i) => i.value === s.imageModel)) items.unshift({ label: s.imageModel, description: vscode.l10n.t('from settings'), detail: '', value: s.imageModel });
    return items;
  };
  let steps: ControlStep[] = [];
  let price: Pricer = async () => UNKNOWN;
  // Step 0 is the model; steps 1… are the model's controls, known once it is chosen.
  for (let i = 0; ; ) {
    const total = 2 + steps.filter((st) => !st.when || st.when(args)).length;
    const shown = (k: number): number => 3 + steps.slice(0, k).filter((st) => !st.when || st.when(args)).length;
    let picked: string | 'back' | 'defaults' | undefined;
    if (i === 0) {
      picked = await pickStep({ title: vscode.l10n.t('Generate image ({0}/{1}): model', 2, Math.max(total, 3)), placeholder: vscode.l10n.t('Pick an image model, or type any model id'), items: await modelItems(false), active: args.model ?? s.imageModel }, true, () => modelItems(true));
      if (typeof picked === 'string' && picked !== 'back' && picked !== 'defaults') {
        args.model = picked;
        for (const k of ['aspectRatio', 'imageSize', 'resolution', 'background', 'outputFormat', 'outputCompression', 'seed', 'count'] as const) delete args[k];
        const [chatModel, imageModel] = await Promise.all([deps.catalog.find('image', picked), deps.catalog.find('imageApi', picked)]);
        // One image is offered first, always: a run of 3 must not make every later Enter pay for 3.
        steps = controlSteps(s.imageApi, chatModel, imageModel, { aspectRatio: s.aspectRatio, imageSize: s.imageSize, count: 1 });
        price = pricer(deps, s, chatModel, imageModel, (start.references ?? []).length);
      }
    } else {
      const step = steps[i - 1];
      if (step.when && !step.when(args)) {
        i++;
        if (i > steps.length) break;
        continue;
      }
      // The price before the user decides: each count with its estimate, and the ✓✓ button with one image's.
      const items = step.key === 'count' ? await Promise.all(step.items.map(async (it) => ({ ...it, description: `${it.description ?? ''} · ${describeEstimate(await price(args, Number(it.value)))}` }))) : step.items;
      const defaults = withPrice(describeEstimate(await price(args, 1)));
      picked = await pickStep({ title: vscode.l10n.t('Generate image ({0}/{1}): {2}', shown(i - 1), total, step.title), placeholder: step.placeholder, items, active: step.active }, false, undefined, step.typed, defaults);
      if (typeof picked === 'string' && picked !== 'back' && picked !== 'defaults') setControl(args, step.key, picked);
    }
    if (picked === undefined) return undefined;
    if (picked === 'defaults') break;
    if (picked === 'back') {
      if (i === 0) return start.references ? undefined : askGenerateArgs(deps);
      do i--;
      while (i > 0 && steps[i - 1].when && !steps[i - 1].when!(args));
      continue;
    }
    i++;
    if (i > steps.length) break;
  }
  return args;
}

/** Sets one control from a step's value (`''`: left to the model or to chance). */
function setControl(args: GenerateArgs, key: ControlStep['key'], value: string): void {
  if (key === 'count') args.count = Number(value);
  else if (key === 'seed' || key === 'outputCompression') args[key] = value === '' ? undefined : Number(value);
  else args[key] = value === '' ? undefined : value;
}

/** The prompt of Generate from these images, naming the references. */
export async function askReferencePrompt(uris: vscode.Uri[]): Promise<string | undefined> {
  const names = uris.map((u) => vscode.workspace.asRelativePath(u)).join(', ');
  const prompt = await vscode.window.showInputBox({
    title: vscode.l10n.t('Generate from {0} image(s)', uris.length),
    prompt: vscode.l10n.t('Describe the image to make from {0}', names.length > 200 ? `${names.slice(0, 200)}…` : names),
    placeHolder: vscode.l10n.t('e.g. the same character, now in a snowy forest'),
    ignoreFocusOut: true,
  });
  return prompt?.trim() || undefined;
}

/**
 * The prompt step, with recent prompts and the **Improve prompt** button: a text model (the chat model
 * setting) rewrites the typed prompt for the default image model, and the new text replaces it in the box
 * for the user to edit or accept. Nothing is generated until the user accepts.
 */
async function askPrompt(deps: ImageCommandDeps): Promise<string | undefined> {
  const recent = deps.state.get<string[]>(RECENT_KEY, []);
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem>();
  qp.buttons = [IMPROVE];
  // Improve prompt ends when the box closes (Escape) or at the request time-out.
  const improving = new AbortController();
  qp.onDidTriggerButton(async (b) => {
    const text = qp.value.trim();
    if (b !== IMPROVE || !text || qp.busy) return;
    qp.busy = true;
    try {
      const s = settings();
      qp.value = await improvePromptFor(deps.clients.get(), deps.catalog, s.chatModel, text, s.imageModel, AbortSignal.any([improving.signal, AbortSignal.timeout(s.requestTimeoutSeconds * 1000)]));
    } catch (err) {
      if (!improving.signal.aborted) void showOpenRouterError(err, deps.log);
    } finally {
      qp.busy = false;
    }
  });
  qp.title = vscode.l10n.t('Generate image ({0}/{1}): prompt', 1, 2);
  qp.placeholder = vscode.l10n.t('Describe the image (recent prompts below)');
  qp.ignoreFocusOut = true;
  const recentItems = recent.map((p) => ({ label: p, description: vscode.l10n.t('recent') }));
  qp.items = recentItems;
  qp.onDidChangeValue((v) => {
    qp.items = v.trim() ? [{ label: v, description: vscode.l10n.t('new prompt'), alwaysShow: true }, ...recentItems] : recentItems;
  });
  return new Promise((resolve) => {
    qp.onDidAccept(() => {
      const value = qp.selectedItems[0]?.label ?? qp.value;
      if (value.trim()) {
        resolve(value.trim());
        qp.hide();
      }
    });
    qp.onDidHide(() => {
      improving.abort();
      resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}

function pickStep(step: Step<string>, allowTyping: boolean, refresh?: () => Promise<Step<string>['items']>, typed?: ControlStep['typed'], defaults: vscode.QuickInputButton = USE_DEFAULTS): Promise<string | 'back' | 'defaults' | undefined> {
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem & { value: string }>();
  qp.title = step.title;
  qp.placeholder = step.placeholder;
  qp.ignoreFocusOut = true;
  qp.matchOnDescription = true;
  qp.buttons = [vscode.QuickInputButtons.Back, ...(refresh ? [REFRESH] : []), defaults];
  let base = step.items;
  const setItems = (items: typeof base): void => {
    base = items;
    qp.items = items;
    const active = items.find((i) => i.value === step.active);
    if (active) qp.activeItems = [active];
  };
  setItems(step.items);
  // The typed entry (a model id, a seed) is offered first. Items are set again only when that entry
  // changes: setting them re-renders the list, and an Enter typed meanwhile found no active item.
  const offer = (item: (vscode.QuickPickItem & { value: string }) | undefined): void => {
    const current = qp.items[0];
    const shown = current !== undefined && !base.includes(current) ? current : undefined;
    if (shown?.value === item?.value) return;
    qp.items = item ? [item, ...base] : base;
  };
  if (allowTyping) {
    qp.onDidChangeValue((v) => {
      const id = v.trim();
      offer(id && !base.some((i) => i.value === id) ? { label: id, description: vscode.l10n.t('use this model id'), value: id, alwaysShow: true } : undefined);
    });
  } else if (typed) {
    qp.onDidChangeValue((v) => offer(typed(v)));
  }
  return new Promise((resolve) => {
    qp.onDidTriggerButton(async (b) => {
      if (b === vscode.QuickInputButtons.Back) {
        resolve('back');
        qp.hide();
      } else if (b === defaults) {
        resolve('defaults');
        qp.hide();
      } else if (b === REFRESH && refresh) {
        qp.busy = true;
        setItems(await refresh());
        qp.busy = false;
      }
    });
    qp.onDidAccept(() => {
      // An Enter that arrives while the list is being redrawn finds no active item: a typed model id or
      // seed still counts.
      const v = qp.selectedItems[0]?.value ?? qp.activeItems[0]?.value ?? (allowTyping && qp.value.trim() ? qp.value.trim() : typed?.(qp.value)?.value);
      if (v !== undefined) {
        resolve(v);
        qp.hide();
      }
    });
    qp.onDidHide(() => {
      resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}

