/**
 * The image gallery's script (bundled by esbuild for the browser as `dist/gallery.js`): the filters, the grid,
 * the active image's actions, a family strip and a comparison. It renders what the extension sends and posts
 * what the user does; the index, the query and every action run in the extension. Messages are validated on
 * receipt (`parseToGallery`); every text from a file is set as text (`textContent`), never as HTML.
 */
import '../l10nSetup';
import * as l10n from '@vscode/l10n';
import { el, iconButton, textButton } from '../dom';
import { parseToGallery, type GalleryAction, type GalleryFacet, type GalleryTile, type GalleryViewQuery, type ToGallery } from '../galleryProtocol';
import { post, vscode } from './api';
import { showCompare } from './compareView';
import { Grid } from './grid';

const app = document.getElementById('app') ?? document.body;
let query: GalleryViewQuery = vscode.getState()?.query ?? {};

// ---- filters -----------------------------------------------------------------------------------
const filters = el('div', 'filters');
const search = el('input', 'search');
search.type = 'search';
search.placeholder = l10n.t('Search prompts and file names');
search.setAttribute('aria-label', l10n.t('Search prompts and file names'));
const negative = el('input', 'negative');
negative.type = 'search';
negative.placeholder = l10n.t('Negative prompt has…');
negative.setAttribute('aria-label', l10n.t('Negative prompt has'));
const select = (label: string): HTMLSelectElement => {
  const s = el('select');
  s.setAttribute('aria-label', label);
  return s;
};
const model = select(l10n.t('Model'));
const maker = select(l10n.t('Made with'));
const ratio = select(l10n.t('Aspect ratio'));
const sort = select(l10n.t('Sort by'));
for (const [value, label] of [['date', l10n.t('Newest first')], ['cost', l10n.t('Highest cost first')], ['name', l10n.t('By path')]] as const) {
  const o = el('option', undefined, label);
  o.value = value;
  sort.append(o);
}
const dateInput = (label: string): HTMLInputElement => {
  const d = el('input');
  d.type = 'date';
  d.setAttribute('aria-label', label);
  d.title = label;
  return d;
};
const since = dateInput(l10n.t('Modified from'));
const until = dateInput(l10n.t('Modified until'));
const totals = el('div', 'totals');
totals.setAttribute('aria-live', 'polite');
filters.append(search, negative, model, maker, ratio, since, until, sort);

/** Fills a filter's options: "all" first, then each value with its count (and recorded cost). */
function fill(s: HTMLSelectElement, all: string, facets: GalleryFacet[], current: string | undefined): void {
  s.replaceChildren();
  const any = el('option', undefined, all);
  any.value = '';
  s.append(any);
  const values = facets.some((f) => f.value === current) || !current ? facets : [...facets, { value: current, label: current, count: 0 }];
  for (const f of values) {
    const o = el('option', undefined, `${f.label} (${f.count.toLocaleString()}${f.cost ? `, ${f.cost}` : ''})`);
    o.value = f.value;
    s.append(o);
  }
  s.value = current ?? '';
}

const day = (v: string, end: boolean): number | undefined => (v ? Date.parse(`${v}T${end ? '23:59:59.999' : '00:00:00'}`) : undefined);
const isoDay = (ms: number | undefined): string => (ms === undefined ? '' : new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 10));

/** Reads the filters into the query and asks for its results. */
function ask(): void {
  query = {
    text: search.value || undefined,
    negative: negative.value || undefined,
    model: model.value || undefined,
    maker: (maker.value || undefined) as GalleryViewQuery['maker'],
    aspectRatio: ratio.value || undefined,
    since: day(since.value, false),
    until: day(until.value, true),
    sort: sort.value as GalleryViewQuery['sort'],
    folder: query.folder,
  };
  for (const k of Object.keys(query) as Array<keyof GalleryViewQuery>) if (query[k] === undefined) delete query[k];
  vscode.setState({ query });
  post({ type: 'query', query });
}

/** Shows `q` in the filters. */
function showQuery(q: GalleryViewQuery): void {
  query = q;
  search.value = q.text ?? '';
  negative.value = q.negative ?? '';
  since.value = isoDay(q.since);
  until.value = isoDay(q.until);
  sort.value = q.sort ?? 'date';
  for (const [s, v] of [[model, q.model], [maker, q.maker], [ratio, q.aspectRatio]] as const) {
    if (v && ![...s.options].some((o) => o.value === v)) fill(s, '', [], v);
    s.value = v ?? '';
  }
  folderNote.textContent = q.folder ? l10n.t('In {0}', q.folder) : '';
  vscode.setState({ query });
}

let typing: ReturnType<typeof setTimeout> | undefined;
for (const input of [search, negative]) input.addEventListener('input', () => {
  clearTimeout(typing);
  typing = setTimeout(ask, 120);
});
for (const s of [model, maker, ratio, sort, since, until]) s.addEventListener('change', ask);

// ---- the active image's actions, the selection ----------------------------------------------------
const bar = el('div', 'action-bar');
const activeName = el('span', 'active-name');
const act = (icon: string, label: string, action: GalleryAction): HTMLButtonElement => iconButton(icon, label, () => {
  if (active) post({ type: 'action', action, id: active.id });
});
const actionButtons = [
  act('go-to-file', l10n.t('Open'), 'open'),
  act('folder-opened', l10n.t('Reveal in Explorer'), 'reveal'),
  act('copy', l10n.t('Copy path'), 'copyPath'),
  act('markdown', l10n.t('Copy Markdown link'), 'copyLink'),
  act('info', l10n.t('Image details'), 'details'),
  act('refresh', l10n.t('Generate again'), 'generateAgain'),
  act('edit', l10n.t('Edit image'), 'edit'),
  act('comment', l10n.t('Describe'), 'describe'),
  act('comment-discussion', l10n.t('Refine in the chat view'), 'refine'),
  iconButton('type-hierarchy', l10n.t('Show its family'), () => {
    if (active) post({ type: 'family', id: active.id });
  }),
  act('trash', l10n.t('Move to Trash'), 'delete'),
];
const selection = el('span', 'selection');
const compareBtn = textButton('split-horizontal', l10n.t('Compare'), () => {
  const ids = grid.selection().map((t) => t.id).slice(0, 4);
  if (ids.length >= 2) post({ type: 'compare', ids });
});
const clearBtn = iconButton('clear-all', l10n.t('Clear selection'), () => grid.clearSelection());
bar.append(activeName, ...actionButtons, el('span', 'spacer'), selection, compareBtn, clearBtn);
let active: GalleryTile | undefined;

const folderNote = el('div', 'folder-note');
const note = el('div', 'note');
const family = el('div', 'family');
family.hidden = true;
const compareArea = el('div', 'compare');
compareArea.hidden = true;
const empty = el('div', 'empty');

const grid = new Grid({
  onActive: (t) => {
    active = t;
    activeName.textContent = t ? t.label : '';
    for (const b of actionButtons) b.disabled = !t;
  },
  onOpen: (t) => post({ type: 'action', action: 'open', id: t.id }),
  onSelection: (tiles) => {
    selection.textContent = tiles.length > 0 ? l10n.t('{0} selected', tiles.length) : '';
    compareBtn.disabled = tiles.length < 2 || tiles.length > 4;
    compareBtn.title = l10n.t('Select two to four images (Space, or Ctrl+click) to compare them');
    clearBtn.hidden = tiles.length === 0;
  },
});

app.append(filters, folderNote, totals, note, family, compareArea, bar, empty, grid.root);

/** The family strip: the images an image was made from and made into, sources first. */
function showFamily(m: Extract<ToGallery, { type: 'family' }>): void {
  family.replaceChildren();
  const head = el('div', 'strip-head', l10n.t('Family: {0} images, sources first', m.tiles.length));
  head.append(iconButton('close', l10n.t('Close the family'), () => (family.hidden = true)));
  const strip = el('div', 'strip');
  for (const t of m.tiles) {
    const b = el('button', 'strip-tile');
    b.type = 'button';
    b.setAttribute('aria-label', t.prompt ? `${t.name}: ${t.prompt}` : t.name);
    b.title = t.label;
    if (t.id === m.of) b.classList.add('current');
    if (t.src) {
      const img = el('img');
      img.alt = '';
      img.src = t.src;
      b.append(img);
    }
    b.append(el('span', 'tile-name', t.name));
    b.addEventListener('click', () => post({ type: 'action', action: 'open', id: t.id }));
    strip.append(b);
  }
  family.append(head, strip);
  family.hidden = false;
}

window.addEventListener('message', (e: MessageEvent) => {
  const m = parseToGallery(e.data);
  if (!m) {
    console.warn('OpenRouter Studio: ignored an ill-shaped message');
    return;
  }
  switch (m.type) {
    case 'results':
      fill(model, l10n.t('All models'), m.models, query.model);
      fill(maker, l10n.t('Any maker'), m.makers, query.maker);
      fill(ratio, l10n.t('Any aspect ratio'), m.aspectRatios, query.aspectRatio);
      totals.textContent = m.indexing ? l10n.t('Indexing the workspace\'s images…') : m.total;
      note.textContent = m.note ?? '';
      empty.textContent = !m.indexing && m.tiles.length === 0 ? l10n.t('No image matches.') : '';
      grid.show(m.tiles);
      return;
    case 'setQuery':
      showQuery(m.query);
      return;
    case 'family':
      showFamily(m);
      return;
    case 'compare':
      showCompare(compareArea, m);
      return;
  }
});

showQuery(query);
post({ type: 'ready' });
if (Object.keys(query).length > 0) post({ type: 'query', query });
