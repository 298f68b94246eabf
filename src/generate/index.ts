/**
 * Generating pictures: **Generate image** (its quick input, variations in parallel), **Generate from these
 * images** (references), **Edit image with prompt**, through chat completions or the Image API (route.ts),
 * **Insert Markdown link**, and the job that streams a reply and saves every image into the workspace. Other
 * features use it only through this module.
 */
export { editImage, editImageForTool, editQuestionForTool } from './edit';
export { generateAgainWith, generateFromImages, generateImage, generateImageForTool, generationQuestionForTool } from './generateImage';
export { insertImageLink } from './present';
export { MAX_VARIATIONS } from './route';
export type { RunHow, ToolRun } from './run';
export { cancelImageJobs } from './imageJob';
export { improvePromptFor } from './improvePrompt';
export type { EditArgs, GenerateArgs, ImageCommandDeps } from './types';
