/** The quick input of Generate image: prompt (with recent prompts), model, then the controls that model accepts. */
import * as vscode from 'vscode';
import { maxImagesPerRequest, type ImageModel } from '../openrouter/imageApi';
import type { Model } from '../openrouter/types';
import { controlSteps, setControl, type ControlStep } from './controlSteps';
import { pickStep, USE_DEFAULTS, type Step } from '../platform/pickStep';
import { chooseApi, splitCount } from './route';
import { addEstimates, describeEstimate, estimateChatImage, estimateImages, timesEstimate, UNKNOWN, type Estimate } from '../openrouter/pricing';
import { improvePromptFor } from './improvePrompt';
import { settings } from '../platform/config';
import { modelRows, withRecentFirst } from '../platform/chooseModel';
import { showOpenRouterError } from '../platform/errors';
import type { GenerateArgs, ImageCommandDeps } from './types';

const RECENT_KEY = 'openrouterStudio.recentPrompts';
const RECENT_MAX = 20;

/** Puts `prompt` first in the recent prompts (at most 20, no duplicates). */
export async function rememberPrompt(state: vscode.Memento, prompt: string): Promise<void> {
  const recent = state.get<string[]>(RECENT_KEY, []).filter((p) => p !== prompt);
  await state.update(RECENT_KEY, [prompt, ...recent].slice(0, RECENT_MAX));
}

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
function pricer(deps: ImageCommandDeps, s: ReturnType<typeof settings>, chosen: { chatModel?: Model; imageModel?: ImageModel; references: number }): Pricer {
  const { chatModel, imageModel, references } = chosen;
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
/** Puts back the prompt as typed, after Improve prompt replaced it. */
const RESTORE: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('discard'), tooltip: vscode.l10n.t('Restore the prompt as you typed it') };
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
    const items = await modelRows(deps.catalog, 'image', deps.log, refresh);
    if (!items.some((i) => i.value === s.imageModel)) items.unshift({ label: s.imageModel, description: vscode.l10n.t('from settings'), detail: '', value: s.imageModel });
    return withRecentFirst(items, deps.catalog.recent.list('image'));
  };
  let steps: ControlStep[] = [];
  let price: Pricer = async () => UNKNOWN;
  // Step 0 is the model; steps 1… are the model's controls, known once it is chosen.
  for (let i = 0; ; ) {
    const total = 2 + steps.filter((st) => !st.when || st.when(args)).length;
    const shown = (k: number): number => 3 + steps.slice(0, k).filter((st) => !st.when || st.when(args)).length;
    let picked: string | 'back' | 'defaults' | undefined;
    if (i === 0) {
      picked = await pickStep({ title: vscode.l10n.t('Generate image ({0}/{1}): model', 2, Math.max(total, 3)), placeholder: vscode.l10n.t('Pick an image model, or type any model id'), items: await modelItems(false), active: args.model ?? s.imageModel }, { allowTyping: true, refresh: () => modelItems(true) });
      if (typeof picked === 'string' && picked !== 'back' && picked !== 'defaults') {
        args.model = picked;
        await deps.catalog.recent.add('image', picked);
        for (const k of ['aspectRatio', 'imageSize', 'resolution', 'background', 'outputFormat', 'outputCompression', 'seed', 'count'] as const) delete args[k];
        const [chatModel, imageModel] = await Promise.all([deps.catalog.find('image', picked), deps.catalog.find('imageApi', picked)]);
        // One image is offered first, always: a run of 3 must not make every later Enter pay for 3.
        steps = controlSteps(s.imageApi, chatModel, imageModel, { aspectRatio: s.aspectRatio, imageSize: s.imageSize, count: 1 });
        price = pricer(deps, s, { chatModel, imageModel, references: (start.references ?? []).length });
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
      picked = await pickStep({ title: vscode.l10n.t('Generate image ({0}/{1}): {2}', shown(i - 1), total, step.title), placeholder: step.placeholder, items, active: step.active }, { typed: step.typed, defaults });
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
  // The words the user typed, before Improve prompt replaced them: the Restore button puts them back (the
  // quick input's box has no undo across a replaced value).
  let original: string | undefined;
  qp.onDidTriggerButton(async (b) => {
    if (b === RESTORE && original !== undefined) {
      qp.value = original;
      original = undefined;
      qp.buttons = [IMPROVE];
      return;
    }
    const text = qp.value.trim();
    if (b !== IMPROVE || !text || qp.busy) return;
    qp.busy = true;
    try {
      const s = settings();
      const typed = qp.value;
      qp.value = await improvePromptFor(deps.clients.get(), deps.catalog, s.chatModel, text, s.imageModel, AbortSignal.any([improving.signal, AbortSignal.timeout(s.requestTimeoutSeconds * 1000)]));
      original ??= typed;
      qp.buttons = [IMPROVE, RESTORE];
    } catch (err) {
      if (!improving.signal.aborted) void showOpenRouterError(err, deps.log, { feature: vscode.l10n.t('Improve prompt'), modelSetting: 'chatModel' });
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

