/**
 * An SVG turn's card: the SVG as `<img>` (a blob URL: as an image nothing in it runs or loads) at 16, 32, 64
 * and 128 px on light and dark, what the sanitizer removed, the code collapsed, and Save (or, once saved, the
 * file with Open and Insert Markdown link).
 */
import * as l10n from '@vscode/l10n';
import { el, iconButton, textButton } from './dom';
import type { SvgView } from './protocol';
import { post } from './vscodeApi';

const PREVIEW_SIZES = [16, 32, 64, 128];

/**
 * The card of `svg` for the turn `turnId`, showing its previews from `url` (a blob URL of the SVG, which the
 * caller revokes).
 * @param savedFigure how a saved file is shown (with Open and Insert Markdown link).
 */
export function svgCard(svg: SvgView, turnId: string, url: string, savedFigure: (saved: NonNullable<SvgView['saved']>) => HTMLElement): HTMLElement {
  const card = el('div', 'svg-card');
  const previews = el('div', 'svg-previews');
  for (const [theme, label] of [['light', l10n.t('On a light background')], ['dark', l10n.t('On a dark background')]] as const) {
    const row = el('div', `svg-row svg-${theme}`);
    row.setAttribute('role', 'group');
    row.setAttribute('aria-label', label);
    for (const px of PREVIEW_SIZES) {
      const img = el('img');
      img.src = url;
      img.width = px;
      img.height = px;
      img.alt = l10n.t('The SVG at {0} pixels', px);
      row.append(img);
    }
    previews.append(row);
  }
  card.append(previews);
  if (svg.removed.length > 0) card.append(el('p', 'svg-removed', l10n.t('Removed for safety: {0}', svg.removed.join(', '))));
  const code = el('details', 'svg-code');
  const pre = el('pre');
  pre.append(el('code', undefined, svg.text));
  code.append(el('summary', undefined, l10n.t('SVG code ({0} characters)', svg.text.length.toLocaleString())), pre);
  card.append(code);
  const actions = el('div', 'svg-actions');
  if (svg.saved) actions.append(savedFigure(svg.saved));
  else {
    const save = textButton('save', l10n.t('Save SVG'), (b) => {
      b.disabled = true;
      post({ type: 'saveSvg', turnId });
    });
    actions.append(save, iconButton('copy', l10n.t('Copy SVG code'), () => post({ type: 'copy', text: svg.text })));
  }
  card.append(actions);
  return card;
}
