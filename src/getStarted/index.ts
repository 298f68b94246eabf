/** **OpenRouter: Get started**: the walkthrough and its **Add a sample image** step. */
export { addSampleImage, getStarted, WALKTHROUGH_ID } from './getStarted';
