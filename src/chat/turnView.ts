import * as vscode from 'vscode';
import type { ImageRef, TurnView } from '../webview/protocol';
import type { StoredTurn } from './conversation';

/** How the view is given a workspace file: `asWebviewUri`, as a string. */
export type ToWebviewUri = (uri: vscode.Uri) => string;

/** A workspace image as the view shows it: its webview URI, its workspace-relative name, and its URI for commands. */
export function imageRef(uri: vscode.Uri, toWebviewUri: ToWebviewUri): ImageRef {
  return { src: toWebviewUri(uri), label: vscode.workspace.asRelativePath(uri), uri: uri.toString() };
}

/** A stored turn as the view shows it: its images (attached, generated, the saved SVG) as {@link imageRef}s. */
export function turnView(t: StoredTurn, toWebviewUri: ToWebviewUri): TurnView {
  const refs = (list: string[]): ImageRef[] => list.map((u) => imageRef(vscode.Uri.parse(u), toWebviewUri));
  const svg = t.svg ? { text: t.svg.text, removed: t.svg.removed, ...(t.svg.saved ? { saved: imageRef(vscode.Uri.parse(t.svg.saved), toWebviewUri) } : {}) } : undefined;
  return { ...t, attachments: refs(t.attachments), images: refs(t.images), svg };
}
