import * as vscode from 'vscode';
import { chooseModel } from '../platform/chooseModel';
import { SECTION, settings } from '../platform/config';
import type { ModelSetting } from '../platform/errors';
import type { ModelCatalog } from '../platform/modelCatalog';
import { showError, showInfo } from '../platform/notify';
import type { RecentKind } from '../platform/recentModels';

/** The model settings **Choose model…** writes, and the list each picks from. */
const MODEL_SETTINGS = {
  imageModel: { kind: 'image', current: () => settings().imageModel },
  chatModel: { kind: 'chat', current: () => settings().chatModel },
  visionModel: { kind: 'vision', current: () => settings().visionModel },
  drawingModel: { kind: 'drawing', current: () => settings().svgModel },
} as const satisfies Record<ModelSetting, { kind: RecentKind; current: () => string }>;

const isModelSetting = (v: unknown): v is ModelSetting => typeof v === 'string' && Object.prototype.hasOwnProperty.call(MODEL_SETTINGS, v);

/**
 * `openrouterStudio.chooseModel [setting]`: the model picker (recent models first, prices; see
 * {@link chooseModel}) for one model setting — `imageModel`, `chatModel`, `visionModel` or `drawingModel`,
 * the link in each one's description in the Settings editor — and the choice written to the user settings.
 * Without an argument it asks which setting first. Any other argument (a link can carry anything) is refused
 * and nothing is written.
 * @returns the model written; `undefined` when cancelled or refused.
 */
export async function chooseModelSetting(catalog: ModelCatalog, log: vscode.LogOutputChannel, arg?: unknown): Promise<string | undefined> {
  let key: ModelSetting | undefined;
  if (arg === undefined) {
    const picked = await vscode.window.showQuickPick(
      (Object.keys(MODEL_SETTINGS) as ModelSetting[]).map((k) => ({ label: `${SECTION}.${k}`, description: MODEL_SETTINGS[k].current(), key: k })),
      { title: vscode.l10n.t('Choose model'), placeHolder: vscode.l10n.t('Which model setting?') },
    );
    key = picked?.key;
  } else if (isModelSetting(arg)) key = arg;
  else {
    void showError(vscode.l10n.t('Choose model: not a model setting (imageModel, chatModel, visionModel or drawingModel).'));
    return undefined;
  }
  if (!key) return undefined;
  const { kind, current } = MODEL_SETTINGS[key];
  const model = await chooseModel(catalog, log, { kind, title: vscode.l10n.t('Choose model: {0}', `${SECTION}.${key}`), current: current() });
  if (!model) return undefined;
  await vscode.workspace.getConfiguration(SECTION).update(key, model, vscode.ConfigurationTarget.Global);
  void showInfo(vscode.l10n.t('{0} is now {1} (user settings).', `${SECTION}.${key}`, model));
  return model;
}
