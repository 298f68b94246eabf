import * as vscode from 'vscode';
import type { ImageDetails } from '../images/readDetails';
import { clip, escapeMarkdownLabel } from '../shared/format';
import { documentImages } from '../altText';
import { detailsOf } from './read';
import { canGenerateAgain, detailRows } from './rows';

/**
 * The Markdown hover on an image link to a workspace image: a thumbnail, its details (in a code block: they
 * come from the file, and nothing in a code block links) and, for an image made here, a "Generate again" link
 * in a trusted `MarkdownString` of its own that holds no text from the file (the only command the hover may run).
 */
export class ImageDetailsHover implements vscode.HoverProvider {
  async provideHover(doc: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const offset = doc.offsetAt(position);
    const [image] = await documentImages(doc, doc.getText(), (i) => i.start <= offset && offset <= i.end);
    if (!image?.file) return undefined;
    let details: ImageDetails;
    try {
      details = await detailsOf(image.file);
    } catch {
      return undefined;
    }
    // The file's text goes in a code block of its own untrusted MarkdownString: there nothing links, not
    // even a bare URL, `www.…` or `mailto:` (which VS Code's Markdown would otherwise turn into links). One
    // line per row (white space collapsed), so no line of it can close the fence.
    const text = new vscode.MarkdownString();
    const src = image.file.toString().replace(/[()]/g, (c) => (c === '(' ? '%28' : '%29'));
    text.appendMarkdown(`![](${src}|width=240)\n\n`);
    const rows = detailRows(details).map((r) => `${r.label}: ${clip(r.value.replace(/\s+/g, ' '), 400)}`);
    if (rows.length > 0) text.appendCodeblock(rows.join('\n'), 'text');
    const contents = [text];
    if (canGenerateAgain(details)) {
      // The one trusted part: our own link and words, no text from the file.
      const again = new vscode.MarkdownString(undefined, true);
      const label = escapeMarkdownLabel(vscode.l10n.t('Generate again'));
      const title = vscode.l10n.t('Same prompt, model, aspect ratio and size').replace(/["\\]/g, '');
      again.appendMarkdown(`[$(sync) ${label}](command:openrouterStudio.generateAgain?${encodeURIComponent(JSON.stringify([image.file.toString()]))} "${title}")`);
      again.isTrusted = { enabledCommands: ['openrouterStudio.generateAgain'] };
      contents.push(again);
    }
    return new vscode.Hover(contents, new vscode.Range(doc.positionAt(image.start), doc.positionAt(image.end)));
  }
}
