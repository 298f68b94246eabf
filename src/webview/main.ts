/**
 * The chat view's script (bundled by esbuild for the browser). It renders what the extension sends
 * and posts the user's actions back; all state of record lives in the extension. Messages are validated
 * on receipt (`parseToWebview`). No base64 image data is kept in `setState`: only the draft text is.
 */
import './l10nSetup';
import * as l10n from '@vscode/l10n';
import { formatCost } from '../shared/format';
import { codeSourceOf, StreamingMarkdown } from './markdown';
import { parseToWebview, type AttachmentView, type FromWebview, type ImageRef, type ModelOption, type SvgView, type ToWebview, type TurnView } from './protocol';

interface VsCodeApi {
  postMessage(m: FromWebview): void;
  getState(): { draft?: string } | undefined;
  setState(s: { draft?: string }): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** Turns kept in the DOM; older ones are removed (the conversation itself is bounded by the extension). */
const MAX_DOM_TURNS = 60;

const vscode = acquireVsCodeApi();
const post = (m: FromWebview): void => vscode.postMessage(m);

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function iconButton(icon: string, label: string, onClick: () => void, cls = ''): HTMLButtonElement {
  const b = el('button', `icon-button ${cls}`.trim());
  b.type = 'button';
  b.title = label;
  b.setAttribute('aria-label', label);
  const i = el('span', `codicon codicon-${icon}`);
  i.setAttribute('aria-hidden', 'true');
  b.append(i);
  b.addEventListener('click', onClick);
  return b;
}

// ---- layout -------------------------------------------------------------------------------------
const app = document.getElementById('app') ?? document.body;
const header = el('div', 'header');
const modelSelect = el('select', 'model-select');
modelSelect.setAttribute('aria-label', l10n.t('Model'));
modelSelect.addEventListener('change', () => post({ type: 'selectModel', model: modelSelect.value }));
const spending = el('span', 'spending');
spending.title = l10n.t('What OpenRouter Studio\'s requests cost in this workspace (reset it from Show API key usage and credit)');
header.append(modelSelect, spending);

const log = el('div', 'transcript');
log.id = 'transcript';
log.setAttribute('role', 'log');
log.setAttribute('aria-live', 'polite');
log.setAttribute('aria-label', l10n.t('Conversation'));
const empty = el('div', 'empty', l10n.t('Ask anything, attach images with +, drop them here (hold Shift) or paste them.'));
log.append(empty);

const composer = el('div', 'composer');
const attachRow = el('div', 'attachments');
attachRow.setAttribute('aria-label', l10n.t('Attachments'));
const input = el('textarea', 'input');
input.rows = 3;
input.placeholder = l10n.t('Message (Enter to send, Shift+Enter for a new line)');
input.setAttribute('aria-label', l10n.t('Message'));
input.value = vscode.getState()?.draft ?? '';
const actions = el('div', 'composer-actions');
const attachBtn = iconButton('add', l10n.t('Attach workspace images'), () => post({ type: 'pickAttachment' }));
const sendBtn = iconButton('send', l10n.t('Send'), () => send(), 'primary');
const stopBtn = iconButton('debug-stop', l10n.t('Stop'), () => post({ type: 'stop' }), 'stop');
stopBtn.hidden = true;
// Prompt help: a text model rewrites the message for the image model; the result replaces the text here,
// to be edited or sent. Nothing is sent to an image model by this button.
const improveBtn = iconButton('sparkle', l10n.t('Improve prompt'), () => {
  const text = input.value.trim();
  if (!text || improveBtn.disabled) return;
  improveBtn.disabled = true;
  improveBtn.setAttribute('aria-busy', 'true');
  post({ type: 'improvePrompt', text });
});
// Generate SVG: the message goes to the SVG model (setting svgModel) as a request for one SVG document.
const svgBtn = iconButton('symbol-color', l10n.t('Generate SVG'), () => send('generateSvg'));
actions.append(attachBtn, improveBtn, svgBtn, el('span', 'spacer'), stopBtn, sendBtn);
// What the next message costs with an image model, before Send (the extension's estimate).
const price = el('div', 'price');
price.hidden = true;
composer.append(attachRow, input, actions, price);
app.append(header, log, composer);

// ---- state --------------------------------------------------------------------------------------
interface TurnEls {
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
    if (!e.isIntersecting) continue;
    const id = (e.target as HTMLElement).closest<HTMLElement>('.turn')?.dataset.turnId;
    const t = id ? turns.get(id) : undefined;
    if (t) renderPending(t);
  }
}, { rootMargin: '1000px 0px' });

/** Renders a restored reply that was left for later (see {@link LAZY_REPLY_CHARS}). */
function renderPending(t: TurnEls): void {
  if (!t.pending) return;
  t.pending = false;
  lazyReplies.unobserve(t.replyEl);
  t.replyEl.classList.remove('pending');
  t.replyEl.replaceChildren();
  const text = t.reply.value;
  t.reply = new StreamingMarkdown(t.replyEl);
  t.reply.append(text);
  t.reply.flush(true);
}

const turns = new Map<string, TurnEls>();
const dirty = new Set<TurnEls>();
let frame = 0;
let streaming: string | undefined;

function schedule(t: TurnEls): void {
  dirty.add(t);
  if (!frame) frame = requestAnimationFrame(flush);
}

/** Renders every changed reply once per animation frame. */
function flush(): void {
  frame = 0;
  const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  for (const t of dirty) {
    t.reply.flush();
    if (t.reasoning) t.reasoning.body.textContent = t.reasoning.text;
  }
  dirty.clear();
  if (atBottom) log.scrollTop = log.scrollHeight;
}

function setBusy(turnId: string | undefined): void {
  streaming = turnId;
  stopBtn.hidden = !turnId;
  sendBtn.hidden = !!turnId;
  svgBtn.disabled = !!turnId;
  // The transcript is a polite live region; while a reply streams it is busy, so a screen reader reads the
  // finished reply once instead of every delta (WAI-ARIA `aria-busy`).
  log.setAttribute('aria-busy', turnId ? 'true' : 'false');
  // Keep the keyboard where it was: Stop takes the place of Send while a reply streams, and back.
  if (turnId && document.activeElement === sendBtn) stopBtn.focus();
  else if (!turnId && document.activeElement === stopBtn) sendBtn.focus();
}

function send(type: 'send' | 'generateSvg' = 'send'): void {
  const text = input.value.trim();
  if (!text || streaming) return;
  post({ type, text });
  input.value = '';
  vscode.setState({ draft: '' });
  input.focus();
}

input.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    send();
  }
});
input.addEventListener('input', () => vscode.setState({ draft: input.value }));
// Escape anywhere in the view stops the reply that is streaming.
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && streaming) {
    e.preventDefault();
    post({ type: 'stop' });
  }
});

// ---- rendering ----------------------------------------------------------------------------------
/** The placeholder says where a message goes: after an SVG, it changes that SVG (until New chat). */
function updatePlaceholder(): void {
  // As the extension decides: the last SVG turn that drew an SVG, unless a finished chat turn came after it.
  let editing = false;
  for (const t of [...turns.values()].reverse()) {
    if (t.svg?.card) editing = true;
    if (t.svg?.card || (!t.svg && t.status === 'done')) break;
  }
  input.placeholder = editing ? l10n.t('Describe a change to the SVG (or Generate SVG for a new one)') : l10n.t('Message (Enter to send, Shift+Enter for a new line)');
}

function imageFigure(img: ImageRef, withActions: boolean, refine = true): HTMLElement {
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
function renderTurn(t: TurnView, lazy = false): TurnEls {
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
    lazyReplies.observe(replyEl);
  } else {
    els.reply.flush(t.status !== 'streaming');
  }
  for (const img of t.images) images.append(imageFigure(img, true));
  if (t.svg) showSvg(els, t.id, t.svg);
  renderFooter(els, t.id, t.status, t.error, t.cost);
  return els;
}

const PREVIEW_SIZES = [16, 32, 64, 128];

/**
 * An SVG turn's card: the SVG as `<img>` (a blob URL: as an image nothing in it runs or loads) at 16, 32, 64
 * and 128 px on light and dark, what the sanitizer removed, the code collapsed, and Save (or, once saved,
 * the file with Open and Insert Markdown link).
 */
function showSvg(t: TurnEls, turnId: string, svg: SvgView): void {
  if (!t.svg) return;
  if (t.svg.url) URL.revokeObjectURL(t.svg.url);
  const url = URL.createObjectURL(new Blob([svg.text], { type: 'image/svg+xml' }));
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
  if (svg.saved) actions.append(imageFigure(svg.saved, true, false));
  else {
    const save = el('button', 'text-button');
    save.type = 'button';
    const icon = el('span', 'codicon codicon-save');
    icon.setAttribute('aria-hidden', 'true');
    save.append(icon, el('span', undefined, l10n.t('Save SVG')));
    save.addEventListener('click', () => {
      save.disabled = true;
      post({ type: 'saveSvg', turnId });
    });
    actions.append(save, iconButton('copy', l10n.t('Copy SVG code'), () => post({ type: 'copy', text: svg.text })));
  }
  card.append(actions);
  t.svg.card?.remove();
  t.images.before(card);
  t.svg = { ...t.svg, card, url, done: true };
  t.replyEl.hidden = true;
}

function addReasoning(t: TurnEls, text: string): void {
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

function renderFooter(t: TurnEls, id: string, status: TurnView['status'], error?: string, cost?: number): void {
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

function addTurn(t: TurnView, lazy = false): TurnEls {
  empty.remove();
  const els = renderTurn(t, lazy);
  turns.set(t.id, els);
  log.append(els.root);
  while (turns.size > MAX_DOM_TURNS) {
    const [oldest] = turns.keys();
    removeTurn(oldest);
  }
  log.scrollTop = log.scrollHeight;
  return els;
}

function removeTurn(id: string): void {
  const t = turns.get(id);
  if (t?.pending) lazyReplies.unobserve(t.replyEl);
  if (t?.svg?.url) URL.revokeObjectURL(t.svg.url);
  t?.root.remove();
  turns.delete(id);
}

function renderModels(list: ModelOption[], selected: string): void {
  modelSelect.replaceChildren();
  const ids = new Set(list.map((m) => m.id));
  const all = ids.has(selected) ? list : [{ id: selected, name: selected, vision: false, imageOutput: false }, ...list];
  for (const m of all) {
    const o = el('option', undefined, `${m.name}${m.vision ? ` · ${l10n.t('vision')}` : ''}${m.imageOutput ? ` · ${l10n.t('images')}` : ''}`);
    o.value = m.id;
    o.selected = m.id === selected;
    modelSelect.append(o);
  }
}

function renderAttachments(list: AttachmentView[]): void {
  attachRow.replaceChildren();
  for (const a of list) {
    const chip = el('div', 'attachment');
    chip.dataset.id = a.id;
    const img = el('img');
    img.src = a.thumb;
    img.alt = a.label;
    chip.append(img, el('span', 'attachment-label', a.label), iconButton('close', l10n.t('Remove {0}', a.label), () => post({ type: 'removeAttachment', id: a.id })));
    attachRow.append(chip);
  }
}

function handle(m: ToWebview): void {
  switch (m.type) {
    case 'init':
      for (const id of [...turns.keys()]) removeTurn(id);
      // The newest turn renders now; older long replies when scrolled near (lazily, newest first).
      m.turns.forEach((t, i) => addTurn(t, i < m.turns.length - 1));
      updatePlaceholder();
      if (m.turns.length === 0) log.append(empty);
      renderModels(m.models, m.model);
      renderAttachments(m.attachments);
      setBusy(m.turns.find((t) => t.status === 'streaming')?.id);
      return;
    case 'models':
      renderModels(m.models, m.model);
      return;
    case 'turnStart':
      addTurn(m.turn);
      setBusy(m.turn.id);
      return;
    case 'textDelta': {
      const t = turns.get(m.turnId);
      if (!t) return;
      t.reply.append(m.text);
      if (t.svg) {
        // An SVG streams as a count of characters; its code is shown once sanitized.
        t.svg.chars += m.text.length;
        const progress = t.footer.querySelector('.streaming');
        if (progress) progress.textContent = l10n.t('Drawing the SVG… {0} characters', t.svg.chars.toLocaleString());
        return;
      }
      schedule(t);
      return;
    }
    case 'reasoningDelta': {
      const t = turns.get(m.turnId);
      if (!t) return;
      addReasoning(t, m.text);
      schedule(t);
      return;
    }
    case 'image':
      turns.get(m.turnId)?.images.append(imageFigure(m.image, true));
      return;
    case 'svg': {
      const t = turns.get(m.turnId);
      const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
      if (t) showSvg(t, m.turnId, m.svg);
      // The previews have their size before they load, so the card's height is known now.
      if (atBottom) log.scrollTop = log.scrollHeight;
      updatePlaceholder();
      return;
    }
    case 'svgSaved': {
      const actions = turns.get(m.turnId)?.svg?.card?.querySelector('.svg-actions');
      actions?.replaceChildren(imageFigure(m.image, true, false));
      return;
    }
    case 'turnEnd': {
      const t = turns.get(m.turnId);
      if (t) {
        t.reply.flush(true);
        dirty.delete(t);
        if (t.reasoning) t.reasoning.body.textContent = t.reasoning.text;
        renderFooter(t, m.turnId, m.status, m.error, m.cost);
      }
      if (streaming === m.turnId) setBusy(undefined);
      updatePlaceholder();
      input.focus();
      return;
    }
    case 'attachments':
      renderAttachments(m.attachments);
      return;
    case 'promptImproved':
      improveBtn.disabled = false;
      improveBtn.removeAttribute('aria-busy');
      if (!m.error) {
        input.value = m.text;
        input.dispatchEvent(new Event('input'));
      }
      input.focus();
      return;
    case 'spending':
      spending.textContent = m.text;
      return;
    case 'price':
      price.textContent = m.text;
      price.hidden = m.text === '';
      sendBtn.title = m.text ? `${l10n.t('Send')} (${m.text})` : l10n.t('Send');
      return;
    case 'cleared':
      for (const id of [...turns.keys()]) removeTurn(id);
      updatePlaceholder();
      renderAttachments([]);
      log.append(empty);
      setBusy(undefined);
      return;
    case 'focusInput':
      input.focus();
      return;
  }
}

window.addEventListener('message', (e: MessageEvent) => {
  const m = parseToWebview(e.data);
  if (m) handle(m);
  else console.warn('OpenRouter Studio: ignored an ill-shaped message');
});

// ---- links, code copy, drag and drop, paste -----------------------------------------------------
log.addEventListener('click', (e) => {
  const target = e.target as HTMLElement;
  const link = target.closest('a[data-href]');
  if (link) {
    e.preventDefault();
    post({ type: 'openLink', href: link.getAttribute('data-href') ?? '' });
    return;
  }
  const copy = target.closest('.copy-code');
  if (copy) post({ type: 'copy', text: codeSourceOf(copy) ?? '' });
});
log.addEventListener('keydown', (e) => {
  const link = (e.target as HTMLElement).closest?.('a[data-href]');
  if (link && e.key === 'Enter') post({ type: 'openLink', href: link.getAttribute('data-href') ?? '' });
});

for (const target of [log, composer]) {
  target.addEventListener('dragover', (e) => {
    e.preventDefault();
    composer.classList.add('drop-target');
  });
  target.addEventListener('dragleave', () => composer.classList.remove('drop-target'));
  target.addEventListener('drop', (e) => {
    e.preventDefault();
    composer.classList.remove('drop-target');
    const dt = e.dataTransfer;
    if (!dt) return;
    const list = dt.getData('application/vnd.code.uri-list') || dt.getData('text/uri-list');
    const uris = list.split(/\r?\n/).map((s) => s.trim()).filter((s) => s && !s.startsWith('#'));
    if (uris.length > 0) post({ type: 'dropUris', uris });
    else for (const f of Array.from(dt.files)) readPasted(f);
  });
}

input.addEventListener('paste', (e) => {
  const items = Array.from(e.clipboardData?.items ?? []).filter((i) => i.kind === 'file' && i.type.startsWith('image/'));
  if (items.length === 0) return;
  e.preventDefault();
  for (const item of items) {
    const f = item.getAsFile();
    if (f) readPasted(f);
  }
});

function readPasted(f: File): void {
  if (!f.type.startsWith('image/')) return;
  const reader = new FileReader();
  reader.onload = () => {
    if (typeof reader.result === 'string') post({ type: 'pasteImage', dataUrl: reader.result });
  };
  reader.readAsDataURL(f);
}

post({ type: 'ready' });
input.focus();
