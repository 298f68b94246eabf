import * as vscode from 'vscode';
import type { ImageDetails } from '../images/readDetails';
import { formatCost } from '../shared/format';

/** True when the image says it was made by this extension with a prompt and a model, so it can be made again. */
export function canGenerateAgain(d: ImageDetails): boolean {
  return d.software === 'OpenRouter Studio' && !!d.prompt && !!d.model;
}

/** The details as labelled rows, in reading order (only what is known). */
export function detailRows(d: ImageDetails): Array<{ label: string; value: string }> {
  const rows: Array<[string, string | undefined]> = [
    [vscode.l10n.t('Prompt'), d.prompt],
    [vscode.l10n.t('Negative prompt'), d.negativePrompt],
    [vscode.l10n.t('Model'), d.model],
    [vscode.l10n.t('API'), d.api === 'images' ? vscode.l10n.t('Image API') : d.api === 'chat' ? vscode.l10n.t('chat completions') : d.api],
    [vscode.l10n.t('Aspect ratio'), d.aspectRatio],
    [vscode.l10n.t('Size setting'), d.imageSize],
    [vscode.l10n.t('Resolution'), d.resolution],
    [vscode.l10n.t('Background'), d.background],
    [vscode.l10n.t('Output format'), d.outputFormat],
    [vscode.l10n.t('Compression'), d.outputCompression?.toString()],
    [vscode.l10n.t('Seed'), d.seed?.toString()],
    [vscode.l10n.t('References'), d.references?.join(', ')],
    [vscode.l10n.t('Variation'), d.variation],
    [vscode.l10n.t('Generation id'), d.generationId],
    [vscode.l10n.t('Cost'), d.costUsd !== undefined ? formatCost(d.costUsd) : undefined],
    [vscode.l10n.t('Edited from'), d.editedFrom],
    [d.mimeType === 'image/svg+xml' ? vscode.l10n.t('Size (user units)') : vscode.l10n.t('Pixels'), d.width && d.height ? `${d.width} × ${d.height}` : undefined],
    [vscode.l10n.t('Type'), d.mimeType],
    [vscode.l10n.t('File size'), d.bytes >= 1024 * 1024 ? `${(d.bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(d.bytes / 1024)} KB`],
    [vscode.l10n.t('Software'), d.software],
    [vscode.l10n.t('Parameters'), d.parameters],
  ];
  return rows.filter((r): r is [string, string] => r[1] !== undefined && r[1] !== '').map(([label, value]) => ({ label, value }));
}
