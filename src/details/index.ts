/**
 * What an image file says about itself: **Image details** (a quick pick of copyable rows), the Markdown hover on
 * an image link, and **Generate again** for images made here. The metadata readers themselves are pure and live
 * in `images/readDetails.ts`; here they are read through `workspace.fs` (`read.ts`) and shown as rows (`rows.ts`).
 */
export { generateAgain } from './generateAgain';
export { ImageDetailsHover } from './hover';
export { imageDetails } from './imageDetails';
export { detailBytesOf, notAnImage } from './read';
