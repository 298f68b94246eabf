/**
 * Path checks for where images are written. Pure code on POSIX-style relative paths (as VS Code's
 * `Uri.joinPath` takes them), no `vscode`.
 */
import * as l10n from '@vscode/l10n';

/** Thrown when a configured folder would leave the workspace folder. */
export class OutsideWorkspaceError extends Error {
  override readonly name = 'OutsideWorkspaceError';
}

/**
 * Normalizes a folder setting relative to a workspace folder and refuses anything that leaves it.
 * @param setting e.g. `images`, `assets/generated`, `./out`; `''` or `.` means the folder itself.
 * @returns the path segments to join onto the workspace folder (possibly empty).
 * @throws {OutsideWorkspaceError} for absolute paths (`/x`, `C:\x`, `\\server`), `~`, or `..` that climbs out.
 */
export function resolveInside(setting: string): string[] {
  const raw = setting.trim();
  if (/^([a-zA-Z]:|[\\/]|~)/.test(raw)) throw new OutsideWorkspaceError(l10n.t('The output folder "{0}" must be relative to the workspace folder.', setting));
  const out: string[] = [];
  for (const seg of raw.split(/[\\/]+/)) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) throw new OutsideWorkspaceError(l10n.t('The output folder "{0}" leaves the workspace folder.', setting));
      out.pop();
      continue;
    }
    if (/[\0<>:"|?*]/.test(seg)) throw new OutsideWorkspaceError(l10n.t('The output folder "{0}" has a character a file name cannot hold.', setting));
    out.push(seg);
  }
  return out;
}
