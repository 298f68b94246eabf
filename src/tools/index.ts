/**
 * Pictures in VS Code's agent mode: **generate**, **edit** and **describe** as Language Model Tools
 * (`contributes.languageModelTools`, `vscode.lm.registerTool`). Each tool runs the commands' own code (the
 * job, the saver, the key boundary, the caps, the provenance); generating and editing ask first, naming the
 * model, the number of images, the price and the folder (`confirm.ts`). Other features use it only
 * through this module.
 */
export { describeImageTool, editImageTool, generateImageTool, TOOL_NAMES } from './imageTools';
export { confirmSettingOf, shouldConfirm, type ConfirmSetting } from './confirm';
