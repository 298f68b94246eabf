/**
 * How an image was made, as the text fields written into it: PNG `iTXt` chunks, or for JPEG and WebP an XMP
 * packet holding the same fields (see `images/xmp.ts`). Image details reads them back and Generate again
 * repeats them. Pure: no `vscode`.
 */
import type { ImageControls } from '../openrouter/imageApi';

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

/** The keyword → text fields of {@link Provenance}: `Description`, `Source`, `Software` and `openrouter:*`. */
export function provenanceText(p: Provenance): Record<string, string> {
  const m: Record<string, string> = { Description: p.prompt, Software: 'OpenRouter Studio', Source: p.model, 'openrouter:api': p.api };
  const set = (k: string, v: string | number | undefined): void => {
    if (v !== undefined && v !== '') m[`openrouter:${k}`] = String(v);
  };
  set('aspect_ratio', p.aspectRatio);
  set('image_size', p.imageSize);
  set('resolution', p.resolution);
  set('background', p.background);
  set('output_format', p.outputFormat);
  set('output_compression', p.outputCompression);
  set('seed', p.seed);
  if (p.references?.length) m['openrouter:references'] = JSON.stringify(p.references);
  set('variation', p.variation);
  set('generation_id', p.generationId);
  set('cost_usd', p.cost);
  set('edited_from', p.editedFrom);
  return m;
}
