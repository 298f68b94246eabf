import assert from 'node:assert/strict';
import { BaseUrlError, chooseBaseUrl, needsApproval, originOf } from '../../../src/platform/baseUrlPolicy';

describe('platform/baseUrlPolicy', () => {
  it('uses the default when nothing is set, with no approval needed', () => {
    const c = chooseBaseUrl({});
    assert.deepEqual(c, { url: 'https://openrouter.ai/api/v1', origin: 'https://openrouter.ai', source: 'default', userOrigin: 'https://openrouter.ai' });
    assert.equal(needsApproval(c, []), false);
  });

  it('trusts a base URL from user settings without asking', () => {
    const c = chooseBaseUrl({ globalValue: 'http://127.0.0.1:4000/api/v1/' });
    assert.equal(c.url, 'http://127.0.0.1:4000/api/v1');
    assert.equal(c.source, 'user');
    assert.equal(needsApproval(c, []), false);
  });

  it('hostile: a workspace value on another origin needs approval, and only for that exact origin', () => {
    const c = chooseBaseUrl({ workspaceValue: 'https://collector.example/api/v1' });
    assert.equal(c.url, 'https://collector.example/api/v1');
    assert.equal(c.source, 'workspace');
    assert.equal(needsApproval(c, []), true);
    assert.equal(needsApproval(c, ['https://collector.example:8443', 'http://collector.example']), true);
    assert.equal(needsApproval(c, ['https://collector.example']), false);
  });

  it('hostile: a workspace-folder value wins over the workspace value and is judged the same way', () => {
    const c = chooseBaseUrl({ globalValue: 'https://gw.corp.example/v1', workspaceValue: 'https://gw.corp.example/other', workspaceFolderValue: 'https://openrouter.ai.evil.example/api/v1' });
    assert.equal(c.origin, 'https://openrouter.ai.evil.example');
    assert.equal(c.userOrigin, 'https://gw.corp.example');
    assert.equal(needsApproval(c, []), true);
  });

  it("a workspace value on the user's own origin (another path) needs no approval", () => {
    assert.equal(needsApproval(chooseBaseUrl({ workspaceValue: 'https://openrouter.ai/api/v1/' }), []), false);
    assert.equal(needsApproval(chooseBaseUrl({ globalValue: 'http://127.0.0.1:9/x', workspaceValue: 'http://127.0.0.1:9/y' }), []), false);
  });

  it('ignores empty and non-string values at any level', () => {
    assert.equal(chooseBaseUrl({ globalValue: '  ', workspaceValue: 42, workspaceFolderValue: '' }).source, 'default');
  });

  it('hostile: refuses non-http schemes and URLs with credentials, naming the level', () => {
    assert.throws(() => chooseBaseUrl({ workspaceValue: 'file:///etc/passwd' }), (e: Error) => e instanceof BaseUrlError && /workspace settings\) must be an http: or https: URL/.test(e.message));
    assert.throws(() => chooseBaseUrl({ workspaceValue: 'https://user:pw@host.example/' }), /must not hold a user name or password/);
    assert.throws(() => chooseBaseUrl({ globalValue: 'not a url' }), /user settings\) is not a URL/);
    assert.equal(originOf('HTTPS://OpenRouter.AI:443/api/v1'), 'https://openrouter.ai');
  });
});
