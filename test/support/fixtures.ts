/**
 * OpenRouter wire fixtures, built in code so that their content is known to the tests that use them.
 * Shapes follow OpenRouter's documentation (streaming, errors, image generation, models, key) and
 * recorded public traffic: `: OPENROUTER PROCESSING` comments, a role chunk first, a separate finish
 * chunk, a separate usage chunk with `cost`, `[DONE]`; images as one `delta.images[]` entry per image
 * with the finish reason in the same chunk. Ids, prices and texts are invented.
 */

export type SseItem = Record<string, unknown> | '[DONE]' | { comment: string };

/** Serializes items into an SSE transcript (`data: …` + blank line; comments as `: …`). */
export function toSse(items: SseItem[], opts: { crlf?: boolean } = {}): string {
  const nl = opts.crlf ? '\r\n' : '\n';
  return items
    .map((it) => {
      if (it === '[DONE]') return `data: [DONE]${nl}${nl}`;
      if ('comment' in it && typeof it.comment === 'string' && Object.keys(it).length === 1) return `: ${it.comment}${nl}${nl}`;
      return `data: ${JSON.stringify(it)}${nl}${nl}`;
    })
    .join('');
}

const PROCESSING = { comment: 'OPENROUTER PROCESSING' };

interface ChunkOpts {
  id: string;
  model: string;
  provider: string;
}

function chunk(o: ChunkOpts, delta: Record<string, unknown>, finish: string | null = null, native: string | null = null): Record<string, unknown> {
  return {
    id: o.id,
    provider: o.provider,
    model: o.model,
    object: 'chat.completion.chunk',
    created: 1767225600,
    choices: [{ index: 0, delta: { role: 'assistant', ...delta }, finish_reason: finish, native_finish_reason: native, logprobs: null }],
  };
}

function usageChunk(o: ChunkOpts, usage: Record<string, unknown>): Record<string, unknown> {
  return { ...chunk(o, { content: '' }), usage };
}

/** A plain text reply split into `parts`; returns the transcript and the full text. */
export function textStream(parts: string[] = ['A', ' small', ' gradient', ' tile', ' with', ' a', ' white', ' dot', '.'], opts: { crlf?: boolean; cost?: number } = {}): { sse: string; text: string; id: string } {
  const o = { id: 'gen-1767225600-aT3xQm8sLk2VnB7cR4pZ', model: 'openai/gpt-5-nano', provider: 'OpenAI' };
  const items: SseItem[] = [PROCESSING, PROCESSING, chunk(o, { content: '' }), PROCESSING];
  items.push(chunk(o, { content: '', reasoning: null, reasoning_details: [{ type: 'reasoning.encrypted', data: 'gAAAAABpVdGAx1Yp', id: 'rs_1', format: 'openai-responses-v1', index: 0 }] }));
  parts.forEach((p, i) => {
    items.push(chunk(o, { content: p }));
    if (i % 5 === 4) items.push(PROCESSING);
  });
  items.push(chunk(o, { content: '' }, 'stop', 'completed'));
  items.push(usageChunk(o, { prompt_tokens: 20, completion_tokens: parts.length, total_tokens: 20 + parts.length, cost: opts.cost ?? 0.0000123, is_byok: false, completion_tokens_details: { reasoning_tokens: 0, image_tokens: 0 } }));
  items.push('[DONE]');
  return { sse: toSse(items, opts), text: parts.join(''), id: o.id };
}

/** Reasoning deltas (`delta.reasoning` + `reasoning_details` of type `reasoning.text`) before the content. */
export function reasoningStream(): { sse: string; reasoning: string; text: string } {
  const o = { id: 'gen-1767225660-Rk4eW9pLq2ZxC7vN3mTb', model: 'anthropic/claude-haiku-4.5', provider: 'Anthropic' };
  const r = ['The user wants', ' a one-line caption.'];
  const t = ['A gradient tile', ' with a white dot.'];
  const items: SseItem[] = [PROCESSING];
  for (const x of r) items.push(chunk(o, { content: '', reasoning: x, reasoning_details: [{ type: 'reasoning.text', text: x, format: 'anthropic-claude-v1', index: 0 }] }));
  for (const x of t) items.push(chunk(o, { content: x }));
  items.push(chunk(o, { content: '' }, 'stop', 'end_turn'));
  items.push(usageChunk(o, { prompt_tokens: 112, completion_tokens: 31, total_tokens: 143, cost: 0.000267, completion_tokens_details: { reasoning_tokens: 12, image_tokens: 0 } }));
  items.push('[DONE]');
  return { sse: toSse(items), reasoning: r.join(''), text: t.join('') };
}

/** Base64 data URL for an image. */
export function dataUrl(bytes: Uint8Array, mime = 'image/png'): string {
  return `data:${mime};base64,${Buffer.from(bytes).toString('base64')}`;
}

/**
 * An image-generation reply (google/gemini-2.5-flash-image shape): a text delta, then one delta per
 * image carrying the whole data URL (several MB on one line for real pictures), the finish reason in
 * the last image's chunk, then usage with `image_tokens` and `cost`.
 * `urls` overrides the data URLs (to serve broken or hostile ones).
 */
export function imageStream(images: Uint8Array[], opts: { text?: string; urls?: string[]; cost?: number; id?: string } = {}): { sse: string; text: string; id: string; cost: number } {
  const o = { id: opts.id ?? 'gen-1767225720-Zq8mN3vB6cX1kL9pR2sT', model: 'google/gemini-2.5-flash-image', provider: 'Google AI Studio' };
  const text = opts.text ?? 'Here is a small gradient tile: ';
  const urls = opts.urls ?? images.map((b) => dataUrl(b));
  const cost = opts.cost ?? 0.0387;
  const items: SseItem[] = [PROCESSING, PROCESSING, PROCESSING, chunk(o, { content: text }), PROCESSING];
  urls.forEach((url, i) => {
    const last = i === urls.length - 1;
    items.push(chunk(o, { content: '', images: [{ type: 'image_url', image_url: { url }, index: i }] }, last ? 'stop' : null, last ? 'STOP' : null));
  });
  if (urls.length === 0) items.push(chunk(o, { content: '' }, 'stop', 'STOP'));
  items.push(usageChunk(o, { prompt_tokens: 12, completion_tokens: 1290 * urls.length + 12, total_tokens: 1290 * urls.length + 24, cost, completion_tokens_details: { reasoning_tokens: 0, image_tokens: 1290 * urls.length } }));
  items.push('[DONE]');
  return { sse: toSse(items), text, id: o.id, cost };
}

/** Non-streamed image reply: `choices[0].message.images`. */
export function imageCompletion(image: Uint8Array, text = 'Here is a small gradient tile with a white circle.'): Record<string, unknown> {
  return {
    id: 'gen-1767225900-Vb7nM2xC5zL8kJ4hG1fD',
    provider: 'Google AI Studio',
    model: 'google/gemini-2.5-flash-image',
    object: 'chat.completion',
    created: 1767225900,
    choices: [{ logprobs: null, finish_reason: 'stop', native_finish_reason: 'STOP', index: 0, message: { role: 'assistant', content: text, refusal: null, reasoning: null, images: [{ type: 'image_url', image_url: { url: dataUrl(image) }, index: 0 }] } }],
    usage: { prompt_tokens: 12, completion_tokens: 1302, total_tokens: 1314, cost: 0.0387336, is_byok: false, completion_tokens_details: { reasoning_tokens: 0, image_tokens: 1290 } },
  };
}

/** Documented mid-stream error: top-level `error` with `finish_reason: "error"`, then `[DONE]`. */
export function midstreamError(): { sse: string; partial: string; message: string } {
  const o = { id: 'gen-1767225780-Hy5tG2kD8wQ4nM7bV1cX', model: 'google/gemini-2.5-flash', provider: 'Google AI Studio' };
  const parts = ['The image shows', ' a square tile with a', ' smooth gradient'];
  const items: SseItem[] = [PROCESSING, ...parts.map((p) => chunk(o, { content: p }))];
  items.push({ ...chunk(o, { content: '' }, 'error'), error: { code: 502, message: 'Provider disconnected unexpectedly', metadata: { error_type: 'provider_unavailable' } } });
  items.push('[DONE]');
  return { sse: toSse(items), partial: parts.join(''), message: 'Provider disconnected unexpectedly' };
}

/** The older layout seen in real traffic: `finish_reason: "length"`, then an `error` chunk with `finish_reason: null` and usage. */
export function midstreamErrorLegacy(): { sse: string; partial: string; message: string } {
  const o = { id: 'gen-1767225840-Lp3sW8qE1rT6yU0iO9aS', model: 'minimax/minimax-m2', provider: 'Minimax' };
  const items: SseItem[] = [PROCESSING, chunk(o, { content: 'Sure, here is' }), chunk(o, { content: ' a short' }, 'length', 'length')];
  items.push({ ...usageChunk(o, { prompt_tokens: 43, completion_tokens: 10, total_tokens: 53, cost: 0.0000249 }), error: { code: 400, message: 'Token limit reached' } });
  items.push('[DONE]');
  return { sse: toSse(items), partial: 'Sure, here is a short', message: 'Token limit reached' };
}

/** HTTP error bodies, as OpenRouter sends them (status equals `error.code`). */
export const errorBodies = {
  missingAuth: { error: { message: 'No auth credentials found', code: 401 } },
  invalidKey: { error: { message: 'User not found.', code: 401 } },
  credits: {
    error: {
      message: 'This request requires more credits, or fewer max_tokens. You requested up to 8192 tokens, but can only afford 7527. To increase, visit https://openrouter.ai/settings/credits and upgrade to a paid account',
      code: 402,
      metadata: { provider_name: null },
    },
    user_id: 'user_2xFixtureUser000000000000',
  },
  moderation: {
    error: {
      code: 403,
      message: 'openai/gpt-5-image-mini requires moderation on OpenAI. Your input was flagged for "violence". No credits were charged.',
      metadata: { reasons: ['violence'], flagged_input: 'draw a ...', provider_name: 'OpenAI', model_slug: 'openai/gpt-5-image-mini' },
    },
  },
  rateLimitFree: {
    error: {
      message: 'Rate limit exceeded: free-models-per-min. ',
      code: 429,
      metadata: { headers: { 'X-RateLimit-Limit': '20', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '1767225900000' }, provider_name: null },
    },
  },
  rateLimitUpstream: {
    error: {
      message: 'Provider returned error',
      code: 429,
      metadata: {
        raw: 'google/gemini-2.5-flash-image is temporarily rate-limited upstream. Please retry shortly, or add your own key to accumulate your rate limits: https://openrouter.ai/settings/integrations',
        provider_name: 'Google AI Studio',
        is_byok: false,
      },
    },
  },
  unavailable: { error: { message: 'No instances available', code: 503, metadata: { error_type: 'provider_unavailable' } } },
} as const;

/** `GET /key` for a normal key. */
export function keyInfo(label = 'sk-or-v1-a1b...f90'): Record<string, unknown> {
  return {
    data: { label, limit: 20, limit_reset: 'monthly', limit_remaining: 17.4613, include_byok_in_limit: false, usage: 2.5387, usage_daily: 0.0387, is_free_tier: false, is_management_key: false, expires_at: null },
  };
}

function model(id: string, name: string, input: string[], output: string[], pricing: Record<string, string>, context: number | null): Record<string, unknown> {
  return {
    id,
    canonical_slug: id,
    name,
    created: 1759870431,
    description: `${name} (fixture).`,
    context_length: context,
    architecture: { modality: `${input.join('+')}->${output.join('+')}`, input_modalities: input, output_modalities: output, tokenizer: 'Other', instruct_type: null },
    pricing,
    top_provider: { context_length: context, max_completion_tokens: null, is_moderated: false },
    supported_parameters: ['max_tokens', 'seed'],
  };
}

/** `GET /models?output_modalities=all`: text, vision, image-and-text and image-only models. */
export const allModels = [
  model('google/gemini-2.5-flash-image', 'Google: Nano Banana (Gemini 2.5 Flash Image)', ['image', 'text'], ['image', 'text'], { prompt: '0.0000003', completion: '0.0000025', image: '0.0000003', image_output: '0.00003' }, 32768),
  model('google/gemini-3-pro-image-preview', 'Google: Nano Banana Pro (Gemini 3 Pro Image Preview)', ['image', 'text'], ['image', 'text'], { prompt: '0.000002', completion: '0.000012', image_output: '0.00012' }, 65536),
  model('black-forest-labs/flux.2-pro', 'Black Forest Labs: FLUX.2 [pro]', ['text', 'image'], ['image'], { prompt: '0', completion: '0', request: '0.03' }, null),
  model('openai/gpt-5-image-mini', 'OpenAI: GPT-5 Image Mini', ['image', 'text', 'file'], ['image', 'text'], { prompt: '0.0000025', completion: '0.000002', image_output: '0.000008' }, 400000),
  model('google/gemini-2.5-flash', 'Google: Gemini 2.5 Flash', ['text', 'image', 'file', 'audio'], ['text'], { prompt: '0.0000003', completion: '0.0000025', image: '0.001238' }, 1048576),
  model('openai/gpt-5-nano', 'OpenAI: GPT-5 Nano', ['text', 'image', 'file'], ['text'], { prompt: '0.00000005', completion: '0.0000004' }, 400000),
];

/** Applies the endpoint's filters: no `output_modalities` → text-output models only. */
export function filterModels(query: URLSearchParams): Record<string, unknown> {
  const out = query.get('output_modalities') ?? 'text';
  const inp = query.get('input_modalities');
  const data = allModels.filter((m) => {
    const arch = m.architecture as { input_modalities: string[]; output_modalities: string[] };
    const okOut = out === 'all' || out.split(',').some((x) => arch.output_modalities.includes(x));
    const okIn = !inp || inp.split(',').every((x) => arch.input_modalities.includes(x));
    return okOut && okIn;
  });
  return { data, total_count: data.length };
}

/**
 * `GET /images/models`, in the documented shape (guide "Image Generation", API reference "List image
 * generation models"): one model listed only here, one with `n`, a transparent background and an unknown
 * descriptor kind, and one also offered by chat completions.
 */
export const imageApiModels = {
  data: [
    {
      id: 'bytedance-seed/seedream-4.5',
      name: 'Seedream 4.5',
      description: 'A text-to-image model.',
      created: 1692901234,
      architecture: { input_modalities: ['text', 'image'], output_modalities: ['image'] },
      supported_parameters: {
        aspect_ratio: { type: 'enum', values: ['1:1', '4:3', '3:4', '16:9', '9:16', '21:9', '1:4', '4:1'] },
        resolution: { type: 'enum', values: ['1K', '2K', '4K'] },
        seed: { type: 'boolean' },
        input_references: { type: 'range', min: 1, max: 10 },
      },
      supports_streaming: false,
      endpoints: '/api/v1/images/models/bytedance-seed/seedream-4.5/endpoints',
    },
    {
      id: 'openai/gpt-image-1',
      name: 'OpenAI: GPT Image 1',
      description: 'An image model with transparent backgrounds.',
      created: 1745000000,
      architecture: { input_modalities: ['text', 'image'], output_modalities: ['image'] },
      supported_parameters: {
        n: { type: 'range', min: 1, max: 10 },
        aspect_ratio: { type: 'enum', values: ['1:1', '3:2', '2:3', 'auto'] },
        background: { type: 'enum', values: ['auto', 'transparent', 'opaque'] },
        output_format: { type: 'enum', values: ['png', 'jpeg', 'webp'] },
        output_compression: { type: 'range', min: 0, max: 100 },
        quality: { type: 'weighted-choice', options: { low: 1, high: 3 } },
        input_references: { type: 'range', min: 1, max: 16 },
      },
      supports_streaming: true,
      endpoints: '/api/v1/images/models/openai/gpt-image-1/endpoints',
    },
    {
      id: 'google/gemini-2.5-flash-image',
      name: 'Google: Nano Banana (Gemini 2.5 Flash Image)',
      description: 'Gemini image generation.',
      created: 1759870431,
      architecture: { input_modalities: ['text', 'image'], output_modalities: ['image', 'text'] },
      supported_parameters: {
        aspect_ratio: { type: 'enum', values: ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'] },
        input_references: { type: 'range', min: 1, max: 3 },
      },
      supports_streaming: false,
      endpoints: '/api/v1/images/models/google/gemini-2.5-flash-image/endpoints',
    },
  ],
};

/** A `POST /images` reply (API reference "Generate an image"): `{ created, data: [{ b64_json }], usage }`. */
export function imagesReply(images: Uint8Array[], opts: { cost?: number; mediaType?: string } = {}): Record<string, unknown> {
  return {
    created: 1748372400,
    data: images.map((b) => ({ b64_json: Buffer.from(b).toString('base64'), ...(opts.mediaType ? { media_type: opts.mediaType } : {}) })),
    usage: { completion_tokens: 4175 * images.length, cost: opts.cost ?? 0.04 * images.length, prompt_tokens: 0, total_tokens: 4175 * images.length },
  };
}

/**
 * `GET /images/models/{author}/{slug}/endpoints` (API reference "List endpoints for an image model"): each
 * endpoint's billable lines. Seedream is priced per image; GPT Image 1 per image with references priced apart,
 * on two providers priced apart; Gemini per resolution tier.
 */
export const imageEndpointPrices: Record<string, Record<string, unknown>> = {
  'bytedance-seed/seedream-4.5': {
    id: 'bytedance-seed/seedream-4.5',
    endpoints: [{ provider_name: 'Bytedance', provider_slug: 'bytedance', provider_tag: 'bytedance', pricing: [{ billable: 'output_image', cost_usd: 0.04, unit: 'image' }], supported_parameters: {}, supports_streaming: false, allowed_passthrough_parameters: [] }],
  },
  'openai/gpt-image-1': {
    id: 'openai/gpt-image-1',
    endpoints: [
      { provider_name: 'OpenAI', provider_slug: 'openai', provider_tag: 'openai', pricing: [{ billable: 'output_image', cost_usd: 0.042, unit: 'image' }, { billable: 'input_reference', cost_usd: 0.002, unit: 'image' }], supported_parameters: {}, supports_streaming: true, allowed_passthrough_parameters: [] },
      { provider_name: 'Azure', provider_slug: 'azure', provider_tag: 'azure', pricing: [{ billable: 'output_image', cost_usd: 0.04, unit: 'image' }, { billable: 'input_reference', cost_usd: 0.002, unit: 'image' }], supported_parameters: {}, supports_streaming: false, allowed_passthrough_parameters: [] },
    ],
  },
  'google/gemini-2.5-flash-image': {
    id: 'google/gemini-2.5-flash-image',
    endpoints: [{ provider_name: 'Google', provider_slug: 'google', provider_tag: 'google', pricing: [{ billable: 'output_image', cost_usd: 0.039, unit: 'image', variant: '1K' }, { billable: 'output_image', cost_usd: 0.134, unit: 'image', variant: '2K' }, { billable: 'output_image', cost_usd: 0.24, unit: 'image', variant: '4K' }], supported_parameters: {}, supports_streaming: false, allowed_passthrough_parameters: [] }],
  },
};
