import * as vscode from 'vscode';
import { FakeOpenRouter } from '../support/fakeOpenRouter';
import { textStream } from '../support/fixtures';

export const EXTENSION_ID = 'openrouter-studio.openrouter-studio';

/** The test workspace's first folder, where the suites write their files. */
export const workspace = (): vscode.Uri => vscode.workspace.workspaceFolders![0].uri;
export const TEST_KEY = 'sk-or-v1-integration0000000000000000000000000000';

/** Activates the extension and returns its test API. */
export async function activate(): Promise<any> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return ext.activate();
}

/**
 * Starts a fake OpenRouter, points `openrouterStudio.baseUrl` at it and stores a test key.
 * Call the returned `dispose` in `after`.
 */
export async function useFakeOpenRouter(): Promise<{ fake: FakeOpenRouter; dispose: () => Promise<void> }> {
  await activate();
  const fake = await FakeOpenRouter.start();
  await vscode.workspace.getConfiguration('openrouterStudio').update('baseUrl', fake.baseUrl, vscode.ConfigurationTarget.Global);
  await vscode.commands.executeCommand('openrouterStudio.setApiKey', TEST_KEY);
  fake.reset();
  return {
    fake,
    dispose: async () => {
      await vscode.workspace.getConfiguration('openrouterStudio').update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
      await fake.close();
    },
  };
}

/**
 * The fake OpenRouter of one suite (see {@link useFakeOpenRouter}): started before its tests, reset before
 * each, closed after them. Read `fake` from the returned object inside hooks and tests.
 */
export function fakeOpenRouterSuite(): { readonly fake: FakeOpenRouter } {
  let started: { fake: FakeOpenRouter; dispose: () => Promise<void> } | undefined;
  before(async () => {
    started = await useFakeOpenRouter();
  });
  after(async () => started?.dispose());
  beforeEach(() => started?.fake.reset());
  return {
    get fake(): FakeOpenRouter {
      if (!started) throw new Error('the fake OpenRouter is not started yet');
      return started.fake;
    },
  };
}

/** The webview probe of the offline launcher (undefined under @vscode/test-electron). */
export const WEBVIEW_PROBE = process.env.ORS_WEBVIEW_PROBE;

/** Texts of the elements matching `selector` in the webview that has them (through the probe). */
export async function webviewTexts(selector: string): Promise<string[]> {
  const res = await fetch(`${WEBVIEW_PROBE}/text?selector=${encodeURIComponent(selector)}`);
  return ((await res.json()) as { texts: string[] }).texts;
}

/** Acts in the webview (fill, press, click, or a drop of a `text/uri-list`) through the probe. */
export async function webviewAct(selector: string, action: 'fill' | 'press' | 'click' | 'drop', value?: string): Promise<void> {
  const res = await fetch(`${WEBVIEW_PROBE}/act`, { method: 'POST', body: JSON.stringify({ selector, action, value }) });
  if (!res.ok) throw new Error(`webview probe: ${await res.text()}`);
}

/** Polls `read` until `ok(value)` or the time-out; returns the last value. */
export async function waitFor<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  let v = await read();
  while (!ok(v) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    v = await read();
  }
  return v;
}

/** Opens the chat view and waits until its webview is rendered (through the probe). */
export async function openChatView(): Promise<void> {
  await vscode.commands.executeCommand('openrouterStudio.chat.focus');
  const found = await waitFor(() => webviewTexts('#transcript'), (t) => t.length > 0, 20_000);
  if (found.length === 0) throw new Error('the chat view did not render');
}


/** Names of the files in `<first workspace folder>/<dir>`, sorted; [] when it does not exist. */
export async function listDir(dir: string): Promise<string[]> {
  try {
    return (await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, dir))).map(([n]) => n).sort();
  } catch {
    return [];
  }
}

/**
 * Answers the extension's questions before paid requests (Generate again, a folder of alt text, the spending
 * limit) with `answer` instead of the modal dialog, which VS Code's test host answers by itself. Each
 * question and its lines are recorded. Call the returned `restore` when done (default: yes to everything).
 */
export async function answerQuestions(answer: (q: { title: string; uploads: string[] }, lines: string[]) => Promise<{ uploads: string[] } | undefined> = async (q) => ({ uploads: q.uploads })): Promise<{ asked: Array<{ title: string; lines: string[]; uploads: string[] }>; restore: () => void }> {
  const api = await activate();
  const asked: Array<{ title: string; lines: string[]; uploads: string[] }> = [];
  api.consent.answerer = async (q: { title: string; uploads: string[] }, lines: string[]) => {
    asked.push({ title: q.title, lines, uploads: q.uploads });
    return answer(q, lines);
  };
  return { asked, restore: () => void (api.consent.answerer = undefined) };
}

/**
 * Answers each vision request (`/chat/completions` with an image) with the alt text `replies` holds for its
 * image's bytes (base64), or "unknown image", at $0.001 a reply: the model of the alt-text suites.
 */
export function answerByImage(fake: FakeOpenRouter, replies: ReadonlyMap<string, string>): void {
  fake.respond = (req) => {
    if (req.path !== '/chat/completions') return undefined;
    const url: string = req.body.messages[0].content[1].image_url.url;
    return { kind: 'sse', body: textStream([replies.get(url.slice(url.indexOf(',') + 1)) ?? 'unknown image'], { cost: 0.001 }).sse };
  };
}
