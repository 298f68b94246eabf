/**
 * What the gallery's view shows of the index: an entry as a tile (thumbnail URI, name, model, cost, a
 * clipped prompt), the facets with labels in the user's language, and a comparison's rows with their labels.
 */
import * as vscode from 'vscode';
import { clip, formatCost } from '../shared/format';
import type { GalleryFacet, GalleryTile, ToGallery } from '../webview/galleryProtocol';
import { compare, type ComparedField } from './compare';
import { fileName, makerOf, type GalleryEntry, type Maker } from './entry';
import type { Facets } from './query';

/** The maker's name as the filter and the comparison show it. */
export function makerLabel(m: Maker): string {
  const t = vscode.l10n.t;
  switch (m) {
    case 'openrouter':
      return 'OpenRouter Studio';
    case 'a1111':
      return 'AUTOMATIC1111 / Forge';
    case 'comfyui':
      return 'ComfyUI';
    case 'swarmui':
      return 'SwarmUI';
    case 'fooocus':
      return 'Fooocus';
    case 'camera':
      return t('Camera or other software (EXIF)');
    case 'unknown':
      return t('Unknown');
  }
}

/** An entry as a tile; `toWebviewUri` makes its thumbnail's `src` (`webview.asWebviewUri`). */
export function tileOf(e: GalleryEntry, toWebviewUri: (u: vscode.Uri) => string): GalleryTile {
  const d = e.details;
  return {
    id: e.uri,
    // A file that could not be read (a symbolic link out of the workspace among them) shows no picture.
    src: e.error ? '' : toWebviewUri(vscode.Uri.parse(e.uri, true)),
    label: e.path,
    name: fileName(e),
    prompt: d?.prompt ? clip(d.prompt.replace(/\s+/g, ' '), 300) : undefined,
    model: d?.model ? clip(d.model, 300) : undefined,
    cost: d?.costUsd !== undefined ? formatCost(d.costUsd) : undefined,
    maker: makerOf(d),
    error: e.error ? clip(e.error, 1000) : undefined,
    mtime: e.mtime,
  };
}

/** The facets as the filters show them: each with its label, count and recorded cost. */
export function facetViews(f: Facets): Pick<Extract<ToGallery, { type: 'results' }>, 'models' | 'makers' | 'aspectRatios'> {
  const cost = (usd: number): string | undefined => (usd > 0 ? formatCost(usd) : undefined);
  const view = (value: string, label: string, count: number, usd: number): GalleryFacet => ({ value, label, count, cost: cost(usd) });
  return {
    models: f.models.map((m) => view(m.value, m.value, m.count, m.costUsd)),
    makers: f.makers.map((m) => view(m.value, makerLabel(m.value), m.count, m.costUsd)),
    aspectRatios: f.aspectRatios.map((m) => view(m.value, m.value, m.count, m.costUsd)),
  };
}

/** Models named in the totals line, most images first; the filter lists them all. */
const TOTAL_MODELS = 5;

/**
 * The totals of what is shown: how many images, their recorded cost, and per model (the first
 * {@link TOTAL_MODELS}) the count and cost: `12 images, $0.47 recorded (a/b: 10, $0.39; c/d: 2, $0.08)`.
 */
export function totalText(f: Facets): string {
  const count = f.total.count.toLocaleString();
  const perModel = f.models.slice(0, TOTAL_MODELS).map((m) => (m.costUsd > 0 ? `${m.value}: ${m.count.toLocaleString()}, ${formatCost(m.costUsd)}` : `${m.value}: ${m.count.toLocaleString()}`)).join('; ');
  if (f.total.costUsd <= 0) return perModel ? vscode.l10n.t('{0} images ({1})', count, perModel) : vscode.l10n.t('{0} images', count);
  return vscode.l10n.t('{0} images, {1} recorded ({2})', count, formatCost(f.total.costUsd), perModel);
}

/** The label of each compared field, in the user's language. */
function fieldLabel(f: ComparedField): string {
  const t = vscode.l10n.t;
  const labels: Record<ComparedField, string> = {
    file: t('File'), model: t('Model'), maker: t('Made with'), aspectRatio: t('Aspect ratio'), pixels: t('Pixels'), seed: t('Seed'),
    resolution: t('Resolution'), imageSize: t('Size setting'), background: t('Background'), outputFormat: t('Output format'),
    negativePrompt: t('Negative prompt'), costUsd: t('Cost'), variation: t('Variation'), editedFrom: t('Edited from'),
    references: t('References'), software: t('Software'), modified: t('Modified'),
  };
  return labels[f];
}

/** The comparison message of `entries` (two to four). */
export function compareView(entries: GalleryEntry[], toWebviewUri: (u: vscode.Uri) => string): Extract<ToGallery, { type: 'compare' }> {
  const c = compare(entries, (d) => makerLabel(makerOf(d)));
  return { type: 'compare', tiles: entries.slice(0, 4).map((e) => tileOf(e, toWebviewUri)), rows: c.rows.map((r) => ({ label: fieldLabel(r.field), values: r.values.map((v) => clip(v, 10_000)), differs: r.differs })), prompts: c.prompts.map((p) => p.slice(0, 2000)) };
}
