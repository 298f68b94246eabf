/**
 * The chat view's composer: the message box (its draft kept in the webview's state, nothing else), the
 * attachments row, Attach, Improve prompt, Generate SVG, Send and Stop, and the price of the next message.
 * It posts what the user does; the extension answers through `main.ts`, which calls the methods here.
 */
import * as l10n from '@vscode/l10n';
import { el, iconButton } from './dom';
import { acceptPaste } from './dropImages';
import type { AttachmentView } from './protocol';
import { post, vscode } from './vscodeApi';

/** The composer; `main.ts` places {@link Composer.root} and calls the rest as the extension's messages arrive. */
export class Composer {
  readonly root = el('div', 'composer');
  private readonly attachRow = el('div', 'attachments');
  private readonly input = el('textarea', 'input');
  /** The last Improve prompt: the words typed and the improved ones, and which the box shows. */
  private improved?: { typed: string; improved: string; undone: boolean };
  private readonly sendBtn = iconButton('send', l10n.t('Send'), () => this.send(), 'primary');
  private readonly stopBtn = iconButton('debug-stop', l10n.t('Stop'), () => post({ type: 'stop' }), 'stop');
  // Prompt help: a text model rewrites the message for the image model; the result replaces the text here,
  // to be edited or sent. Nothing is sent to an image model by this button.
  private readonly improveBtn = iconButton('sparkle', l10n.t('Improve prompt'), () => this.improve());
  // Generate SVG: the message goes to the SVG model (setting svgModel) as a request for one SVG document.
  // It sends words only: while images are attached it is unavailable, and says why (the images wait for Send).
  private readonly svgBtn = iconButton('symbol-color', l10n.t('Generate SVG'), () => this.send('generateSvg'));
  // What the next message costs with an image model, before Send (the extension's estimate).
  private readonly price = el('div', 'price');
  private busy = false;
  private attached = false;

  constructor() {
    const { input } = this;
    this.attachRow.setAttribute('aria-label', l10n.t('Attachments'));
    input.rows = 3;
    input.setAttribute('aria-label', l10n.t('Message'));
    input.value = vscode.getState()?.draft ?? '';
    this.setEditingSvg(false);
    this.stopBtn.hidden = true;
    this.price.hidden = true;
    const attachBtn = iconButton('add', l10n.t('Attach workspace images'), () => post({ type: 'pickAttachment' }));
    const actions = el('div', 'composer-actions');
    actions.append(attachBtn, this.improveBtn, this.svgBtn, el('span', 'spacer'), this.stopBtn, this.sendBtn);
    this.root.append(this.attachRow, input, actions, this.price);
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.send();
        return;
      }
      this.undoImprove(e);
    });
    input.addEventListener('input', () => vscode.setState({ draft: input.value }));
    acceptPaste(input);
  }

  /** A reply is streaming (Stop instead of Send, no new message) or not. */
  setBusy(busy: boolean): void {
    this.busy = busy;
    this.stopBtn.hidden = !busy;
    this.sendBtn.hidden = busy;
    this.svgBtn.disabled = busy;
    // Keep the keyboard where it was: Stop takes the place of Send while a reply streams, and back.
    if (busy && document.activeElement === this.sendBtn) this.stopBtn.focus();
    else if (!busy && document.activeElement === this.stopBtn) this.sendBtn.focus();
  }

  /** The attachments of the next message, each with its Remove button. */
  showAttachments(list: AttachmentView[]): void {
    this.attachRow.replaceChildren();
    for (const a of list) {
      const chip = el('div', 'attachment');
      chip.dataset.id = a.id;
      const img = el('img');
      img.src = a.thumb;
      img.alt = a.label;
      chip.append(img, el('span', 'attachment-label', a.label), iconButton('close', l10n.t('Remove {0}', a.label), () => post({ type: 'removeAttachment', id: a.id })));
      this.attachRow.append(chip);
    }
    this.attached = list.length > 0;
    this.showSvgAvailability();
  }

  /**
   * Generate SVG draws from words alone, so an attached image would not go with it: while images are attached
   * the button stays focusable but does nothing, and its tooltip and description say why (WAI-ARIA's
   * `aria-disabled`, so a keyboard user still reaches the reason).
   */
  private showSvgAvailability(): void {
    const why = l10n.t('Generate SVG sends only the words: remove the attachments to draw an SVG, or Send to use them');
    if (this.attached) {
      this.svgBtn.setAttribute('aria-disabled', 'true');
      this.svgBtn.setAttribute('aria-description', why);
      this.svgBtn.title = why;
    } else {
      this.svgBtn.removeAttribute('aria-disabled');
      this.svgBtn.removeAttribute('aria-description');
      this.svgBtn.title = l10n.t('Generate SVG');
    }
  }

  /** Improve prompt answered: `text` replaces the message as one undoable edit, or the box is left as it was (`undefined`, an error). */
  promptImproved(text: string | undefined): void {
    this.improveBtn.disabled = false;
    this.improveBtn.removeAttribute('aria-busy');
    this.input.focus();
    if (text !== undefined) {
      this.improved = { typed: this.input.value, improved: text, undone: false };
      this.replaceText(text);
    }
  }

  /**
   * Ctrl+Z (⌘Z) right after Improve prompt puts back the words typed, and Ctrl+Shift+Z or Ctrl+Y the improved
   * ones. The workbench takes undo and redo from a webview's keyboard for its own editors, so the view does
   * this itself; once the text is edited otherwise, the box's own undo applies again.
   */
  private undoImprove(e: KeyboardEvent): void {
    const i = this.improved;
    if (!i || !(e.ctrlKey || e.metaKey) || e.altKey) return;
    const key = e.key.toLowerCase();
    const undo = key === 'z' && !e.shiftKey;
    const redo = (key === 'z' && e.shiftKey) || (key === 'y' && !e.shiftKey);
    if (!undo && !redo) return;
    if (this.input.value !== (i.undone ? i.typed : i.improved)) {
      this.improved = undefined;
      return;
    }
    if (undo === i.undone) return;
    e.preventDefault();
    e.stopPropagation();
    i.undone = undo;
    this.replaceText(undo ? i.typed : i.improved);
  }

  /** Replaces the box's text as an edit of it (`insertText`, so Chromium's undo sees it), and saves the draft. */
  private replaceText(text: string): void {
    this.input.select();
    if (!document.execCommand('insertText', false, text)) this.input.value = text;
    this.input.dispatchEvent(new Event('input'));
  }

  /** The price of the next message (`''`: none to show), also in Send's tooltip. */
  showPrice(text: string): void {
    this.price.textContent = text;
    this.price.hidden = text === '';
    this.sendBtn.title = text ? `${l10n.t('Send')} (${text})` : l10n.t('Send');
  }

  /** Whether the next message changes the last SVG (the placeholder says so). */
  setEditingSvg(editing: boolean): void {
    this.input.placeholder = editing ? l10n.t('Describe a change to the SVG (or Generate SVG for a new one)') : l10n.t('Message (Enter to send, Shift+Enter for a new line)');
  }

  focus(): void {
    this.input.focus();
  }

  private send(type: 'send' | 'generateSvg' = 'send'): void {
    const text = this.input.value.trim();
    if (!text || this.busy || (type === 'generateSvg' && this.attached)) return;
    post({ type, text });
    this.input.value = '';
    vscode.setState({ draft: '' });
    this.input.focus();
  }

  private improve(): void {
    const text = this.input.value.trim();
    if (!text || this.improveBtn.disabled) return;
    this.improveBtn.disabled = true;
    this.improveBtn.setAttribute('aria-busy', 'true');
    post({ type: 'improvePrompt', text });
  }
}
