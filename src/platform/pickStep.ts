/**
 * One step of a multi-step quick input (VS Code's `createQuickPick` with Back, and ✓✓ for the defaults):
 * pick an item, or type a value the step accepts (a model id, a seed).
 * https://code.visualstudio.com/api/ux-guidelines/quick-picks#multi-step-quick-picks
 */
import * as vscode from 'vscode';

/** A step: its title, placeholder and items, with the one to focus. */
export interface Step<T> {
  title: string;
  placeholder: string;
  items: Array<vscode.QuickPickItem & { value: T }>;
  active?: T;
}

/** The ✓✓ button: the highlighted row for this step, and the defaults from settings for every step left. */
export const USE_DEFAULTS: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('check-all'), tooltip: vscode.l10n.t('Take the highlighted row, and the defaults from settings for the remaining steps') };

/** What ✓✓ answers: the highlighted row's value (`undefined` when no row is highlighted), the rest left to the defaults. */
export interface Defaults {
  defaults: string | undefined;
}

/** Reloads a step's items (the model list). */
const REFRESH: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('refresh'), tooltip: vscode.l10n.t('Refresh the model list') };

/** For a typed value (a seed): the item to offer, or `undefined` when it is not valid. */
export type TypedItem = (value: string) => (vscode.QuickPickItem & { value: string }) | undefined;

/** How a step takes typing and which buttons it shows. */
export interface PickOptions {
  /** A typed value not among the items is offered as a model id. */
  allowTyping?: boolean;
  /** With it, a Refresh button that reloads the items. */
  refresh?: () => Promise<Step<string>['items']>;
  /** The item to offer for a typed value (a seed), when typing is not a model id. */
  typed?: TypedItem;
  /** The ✓✓ button to show (with a price in its tooltip, say); {@link USE_DEFAULTS} without it. */
  defaults?: vscode.QuickInputButton;
  /** `false` for a pick of its own (Choose model…): no Back and no ✓✓ button. */
  navigation?: boolean;
}

/**
 * Shows `step` and waits for the user.
 * @returns the chosen value, `'back'`, {@link Defaults} (✓✓, with the highlighted row), or `undefined` when
 *   the user cancelled.
 */
export function pickStep(step: Step<string>, { allowTyping = false, refresh, typed, defaults = USE_DEFAULTS, navigation = true }: PickOptions = {}): Promise<string | 'back' | Defaults | undefined> {
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem & { value: string }>();
  qp.title = step.title;
  qp.placeholder = step.placeholder;
  qp.ignoreFocusOut = true;
  qp.matchOnDescription = true;
  qp.buttons = navigation ? [vscode.QuickInputButtons.Back, ...(refresh ? [REFRESH] : []), defaults] : refresh ? [REFRESH] : [];
  let base = step.items;
  const setItems = (items: typeof base): void => {
    base = items;
    qp.items = items;
    const active = items.find((i) => i.value === step.active && i.kind !== vscode.QuickPickItemKind.Separator);
    if (active) qp.activeItems = [active];
  };
  setItems(step.items);
  // The typed entry (a model id, a seed) is offered after the list's matches, so Enter takes the catalogue's
  // best match (a typed `seed` must not send `seed` as a model). The quick pick sorts rows whose label
  // matches the typed text first, so a typed model id's row has only an icon as its label and says what it
  // is in its description. Items are set again only when that entry changes: setting them re-renders the
  // list, and an Enter typed meanwhile found no active item.
  const offer = (item: (vscode.QuickPickItem & { value: string }) | undefined): void => {
    const current = qp.items[qp.items.length - 1];
    const shown = current !== undefined && !base.includes(current) ? current : undefined;
    if (shown?.value === item?.value) return;
    qp.items = item ? [...base, item] : base;
  };
  if (allowTyping) {
    qp.onDidChangeValue((v) => {
      const id = v.trim();
      // Said at once: a typed id the catalogue does not list fails only when sent.
      offer(id && !base.some((i) => i.value === id) ? { label: '$(edit)', description: vscode.l10n.t('{0}: not in the model list; use this model id anyway', id), value: id, alwaysShow: true } : undefined);
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
        resolve({ defaults: qp.activeItems[0]?.value });
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

