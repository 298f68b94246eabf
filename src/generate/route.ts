/**
 * Which OpenRouter API makes an image: chat completions (`modalities`, streamed, the model's text shown) or
 * the Image API (`POST /images`, every control the model lists). Pure: no `vscode`. The rule is the README's
 * "Two APIs" section:
 * - a model listed by `/images/models` and not an image-output model of `/models` → the Image API;
 * - one listed only by `/models` (or by neither: an id typed by hand) → chat completions;
 * - one listed by both → setting `openrouterStudio.imageEndpoint`: `images`, `chat`, or `auto` (default): the
 *   Image API when the request uses a control only it has ({@link imageApiOnlyControl}) or asks for several
 *   images the model makes in one request (`n`); else chat.
 */
import * as l10n from '@vscode/l10n';
import { ImageControlError, maxImagesPerRequest, type ImageControls, type ImageModel } from '../openrouter/imageApi';
import { ASPECT_RATIOS, IMAGE_SIZES } from '../openrouter/types';

export type ImageApiSetting = 'auto' | 'images' | 'chat';

/** Most parallel requests one Generate image run sends (variations of a model without `n`). */
export const MAX_VARIATIONS = 4;
export type ImageApiName = 'chat' | 'images';

/**
 * The first control in `controls` that chat completions cannot carry (its request field), or `undefined`.
 * `count` is not one: several images can always be several parallel requests.
 */
export function imageApiOnlyControl(controls: ImageControls): string | undefined {
  if (controls.seed !== undefined) return 'seed';
  if (controls.background !== undefined) return 'background';
  if (controls.outputFormat !== undefined) return 'output_format';
  if (controls.outputCompression !== undefined) return 'output_compression';
  if (controls.aspectRatio !== undefined && !(ASPECT_RATIOS as readonly string[]).includes(controls.aspectRatio)) return 'aspect_ratio';
  if (controls.resolution !== undefined && !(IMAGE_SIZES as readonly string[]).includes(controls.resolution)) return 'resolution';
  return undefined;
}

/**
 * Chooses the API for one request (see the module comment).
 * @param inChat whether `/models` lists the model as an image-output model.
 * @param imageModel the model's `/images/models` entry, if listed there.
 * @throws {ImageControlError} when chat completions must be used and a control needs the Image API.
 */
export function chooseApi(setting: ImageApiSetting, modelId: string, inChat: boolean, imageModel: ImageModel | undefined, controls: ImageControls): ImageApiName {
  const only = imageApiOnlyControl(controls);
  let api: ImageApiName;
  if (!imageModel) api = 'chat';
  else if (!inChat) api = 'images';
  else if (setting === 'images') api = 'images';
  else if (setting === 'chat') api = 'chat';
  // References go either way (chat sends them as image parts, the Image API as `input_references`); several
  // images that one request can make (`n`) tip `auto` towards the Image API.
  else api = only !== undefined || ((controls.count ?? 1) > 1 && maxImagesPerRequest(imageModel) > 1) ? 'images' : 'chat';
  if (api === 'chat' && only !== undefined) {
    const why = imageModel ? l10n.t('setting openrouterStudio.imageEndpoint is "chat"') : l10n.t('the Image API does not list it');
    throw new ImageControlError(l10n.t('{0} needs OpenRouter\'s Image API, and {1} goes through chat completions ({2}).', only, modelId, why), only);
  }
  return api;
}

/**
 * How `count` images are asked for, as the images of each request, so that no request asks for more than
 * one reply is allowed to carry (`openrouterStudio.maxImagesPerReply`): a request's images past that bound
 * would be billed and refused, so they are never asked for. Requests are as even as they can be
 * (`count` 10, 10 a request, 8 a reply: `[5, 5]`).
 * @param perRequest the most images the model makes in one request (`n`; 1 for a model without it).
 * @param perReply the most images one reply may carry.
 * @returns the images of each request; their sum is `count`.
 */
export function splitCount(count: number, perRequest: number, perReply: number): number[] {
  const most = Math.max(1, Math.min(perRequest, perReply));
  const requests = Math.ceil(count / most);
  const base = Math.floor(count / requests);
  return Array.from({ length: requests }, (_, i) => base + (i < count % requests ? 1 : 0));
}
