/**
 * When an agent's tool asks before it runs (setting `openrouterStudio.tools.confirm`). Pure: no `vscode`.
 * Generating and editing spend the user's money, so under the default they ask; describing does not.
 */

export type ConfirmSetting = 'paid' | 'always' | 'never';
export type ToolKind = 'generate' | 'edit' | 'describe';

/**
 * The setting's value from user settings only: `inspect().globalValue`. A workspace's settings are written
 * by whoever made the repository, so a workspace (or folder) value is ignored: it cannot turn confirmations off.
 * @param inspected what `getConfiguration('openrouterStudio').inspect('tools.confirm')` returned.
 */
export function confirmSettingOf(inspected: { globalValue?: unknown } | undefined): ConfirmSetting {
  const v = inspected?.globalValue;
  return v === 'always' || v === 'never' ? v : 'paid';
}

/** Whether `tool` asks the user before running under `setting`. */
export function shouldConfirm(tool: ToolKind, setting: ConfirmSetting): boolean {
  return setting === 'always' || (setting === 'paid' && tool !== 'describe');
}
