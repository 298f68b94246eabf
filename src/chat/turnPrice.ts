import * as vscode from 'vscode';
import { describeEstimate, estimateChatImage, estimateText, type Estimate } from '../openrouter/pricing';
import type { ChatMessage } from '../openrouter/types';
import type { ModelCatalog } from '../platform/modelCatalog';
import type { SpendQuestion } from '../shared/spendQuestion';

/** Output tokens a chat turn without a bound is guessed at, for the estimate past the spending limit. */
const CHAT_TURN_TOKENS = 1000;

/** One chat turn about to be sent, as {@link turnQuestion} prices it. */
export interface TurnToPrice {
  model: string;
  prompt: string;
  /** The earlier messages sent with it (their text counts as prompt). */
  history: ChatMessage[];
  /** The images sent with it; one without `uri` was pasted. */
  images: ReadonlyArray<{ uri?: vscode.Uri }>;
  /** The reply's bound (`max_tokens`), when the turn has one. */
  maxTokens?: number;
}

/**
 * What a turn would cost, as the question shown past the spending limit: an image-output model's image (from
 * `/models` prices, `estimateChatImage`), or a text reply of at most `maxTokens` (else a guess of a thousand
 * tokens, shown as `about …`). Reads only the catalogue's cache: sends nothing.
 */
export function turnQuestion(catalog: Pick<ModelCatalog, 'cached'>, turn: TurnToPrice): SpendQuestion {
  const { model, prompt, history, images, maxTokens } = turn;
  const promptChars = prompt.length + history.reduce((n, m) => n + (typeof m.content === 'string' ? m.content.length : 0), 0);
  const t = vscode.l10n.t;
  return {
    title: t('Send this message to {0}?', model),
    facts: [{ label: t('Model'), value: model }, { label: t('Message'), value: prompt }],
    uploads: images.map((i) => (i.uri ? vscode.workspace.asRelativePath(i.uri, false) : t('pasted image'))),
    estimate: estimateTurn(catalog, model, promptChars, images.length, maxTokens),
  };
}

function estimateTurn(catalog: Pick<ModelCatalog, 'cached'>, model: string, promptChars: number, images: number, maxTokens?: number): Estimate {
  const image = catalog.cached('image', model);
  if (image?.outputModalities.includes('image')) return estimateChatImage(image, { promptChars, inputImages: images });
  const text = catalog.cached('text', model);
  const e = estimateText(text, { promptChars, images, maxTokens: maxTokens ?? CHAT_TURN_TOKENS });
  return maxTokens === undefined && e.basis !== 'unknown' ? { basis: 'about', usd: e.usd } : e;
}

/**
 * The price of the next message with `model`, for the view under the message box: an image model's estimate
 * of one image (`google/gemini-2.5-flash-image: about $0.0390 a message`); `''` for a text model (billed by
 * tokens) or a model not in the catalogue's cache.
 */
export function chatPriceText(catalog: Pick<ModelCatalog, 'cached'>, model: string): string {
  const image = catalog.cached('image', model);
  if (!image?.outputModalities.includes('image')) return '';
  return vscode.l10n.t('{0}: {1} a message', model, describeEstimate(estimateChatImage(image, { promptChars: 200, inputImages: 1 })));
}
