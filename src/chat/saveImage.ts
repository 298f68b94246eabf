import * as vscode from 'vscode';
import { IMAGE_EXTENSIONS, verifyImage } from '../images/mime';
import { generatedBaseName, splitFileName } from '../images/naming';
import { provenanceText } from '../images/provenance';
import { withProvenance } from '../images/xmp';
import { settings } from '../platform/config';
import { CONTEXT_KEYS, setContext } from '../platform/contexts';
import { outputFolder, saveNewFile } from '../platform/saver';
import type { StoredTurn } from './conversation';

/**
 * Saves one image a chat turn generated as a new file (never over another): beside the image the turn refines
 * (`<name>-2.png` …), else in `openrouterStudio.outputDirectory` named after the prompt; with its provenance
 * (`openrouter:edited_from` naming the refined image) when `openrouterStudio.embedMetadata` is on.
 * @param declared the MIME type the model declared; the bytes decide (magic bytes).
 * @returns the saved file.
 * @throws when the bytes are not an image, no folder is open, or the save fails (nothing is left half-written).
 */
export async function saveChatImage(turn: Pick<StoredTurn, 'prompt' | 'model' | 'refines'>, declared: string, data: Uint8Array, log: vscode.LogOutputChannel): Promise<vscode.Uri> {
  const mime = verifyImage(declared, data);
  const source = turn.refines ? vscode.Uri.parse(turn.refines) : undefined;
  const folder = (source && vscode.workspace.getWorkspaceFolder(source)) ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error(vscode.l10n.t('Open a folder to save generated images.'));
  const s = settings(folder.uri);
  const fields = provenanceText({ prompt: turn.prompt, model: turn.model, api: 'chat', editedFrom: source ? vscode.workspace.asRelativePath(source, false) : undefined });
  const { bytes, skipped } = withProvenance(mime, data, s.embedMetadata ? fields : undefined);
  if (skipped) log.warn(`Metadata not embedded: ${skipped}`);
  const saved = await (source
    ? saveNewFile(vscode.Uri.joinPath(source, '..'), splitFileName(source.path).base, IMAGE_EXTENSIONS[mime], bytes, folder.uri)
    : saveNewFile(outputFolder(folder.uri, s.outputDirectory), generatedBaseName(turn.prompt, new Date()), IMAGE_EXTENSIONS[mime], bytes, folder.uri));
  setContext(CONTEXT_KEYS.imageSaved, true);
  return saved;
}
