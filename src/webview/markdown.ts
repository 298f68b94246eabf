/**
 * Markdown for untrusted model output: marked renders (raw HTML as literal text), DOMPurify sanitizes as
 * a second wall, and links become inert
 * (`data-href`, opened only for `http:`/`https:` by the extension after VS Code's own confirmation).
 * {@link StreamingMarkdown} renders a growing reply block by block, so each delta costs the size of the
 * block that is changing, not the size of the whole reply.
 */
import * as l10n from '@vscode/l10n';
import DOMPurify from 'dompurify';
import type { Tokens } from 'marked';
import { chatMarked as marked } from './marked';


const PURIFY: DOMPurify.Config = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'option', 'iframe', 'frame', 'object', 'embed', 'svg', 'math', 'link', 'meta', 'base', 'template', 'audio', 'video', 'source', 'dialog', 'area', 'map'],
  // No class, id or hidden from the model's side: it cannot reuse the view's classes to imitate a user
  // turn or an error box, nor hide text (the view adds its own classes after sanitizing).
  FORBID_ATTR: ['style', 'srcset', 'action', 'formaction', 'background', 'ping', 'target', 'class', 'id', 'hidden'],
  ALLOW_DATA_ATTR: false,
};

let hooked = false;
function installHooks(): void {
  if (hooked) return;
  hooked = true;
  DOMPurify.addHook('afterSanitizeAttributes', (node) => {
    const el = node as Element;
    // Only the view's own elements navigate: an href survives nowhere but on <a>, and there it is made inert.
    if (el.tagName !== 'A' && el.hasAttribute('href')) el.removeAttribute('href');
    if (el.tagName === 'A') {
      const href = el.getAttribute('href') ?? '';
      el.removeAttribute('href');
      if (/^https?:\/\//i.test(href)) {
        el.setAttribute('data-href', href);
        el.setAttribute('title', href);
        el.setAttribute('role', 'link');
        el.setAttribute('tabindex', '0');
      }
    }
    // Second wall: the renderer never emits <img>; should one get through, it loads nothing.
    if (el.tagName === 'IMG') el.removeAttribute('src');
  });
}

/**
 * Renders Markdown to a sanitized fragment: no script, no event handler, no form, no frame, no style,
 * no link that navigates by itself.
 */
export function renderMarkdown(md: string): DocumentFragment {
  installHooks();
  const tokens = marked.lexer(md);
  // The source of each fenced or indented code block, in document order: what "Copy code" copies.
  const sources: string[] = [];
  marked.walkTokens(tokens, (t) => {
    if (t.type === 'code') sources.push(`${(t as Tokens.Code).text}\n`);
  });
  const html = marked.parser(tokens);
  const frag = DOMPurify.sanitize(html, { ...PURIFY, RETURN_DOM_FRAGMENT: true }) as DocumentFragment;
  decorateCodeBlocks(frag, sources);
  return frag;
}

const codeSources = new WeakMap<Element, string>();

/**
 * The Markdown source of the code block that holds `el` (its copy button, say): the text the model
 * sent, never what the DOM happens to hold. `undefined` outside a code block.
 */
export function codeSourceOf(el: Element): string | undefined {
  const block = el.closest('.code-block');
  return block ? codeSources.get(block) : undefined;
}

/** Adds a copy button to every `<pre><code>` block and remembers the block's source. */
function decorateCodeBlocks(root: DocumentFragment | Element, sources: string[]): void {
  Array.from(root.querySelectorAll('pre')).forEach((pre, i) => {
    const wrap = document.createElement('div');
    wrap.className = 'code-block';
    codeSources.set(wrap, sources[i] ?? '');
    pre.replaceWith(wrap);
    const btn = document.createElement('button');
    btn.className = 'icon-button copy-code';
    btn.type = 'button';
    btn.title = l10n.t('Copy code');
    btn.setAttribute('aria-label', btn.title);
    btn.innerHTML = '<span class="codicon codicon-copy"></span>';
    wrap.append(btn, pre);
  });
}

/** Lines per block of a live code block (see {@link StreamingMarkdown}). */
const LIVE_CHUNK_LINES = 40;

function newChunk(code: HTMLElement): HTMLElement {
  const chunk = document.createElement('span');
  chunk.className = 'code-chunk';
  code.append(chunk);
  return chunk;
}

/**
 * A reply that grows by deltas. Text up to the last blank line outside a code fence is "frozen": it is
 * rendered once and never again; only the tail after it is re-rendered, at most once per frame (the
 * caller batches). Fence state is tracked incrementally, so no delta re-scans the whole reply. A code
 * block that is still open (a long one has no blank line to freeze at) is shown live: the text before it
 * is rendered once, and each frame appends only the block's new text; when the block closes, or at the
 * final flush, the tail is rendered normally once.
 */
export class StreamingMarkdown {
  private text = '';
  private frozenTo = 0;
  private scanFrom = 0;
  private inFence = false;
  private boundary = 0;
  /** Where the open fence's opening line starts and where its body starts. */
  private fenceAt = -1;
  private fenceBody = 0;
  /**
   * The live code block of the open fence: how much of the text it shows, and the chunk (a block of at
   * most {@link LIVE_CHUNK_LINES} lines) that takes new text, so a frame lays out one chunk, not the block.
   */
  private live?: { fenceAt: number; code: HTMLElement; wrap: Element; shownTo: number; chunk: HTMLElement; lines: number };
  private readonly frozenEl: HTMLElement;
  private readonly tailEl: HTMLElement;

  constructor(readonly root: HTMLElement) {
    this.frozenEl = document.createElement('div');
    this.tailEl = document.createElement('div');
    root.append(this.frozenEl, this.tailEl);
  }

  /** The whole raw Markdown so far. */
  get value(): string {
    return this.text;
  }

  append(delta: string): void {
    this.text += delta;
  }

  /**
   * Renders what changed since the last call.
   * @param final the reply is complete: render the tail as Markdown even inside an unclosed fence.
   */
  flush(final = false): void {
    let nl: number;
    while ((nl = this.text.indexOf('\n', this.scanFrom)) >= 0) {
      const line = this.text.slice(this.scanFrom, nl);
      if (/^ {0,3}(`{3,}|~{3,})/.test(line)) {
        this.inFence = !this.inFence;
        if (this.inFence) {
          this.fenceAt = this.scanFrom;
          this.fenceBody = nl + 1;
        }
      } else if (!this.inFence && line.trim() === '') this.boundary = nl + 1;
      this.scanFrom = nl + 1;
    }
    if (this.boundary > this.frozenTo) {
      this.frozenEl.append(renderMarkdown(this.text.slice(this.frozenTo, this.boundary)));
      this.frozenTo = this.boundary;
    }
    if (!final && this.inFence && this.fenceAt >= this.frozenTo) {
      this.showLive();
      return;
    }
    this.live = undefined;
    this.tailEl.replaceChildren(renderMarkdown(this.text.slice(this.frozenTo)));
  }

  /** Shows the open fence as a code block that only grows: its text is the model's, as text, never markup. */
  private showLive(): void {
    if (this.live?.fenceAt !== this.fenceAt) {
      const frag = document.createDocumentFragment();
      const pre = document.createElement('pre');
      const code = document.createElement('code');
      pre.append(code);
      frag.append(pre);
      decorateCodeBlocks(frag, ['']);
      const wrap = frag.firstElementChild as Element;
      this.tailEl.replaceChildren(renderMarkdown(this.text.slice(this.frozenTo, this.fenceAt)), frag);
      this.live = { fenceAt: this.fenceAt, code, wrap, shownTo: this.fenceBody, chunk: newChunk(code), lines: 0 };
    }
    const live = this.live;
    const add = this.text.slice(live.shownTo);
    live.shownTo = this.text.length;
    const lines = add.split('\n');
    lines.forEach((line, i) => {
      if (line) live.chunk.append(document.createTextNode(line));
      if (i === lines.length - 1) return; // the last piece has no newline (yet)
      if (++live.lines % LIVE_CHUNK_LINES === 0) live.chunk = newChunk(live.code); // the block break is the newline
      else live.chunk.append(document.createTextNode('\n'));
    });
    codeSources.set(live.wrap, this.text.slice(this.fenceBody));
  }
}
