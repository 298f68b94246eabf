import * as vscode from 'vscode';
import type { ImageDetails } from '../images/readDetails';
import { ASPECT_RATIOS, IMAGE_SIZES } from '../openrouter/types';
import { errorMessage } from '../shared/format';
import { generateAgainWith, type ImageCommandDeps } from '../generate';
import { showOpenRouterError } from '../platform/errors';
import { generateSvgFile, svgQuestion } from '../svg';
import { showError, showInfo, withNotificationProgress } from '../platform/notify';
import { detailsOf, imageUriOf } from './read';
import { canGenerateAgain } from './rows';

/**
 * `openrouterStudio.generateAgain [uri]`: generates a new image with what an image this extension made
 * records: the prompt, the model, the API, every control and the seed, and the references (found again in
 * the image's workspace folder), saved as Generate image saves (a new file, never over one). For an SVG:
 * Generate SVG with its prompt and model. The file may have been written by anyone: nothing is sent before
 * the user has seen the whole request (model, API, every control, each reference by name, the estimate) and
 * said yes; each reference can be left out.
 * @returns the saved files; `undefined` when the image has no such details (a message says so) or the run failed (shown).
 */
export async function generateAgain(deps: ImageCommandDeps, arg?: unknown): Promise<vscode.Uri[] | undefined> {
  const uri = imageUriOf(arg);
  if (!uri) return undefined;
  let d: ImageDetails;
  try {
    d = await detailsOf(uri);
  } catch (err) {
    void showError(errorMessage(err));
    return undefined;
  }
  if (!canGenerateAgain(d)) {
    void showInfo(vscode.l10n.t('{0} does not say how it was made (no prompt and model from OpenRouter Studio).', vscode.workspace.asRelativePath(uri)));
    return undefined;
  }
  if (d.mimeType === 'image/svg+xml') return svgAgain(deps, uri, d.prompt!, d.model!);
  try {
    // The values come from the file. Chat completions' two are kept only when chat takes them (else the
    // settings apply); the Image API's are checked against the model's descriptors before anything is sent.
    const images = d.api === 'images';
    const aspectRatio = images || (ASPECT_RATIOS as readonly string[]).includes(d.aspectRatio ?? '') ? d.aspectRatio : undefined;
    const imageSize = (IMAGE_SIZES as readonly string[]).includes(d.imageSize ?? '') ? d.imageSize : undefined;
    const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri;
    // Each name once; every one is read only as a workspace image (checked when read) and named in the question.
    const references = d.references && folder ? [...new Set(d.references)].map((name) => vscode.Uri.joinPath(folder, ...name.split('/'))) : undefined;
    return await generateAgainWith(deps, {
      prompt: d.prompt!,
      model: d.model,
      aspectRatio,
      imageSize,
      ...(images ? { api: 'images' as const, resolution: d.resolution, background: d.background, outputFormat: d.outputFormat, outputCompression: d.outputCompression, seed: d.seed } : d.api === 'chat' ? { api: 'chat' as const } : {}),
      ...(references ? { references } : {}),
    });
  } catch {
    return undefined; // already shown by Generate image
  }
}

/**
 * Generate again for an SVG: asks first (model, prompt, the reply's bound and the estimate), then the same
 * prompt and model under a cancellable notification; a new `.svg` opens (errors shown).
 */
async function svgAgain(deps: ImageCommandDeps, source: vscode.Uri, prompt: string, model: string): Promise<vscode.Uri[] | undefined> {
  try {
    const question = await svgQuestion(deps.catalog, vscode.l10n.t('Generate the SVG {0} again with {1}?', vscode.workspace.asRelativePath(source, false), model), prompt, model);
    if (!(await deps.consent.ask(question, vscode.l10n.t('Generate')))) return undefined;
    if (!(await deps.consent.checkLimit(question, 'interactive'))) return undefined;
    const uri = await withNotificationProgress(vscode.l10n.t('Generating SVG with {0}…', model), true, (_progress, signal) => generateSvgFile(deps.clients, { prompt, model }, deps.log, signal));
    await vscode.commands.executeCommand('vscode.open', uri);
    void showInfo(vscode.l10n.t('Saved {0}', vscode.workspace.asRelativePath(uri)));
    return [uri];
  } catch (err) {
    await showOpenRouterError(err, deps.log);
    return undefined;
  }
}
