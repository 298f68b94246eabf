/**
 * The chat view: its `WebviewViewProvider` (CSP, message validation), the session that runs one turn at a time
 * (`session.ts`) over the stored conversation (`conversation.ts`, pure), with its attachments, prices
 * (`turnPrice.ts`), saved images (`saveImage.ts`) and SVG turns (`svgTurns.ts`); **Describe this image**, which
 * streams a description into a new turn, and **Generate SVG** from the palette. The view's own script is in
 * `webview/`.
 */
export { ChatViewProvider } from './chatViewProvider';
export { describeForTool, describeImage, describeQuestion, type DescribeToolDeps, type ToolDescription } from './describeImage';
export { generateSvg } from './generateSvg';
export { ChatSession } from './session';
