/**
 * The nonce of a webview's Content-Security-Policy (`script-src 'nonce-…'`): 32 random letters and digits, new
 * for every HTML the extension writes, after VS Code's webview samples.
 * https://code.visualstudio.com/api/extension-guides/webview#content-security-policy
 */
export function makeNonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  for (const b of bytes) s += chars[b % chars.length];
  return s;
}
