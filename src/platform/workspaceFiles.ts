import * as vscode from 'vscode';
import { markupParsers } from '../shared/loadParsers';

/**
 * The files a command on `uri` covers, as the Explorer and Search would show them: `uri` itself when it is a
 * file; a folder's files whose names end in one of `extensions` (without the dot, e.g. `['md', 'html']`) at
 * any depth, leaving out what `files.exclude` and `search.exclude` exclude and what a `.gitignore` in the
 * folder or above it (up to the workspace folder) ignores; sorted by path.
 * Read through `workspace.fs` and `workspace.findFiles`, so remote and virtual workspaces work.
 * @throws a `FileSystemError` when `uri` does not exist.
 */
export async function filesUnder(uri: vscode.Uri, extensions: readonly string[]): Promise<vscode.Uri[]> {
  const stat = await vscode.workspace.fs.stat(uri);
  if (!(stat.type & vscode.FileType.Directory)) return [uri];
  const excludes = ['files.exclude', 'search.exclude'].flatMap((section) => {
    const patterns = vscode.workspace.getConfiguration(undefined, uri).get<Record<string, unknown>>(section) ?? {};
    return Object.entries(patterns).filter(([, on]) => on === true).map(([glob]) => glob);
  });
  const include = new vscode.RelativePattern(uri, `**/*.{${extensions.join(',')}}`);
  const found = await vscode.workspace.findFiles(include, excludes.length > 0 ? `{${excludes.join(',')}}` : null);
  const root = vscode.workspace.getWorkspaceFolder(uri)?.uri ?? uri;
  const ignoreFiles = [
    ...ancestorsOf(uri, root).map((d) => vscode.Uri.joinPath(d, '.gitignore')),
    ...(await vscode.workspace.findFiles(new vscode.RelativePattern(uri, '**/.gitignore'), null)),
  ];
  const rules: Array<{ dir: string; ig: ReturnType<ReturnType<typeof markupParsers>['ignore']> }> = [];
  for (const f of ignoreFiles) {
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(f));
      rules.push({ dir: f.path.slice(0, f.path.lastIndexOf('/') + 1), ig: markupParsers().ignore().add(text) });
    } catch {
      // No .gitignore at that level.
    }
  }
  return found
    .filter((f) => !rules.some((r) => f.path.startsWith(r.dir) && r.ig.ignores(f.path.slice(r.dir.length))))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** `dir` and its ancestors up to `root` (inclusive), outermost first. */
function ancestorsOf(dir: vscode.Uri, root: vscode.Uri): vscode.Uri[] {
  const out: vscode.Uri[] = [];
  for (let d = dir; ; d = vscode.Uri.joinPath(d, '..')) {
    out.unshift(d);
    if (d.path === root.path || d.path.length <= root.path.length || d.path === '/') break;
  }
  return out;
}
