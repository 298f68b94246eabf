/** The quick input of Generate image: prompt (with recent prompts), model, then the controls that model accepts. */
import * as vscode from 'vscode';
import { maxImagesPerRequest, type ImageModel } from '../openrouter/imageApi';
import type { Model } from '../openrouter/types';
import { controlSteps, setControl, type ControlStep } from './controlSteps';
import { pickStep, USE_DEFAULTS, type Defaults, type Step } from '../platform/pickStep';
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

/** The ✓✓ button with the price of what it sends: `estimate`, or where to read it (the model's or the count's row). */
function withPrice(estimate: string): vscode.QuickInputButton {
  return { iconPath: USE_DEFAULTS.iconPath, tooltip: vscode.l10n.t('Generate now: the highlighted row, and the defaults from settings for the rest ({0})', estimate) };
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
 * Multi-step input: prompt, model, then **Generate now** (the defaults from settings, one image, with its
 * price) or **Adjust options…**: the controls that model accepts ({@link controlSteps}). The ✓✓ button takes
 * the highlighted row and the defaults for the rest. How many starts at one every time, and each count shows
 * its estimate. The step total is 3 until the model is chosen, then fixed: 3 and one per control.
 * @returns the arguments, or `undefined` when the user cancelled.
 */
export async function askGenerateArgs(deps: ImageCommandDeps): Promise<GenerateArgs | undefined> {
  const prompt = await askPrompt(deps);
  if (!prompt) return undefined;
  return askControls(deps, { prompt });
}

/** The rows of the step after the model. */
const NOW = 'now';
const ADJUST = 'adjust';

/** What the defaults send, in words: "1 image · aspect ratio 1:1 · $0.0400". */
function defaultsText(steps: ControlStep[], estimate: string): string {
  const set = steps.filter((st) => st.key !== 'count' && st.active).map((st) => `${st.title} ${st.active}`);
  return [vscode.l10n.t('1 image'), ...set, estimate].join(' · ');
}

/**
 * The model and control steps for `start` (which holds the prompt, and references when there are any).
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
  let adjusted = false;
  const chooseModel = async (id: string): Promise<void> => {
    args.model = id;
    await deps.catalog.recent.add('image', id);
    for (const k of ['aspectRatio', 'imageSize', 'resolution', 'background', 'outputFormat', 'outputCompression', 'seed', 'count'] as const) delete args[k];
    const [chatModel, imageModel] = await Promise.all([deps.catalog.find('image', id), deps.catalog.find('imageApi', id)]);
    // One image is offered first, always: a run of 3 must not make every later Enter pay for 3.
    steps = controlSteps(s.imageApi, chatModel, imageModel, { aspectRatio: s.aspectRatio, imageSize: s.imageSize, count: 1 });
    price = pricer(deps, s, { chatModel, imageModel, references: (start.references ?? []).length });
  };
  const shows = (st: ControlStep): boolean => !st.when || st.when(args);
  // Step 0 is the model, step 1 Generate now or Adjust options…, steps 2… the model's controls. A control
  // left out by an earlier choice (compression for PNG) is skipped, its number with it: the total stays.
  for (let i = 0; ; ) {
    const total = args.model ? 3 + steps.length : 3;
    const title = (n: number, what: string): string => vscode.l10n.t('Generate image ({0}/{1}): {2}', n, total, what);
    let picked: string | 'back' | Defaults | undefined;
    if (i === 0) {
      picked = await pickStep({ title: title(2, vscode.l10n.t('model')), placeholder: vscode.l10n.t('Pick an image model, or type any model id'), items: await modelItems(false), active: args.model ?? s.imageModel }, { allowTyping: true, refresh: () => modelItems(true), defaults: withPrice(vscode.l10n.t('1 image; the price is on the model\'s row')) });
      if (picked === undefined) return undefined;
      if (picked === 'back') return start.references ? undefined : askGenerateArgs(deps);
      const id = typeof picked === 'string' ? picked : picked.defaults;
      if (id === undefined) continue;
      await chooseModel(id);
      if (typeof picked !== 'string') return args;
      i = 1;
      continue;
    }
    if (i === 1) {
      const estimate = describeEstimate(await price(args, 1));
      const items = [
        { label: `$(play) ${vscode.l10n.t('Generate now')}`, description: defaultsText(steps, estimate), value: NOW },
        { label: `$(settings) ${vscode.l10n.t('Adjust options…')}`, description: steps.map((st) => st.title).join(', '), value: ADJUST },
      ];
      picked = await pickStep({ title: title(3, vscode.l10n.t('generate now or adjust')), placeholder: vscode.l10n.t('Generate with the defaults from settings, or adjust the options first'), items, active: adjusted ? ADJUST : NOW }, { defaults: withPrice(vscode.l10n.t('1 image, {0}', estimate)) });
      if (picked === undefined) return undefined;
      if (picked === 'back') i = 0;
      else if (picked === ADJUST) {
        adjusted = true;
        i = 2;
      } else if (picked === NOW || (typeof picked !== 'string' && picked.defaults !== ADJUST)) return args;
      else i = 2;
      continue;
    }
    const step = steps[i - 2];
    if (!shows(step)) {
      i++;
      if (i - 2 >= steps.length) return args;
      continue;
    }
    // The price before the user decides: each count with its estimate, and the ✓✓ button with one image's.
    const items = step.key === 'count' ? await Promise.all(step.items.map(async (it) => ({ ...it, description: `${it.description ?? ''} · ${describeEstimate(await price(args, Number(it.value)))}` }))) : step.items;
    const defaults = withPrice(step.key === 'count' ? vscode.l10n.t('the estimate is on each row') : vscode.l10n.t('1 image, {0}', describeEstimate(await price(args, 1))));
    picked = await pickStep({ title: title(i + 2, step.title), placeholder: step.placeholder, items, active: step.active }, { typed: step.typed, defaults });
    if (picked === undefined) return undefined;
    if (picked === 'back') {
      do i--;
      while (i >= 2 && !shows(steps[i - 2]));
      continue;
    }
    const value = typeof picked === 'string' ? picked : picked.defaults;
    if (value !== undefined) setControl(args, step.key, value);
    if (typeof picked !== 'string') return args;
    i++;
    if (i - 2 >= steps.length) return args;
  }
}

/** The prompt of Generate from these images, naming the references. */
export async function askReferencePrompt(uris: vscode.Uri[]): Promise<string | undefined> {
  const names = uris.map((u) => vscode.workspace.asRelativePath(u)).join(', ');
  const prompt = await vscode.window.showInputBox({
    title: vscode.l10n.t('Generate image ({0}/{1}): prompt', 1, 3),
    prompt: vscode.l10n.t('Describe the image to make from {0} image(s): {1}', uris.length, names.length > 200 ? `${names.slice(0, 200)}…` : names),
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
  qp.title = vscode.l10n.t('Generate image ({0}/{1}): prompt', 1, 3);
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

