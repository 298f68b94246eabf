/** The shapes Generate image, Edit image and their quick input share, and what their commands are given. */
import type * as vscode from 'vscode';
import type { ClientProvider } from '../platform/clientFactory';
import type { KeyStore } from '../platform/keyStore';
import type { ModelCatalog } from '../platform/modelCatalog';

/** The automation argument of `openrouterStudio.generateImage`. */
export interface GenerateArgs {
  prompt: string;
  model?: string;
  aspectRatio?: string;
  imageSize?: string;
  /** Relative to the workspace folder; overrides `openrouterStudio.outputDirectory`. */
  outputDirectory?: string;
  /** How many images to request, in parallel (variations): 1–4, default 1. */
  count?: number;
}

/** The automation argument of `openrouterStudio.editImage`. */
export interface EditArgs {
  prompt: string;
  model?: string;
  aspectRatio?: string;
}

/** What the image commands (Generate, Edit, Generate again) are given by `activate`. */
export interface ImageCommandDeps {
  clients: ClientProvider;
  keys: KeyStore;
  catalog: ModelCatalog;
  state: vscode.Memento;
  log: vscode.LogOutputChannel;
}
