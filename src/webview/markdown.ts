/**
 * Markdown for untrusted model output: marked renders (raw HTML as literal text), DOMPurify sanitizes as
 * a second wall, and links become inert
 * (`data-href`, opened only for `http:`/`https:` by the extension after VS Code's own confirmation).
 * {@link StreamingMarkdown} renders a growing reply block by block, so each delta costs the size of the
 * block that is changing, not the size of the whole reply.
 */
import DOMPurify from 'dompurify';
import { Marked } from 'marked';

/** Escapes text for HTML (content and double-quoted attributes). */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Raw HTML in model output is shown as the literal text the model sent, never parsed as markup (as VS
 * Code's own chat does): an unclosed `<style>`, `<math>` or `<!--` then cannot swallow the rest of the
 * reply. Images are never loaded from a reply: a web image shows as a link with its URL, anything else
 * as its alt text and a short note. Images the extension saved are shown by the view itself.
 */
const marked = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: {
    html: ({ text }) => escapeHtml(text),
    image: ({ href, text }) => {
      const alt = text.trim() || 'image';
      if (/^https?:\/\//i.test(href)) return `<a href="${escapeHtml(href)}">${escapeHtml(`${alt} (image: ${href})`)}</a>`;
      const what = /^data:/i.test(href) ? 'an inline image, not shown' : `image: ${href.slice(0, 200)}`;
      return escapeHtml(`${alt} (${what})`);
    },
  },
});

const PURIFY: DOMPurify.Config = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'option', 'iframe', 'frame', 'object', 'embed', 'svg', 'math', 'link', 'meta', 'base', 'template', 'audio', 'video', 'source', 'dialog'],
  FORBID_ATTR: ['style', 'srcset', 'action', 'formaction', 'background', 'ping', 'target'],
  ALLOW_DATA_ATTR: false,
};

let hooked = false;
function installHooks(): void {
  if (hooked) return;
  hooked = true;
  DOMPurify.addHook('afterSanitizeAttributes', (node) => {
    const el = node as Element;
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
  const html = marked.parse(md) as string;
  const frag = DOMPurify.sanitize(html, { ...PURIFY, RETURN_DOM_FRAGMENT: true }) as DocumentFragment;
  decorateCodeBlocks(frag);
  return frag;
}

/** Adds a copy button to every `<pre><code>` block. */
function decorateCodeBlocks(root: DocumentFragment | Element): void {
  for (const pre of Array.from(root.querySelectorAll('pre'))) {
    const wrap = document.createElement('div');
    wrap.className = 'code-block';
    pre.replaceWith(wrap);
    const btn = document.createElement('button');
    btn.className = 'icon-button copy-code';
    btn.type = 'button';
    btn.title = 'Copy code';
    btn.setAttribute('aria-label', 'Copy code');
    btn.innerHTML = '<span class="codicon codicon-copy"></span>';
    wrap.append(btn, pre);
  }
}

/**
 * A reply that grows by deltas. Text up to the last blank line outside a code fence is "frozen": it is
 * rendered once and never again; only the tail after it is re-rendered, at most once per frame (the
 * caller batches). Fence state is tracked incrementally, so no delta re-scans the whole reply.
 */
export class StreamingMarkdown {
  private text = '';
  private frozenTo = 0;
  private scanFrom = 0;
  private inFence = false;
  private boundary = 0;
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

  /** Renders what changed since the last call. */
  flush(): void {
    let nl: number;
    while ((nl = this.text.indexOf('\n', this.scanFrom)) >= 0) {
      const line = this.text.slice(this.scanFrom, nl);
      if (/^ {0,3}(`{3,}|~{3,})/.test(line)) this.inFence = !this.inFence;
      else if (!this.inFence && line.trim() === '') this.boundary = nl + 1;
      this.scanFrom = nl + 1;
    }
    if (this.boundary > this.frozenTo) {
      this.frozenEl.append(renderMarkdown(this.text.slice(this.frozenTo, this.boundary)));
      this.frozenTo = this.boundary;
    }
    this.tailEl.replaceChildren(renderMarkdown(this.text.slice(this.frozenTo)));
  }
}
