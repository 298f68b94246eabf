/**
 * A scripted stand-in for `vscode.window.createQuickPick`: each quick pick the extension shows is recorded
 * (title, placeholder, rows) and answered by the next entry of a script, as a user would with the keyboard or
 * the title bar's buttons. The extension's own step logic runs unchanged; only the widget is replaced, because
 * a test cannot press a quick input's button or read its title through VS Code's API.
 */
import * as vscode from 'vscode';

/** A quick pick as the user saw it when it was shown. */
export interface ShownPick {
  title: string;
  placeholder: string;
  rows: Array<{ label: string; description: string }>;
  /** The label of the highlighted row. */
  active: string | undefined;
  /** The tooltips of the title bar's buttons (Back is "Back"). */
  buttons: string[];
}

/**
 * What the user does: type a value and press Enter, highlight the row whose label or description contains
 * `row` and press Enter (`accept`) or the button whose tooltip starts with `button`, Back, or Escape.
 */
export type PickAction = { type: string } | { accept: string } | { highlight?: string; button: string } | 'back' | 'escape';

type Item = vscode.QuickPickItem & { value?: string };

function matches(item: Item, text: string): boolean {
  return item.label.includes(text) || (item.description ?? '').includes(text);
}

/**
 * Replaces `createQuickPick` until `restore()`: each shown pick is pushed to `shown` and answered by
 * `script(pick, index)`. A script that returns `undefined` leaves the pick open (the test fails on its timeout);
 * a row or button the script names that is not there closes the pick and is listed in `errors`.
 */
export function scriptQuickPicks(script: (pick: ShownPick, index: number) => PickAction | undefined): { shown: ShownPick[]; errors: string[]; restore: () => void } {
  const window = vscode.window as { createQuickPick: unknown };
  const original = window.createQuickPick;
  const shown: ShownPick[] = [];
  const errors: string[] = [];
  window.createQuickPick = () => {
    const accept = new vscode.EventEmitter<void>();
    const hide = new vscode.EventEmitter<void>();
    const button = new vscode.EventEmitter<vscode.QuickInputButton>();
    const value = new vscode.EventEmitter<string>();
    let hidden = false;
    const qp = {
      title: '',
      placeholder: '',
      value: '',
      busy: false,
      ignoreFocusOut: false,
      matchOnDescription: false,
      buttons: [] as vscode.QuickInputButton[],
      items: [] as Item[],
      activeItems: [] as Item[],
      selectedItems: [] as Item[],
      onDidAccept: accept.event,
      onDidHide: hide.event,
      onDidTriggerButton: button.event,
      onDidChangeValue: value.event,
      hide(): void {
        if (hidden) return;
        hidden = true;
        hide.fire();
      },
      dispose(): void {},
      show(): void {
        setTimeout(() => {
          const pick: ShownPick = {
            title: qp.title,
            placeholder: qp.placeholder,
            rows: qp.items.map((i) => ({ label: i.label, description: i.description ?? '' })),
            active: qp.activeItems[0]?.label,
            buttons: qp.buttons.map((b) => (b === vscode.QuickInputButtons.Back ? 'Back' : (b.tooltip ?? ''))),
          };
          shown.push(pick);
          try {
            act(pick);
          } catch (err) {
            errors.push(String(err));
            qp.hide();
          }
        }, 0);
      },
    };
    const act = (pick: ShownPick): void => {
      const action = script(pick, shown.length - 1);
      if (action === undefined) return;
      const find = (text: string): Item => {
        // A row labelled exactly so first (`google/gemini-2.5-flash`, not `…-flash-image`), else one that contains it.
        const item = qp.items.find((i) => i.label === text) ?? qp.items.find((i) => matches(i, text));
        if (!item) throw new Error(`no row "${text}" in ${JSON.stringify(pick)}`);
        return item;
      };
      if (action === 'escape') qp.hide();
      else if (action === 'back') button.fire(vscode.QuickInputButtons.Back);
      else if ('type' in action) {
        qp.value = action.type;
        value.fire(action.type);
        qp.selectedItems = [];
        accept.fire();
      } else if ('accept' in action) {
        qp.activeItems = qp.selectedItems = [find(action.accept)];
        accept.fire();
      } else {
        if (action.highlight !== undefined) qp.activeItems = [find(action.highlight)];
        const b = qp.buttons.find((x) => x !== vscode.QuickInputButtons.Back && (x.tooltip ?? '').startsWith(action.button));
        if (!b) throw new Error(`no button "${action.button}" in ${JSON.stringify(pick)}`);
        button.fire(b);
      }
    };
    return qp;
  };
  return { shown, errors, restore: () => void (window.createQuickPick = original) };
}
