/**
 * The gallery's link to the extension: VS Code's webview API, acquired once, and the one way to post a
 * message ({@link FromGallery}). The webview's state holds the filters only, never image data.
 */
import type { FromGallery, GalleryViewQuery } from '../galleryProtocol';

interface GalleryApi {
  postMessage(m: FromGallery): void;
  getState(): { query?: GalleryViewQuery } | undefined;
  setState(s: { query?: GalleryViewQuery }): void;
}
declare function acquireVsCodeApi(): GalleryApi;

export const vscode = acquireVsCodeApi();

/** Posts a message to the extension. */
export const post = (m: FromGallery): void => vscode.postMessage(m);
