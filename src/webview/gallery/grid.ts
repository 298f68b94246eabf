/**
 * The gallery's grid of tiles, virtualised: only the rows in view (and two either side) are in the DOM, so
 * 10,000 images cost what 50 do. A listbox (WAI-ARIA) with the keyboard of VS Code's lists: one Tab stop, the
 * arrow keys, Home/End and Page Up/Down move, Enter opens, Space selects. Every text is set as text.
 */
import * as l10n from '@vscode/l10n';
import { el } from '../dom';
import type { GalleryTile } from '../galleryProtocol';

/** A tile's size in CSS pixels (media/gallery.css draws it). */
export const TILE_WIDTH = 176;
export const TILE_HEIGHT = 214;
/** Rows rendered beyond the visible ones, above and below. */
const OVERSCAN = 2;

/** What the grid tells the rest of the view. */
export interface GridEvents {
  /** The focused tile changed (`undefined`: none). */
  onActive(tile: GalleryTile | undefined): void;
  /** Enter (or a double click) on a tile. */
  onOpen(tile: GalleryTile): void;
  /** The selection changed. */
  onSelection(selected: GalleryTile[]): void;
}

/** The grid. */
export class Grid {
  readonly root = el('div', 'grid');
  private readonly spacer = el('div', 'grid-spacer');
  private tiles: GalleryTile[] = [];
  private active = -1;
  private readonly selected = new Set<string>();
  private readonly rendered = new Map<string, HTMLElement>();
  private frame = 0;

  constructor(private readonly events: GridEvents) {
    this.root.setAttribute('role', 'listbox');
    this.root.setAttribute('aria-multiselectable', 'true');
    this.root.setAttribute('aria-label', l10n.t('Images'));
    this.root.tabIndex = 0;
    this.root.append(this.spacer);
    this.root.addEventListener('scroll', () => this.schedule());
    new ResizeObserver(() => this.schedule()).observe(this.root);
    this.root.addEventListener('keydown', (e) => this.onKey(e));
    this.root.addEventListener('click', (e) => this.onClick(e));
    this.root.addEventListener('dblclick', (e) => {
      const i = this.indexOfEvent(e);
      if (i >= 0) this.events.onOpen(this.tiles[i]);
    });
  }

  /** Shows `tiles` (the query's results), keeping the focus and selection of those still there. */
  show(tiles: GalleryTile[]): void {
    const activeId = this.tiles[this.active]?.id;
    this.tiles = tiles;
    const ids = new Set(tiles.map((t) => t.id));
    for (const id of [...this.selected]) if (!ids.has(id)) this.selected.delete(id);
    for (const [id, node] of this.rendered) {
      node.remove();
      this.rendered.delete(id);
    }
    const keep = activeId ? tiles.findIndex((t) => t.id === activeId) : -1;
    this.active = keep >= 0 ? keep : tiles.length > 0 ? 0 : -1;
    this.render();
    this.events.onActive(this.tiles[this.active]);
    this.events.onSelection(this.selection());
  }

  /** The selected tiles, in the grid's order. */
  selection(): GalleryTile[] {
    return this.tiles.filter((t) => this.selected.has(t.id));
  }

  clearSelection(): void {
    this.selected.clear();
    this.render(true);
    this.events.onSelection([]);
  }

  private columns(): number {
    return Math.max(1, Math.floor((this.root.clientWidth || TILE_WIDTH) / TILE_WIDTH));
  }

  private schedule(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  /** Puts the visible rows' tiles in the DOM and takes the others out. */
  private render(refresh = false): void {
    const cols = this.columns();
    const rows = Math.ceil(this.tiles.length / cols);
    this.spacer.style.height = `${rows * TILE_HEIGHT}px`;
    const first = Math.max(0, Math.floor(this.root.scrollTop / TILE_HEIGHT) - OVERSCAN);
    const last = Math.min(rows - 1, Math.ceil((this.root.scrollTop + (this.root.clientHeight || 800)) / TILE_HEIGHT) + OVERSCAN);
    const wanted = new Set<string>();
    for (let i = first * cols; i <= Math.min(this.tiles.length - 1, (last + 1) * cols - 1); i++) {
      const t = this.tiles[i];
      wanted.add(t.id);
      let node = this.rendered.get(t.id);
      if (!node || refresh) {
        node?.remove();
        node = this.tileElement(t, i);
        this.rendered.set(t.id, node);
        this.root.append(node);
      }
      node.style.transform = `translate(${(i % cols) * TILE_WIDTH}px, ${Math.floor(i / cols) * TILE_HEIGHT}px)`;
      node.classList.toggle('active', i === this.active);
      node.dataset.index = String(i);
    }
    for (const [id, node] of this.rendered) {
      if (!wanted.has(id)) {
        node.remove();
        this.rendered.delete(id);
      }
    }
    const activeTile = this.tiles[this.active];
    if (activeTile && this.rendered.has(activeTile.id)) this.root.setAttribute('aria-activedescendant', this.domId(this.active));
    else this.root.removeAttribute('aria-activedescendant');
  }

  private domId(i: number): string {
    return `tile-${i}`;
  }

  /** One tile: its thumbnail (loaded by the browser when in view), name, model and cost; text only. */
  private tileElement(t: GalleryTile, i: number): HTMLElement {
    const node = el('div', 'tile');
    node.id = this.domId(i);
    node.setAttribute('role', 'option');
    node.setAttribute('aria-selected', String(this.selected.has(t.id)));
    node.setAttribute('aria-label', t.prompt ? `${t.name}: ${t.prompt}` : t.name);
    node.title = t.prompt ? `${t.label}\n${t.prompt}` : t.label;
    const frame = el('div', 'thumb');
    if (t.error || !t.src) frame.append(el('span', 'tile-error', t.error ?? ''));
    else {
      const img = el('img');
      img.loading = 'lazy';
      img.decoding = 'async';
      img.alt = '';
      img.src = t.src;
      frame.append(img);
    }
    const meta = [t.model, t.cost].filter(Boolean).join(' · ');
    node.append(frame, el('div', 'tile-name', t.name), el('div', 'tile-meta', meta));
    if (this.selected.has(t.id)) node.classList.add('selected');
    return node;
  }

  private indexOfEvent(e: Event): number {
    const node = (e.target as HTMLElement).closest<HTMLElement>('.tile');
    return node ? Number(node.dataset.index) : -1;
  }

  private onClick(e: MouseEvent): void {
    const i = this.indexOfEvent(e);
    if (i < 0) return;
    if (e.ctrlKey || e.metaKey || e.shiftKey) this.toggle(i);
    this.moveTo(i);
  }

  private toggle(i: number): void {
    const t = this.tiles[i];
    if (!t) return;
    if (this.selected.has(t.id)) this.selected.delete(t.id);
    else this.selected.add(t.id);
    this.render(true);
    this.events.onSelection(this.selection());
  }

  /** Makes tile `i` the active one, scrolled into view. */
  private moveTo(i: number): void {
    if (this.tiles.length === 0) return;
    this.active = Math.max(0, Math.min(this.tiles.length - 1, i));
    const top = Math.floor(this.active / this.columns()) * TILE_HEIGHT;
    if (top < this.root.scrollTop) this.root.scrollTop = top;
    else if (top + TILE_HEIGHT > this.root.scrollTop + this.root.clientHeight) this.root.scrollTop = top + TILE_HEIGHT - this.root.clientHeight;
    this.render();
    this.events.onActive(this.tiles[this.active]);
  }

  private onKey(e: KeyboardEvent): void {
    const cols = this.columns();
    const page = Math.max(1, Math.floor(this.root.clientHeight / TILE_HEIGHT)) * cols;
    const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: cols, ArrowUp: -cols, PageDown: page, PageUp: -page };
    if (e.key in moves) this.moveTo(Math.max(0, this.active) + moves[e.key]);
    else if (e.key === 'Home') this.moveTo(0);
    else if (e.key === 'End') this.moveTo(this.tiles.length - 1);
    else if (e.key === 'Enter' && this.tiles[this.active]) this.events.onOpen(this.tiles[this.active]);
    else if (e.key === ' ' && this.active >= 0) this.toggle(this.active);
    else return;
    e.preventDefault();
  }
}
