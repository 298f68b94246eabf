/**
 * Reading a `POST /images` reply of OpenRouter's Image API (`{ created, data: [{ b64_json, media_type }], usage }`),
 * within bounds. No `vscode`, no I/O.
 *
 * Documentation: API reference "Images", `POST /api/v1/images` (Generate an image).
 */
import * as l10n from '@vscode/l10n';
import { decodeBase64 } from '../images/dataUrl';
import { sniffImageMime } from '../images/mime';
import { saneCost } from './pricing';
import { redactKey } from './errors';
import { NO_DATA } from './imageApi';
import type { GeneratedImage, Usage } from './types';

/** Most refused items of one reply listed one by one. */
const MAX_LISTED_REFUSALS = 100;

/** The parts of a `POST /images` reply the extension uses. */
export interface ImagesReply {
  created?: number;
  images: GeneratedImage[];
  /** Items that carried no usable image data (a link, bad base64, over a limit), with the reason. */
  imageErrors: Array<{ index: number; reason: string }>;
  usage?: Usage;
}

/** Bounds on one `POST /images` reply. */
export interface ImagesReplyLimits {
  /** Most images kept; the others become image errors naming the setting. */
  maxImages: number;
  /** Largest image, decoded, in bytes. */
  maxImageBytes: number;
}

/**
 * Reads a parsed `POST /images` reply (`{ created, data: [{ b64_json }], usage }`): each `b64_json` is
 * decoded strictly; an item with only a `url` is refused (links are not fetched), as is one over the
 * limits. The bytes are checked against their magic numbers by the caller, as for chat replies.
 * @throws {TypeError} when the body has no `data` array.
 */
export function readImagesReply(body: unknown, limits: ImagesReplyLimits): ImagesReply {
  const b = body as { created?: unknown; data?: unknown; usage?: Record<string, unknown> } | null;
  if (!Array.isArray(b?.data)) throw new TypeError(NO_DATA);
  const reply: ImagesReply = { images: [], imageErrors: [] };
  if (typeof b.created === 'number') reply.created = b.created;
  let unlisted = 0;
  b.data.forEach((item: unknown, index: number) => {
    const it = item as { b64_json?: unknown; url?: unknown; media_type?: unknown } | null;
    // At most 100 refusals are listed (a hostile reply can hold a million empty items); the rest are counted.
    const refuse = (reason: string): void => void (reply.imageErrors.length < MAX_LISTED_REFUSALS ? reply.imageErrors.push({ index, reason }) : unlisted++);
    if (reply.images.length >= limits.maxImages) return refuse(l10n.t('more than {0} images in one reply (setting {1})', limits.maxImages, 'openrouterStudio.maxImagesPerReply'));
    if (typeof it?.b64_json !== 'string') return refuse(typeof it?.url === 'string' ? l10n.t('the image was sent as a link, not as inline data') : l10n.t('the image has no data'));
    if (it.b64_json.length > Math.ceil(limits.maxImageBytes / 3) * 4) {
      return refuse(l10n.t('an image is over {0} MB (setting {1})', Math.round(limits.maxImageBytes / 1024 / 1024), 'openrouterStudio.maxGeneratedImageMB'));
    }
    const data = it.b64_json.length % 4 === 0 ? decodeBase64(it.b64_json) : undefined;
    if (!data || data.length === 0) return refuse(l10n.t('the image data is not valid base64'));
    // The bytes decide: a declared `media_type` must match them (checked by the caller), and without one
    // the sniffed type stands (anything but PNG, JPEG, WebP or GIF is refused then).
    // Only the characters of a media type survive (it can end up in a refusal's message); key-shaped text is redacted.
    const mimeType = typeof it.media_type === 'string' ? redactKey(it.media_type.slice(0, 60)).toLowerCase().replace(/[^a-z0-9.+/;=[\]-]/g, '') : (sniffImageMime(data) ?? 'application/octet-stream');
    reply.images.push({ index, mimeType, data });
  });
  if (unlisted > 0) reply.imageErrors.push({ index: b.data.length, reason: l10n.t('{0} more items refused', unlisted) });
  const u = b.usage;
  if (u && typeof u === 'object') {
    const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
    reply.usage = { promptTokens: num(u.prompt_tokens), completionTokens: num(u.completion_tokens), totalTokens: num(u.total_tokens) };
    const cost = saneCost(u.cost);
    if (cost !== undefined) reply.usage.cost = cost;
  }
  return reply;
}
