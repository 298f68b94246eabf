/**
 * The chat view's DOM helpers: an element with a class and text, the buttons (every button of the view is
 * made here, with its label for assistive technology and its codicon), and whether a scrolled element is at
 * its bottom.
 */

/** An element of `tag` with the class `cls` and the text `text` (as text, never as HTML). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** The codicon `icon`, hidden from assistive technology (the button says what it does). */
function codicon(icon: string): HTMLElement {
  const i = el('span', `codicon codicon-${icon}`);
  i.setAttribute('aria-hidden', 'true');
  return i;
}

/** A button showing only the codicon `icon`, its `label` as tooltip and accessible name. */
export function iconButton(icon: string, label: string, onClick: () => void, cls = ''): HTMLButtonElement {
  const b = el('button', `icon-button ${cls}`.trim());
  b.type = 'button';
  b.title = label;
  b.setAttribute('aria-label', label);
  b.append(codicon(icon));
  b.addEventListener('click', onClick);
  return b;
}

/** A button with the codicon `icon` and its `label` as text. */
export function textButton(icon: string, label: string, onClick: (b: HTMLButtonElement) => void): HTMLButtonElement {
  const b = el('button', 'text-button');
  b.type = 'button';
  b.append(codicon(icon), el('span', undefined, label));
  b.addEventListener('click', () => onClick(b));
  return b;
}

/** Whether `e` is scrolled to (within 40 px of) its bottom: the view then keeps the newest content in view. */
export function atBottom(e: HTMLElement): boolean {
  return e.scrollHeight - e.scrollTop - e.clientHeight < 40;
}
