/**
 * Requests for image-output models: which `modalities` to ask for, and the request body for an image
 * job. Pure code, no `vscode`. Documentation: https://openrouter.ai/docs/features/multimodal/image-generation
 */
import type { ChatRequest, ContentPart, Model } from './types';

/**
 * `modalities` for a model: `["image"]` when its `output_modalities` has no text (FLUX and other
 * image-only models reject `"text"`), else `["image","text"]`. Unknown models get `["image","text"]`.
 * Documentation: https://openrouter.ai/docs/features/multimodal/image-generation
 */
export function modalitiesFor(model: Model | undefined): Array<'image' | 'text'> {
  return model && !model.outputModalities.includes('text') ? ['image'] : ['image', 'text'];
}

/** Builds the chat request for an image job. */
export function buildChatImageRequest(model: Model | undefined, modelId: string, content: string | ContentPart[], aspectRatio?: string, imageSize?: string): ChatRequest {
  const image_config: { aspect_ratio?: string; image_size?: string } = {};
  if (aspectRatio) image_config.aspect_ratio = aspectRatio;
  if (imageSize) image_config.image_size = imageSize;
  return {
    model: modelId,
    messages: [{ role: 'user', content }],
    modalities: modalitiesFor(model),
    ...(Object.keys(image_config).length > 0 ? { image_config } : {}),
  };
}
