/**
 * The comparison of two to four images: their thumbnails side by side over one table of their settings, the
 * rows that differ marked, and each prompt with the words the others lack marked. Text only.
 */
import * as l10n from '@vscode/l10n';
import { el, iconButton } from '../dom';
import type { ToGallery } from '../galleryProtocol';

/** Shows the comparison `m` in `area`. */
export function showCompare(area: HTMLElement, m: Extract<ToGallery, { type: 'compare' }>): void {
  area.replaceChildren();
  const head = el('div', 'strip-head', l10n.t('Comparing {0} images', m.tiles.length));
  head.append(iconButton('close', l10n.t('Close the comparison'), () => (area.hidden = true)));
  const table = el('table', 'compare-table');
  const imgs = el('tr');
  imgs.append(el('th'));
  for (const t of m.tiles) {
    const cell = el('td', undefined, t.src ? undefined : t.error ?? t.name);
    if (t.src) {
      const img = el('img');
      img.alt = t.name;
      img.src = t.src;
      cell.append(img);
    }
    imgs.append(cell);
  }
  table.append(imgs);
  const prompt = el('tr', m.prompts.some((p) => p.some((w) => w.unique)) ? 'differs' : undefined);
  prompt.append(el('th', undefined, l10n.t('Prompt')));
  for (const words of m.prompts) {
    const cell = el('td');
    words.forEach((w, i) => {
      if (i > 0) cell.append(' ');
      cell.append(w.unique ? el('mark', undefined, w.word) : w.word);
    });
    prompt.append(cell);
  }
  table.append(prompt);
  for (const r of m.rows) {
    const row = el('tr', r.differs ? 'differs' : undefined);
    row.append(el('th', undefined, r.label));
    for (const v of r.values) row.append(el('td', undefined, v));
    if (r.differs) row.title = l10n.t('The images differ here');
    table.append(row);
  }
  area.append(head, table);
  area.hidden = false;
}
