/**
 * Runs the built chat-view bundle (dist/webview.js) in headless Chromium, in a plain page with a stub
 * `acquireVsCodeApi()` that records every posted message. Tests drive it with `window.postMessage`
 * and read the DOM, as a user would see it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { FromWebview, TurnView } from '../../src/webview/protocol';

const ROOT = path.resolve(__dirname, '../../..');
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let browser: Browser | undefined;

export async function launch(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`No Chromium at ${executablePath}: apt-get install chromium (or set CHROMIUM)`);
  browser ??= await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  return browser;
}

export async function close(): Promise<void> {
  await browser?.close();
  browser = undefined;
}

/**
 * A fresh page with the chat view loaded; `l10n` is the translation bundle (JSON) the extension would pass. With `manualFrames`, `requestAnimationFrame` only queues its
 * callbacks and `window.__runFrames()` runs them at once, so a benchmark measures rendering work and not
 * the wait for the next frame.
 */
export async function openView(opts: { manualFrames?: boolean; l10n?: string } = {}): Promise<View> {
  return openPage('media/chat.css', 'dist/webview.js', opts);
}

/** A fresh page with the image gallery loaded (`dist/gallery.js`), as {@link openView}. */
export async function openGalleryView(opts: { manualFrames?: boolean; l10n?: string } = {}): Promise<View> {
  return openPage('media/gallery.css', 'dist/gallery.js', opts);
}

async function openPage(css: string, script: string, opts: { manualFrames?: boolean; l10n?: string }): Promise<View> {
  const b = await launch();
  const page = await b.newPage({ viewport: { width: 420, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.setContent('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><div id="app"></div></body></html>');
  await page.evaluate(() => {
    const w = window as unknown as { __posted: unknown[]; __state: unknown; acquireVsCodeApi: () => unknown };
    w.__posted = [];
    w.__state = undefined;
    w.acquireVsCodeApi = () => ({
      postMessage: (m: unknown) => w.__posted.push(m),
      getState: () => w.__state,
      setState: (s: unknown) => (w.__state = s),
    });
  });
  if (opts.manualFrames) {
    await page.evaluate(() => {
      const w = window as unknown as { __frames: FrameRequestCallback[]; __runFrames: () => void };
      w.__frames = [];
      window.requestAnimationFrame = (cb) => w.__frames.push(cb);
      w.__runFrames = () => {
        const due = w.__frames.splice(0);
        for (const cb of due) cb(performance.now());
      };
    });
  }
  // As the extension writes it: `<body data-l10n="…">` with VS Code's bundle for the display language.
  if (opts.l10n !== undefined) await page.evaluate((bundle) => (document.body.dataset.l10n = bundle), opts.l10n);
  await page.addStyleTag({ path: path.join(ROOT, css) });
  await page.addScriptTag({ path: path.join(ROOT, script) });
  return new View(page, errors);
}

export class View {
  constructor(readonly page: Page, readonly errors: string[]) {}

  /** Delivers messages as the extension would (one `message` event each); ill-shaped ones too, on purpose. */
  async send(...msgs: unknown[]): Promise<void> {
    await this.page.evaluate((ms) => {
      for (const m of ms) window.dispatchEvent(new MessageEvent('message', { data: m }));
    }, msgs);
  }

  /** Waits for two animation frames, so batched rendering has happened. */
  async frames(): Promise<void> {
    await this.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  }

  async posted(): Promise<FromWebview[]> {
    return this.page.evaluate(() => (window as unknown as { __posted: FromWebview[] }).__posted);
  }

  async clearPosted(): Promise<void> {
    await this.page.evaluate(() => ((window as unknown as { __posted: unknown[] }).__posted.length = 0));
  }

  async close(): Promise<void> {
    await this.page.close();
  }
}

/** A turn as the extension sends it in `turnStart`. */
export function turn(id: string, over: Partial<TurnView> = {}): TurnView {
  return { id, prompt: 'Describe it', attachments: [], model: 'google/gemini-2.5-flash', reply: '', reasoning: '', images: [], status: 'streaming', ...over };
}

export function init(over: Partial<Record<string, unknown>> = {}): Record<string, unknown> {
  return { type: 'init', turns: [], models: [{ id: 'google/gemini-2.5-flash', name: 'Gemini 2.5 Flash', vision: true, imageOutput: false }], model: 'google/gemini-2.5-flash', attachments: [], ...over };
}
