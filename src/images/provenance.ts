/**
 * How an image was made, as the text fields this extension writes into it (PNG `iTXt` chunks; for JPEG, WebP
 * and SVG an XMP packet holding the same fields, see ./xmp.ts): one table ({@link PROVENANCE_FIELDS}) drives
 * both the writing (Generate image, the chat, Save SVG) and the reading (Image details, the hover, Generate
 * again). Pure code, no `vscode`.
 */
import type { ImageControls } from '../openrouter/imageApi';
import { clip, nameList, wholeNumber, type ImageDetails } from './fields';

/** What is recorded of one generated or edited image: besides the controls sent, the prompt, model and API. */
export interface Provenance extends Omit<ImageControls, 'references' | 'count'> {
  prompt: string;
  model: string;
  /** The API that made it. */
  api: 'chat' | 'images';
  /** Chat completions' `image_config.image_size`. */
  imageSize?: string;
  /** Workspace-relative names of the reference images sent. */
  references?: string[];
  /** `2/4` for the second of four. */
  variation?: string;
  generationId?: string;
  /** USD. */
  cost?: number;
  /** The file an edit started from. */
  editedFrom?: string;
}

/** How a field is written and read: text (clipped), a whole number, a price in USD, a JSON list of file names. */
type Kind = 'text' | 'whole' | 'usd' | 'names';

/** One recorded field: its keyword, the {@link Provenance} field written (none: a fixed value), the {@link ImageDetails} field read. */
interface Field {
  key: string;
  written?: keyof Provenance;
  read: keyof ImageDetails;
  kind: Kind;
}

/** `Software` is written as this; other tools' names are read as they are. */
const SOFTWARE = 'OpenRouter Studio';

/** Every recorded field, in the order written: `Description`, `Software`, `Source` and `openrouter:*`. */
export const PROVENANCE_FIELDS: readonly Field[] = [
  { key: 'Description', written: 'prompt', read: 'prompt', kind: 'text' },
  { key: 'Software', read: 'software', kind: 'text' },
  { key: 'Source', written: 'model', read: 'model', kind: 'text' },
  { key: 'openrouter:api', written: 'api', read: 'api', kind: 'text' },
  { key: 'openrouter:aspect_ratio', written: 'aspectRatio', read: 'aspectRatio', kind: 'text' },
  { key: 'openrouter:image_size', written: 'imageSize', read: 'imageSize', kind: 'text' },
  { key: 'openrouter:resolution', written: 'resolution', read: 'resolution', kind: 'text' },
  { key: 'openrouter:background', written: 'background', read: 'background', kind: 'text' },
  { key: 'openrouter:output_format', written: 'outputFormat', read: 'outputFormat', kind: 'text' },
  { key: 'openrouter:output_compression', written: 'outputCompression', read: 'outputCompression', kind: 'whole' },
  { key: 'openrouter:seed', written: 'seed', read: 'seed', kind: 'whole' },
  { key: 'openrouter:references', written: 'references', read: 'references', kind: 'names' },
  { key: 'openrouter:variation', written: 'variation', read: 'variation', kind: 'text' },
  { key: 'openrouter:generation_id', written: 'generationId', read: 'generationId', kind: 'text' },
  { key: 'openrouter:cost_usd', written: 'cost', read: 'costUsd', kind: 'usd' },
  { key: 'openrouter:edited_from', written: 'editedFrom', read: 'editedFrom', kind: 'text' },
];

/** Always written, even when empty. */
const REQUIRED = new Set<string>(['Description', 'Software', 'Source', 'openrouter:api']);

/** The keyword → text fields of {@link Provenance}, in {@link PROVENANCE_FIELDS}' order; empty optional fields are left out. */
export function provenanceText(p: Provenance): Record<string, string> {
  const m: Record<string, string> = {};
  for (const f of PROVENANCE_FIELDS) {
    const v = f.written ? p[f.written] : SOFTWARE;
    if (f.kind === 'names') {
      if (Array.isArray(v) && v.length > 0) m[f.key] = JSON.stringify(v);
    } else if (REQUIRED.has(f.key) || (v !== undefined && v !== '')) {
      m[f.key] = String(v);
    }
  }
  return m;
}

/**
 * The fields of {@link PROVENANCE_FIELDS} found in keyword → text (a PNG's text chunks, an XMP packet's
 * fields), as Image details reports them: text clipped, numbers only when they are what they claim (a whole
 * number; a finite price), names as a JSON list of at most 16. Untrusted: anyone can write these.
 */
export function readProvenance(text: Record<string, string>): Partial<ImageDetails> {
  const d: Record<string, unknown> = {};
  for (const f of PROVENANCE_FIELDS) {
    const v = text[f.key];
    if (f.kind === 'text') d[f.read] = clip(v);
    else if (f.kind === 'whole') d[f.read] = wholeNumber(v);
    else if (f.kind === 'names') d[f.read] = nameList(v);
    else if (v !== undefined && Number.isFinite(Number(v))) d[f.read] = Number(v);
  }
  return d as Partial<ImageDetails>;
}
