/**
 * The generation parameters other tools write into an image (PNG `parameters`, EXIF `UserComment`):
 * AUTOMATIC1111 / Forge's text (https://github.com/AUTOMATIC1111/stable-diffusion-webui), SwarmUI's JSON
 * (`sui_image_params`) and Fooocus's JSON. Pure code, no `vscode`.
 */
import { parseJsonTolerantly } from './comfyUi';
import { clip, MAX_PARAMETERS_BYTES, type ImageDetails } from './fields';

/**
 * A `parameters` text of any of the tools that write one: SwarmUI's JSON (`sui_image_params`), Fooocus's
 * JSON (`prompt`, `base_model`, a `version` naming Fooocus), else AUTOMATIC1111/Forge's text ({@link a1111}).
 */
export function generationParameters(parameters: string): Partial<ImageDetails> {
  const text = parameters.slice(0, MAX_PARAMETERS_BYTES);
  if (/^\s*\{/.test(text)) {
    const json = parseJsonTolerantly(text);
    if (json && typeof json === 'object') {
      const o = json as Record<string, unknown>;
      const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
      const sui = o.sui_image_params;
      if (sui && typeof sui === 'object') {
        const p = sui as Record<string, unknown>;
        return { prompt: clip(str(p.prompt)), negativePrompt: clip(str(p.negativeprompt)), model: clip(str(p.model)), software: 'SwarmUI', parameters: clip(text) };
      }
      const key = (name: string): unknown => Object.entries(o).find(([k]) => k.toLowerCase().replace(/[\s_]/g, '') === name)?.[1];
      if (str(key('prompt')) !== undefined) {
        const version = str(key('version'));
        return { prompt: clip(str(key('prompt'))), negativePrompt: clip(str(key('negativeprompt'))), model: clip(str(key('basemodel')) ?? str(key('model'))), software: version && /fooocus/i.test(version) ? 'Fooocus' : clip(version) ?? 'Fooocus', parameters: clip(text) };
      }
    }
  }
  return a1111(text);
}

/**
 * AUTOMATIC1111/Forge `parameters`: the prompt (text before `Negative prompt:` or the settings line), the
 * negative prompt (from `Negative prompt:` up to the settings line), the model (`Model:` on the settings line; a value with a comma is written in double quotes), and the whole
 * text as `parameters`. Reads at most {@link MAX_PARAMETERS_BYTES} characters.
 */
export function a1111(parameters: string): Partial<ImageDetails> {
  const text = parameters.slice(0, MAX_PARAMETERS_BYTES);
  const lines = text.split(/\r?\n/);
  const settingsAt = lines.findIndex((l) => /^Steps: /.test(l));
  const negativeAt = lines.findIndex((l) => l.startsWith('Negative prompt:'));
  const end = [negativeAt, settingsAt].filter((i) => i >= 0).reduce((a, b) => Math.min(a, b), lines.length);
  const raw = settingsAt >= 0 ? /(?:^|, )Model: ("(?:[^"\\]|\\.)*"|[^,]*)/.exec(lines[settingsAt])?.[1] : undefined;
  let model = raw;
  if (raw?.startsWith('"')) {
    try {
      model = JSON.parse(raw) as string;
    } catch {
      model = raw.slice(1, -1);
    }
  }
  const negative = negativeAt >= 0 ? lines.slice(negativeAt, settingsAt > negativeAt ? settingsAt : lines.length).join('\n').replace(/^Negative prompt:/, '') : undefined;
  return { prompt: clip(lines.slice(0, end).join('\n')), negativePrompt: clip(negative), model: clip(model), software: 'AUTOMATIC1111 / Forge', parameters: clip(text) };
}
