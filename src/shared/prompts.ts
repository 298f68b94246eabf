/** The default instructions sent to vision models: the defaults of their settings. Pure, so tests and every layer can read them. */

/** The default of `openrouterStudio.altTextPrompt`. */
export const DEFAULT_ALT_TEXT_PROMPT =
  'Write the alt text for this image: one sentence under 125 characters that says what the image shows and why it matters in the text around it. ' +
  'Do not start with "image of" or "picture of". Write it in the language of the surrounding text. Reply with the alt text only.';

/** The default of `openrouterStudio.describePrompt`. */
export const DEFAULT_DESCRIBE_PROMPT =
  'Describe this image. Start with one sentence of alt text (under 125 characters), then a short detailed description.';
