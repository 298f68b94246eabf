/**
 * The one model picker: Generate image's model step, the chat view's model button and **Choose model…** (the
 * link in each model setting) all list the same rows — the models the user chose last first, then the whole
 * catalogue with prices — searchable, with a typed id offered last (see {@link pickStep}).
 * https://code.visualstudio.com/api/ux-guidelines/quick-picks
 */
import * as vscode from 'vscode';
import type { ImageModel } from '../openrouter/imageApi';
import type { Model } from '../openrouter/types';
import { showOpenRouterError } from './errors';
import { describePrice, type ModelCatalog } from './modelCatalog';
import { pickStep, type Step } from './pickStep';
import type { RecentKind } from './recentModels';

type Rows = Step<string>['items'];

/**
 * The rows of the models for `kind`: for `image`, the image-output models of `/models` with the Image API's
 * own (marked); for `chat`, text and image models; for `vision`, the models that take image input; for
 * `drawing`, text models. A list that cannot be fetched is said once (`showOpenRouterError`) and left out.
 */
export async function modelRows(catalog: ModelCatalog, kind: RecentKind, log: vscode.LogOutputChannel, refresh = false): Promise<Rows> {
  const failed = (err: unknown): Model[] => {
    void showOpenRouterError(err, log);
    return [];
  };
  if (kind === 'image') {
    const [chat, images] = await Promise.all([catalog.get('image', { refresh }).catch(failed), catalog.get('imageApi', { refresh }).catch(() => [] as ImageModel[])]);
    // One list: each model once, with its price when /models knows it.
    const rows: Rows = chat.map((m) => ({ label: m.id, description: m.name, detail: describePrice(m) + (m.outputModalities.includes('text') ? '' : ` · ${vscode.l10n.t('image only')}`) + (images.some((i) => i.id === m.id) ? ` · ${vscode.l10n.t('also on the Image API')}` : ''), value: m.id }));
    for (const m of images) if (!chat.some((c) => c.id === m.id)) rows.push({ label: m.id, description: m.name, detail: `${vscode.l10n.t('price unknown')} · ${vscode.l10n.t('Image API')}`, value: m.id });
    return rows;
  }
  const text = await catalog.get('text', { refresh }).catch(failed);
  const image = kind === 'chat' ? await catalog.get('image', { refresh }).catch(() => [] as Model[]) : [];
  const seen = new Set<string>();
  const models = [...text, ...image].filter((m) => !seen.has(m.id) && seen.add(m.id) && (kind !== 'vision' || m.inputModalities.includes('image')));
  const marks = (m: Model): string => (m.inputModalities.includes('image') ? ` · ${vscode.l10n.t('vision')}` : '') + (m.outputModalities.includes('image') ? ` · ${vscode.l10n.t('images')}` : '');
  return models.map((m) => ({ label: m.id, description: m.name, detail: describePrice(m) + marks(m), value: m.id }));
}

/**
 * `rows` with the ids of `recent` first, under a "recently used" separator, and the rest under "all models";
 * a recent id the list lacks is still offered (the catalogue may be unreachable).
 */
export function withRecentFirst(rows: Rows, recent: readonly string[]): Rows {
  if (recent.length === 0) return rows;
  const first = recent.map((id) => rows.find((r) => r.value === id) ?? { label: id, description: vscode.l10n.t('recently used'), value: id });
  const rest = rows.filter((r) => !recent.includes(r.value));
  const separator = (label: string): Rows[number] => ({ label, kind: vscode.QuickPickItemKind.Separator, value: '' });
  return [separator(vscode.l10n.t('recently used')), ...first, separator(vscode.l10n.t('all models')), ...rest];
}

/** What a pick is for, and how it is titled. */
export interface ChooseModelOptions {
  kind: RecentKind;
  title: string;
  /** The model in use now: focused when listed. */
  current: string;
}

/**
 * Shows the model picker for `kind` and remembers the choice among the recent models.
 * @returns the chosen (or typed) model id; `undefined` when the user closed the picker.
 */
export async function chooseModel(catalog: ModelCatalog, log: vscode.LogOutputChannel, { kind, title, current }: ChooseModelOptions): Promise<string | undefined> {
  const rows = async (refresh: boolean): Promise<Rows> => {
    const listed = await modelRows(catalog, kind, log, refresh);
    return withRecentFirst(listed.some((r) => r.value === current) ? listed : [{ label: current, description: vscode.l10n.t('in use'), value: current }, ...listed], catalog.recent.list(kind));
  };
  const picked = await pickStep({ title, placeholder: vscode.l10n.t('Search models by name or id, or type any model id'), items: await rows(false), active: current }, { allowTyping: true, refresh: () => rows(true), navigation: false });
  if (typeof picked !== 'string' || picked === 'back') return undefined;
  await catalog.recent.add(kind, picked);
  return picked;
}
