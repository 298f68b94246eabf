/**
 * The chat view: its `WebviewViewProvider` (CSP, message validation), the session (turns, streaming, saved
 * images, persistence), and **Describe this image**, which streams a description into a new turn. The view's
 * own script is in `webview/`.
 */
export { ChatViewProvider } from './chatViewProvider';
export { describeForTool, describeImage, type ToolDescription } from './describeImage';
export { ChatSession } from './session';
