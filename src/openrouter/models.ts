/**
 * The models list of `GET /models` (https://openrouter.ai/docs/api-reference/list-available-models), mapped to
 * {@link Model}. Pure code, no `vscode`.
 */
import type { Model } from './types';

/** A model of `GET /models` as sent. */
export interface WireModel {
  id: string;
  name?: string;
  description?: string;
  context_length?: number | null;
  architecture?: { input_modalities?: string[]; output_modalities?: string[] };
  pricing?: Record<string, string | number | undefined>;
  supported_parameters?: string[];
}

function price(v: string | number | undefined): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** A model of `GET /models` with numeric prices (USD per unit; a price the list omits, or that is not a number from 0, is `undefined`). */
export function toModel(m: WireModel): Model {
  const p = m.pricing ?? {};
  return {
    id: m.id,
    name: m.name ?? m.id,
    description: m.description ?? '',
    contextLength: typeof m.context_length === 'number' ? m.context_length : null,
    inputModalities: m.architecture?.input_modalities ?? ['text'],
    outputModalities: m.architecture?.output_modalities ?? ['text'],
    pricing: {
      prompt: price(p.prompt),
      completion: price(p.completion),
      image: price(p.image),
      imageOutput: price(p.image_output),
      request: price(p.request),
      internalReasoning: price(p.internal_reasoning),
    },
    supportedParameters: m.supported_parameters ?? [],
  };
}
