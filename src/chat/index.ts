/**
 * The chat view: its `WebviewViewProvider` (CSP, message validation), the session that runs one turn at a time
 * (`session.ts`) over the stored conversation (`conversation.ts`, pure), with its attachments, prices
 * (`turnPrice.ts`), saved images (`saveImage.ts`) and SVG turns (`svgTurns.ts`); **Describe this image**, which
 * streams a description into a new turn, **Generate SVG** from the palette, and the previous chats New chat keeps
 * (`chatHistory.ts`, pure; `previousChats.ts`). The view's own script is in
 * `webview/`.
 */
export { ChatViewProvider } from './chatViewProvider';
export { describeForTool, describeImage, describeQuestion, type DescribeToolDeps, type ToolDescription } from './describeImage';
export { generateSvg } from './generateSvg';
export { showPreviousChats } from './previousChats';
export { ChatSession } from './session';
