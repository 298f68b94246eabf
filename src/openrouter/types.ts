/**
 * Wire and event types for OpenRouter's chat completions API.
 *
 * Shapes follow OpenRouter's API reference (https://openrouter.ai/docs/api-reference/overview,
 * .../streaming, .../errors, https://openrouter.ai/docs/features/multimodal/image-generation).
 * This module imports nothing from `vscode`.
 */

/** A part of a multimodal user message (OpenAI-compatible content parts). */
export type ContentPart =
  | { type: 'text'; text: string }
  /** `url` is an `https:` URL or a `data:image/<type>;base64,…` data URL. */
  | { type: 'image_url'; image_url: { url: string; detail?: 'auto' | 'low' | 'high' } };

/** One message of a conversation, as sent in `messages`. */
export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | ContentPart[] }
  | { role: 'assistant'; content: string };

/** `image_config` for image-output models (documented for Gemini image models). */
export interface ImageConfig {
  /** e.g. `"1:1"`, `"16:9"`. */
  aspect_ratio?: string;
  /** `"1K" | "2K" | "4K"` where the model supports it. */
  image_size?: string;
}

/**
 * Aspect ratios documented for Gemini image models (`image_config.aspect_ratio`):
 * https://openrouter.ai/docs/features/multimodal/image-generation
 */
export const ASPECT_RATIOS = ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'] as const;
/** Sizes for `image_config.image_size`, where the model supports it. */
export const IMAGE_SIZES = ['1K', '2K', '4K'] as const;

/** Body of `POST /chat/completions`. `stream` is set by the client. */
export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  /** `["image","text"]` or `["image"]` for image generation; omitted for text. */
  modalities?: Array<'image' | 'text'>;
  image_config?: ImageConfig;
  max_tokens?: number;
  temperature?: number;
  /** Any other documented parameter (`reasoning`, `provider`, …) passes through unchanged. */
  [extra: string]: unknown;
}

/** Token counts and cost of one generation; `cost` is in USD (OpenRouter credits). */
export interface Usage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** USD; absent when the endpoint does not report it. */
  cost?: number;
  reasoningTokens?: number;
  imageTokens?: number;
}

/** OpenRouter's normalized finish reasons; other strings may appear and are passed through. */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'error' | (string & {});

/** A `reasoning_details` entry (summary, text or encrypted), passed through as sent. */
export interface ReasoningDetail {
  type: string;
  text?: string;
  summary?: string;
  data?: string;
  format?: string;
  index?: number;
  [extra: string]: unknown;
}

/**
 * The typed events `streamChat` yields, in arrival order:
 * - `start` once, from the first chunk: generation id, model and provider.
 * - `text` and `reasoning` deltas (UTF-16 strings, never empty).
 * - `image` for each generated image, bytes decoded from its data URL; `image-error` for an image whose
 *   data URL could not be decoded (the stream goes on).
 * - `finish` when a choice ends (`reason` is OpenRouter's normalized value, `nativeReason` the provider's).
 * - `usage` from the chunk of its own that follows the finish chunk.
 */
export type StreamEvent =
  | { type: 'start'; id: string; model: string; provider?: string }
  | { type: 'text'; text: string }
  | { type: 'reasoning'; text: string; details?: ReasoningDetail[] }
  | { type: 'image'; index: number; mimeType: string; data: Uint8Array }
  | { type: 'image-error'; index: number; reason: string }
  | { type: 'usage'; usage: Usage }
  | { type: 'finish'; reason: FinishReason; nativeReason: string | null };

/** A generated image, decoded. `mimeType` is what the data URL declared. */
export interface GeneratedImage {
  index: number;
  mimeType: string;
  data: Uint8Array;
}

/** Result of a non-streamed `complete()` call. */
export interface Completion {
  id: string;
  model: string;
  provider?: string;
  text: string;
  reasoning: string;
  images: GeneratedImage[];
  /** Images whose data URL could not be decoded, with the reason. */
  imageErrors: Array<{ index: number; reason: string }>;
  finishReason: FinishReason | null;
  nativeFinishReason: string | null;
  usage?: Usage;
}

/**
 * A model from `GET /models`. Prices are numbers in USD per unit: per token for `prompt`, `completion`,
 * `internalReasoning` and `imageOutput` (output image tokens), per input image for `image`, per request
 * for `request`. A price the list omits is `undefined`; `0` means free.
 */
export interface Model {
  id: string;
  name: string;
  description: string;
  /** Tokens; `null` where the list gives none (some image-only models). */
  contextLength: number | null;
  inputModalities: string[];
  outputModalities: string[];
  pricing: {
    prompt?: number;
    completion?: number;
    image?: number;
    imageOutput?: number;
    request?: number;
    internalReasoning?: number;
  };
  supportedParameters: string[];
}

/** `GET /key`: the key's label, limits and usage. Amounts are USD (credits). */
export interface KeyInfo {
  label: string;
  /** Credit limit of the key; `null` for unlimited. */
  limit: number | null;
  /** Credits left under the limit; `null` for unlimited. */
  limitRemaining: number | null;
  /** Credits used by the key in all. */
  usage: number;
  isFreeTier: boolean;
  /** ISO date or `null`. */
  expiresAt: string | null;
}
