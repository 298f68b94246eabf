/**
 * The image gallery: every image of the workspace with how it was made, found by its prompt, model, maker,
 * date or aspect ratio, its family (edits, references, variations) as one strip, two to four compared, and the
 * commands of each image one click away. The index (`galleryIndex.ts`) reads files with Image details' bounded
 * readers; the query, families and comparison are pure (`query.ts`, `families.ts`, `compare.ts`); the view's
 * own script is in `webview/gallery.ts`.
 */
export { GalleryIndex } from './galleryIndex';
export { GalleryPanel } from './galleryPanel';
export { openGallery, searchImages } from './openGallery';
export type { GalleryDeps } from './actions';
