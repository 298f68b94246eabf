/**
 * Images given to the chat view by dragging or pasting. Workspace files dragged from the explorer arrive as
 * VS Code's URI list (`application/vnd.code.uri-list`, or `text/uri-list`) and go to the extension by URI;
 * files from elsewhere, and pasted images, are read as data URLs, which the extension checks (size, magic
 * bytes) before attaching. https://code.visualstudio.com/api/extension-guides/webview#drag-and-drop
 */
import { post } from './vscodeApi';

/**
 * Lets images be dropped on each of `targets`; `highlight` gets the class `drop-target` while something is
 * dragged over them. (VS Code delivers a drop into a webview only while Shift is held.)
 */
export function acceptDrops(targets: HTMLElement[], highlight: HTMLElement): void {
  for (const target of targets) {
    target.addEventListener('dragover', (e) => {
      e.preventDefault();
      highlight.classList.add('drop-target');
    });
    target.addEventListener('dragleave', () => highlight.classList.remove('drop-target'));
    target.addEventListener('drop', (e) => {
      e.preventDefault();
      highlight.classList.remove('drop-target');
      const dt = e.dataTransfer;
      if (!dt) return;
      const list = dt.getData('application/vnd.code.uri-list') || dt.getData('text/uri-list');
      const uris = list.split(/\r?\n/).map((s) => s.trim()).filter((s) => s && !s.startsWith('#'));
      if (uris.length > 0) post({ type: 'dropUris', uris });
      else for (const f of Array.from(dt.files)) readImageFile(f);
    });
  }
}

/** Lets images be pasted into `input`; pasted text is left to the text box. */
export function acceptPaste(input: HTMLElement): void {
  input.addEventListener('paste', (e) => {
    const items = Array.from(e.clipboardData?.items ?? []).filter((i) => i.kind === 'file' && i.type.startsWith('image/'));
    if (items.length === 0) return;
    e.preventDefault();
    for (const item of items) {
      const f = item.getAsFile();
      if (f) readImageFile(f);
    }
  });
}

/** Sends a file the browser says is an image to the extension as a data URL (`pasteImage`). */
function readImageFile(f: File): void {
  if (!f.type.startsWith('image/')) return;
  const reader = new FileReader();
  reader.onload = () => {
    if (typeof reader.result === 'string') post({ type: 'pasteImage', dataUrl: reader.result });
  };
  reader.readAsDataURL(f);
}
