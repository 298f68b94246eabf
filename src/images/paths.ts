/**
 * Path checks for where images are written. Pure code on POSIX-style relative paths (as VS Code's
 * `Uri.joinPath` takes them), no `vscode`.
 */

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
  if (/^([a-zA-Z]:|[\\/]|~)/.test(raw)) throw new OutsideWorkspaceError(`The output folder "${setting}" must be relative to the workspace folder.`);
  const out: string[] = [];
  for (const seg of raw.split(/[\\/]+/)) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) throw new OutsideWorkspaceError(`The output folder "${setting}" leaves the workspace folder.`);
      out.pop();
      continue;
    }
    if (/[\0<>:"|?*]/.test(seg)) throw new OutsideWorkspaceError(`The output folder "${setting}" has a character a file name cannot hold.`);
    out.push(seg);
  }
  return out;
}
