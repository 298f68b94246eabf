/**
 * The chat's pending attachments: workspace images and pasted ones, each checked by its bytes and size, all of
 * them together within what one request carries, until a turn takes them.
 */
import * as vscode from 'vscode';
import { decodeDataUrl } from '../images/dataUrl';
import { IMAGE_EXTENSIONS, ImageRejectedError, sniffImageMime } from '../images/mime';
import { settings } from '../platform/config';
import { showError } from '../platform/notify';
import { MAX_IMAGES_TOTAL_BYTES, readWorkspaceImage, type WorkspaceImage } from '../platform/readImage';
import { errorMessage } from '../shared/format';
import type { AttachmentView } from '../webview/protocol';
import { newId } from './conversation';

/** An attachment waiting to be sent: a workspace file, or a pasted image held in memory until sent. */
export interface PendingAttachment {
  id: string;
  label: string;
  image: WorkspaceImage | { uri?: undefined; mimeType: string; bytes: Uint8Array; dataUrl: string };
}

/** The attachments of the next turn. A refused file or paste is shown as an error and not added. */
export class Attachments {
  private list: PendingAttachment[] = [];

  get count(): number {
    return this.list.length;
  }

  /** Adds workspace images (each once; all at most `MAX_IMAGES_TOTAL_BYTES`, as they make one request). */
  async addFiles(uris: vscode.Uri[]): Promise<void> {
    const max = settings().maxImageBytes;
    for (const uri of uris) {
      try {
        if (this.list.some((a) => a.image.uri?.toString() === uri.toString())) continue;
        const image = await readWorkspaceImage(uri, Math.min(max, MAX_IMAGES_TOTAL_BYTES - this.bytes()));
        this.list.push({ id: newId(), label: vscode.workspace.asRelativePath(uri), image });
      } catch (err) {
        void showError(errorMessage(err));
      }
    }
  }

  /** Adds a pasted image (a data URL from the clipboard): the clipboard's declared type is not trusted, the bytes decide. */
  addPasted(dataUrl: string): void {
    try {
      const { data } = decodeDataUrl(dataUrl);
      const actual = sniffImageMime(data);
      if (!actual) throw new ImageRejectedError(vscode.l10n.t('The pasted data is not a PNG, JPEG, WebP or GIF image.'));
      if (data.length > settings().maxImageBytes) throw new ImageRejectedError(vscode.l10n.t('The pasted image is over the size limit (openrouterStudio.maxImageMB).'));
      if (this.bytes() + data.length > MAX_IMAGES_TOTAL_BYTES) throw new ImageRejectedError(vscode.l10n.t('The attachments would come to over {0} MB in all; one message carries at most that.', MAX_IMAGES_TOTAL_BYTES / 1024 / 1024));
      this.list.push({ id: newId(), label: `${vscode.l10n.t('pasted image')}.${IMAGE_EXTENSIONS[actual]}`, image: { mimeType: actual, bytes: data, dataUrl } });
    } catch (err) {
      void showError(errorMessage(err));
    }
  }

  remove(id: string): void {
    this.list = this.list.filter((a) => a.id !== id);
  }

  /** Removes the attachment of a workspace file, if any. */
  removeFile(uri: vscode.Uri): void {
    this.list = this.list.filter((a) => a.image.uri?.toString() !== uri.toString());
  }

  /** Takes every attachment (a turn sends them); none remain. */
  take(): PendingAttachment[] {
    const taken = this.list;
    this.list = [];
    return taken;
  }

  /** Puts back what {@link take} took (a turn that was declined sent nothing). */
  restore(taken: PendingAttachment[]): void {
    this.list = taken;
  }

  /** How the view shows them: a workspace file by its webview URI, a pasted image by its data URL. */
  views(toWebviewUri: (uri: vscode.Uri) => string): AttachmentView[] {
    return this.list.map((a) => ({ id: a.id, label: a.label, thumb: a.image.uri ? toWebviewUri(a.image.uri) : a.image.dataUrl }));
  }

  private bytes(): number {
    return this.list.reduce((n, a) => n + a.image.bytes.length, 0);
  }
}
