import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { inertText } from '../../../src/shared/inertText';

/** The pattern VS Code's notifications turn into links (`vs/base/common/linkedText.ts`, `parseLinkedText`). */
const VSCODE_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;

describe('shared/inertText', () => {
  const hostile = [
    'Fix it: [Fix it here](command:workbench.action.terminal.new)',
    '[x](command:workbench.action.tasks.runTask?%5B%22build%22%5D "Run")',
    '[docs](https://evil.example/phish)',
    '[open](file:///etc/passwd)',
    '[a]   (command:x) and [b](command:y) and [[nested]](command:z)',
    'The model said: "[Click](CoMmAnD:vscode.open?%5B%22file%3A%2F%2F%2Fx%22%5D)"',
  ];

  it('hostile: no [label](target) survives as a link for VS Code, for any target kind', () => {
    for (const h of hostile) {
      assert.ok(new RegExp(VSCODE_LINK.source, 'i').test(h) || /\]\s+\(/.test(h), `the sample is a link or near-link: ${h}`);
      assert.equal(inertText(h).match(VSCODE_LINK), null, inertText(h));
    }
  });

  it('keeps every visible character a user needs to read', () => {
    assert.equal(inertText('[Fix it here](command:foo)'), '[Fix it here] (command:foo)');
    assert.equal(inertText('plain text, (parens) and [brackets] stay as they are'), 'plain text, (parens) and [brackets] stay as they are');
  });

  it('every notification and progress title in src/ goes through the one helper', () => {
    const src = path.resolve(__dirname, '../../../../src');
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const direct = files.filter((f) => !f.endsWith(path.join('platform', 'notify.ts'))).flatMap((f) => {
      const text = readFileSync(path.join(src, f), 'utf8');
      return [...text.matchAll(/window\.(show(?:Error|Warning|Information)Message|withProgress)\(/g)]
        // The base-URL question is a modal: plain text, no links; its text is the extension's own.
        .filter((m) => !(f.endsWith('baseUrlGuard.ts') && m[1] === 'showWarningMessage'))
        .map((m) => `${f}: ${m[1]}`);
    });
    assert.deepEqual(direct, []);
  });
});

describe('shared/format: escapeControls (log lines)', () => {
  it('hostile: a model id with a newline cannot forge a log line; bidi overrides and escapes show as escapes', async () => {
    const { escapeControls } = await import('../../../src/shared/format');
    assert.equal(escapeControls('evil/model\n2026-12-06 [error] key=sk-or-v1-x'), 'evil/model\\n2026-12-06 [error] key=sk-or-v1-x');
    assert.equal(escapeControls('a\r\tb\u001b[31mc\u202ed\u2028e\u0085f'), 'a\\r\\tb\\u001b[31mc\\u202ed\\u2028e\\u0085f');
    assert.equal(escapeControls('plain text, «quotes», emoji 🦊 stay'), 'plain text, «quotes», emoji 🦊 stay');
  });
});
