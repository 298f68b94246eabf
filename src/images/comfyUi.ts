/**
 * ComfyUI's graphs in an image (PNG `prompt` and `workflow`; WebP/JPEG EXIF `Model` as `prompt:{…}` and `Make`
 * as `workflow:{…}`): JSON read tolerantly of ComfyUI's bare `NaN`, summarised to the node types, the positive
 * prompt (followed from the sampler's `positive` input) and the checkpoint, never shown whole. Pure code, no
 * `vscode`.
 */
import { clip, MAX_GRAPH_BYTES, type ImageDetails } from './fields';

/**
 * JSON as ComfyUI writes it: Python's `json.dumps` lets bare `NaN`, `Infinity` and `-Infinity` through,
 * which `JSON.parse` refuses; outside strings they are read as `null`. `undefined` for text that does not
 * parse, that is over {@link MAX_GRAPH_BYTES}, or that nests deeper than {@link MAX_JSON_DEPTH}.
 */
export function parseJsonTolerantly(text: string | undefined): unknown {
  if (!text || text.length > MAX_GRAPH_BYTES || nestedDeeperThan(text, MAX_JSON_DEPTH)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    try {
      return JSON.parse(text.replace(/"(?:[^"\\]|\\.)*"|-?\b(?:NaN|Infinity)\b/g, (m) => (m.startsWith('"') ? m : 'null')));
    } catch {
      return undefined;
    }
  }
}

/** Deepest JSON nesting parsed: ComfyUI graphs are 4–6 levels deep; 100,000 levels take V8 70 ms to parse. */
const MAX_JSON_DEPTH = 64;

/** Whether JSON `text` nests arrays or objects deeper than `limit` (outside strings); one pass, no parse. */
function nestedDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0, inString = false; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

type ComfyNode = { class_type?: unknown; inputs?: Record<string, unknown> };

/** Inputs that hold a prompt's text, in the order they are tried. */
const TEXT_INPUTS = ['text', 'text_g', 'text_l', 'prompt', 'positive', 'string', 'value', 'text_positive'];

/**
 * A prompt of a ComfyUI API graph: from each sampler (a node with a `positive`, or `negative`, input), follow
 * the links (`[node id, output]`) back through conditioning nodes to the first text input; at most 200 nodes
 * are visited. The positive prompt falls back to the first `CLIPTextEncode`.
 */
function comfyPrompt(graph: Record<string, ComfyNode>, input: 'positive' | 'negative'): string | undefined {
  const isLink = (v: unknown): v is [string | number, number] => Array.isArray(v) && v.length === 2 && (typeof v[0] === 'string' || typeof v[0] === 'number');
  const samplers = Object.values(graph).filter((n) => n?.inputs && isLink(n.inputs[input]));
  for (const sampler of samplers) {
    const queue: unknown[] = [sampler.inputs![input]];
    const seen = new Set<string>();
    while (queue.length > 0 && seen.size < 200) {
      const link = queue.shift();
      if (!isLink(link) || seen.has(String(link[0]))) continue;
      seen.add(String(link[0]));
      const node = graph[String(link[0])];
      if (!node?.inputs || typeof node.inputs !== 'object') continue;
      for (const name of TEXT_INPUTS) {
        const v = node.inputs[name];
        if (typeof v === 'string' && v.trim()) return v;
      }
      for (const v of Object.values(node.inputs)) if (isLink(v)) queue.push(v);
    }
  }
  if (input === 'negative') return undefined;
  return Object.values(graph).find((n) => n?.class_type === 'CLIPTextEncode' && typeof n.inputs?.text === 'string')?.inputs?.text as string | undefined;
}

/**
 * ComfyUI's `prompt` (the API graph: id → `{ class_type, inputs }`) and `workflow` (the editor graph:
 * `{ nodes: [{ type }] }`): a one-line summary of the node types as `parameters`, the positive prompt
 * and the negative one ({@link comfyPrompt}) and the checkpoint as the model. Malformed JSON gives only what parses; a
 * graph over {@link MAX_GRAPH_BYTES} (or `tooLargeToRead`, when the reader left one out) is not parsed.
 */
export function comfyUi(prompt: string | undefined, workflow: string | undefined, tooLargeToRead = false): Partial<ImageDetails> {
  const graph = parseJsonTolerantly(prompt);
  const nodes: ComfyNode[] = graph && typeof graph === 'object' && !Array.isArray(graph) ? Object.values(graph as object).filter((n) => n && typeof n === 'object') : [];
  const wf = parseJsonTolerantly(workflow) as { nodes?: Array<{ type?: unknown }> } | undefined;
  // Only strings are names: `String()` of a deeply nested array would recurse until the stack overflows.
  const name = (v: unknown): string => (typeof v === 'string' ? v.slice(0, 100) : '?');
  const types = nodes.length > 0 ? nodes.map((n) => name(n.class_type)) : Array.isArray(wf?.nodes) ? wf.nodes.map((n) => name(n?.type)) : [];
  const counts = new Map<string, number>();
  for (const t of types) counts.set(t, (counts.get(t) ?? 0) + 1);
  const text = nodes.length > 0 ? comfyPrompt(graph as Record<string, ComfyNode>, 'positive') : undefined;
  const negative = nodes.length > 0 ? comfyPrompt(graph as Record<string, ComfyNode>, 'negative') : undefined;
  const ckpt = nodes.find((n) => typeof n.inputs?.ckpt_name === 'string')?.inputs?.ckpt_name as string | undefined;
  const tooLarge = tooLargeToRead || (prompt?.length ?? 0) > MAX_GRAPH_BYTES || (workflow?.length ?? 0) > MAX_GRAPH_BYTES;
  const summary = types.length > 0 ? `ComfyUI workflow, ${types.length} nodes: ${[...counts].map(([t, n]) => (n > 1 ? `${t} ×${n}` : t)).join(', ')}`
    : tooLarge ? 'ComfyUI workflow (too large to read)' : 'ComfyUI workflow (unreadable)';
  return { prompt: clip(text), negativePrompt: clip(negative), model: clip(ckpt), software: 'ComfyUI', parameters: clip(summary) };
}
