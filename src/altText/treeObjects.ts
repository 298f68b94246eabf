/**
 * Walking a parsed tree whatever its parser (Vue's, Svelte's, MDX's): every object below a root, without
 * recursion and without following the keys that only say where a node is. Pure code, no `vscode`.
 */

/** Keys of Vue's and Svelte's nodes that say where a node is (or repeat the source, or point back up), not what it is. */
export const TEMPLATE_POSITION_KEYS: ReadonlySet<string> = new Set(['start', 'end', 'loc', 'range', 'innerLoc', 'nameLoc', 'source', 'metadata', 'parent']);

/** Every object of a parsed tree below `root` (its nodes, their arrays), each once, without recursion. */
export function* objects(root: object): Generator<Record<string, unknown>> {
  const stack: object[] = [root];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const o = stack.pop()!;
    if (seen.has(o)) continue;
    seen.add(o);
    yield o as Record<string, unknown>;
    for (const [key, v] of Object.entries(o)) if (!TEMPLATE_POSITION_KEYS.has(key) && v && typeof v === 'object') stack.push(v);
  }
}
