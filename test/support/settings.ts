/** A contributed setting as `package.json` declares it (the fields the tests read). */
export interface DeclaredSetting {
  type: string | string[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  order?: number;
  scope?: string;
  markdownDescription?: string;
  markdownDeprecationMessage?: string;
  enum?: string[];
  enumItemLabels?: string[];
}

/** One group of `contributes.configuration` (VS Code shows each as a section of the extension's settings). */
export interface SettingsGroup {
  id: string;
  title: string;
  order: number;
  properties: Record<string, DeclaredSetting>;
}

/** Every setting of `package.json`, across its groups, by key. */
export function declaredSettings(pkg: { contributes: { configuration: SettingsGroup[] } }): Record<string, DeclaredSetting> {
  return Object.assign({}, ...pkg.contributes.configuration.map((g) => g.properties));
}
