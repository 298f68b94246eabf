/** The quick input of Generate image: prompt (with recent prompts), model, aspect ratio, size. */
import * as vscode from 'vscode';
import { ASPECT_RATIOS, IMAGE_SIZES, type Model } from '../openrouter/types';
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

/** globalState key of the last "how many" choice. */
const COUNT_KEY = 'openrouterStudio.imageCount';

const USE_DEFAULTS: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('check-all'), tooltip: vscode.l10n.t('Use the defaults from settings for the remaining steps') };
const REFRESH: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('refresh'), tooltip: vscode.l10n.t('Refresh the model list') };

/**
 * Multi-step input: prompt, then model, aspect ratio, size and how many (1–4, the last choice remembered),
 * each skippable with the defaults (✓✓ button: the settings, and one image).
 * @returns the arguments, or `undefined` when the user cancelled.
 */
export async function askGenerateArgs(deps: ImageCommandDeps): Promise<GenerateArgs | undefined> {
  const prompt = await askPrompt(deps.state);
  if (!prompt) return undefined;
  const s = settings();
  const args: GenerateArgs = { prompt };
  const total = 5;
  const modelItems = async (refresh: boolean): Promise<Step<string>['items']> => {
    const models = await deps.catalog.get('image', { refresh }).catch((err: unknown) => {
      void showOpenRouterError(err, deps.log);
      return [] as Model[];
    });
    const items = models.map((m) => ({ label: m.id, description: m.name, detail: describePrice(m) + (m.outputModalities.includes('text') ? '' : ` · ${vscode.l10n.t('image only')}`), value: m.id }));
    if (!items.some((i) => i.value === s.imageModel)) items.unshift({ label: s.imageModel, description: vscode.l10n.t('from settings'), detail: '', value: s.imageModel });
    return items;
  };
  for (let step = 2; step <= total; ) {
    let picked: string | 'back' | 'defaults' | undefined;
    if (step === 2) {
      picked = await pickStep({ title: vscode.l10n.t('Generate image ({0}/{1}): model', 2, total), placeholder: vscode.l10n.t('Pick an image model, or type any model id'), items: await modelItems(false), active: args.model ?? s.imageModel }, true, () => modelItems(true));
      if (typeof picked === 'string' && picked !== 'back' && picked !== 'defaults') args.model = picked;
    } else if (step === 3) {
      picked = await pickStep({ title: vscode.l10n.t('Generate image ({0}/{1}): aspect ratio', 3, total), placeholder: vscode.l10n.t('Aspect ratio (image_config.aspect_ratio)'), items: ASPECT_RATIOS.map((r) => ({ label: r, value: r, description: r === s.aspectRatio ? vscode.l10n.t('default') : undefined })), active: args.aspectRatio ?? s.aspectRatio }, false);
      if (typeof picked === 'string' && picked !== 'back' && picked !== 'defaults') args.aspectRatio = picked;
    } else if (step === 5) {
      const items = [1, 2, 3, 4].map((n) => ({ label: String(n), value: String(n), description: n === 1 ? vscode.l10n.t('one image') : vscode.l10n.t('{0} variations, requested in parallel ({0}× the cost)', n) }));
      picked = await pickStep({ title: vscode.l10n.t('Generate image ({0}/{1}): how many', 5, total), placeholder: vscode.l10n.t('How many images to request at once'), items, active: String(args.count ?? deps.state.get<number>(COUNT_KEY, 1)) }, false);
      if (typeof picked === 'string' && picked !== 'back' && picked !== 'defaults') {
        args.count = Number(picked);
        await deps.state.update(COUNT_KEY, args.count);
      }
    } else {
      const items = [{ label: vscode.l10n.t('Model default'), value: '', description: s.imageSize ? undefined : vscode.l10n.t('default') }, ...IMAGE_SIZES.map((z) => ({ label: z, value: z as string, description: z === s.imageSize ? vscode.l10n.t('default') : vscode.l10n.t('where the model supports it') }))];
      picked = await pickStep({ title: vscode.l10n.t('Generate image ({0}/{1}): size', 4, total), placeholder: vscode.l10n.t('Image size (image_config.image_size), for models that support it'), items, active: args.imageSize ?? s.imageSize }, false);
      if (typeof picked === 'string' && picked !== 'back' && picked !== 'defaults') args.imageSize = picked || undefined;
    }
    if (picked === undefined) return undefined;
    if (picked === 'defaults') break;
    if (picked === 'back') {
      if (step === 2) return askGenerateArgs(deps);
      step--;
      continue;
    }
    step++;
  }
  return args;
}

async function askPrompt(state: vscode.Memento): Promise<string | undefined> {
  const recent = state.get<string[]>(RECENT_KEY, []);
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem>();
  qp.title = vscode.l10n.t('Generate image ({0}/{1}): prompt', 1, 5);
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
      resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}

function pickStep(step: Step<string>, allowTyping: boolean, refresh?: () => Promise<Step<string>['items']>): Promise<string | 'back' | 'defaults' | undefined> {
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem & { value: string }>();
  qp.title = step.title;
  qp.placeholder = step.placeholder;
  qp.ignoreFocusOut = true;
  qp.matchOnDescription = true;
  qp.buttons = [vscode.QuickInputButtons.Back, ...(refresh ? [REFRESH] : []), USE_DEFAULTS];
  let base = step.items;
  const setItems = (items: typeof base): void => {
    base = items;
    qp.items = items;
    const active = items.find((i) => i.value === step.active);
    if (active) qp.activeItems = [active];
  };
  setItems(step.items);
  if (allowTyping) {
    qp.onDidChangeValue((v) => {
      const id = v.trim();
      qp.items = id && !base.some((i) => i.value === id) ? [{ label: id, description: vscode.l10n.t('use this model id'), value: id, alwaysShow: true }, ...base] : base;
    });
  }
  return new Promise((resolve) => {
    qp.onDidTriggerButton(async (b) => {
      if (b === vscode.QuickInputButtons.Back) {
        resolve('back');
        qp.hide();
      } else if (b === USE_DEFAULTS) {
        resolve('defaults');
        qp.hide();
      } else if (b === REFRESH && refresh) {
        qp.busy = true;
        setItems(await refresh());
        qp.busy = false;
      }
    });
    qp.onDidAccept(() => {
      const v = qp.selectedItems[0]?.value ?? qp.activeItems[0]?.value;
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

