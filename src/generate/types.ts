/** The shapes Generate image, Edit image and their quick input share, and what their commands are given. */
import type * as vscode from 'vscode';
import type { ClientProvider } from '../platform/clientFactory';
import type { Consent } from '../platform/consent';
import type { KeyStore } from '../platform/keyStore';
import type { ModelCatalog } from '../platform/modelCatalog';
import type { ImageControls } from '../openrouter/imageApi';

/**
 * The automation argument of `openrouterStudio.generateImage`. Every control is checked against what the
 * model accepts before anything is sent (the Image API's descriptors, or chat completions' lists); the
 * Image API's controls are those of {@link ImageControls}. Without a `seed`, one is chosen (when the model
 * takes a seed) and recorded. `count`: one request with `n` when the model makes several at once (up to its
 * limit, at most 10), else 1–4 parallel requests.
 */
export interface GenerateArgs extends Omit<ImageControls, 'references'> {
  prompt: string;
  model?: string;
  /** Chat completions' `image_config.image_size` (1K, 2K, 4K); the Image API's `resolution` when that is not given. */
  imageSize?: string;
  /** Workspace images sent as references (Image API `input_references`, chat image parts): 1–16. */
  references?: vscode.Uri[];
  /** Relative to the workspace folder; overrides `openrouterStudio.outputDirectory`. */
  outputDirectory?: string;
  /** The API to use when the model is listed by it (Generate again repeats the recorded one); default: the rule of `openrouterStudio.imageEndpoint`. */
  api?: 'chat' | 'images';
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
  /** The question before a paid request, and the spending limit. */
  consent: Consent;
  state: vscode.Memento;
  log: vscode.LogOutputChannel;
}
