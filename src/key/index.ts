/**
 * The API key commands: **Set API key** (checked with OpenRouter before it is stored), **Clear API key** and the
 * key's usage and credit. The key's storage (`SecretStorage`) and the guard that sends it only to a host the
 * user chose are in `platform/`, because every request goes through them.
 */
export { clearApiKey, describeCredit, setApiKey, showKeyInfo } from './apiKey';
