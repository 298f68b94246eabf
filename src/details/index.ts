/**
 * What an image file says about itself: **Image details** (a quick pick of copyable rows), the Markdown hover on
 * an image link, and **Generate again** for images made here. The metadata readers themselves are pure and live
 * in `images/readDetails.ts`.
 */
export { detailBytesOf, generateAgain, ImageDetailsHover, imageDetails, notAnImage } from './imageDetails';
