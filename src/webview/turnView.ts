/**
 * A turn of the chat view: its elements (the prompt and attachments, the reply rendered as Markdown as it
 * streams, reasoning, images with their actions, an SVG card, the footer with status, cost, Copy and Retry),
 * and the lazy rendering of long restored replies.
 */
import * as l10n from '@vscode/l10n';
import { formatCost } from '../shared/format';
import { el, iconButton } from './dom';
import { StreamingMarkdown } from './markdown';
import type { ImageRef, SvgView, TurnView } from './protocol';
import { svgCard } from './svgCard';
import { post } from './vscodeApi';

/** A turn's elements, and what the view knows of it. */
export interface TurnEls {
  root: HTMLElement;
  reply: StreamingMarkdown;
  replyEl: HTMLElement;
  reasoning?: { details: HTMLDetailsElement; body: HTMLElement; text: string };
  images: HTMLElement;
  footer: HTMLElement;
  status: TurnView['status'];
  /** An SVG turn: its card once the SVG arrives, the blob URL its previews show, and the characters streamed. */
  svg?: { card?: HTMLElement; url?: string; chars: number; done: boolean };
  /** A restored reply not rendered yet (it renders when it comes near the viewport). */
  pending?: boolean;
}

/**
 * Restored replies longer than this render only when they come near the viewport, newest first: 50 stored
 * turns of 200,000 characters blocked the view for 58 s each time it opened.
 */
const LAZY_REPLY_CHARS = 2_000;
/** Characters of a not-yet-rendered reply shown as plain text meanwhile. */
const PREVIEW_CHARS = 600;

/** Renders a pending restored reply when it comes within a screen of the viewport. */
const lazyReplies = new IntersectionObserver((entries) => {
  for (const e of entries) {
    const t = e.isIntersecting ? pendingOf.get(e.target) : undefined;
    if (t) renderPending(t);
  }
}, { rootMargin: '1000px 0px' });
/** The turn of each reply element left for later. */
const pendingOf = new WeakMap<Element, TurnEls>();

/** Stops watching a turn that leaves the view. */
export function forgetTurn(t: TurnEls): void {
  if (t.pending) lazyReplies.unobserve(t.replyEl);
  if (t.svg?.url) URL.revokeObjectURL(t.svg.url);
}

/** Renders a restored reply that was left for later (see {@link LAZY_REPLY_CHARS}). */
function renderPending(t: TurnEls): void {
  if (!t.pending) return;
  t.pending = false;
  lazyReplies.unobserve(t.replyEl);
  pendingOf.delete(t.replyEl);
  t.replyEl.classList.remove('pending');
  t.replyEl.replaceChildren();
  const text = t.reply.value;
  t.reply = new StreamingMarkdown(t.replyEl);
  t.reply.append(text);
  t.reply.flush(true);
}

export function imageFigure(img: ImageRef, withActions: boolean, refine = true): HTMLElement {
  const fig = el('figure', 'image');
  const i = el('img');
  i.src = img.src;
  i.alt = img.label;
  i.loading = 'lazy';
  fig.append(i);
  const cap = el('figcaption');
  cap.append(el('span', 'image-label', img.label));
  if (withActions) {
    cap.append(
      iconButton('go-to-file', l10n.t('Open'), () => post({ type: 'openImage', uri: img.uri })),
      iconButton('markdown', l10n.t('Insert Markdown link'), () => post({ type: 'insertImageLink', uri: img.uri })),
    );
    if (refine) cap.append(iconButton('edit', l10n.t('Refine this'), () => post({ type: 'refineImage', uri: img.uri })));
  }
  fig.append(cap);
  return fig;
}

/**
 * A turn's elements. `lazy` (a restored turn): a long finished reply shows its start as plain text and renders
 * as Markdown only when it comes near the viewport.
 */
export function renderTurn(t: TurnView, lazy = false): TurnEls {
  const root = el('article', 'turn');
  root.dataset.turnId = t.id;
  const user = el('div', 'message user');
  user.setAttribute('aria-label', l10n.t('You'));
  user.append(el('div', 'prompt', t.prompt));
  if (t.attachments.length > 0) {
    const thumbs = el('div', 'thumbs');
    for (const a of t.attachments) thumbs.append(imageFigure(a, false));
    user.append(thumbs);
  }
  const assistant = el('div', 'message assistant');
  assistant.setAttribute('aria-label', l10n.t('Reply from {0}', t.model));
  assistant.append(el('div', 'model-name', t.model));
  const replyEl = el('div', 'reply markdown');
  const images = el('div', 'generated');
  const footer = el('div', 'footer');
  assistant.append(replyEl, images, footer);
  root.append(user, assistant);
  const els: TurnEls = { root, reply: new StreamingMarkdown(replyEl), replyEl, images, footer, status: t.status };
  if (t.kind === 'svg') {
    root.classList.add('svg-turn');
    els.svg = { chars: t.reply.length, done: false };
    // The raw reply is shown only when no SVG came of it, once the turn ended (renderFooter).
    replyEl.hidden = true;
  }
  if (t.reasoning) addReasoning(els, t.reasoning);
  els.reply.append(t.reply);
  if (lazy && t.status !== 'streaming' && t.kind !== 'svg' && t.reply.length > LAZY_REPLY_CHARS) {
    els.pending = true;
    replyEl.classList.add('pending');
    replyEl.append(el('p', 'preview', `${t.reply.slice(0, PREVIEW_CHARS)}…`));
    pendingOf.set(replyEl, els);
    lazyReplies.observe(replyEl);
  } else {
    els.reply.flush(t.status !== 'streaming');
  }
  for (const img of t.images) images.append(imageFigure(img, true));
  if (t.svg) showSvg(els, t.id, t.svg);
  renderFooter(els, t.id, t.status, t.error, t.cost);
  return els;
}

/** Shows an SVG turn's card ({@link svgCard}) in place of its raw reply, replacing an earlier one. */
export function showSvg(t: TurnEls, turnId: string, svg: SvgView): void {
  if (!t.svg) return;
  if (t.svg.url) URL.revokeObjectURL(t.svg.url);
  const url = URL.createObjectURL(new Blob([svg.text], { type: 'image/svg+xml' }));
  const card = svgCard(svg, turnId, url, (saved) => imageFigure(saved, true, false));
  t.svg.card?.remove();
  t.images.before(card);
  t.svg = { ...t.svg, card, url, done: true };
  t.replyEl.hidden = true;
}

export function addReasoning(t: TurnEls, text: string): void {
  if (!t.reasoning) {
    const details = el('details', 'reasoning');
    const summary = el('summary', undefined, l10n.t('Reasoning'));
    const body = el('div', 'reasoning-body');
    details.append(summary, body);
    t.replyEl.before(details);
    t.reasoning = { details, body, text: '' };
  }
  t.reasoning.text += text;
}

export function renderFooter(t: TurnEls, id: string, status: TurnView['status'], error?: string, cost?: number): void {
  t.status = status;
  t.root.dataset.status = status;
  t.footer.replaceChildren();
  if (status === 'streaming') {
    t.footer.append(el('span', 'streaming', t.svg ? l10n.t('Drawing the SVG… {0} characters', t.svg.chars.toLocaleString()) : l10n.t('Generating…')));
    return;
  }
  if (t.svg && !t.svg.done) t.replyEl.hidden = false;
  if (status === 'error') {
    const err = el('div', 'error');
    err.setAttribute('role', 'alert');
    err.append(el('span', 'codicon codicon-error'), el('span', 'error-text', error ?? l10n.t('The request failed.')));
    t.footer.append(err);
  }
  if (status === 'stopped') t.footer.append(el('span', 'badge stopped', l10n.t('Stopped')));
  if (cost !== undefined) t.footer.append(el('span', 'cost', formatCost(cost)));
  t.footer.append(el('span', 'spacer'));
  t.footer.append(iconButton('copy', l10n.t('Copy reply'), () => post({ type: 'copy', text: t.reply.value })));
  t.footer.append(iconButton('refresh', l10n.t('Retry'), () => post({ type: 'retry', turnId: id })));
}

