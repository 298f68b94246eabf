/** The ranges of the numeric settings, and clamping to them; the default of a list setting. Pure code: the unit tests compare it with `package.json`. */

/** `altText.imageComponents`' default: HTML's `<img>` and the frameworks' image components (Next.js and Astro `Image`, Nuxt `NuxtImg`, `Img`). */
export const DEFAULT_IMAGE_COMPONENTS: readonly string[] = ['img', 'Image', 'NuxtImg', 'Img'];

/**
 * The documented range of each numeric setting (the `minimum` and `maximum` of `package.json`, which a unit
 * test keeps equal to these): a value outside it — `1e400` from a workspace's settings, a negative number —
 * is clamped to it, and a value that is not a number gives the default.
 */
export const NUMBER_RANGES = {
  requestTimeoutSeconds: [5, 600, 60],
  maxImageMB: [1, 100, 20],
  /** Deprecated for `maxImageMB` (read while that is not set). */
  maxImageBytes: [1, 100 * 1024 * 1024, 20 * 1024 * 1024],
  maxEventMB: [1, 256, 64],
  maxGeneratedImageMB: [1, 128, 32],
  maxImagesPerReply: [1, 16, 8],
  maxReplyCharacters: [1000, 20_000_000, 2_000_000],
  chatHistoryCharacters: [0, 1_000_000, 40_000],
} as const satisfies Record<string, readonly [min: number, max: number, fallback: number]>;

/** `value` within `[min, max]`; `fallback` when it is not a number at all. */
export function clampSetting(value: unknown, [min, max, fallback]: readonly [number, number, number]): number {
  if (typeof value !== 'number' || Number.isNaN(value)) return fallback;
  return Math.min(max, Math.max(min, value));
}

