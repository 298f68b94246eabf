/**
 * One Tab stop for a container of many controls (the chat view's transcript), as VS Code's lists are: Tab
 * enters it once and leaves it with the next Tab; ↑/↓ move between its links and buttons, Home/End go to the
 * first and last. The control the user was on stays the entry point; without one, the newest turn's first
 * control is (a "roving tabindex", WAI-ARIA Authoring Practices, "Developing a Keyboard Interface").
 * https://www.w3.org/WAI/ARIA/apg/practices/keyboard-interface/#kbd_roving_tabindex
 */

/** What takes the focus inside the container. */
const FOCUSABLE = 'a[href], a[data-href], button:not([disabled]), [tabindex]:not([data-roving-skip])';

/**
 * Makes `container` one Tab stop. `entry(controls)` picks the control Tab lands on when the user has not been
 * inside yet (default: the first). Controls added or removed later are taken in as the DOM changes.
 * @returns `update()`, which applies the rule at once (it also runs on every change of the container's children).
 */
export function rovingFocus(container: HTMLElement, entry: (controls: HTMLElement[]) => HTMLElement | undefined = (c) => c[0]): { update: () => void } {
  let current: HTMLElement | undefined;
  const controls = (): HTMLElement[] => [...container.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((e) => !e.closest('[hidden]'));
  const update = (): void => {
    const all = controls();
    if (!current || !current.isConnected || !all.includes(current)) current = entry(all);
    for (const c of all) c.tabIndex = c === current ? 0 : -1;
  };
  let pending = false;
  new MutationObserver(() => {
    if (pending) return;
    pending = true;
    queueMicrotask(() => {
      pending = false;
      update();
    });
  }).observe(container, { childList: true, subtree: true });
  container.addEventListener('focusin', (e) => {
    const target = (e.target as HTMLElement).closest?.<HTMLElement>(FOCUSABLE);
    if (!target || target === current || !container.contains(target)) return;
    current = target;
    update();
  });
  container.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const all = controls();
    const at = current ? all.indexOf(current) : -1;
    const to = e.key === 'ArrowDown' ? at + 1 : e.key === 'ArrowUp' ? at - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? all.length - 1 : undefined;
    if (to === undefined || all.length === 0) return;
    e.preventDefault();
    const next = all[Math.max(0, Math.min(all.length - 1, to))];
    current = next;
    update();
    next.focus();
    next.scrollIntoView({ block: 'nearest' });
  });
  update();
  return { update };
}
