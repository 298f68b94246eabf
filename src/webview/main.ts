/**
 * The chat view's script (bundled by esbuild for the browser). It renders what the extension sends
 * and posts the user's actions back; all state of record lives in the extension. Messages are validated
 * on receipt (`parseToWebview`). No base64 image data is kept in `setState`: only the draft text is (`composer.ts`).
 */
import './l10nSetup';
import * as l10n from '@vscode/l10n';
import { atBottom, el } from './dom';
import { codeSourceOf } from './markdown';
import { Composer } from './composer';
import { acceptDrops } from './dropImages';
import { parseToWebview, type ModelOption, type ToWebview, type TurnView } from './protocol';
import { addReasoning, forgetTurn, imageFigure, renderFooter, renderTurn, showSvg, type TurnEls } from './turnView';
import { post } from './vscodeApi';
import { rovingFocus } from './rovingFocus';

/** Turns kept in the DOM; older ones are removed (the conversation itself is bounded by the extension). */
const MAX_DOM_TURNS = 60;

// ---- layout -------------------------------------------------------------------------------------
const app = document.getElementById('app') ?? document.body;
const header = el('div', 'header');
// The model is chosen in VS Code's own searchable quick pick (recent models first, prices), not in a list of
// hundreds here: the button shows the model in use and opens it.
const modelButton = el('button', 'model-button');
modelButton.type = 'button';
const modelName = el('span', 'model-button-name');
modelButton.append(modelName, el('span', 'codicon codicon-chevron-down'));
modelButton.addEventListener('click', () => post({ type: 'chooseModel' }));
const spending = el('span', 'spending');
spending.title = l10n.t('What OpenRouter Studio\'s requests cost in this workspace (reset it from Show API key usage and credit)');
header.append(modelButton, spending);

const log = el('div', 'transcript');
log.id = 'transcript';
log.setAttribute('role', 'log');
log.setAttribute('aria-live', 'polite');
log.setAttribute('aria-label', l10n.t('Conversation'));
const empty = el('div', 'empty', l10n.t('Ask anything, attach images with +, drop them here (hold Shift) or paste them.'));
log.append(empty);
// One Tab stop for the whole conversation, ↑/↓ inside it; Tab lands on the newest turn's first control.
rovingFocus(log, (controls) => {
  const newest = log.querySelector('.turn:last-of-type');
  return controls.find((c) => newest?.contains(c)) ?? controls[0];
});

const composer = new Composer();
app.append(header, log, composer.root);

// ---- state --------------------------------------------------------------------------------------
const turns = new Map<string, TurnEls>();
const dirty = new Set<TurnEls>();
let frame = 0;
let streaming: string | undefined;

/**
 * Whether the view follows the newest content, as VS Code's chat does: true while the user is at the bottom,
 * false once they scroll up, true again when they come back down (or send a message).
 */
let following = true;
log.addEventListener('scroll', () => {
  following = atBottom(log);
});
/** Keeps the newest content in view while {@link following}. */
function follow(): void {
  if (following) log.scrollTop = log.scrollHeight;
}
// An image grows its turn when it loads, after the reply's last scroll: follow it too (`load` does not
// bubble; a listener in the capture phase sees it).
log.addEventListener('load', follow, true);

function schedule(t: TurnEls): void {
  dirty.add(t);
  if (!frame) frame = requestAnimationFrame(flush);
}

/** Renders every changed reply once per animation frame. */
function flush(): void {
  frame = 0;
  for (const t of dirty) {
    t.reply.flush();
    if (t.reasoning) t.reasoning.body.textContent = t.reasoning.text;
  }
  dirty.clear();
  follow();
}

function setBusy(turnId: string | undefined): void {
  streaming = turnId;
  composer.setBusy(!!turnId);
  // The transcript is a polite live region; while a reply streams it is busy, so a screen reader reads the
  // finished reply once instead of every delta (WAI-ARIA `aria-busy`).
  log.setAttribute('aria-busy', turnId ? 'true' : 'false');
}

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
  composer.setEditingSvg(editing);
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
  // A new turn (the user's own message, or a reload) brings the view to the bottom.
  following = true;
  follow();
  return els;
}

function removeTurn(id: string): void {
  const t = turns.get(id);
  if (t) forgetTurn(t);
  t?.root.remove();
  turns.delete(id);
}

function renderModels(list: ModelOption[], selected: string): void {
  const m = list.find((x) => x.id === selected);
  const marks = `${m?.vision ? ` · ${l10n.t('vision')}` : ''}${m?.imageOutput ? ` · ${l10n.t('images')}` : ''}`;
  modelName.textContent = `${m?.name ?? selected}${marks}`;
  modelButton.title = l10n.t('Model: {0}. Choose another…', selected);
  modelButton.setAttribute('aria-label', l10n.t('Model: {0}. Choose another…', m?.name ?? selected));
}

// eslint-disable-next-line max-lines-per-function -- a table: one case per message the extension sends (protocol.ts)
function handle(m: ToWebview): void {
  switch (m.type) {
    case 'init':
      for (const id of [...turns.keys()]) removeTurn(id);
      // The newest turn renders now; older long replies when scrolled near (lazily, newest first).
      m.turns.forEach((t, i) => addTurn(t, i < m.turns.length - 1));
      updatePlaceholder();
      if (m.turns.length === 0) log.append(empty);
      renderModels(m.models, m.model);
      composer.showAttachments(m.attachments);
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
      follow();
      return;
    case 'svg': {
      const t = turns.get(m.turnId);
      if (t) showSvg(t, m.turnId, m.svg);
      // The previews have their size before they load, so the card's height is known now.
      follow();
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
        // The footer (cost, Retry) and the image's buttons stay in view.
        follow();
      }
      if (streaming === m.turnId) setBusy(undefined);
      updatePlaceholder();
      composer.focus();
      return;
    }
    case 'attachments':
      composer.showAttachments(m.attachments);
      // Back to the message after Attach, a drop or Refine this.
      composer.focus();
      return;
    case 'promptImproved':
      composer.promptImproved(m.error ? undefined : m.text);
      return;
    case 'spending':
      spending.textContent = m.text;
      return;
    case 'price':
      composer.showPrice(m.text);
      return;
    case 'cleared':
      for (const id of [...turns.keys()]) removeTurn(id);
      updatePlaceholder();
      composer.showAttachments([]);
      log.append(empty);
      setBusy(undefined);
      return;
    case 'focusInput':
      composer.focus();
      return;
  }
}

window.addEventListener('message', (e: MessageEvent) => {
  const m = parseToWebview(e.data);
  if (m) handle(m);
  else console.warn('OpenRouter Studio: ignored an ill-shaped message');
});

// ---- links, code copy, drag and drop ------------------------------------------------------------
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

acceptDrops([log, composer.root], composer.root);

// When VS Code gives the view the focus (Focus on Chat View, a click on its tab), the message box takes it
// unless the user put it on something in the view.
window.addEventListener('focus', () => setTimeout(() => {
  if (document.activeElement === document.body || document.activeElement === null) composer.focus();
}, 0));

post({ type: 'ready' });
composer.focus();
