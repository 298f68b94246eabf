/**
 * Generating pictures: **Generate image** (its quick input, variations in parallel), **Edit image with prompt**,
 * **Insert Markdown link**, and the job that streams a reply and saves every image into the workspace. Other
 * features use it only through this module.
 */
export { editImage, generateImage, insertImageLink, markdownLinks, MAX_VARIATIONS } from './generateImage';
export { cancelImageJobs } from './imageJob';
export type { EditArgs, GenerateArgs, ImageCommandDeps } from './types';
