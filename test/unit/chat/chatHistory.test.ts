import assert from 'node:assert/strict';
import { historyOf, MAX_CHATS, MAX_HISTORY_CHARS, titleOf, withChat, type PreviousChat } from '../../../src/chat/chatHistory';
import { Conversation, type StoredTurn } from '../../../src/chat/conversation';

const turn = (prompt: string, reply = 'r'): StoredTurn => ({ ...Conversation.newTurn(prompt, 'm'), status: 'done', reply });

describe('chat/chatHistory: the previous chats New chat keeps', () => {
  it('puts the conversation first, titled by its first prompt on one line; an empty one is not kept', () => {
    const one = withChat([], [turn('A fox\n  in   snow'), turn('now winter')], 'c1', 1000);
    assert.deepEqual(one.map((c) => [c.id, c.title, c.when, c.turns.length]), [['c1', 'A fox in snow', 1000, 2]]);
    const two = withChat(one, [turn('A lighthouse')], 'c2', 2000);
    assert.deepEqual(two.map((c) => c.title), ['A lighthouse', 'A fox in snow'], 'newest first');
    assert.deepEqual(withChat(two, [], 'c3', 3000), two, 'New chat on an empty chat keeps nothing new');
    assert.equal(titleOf([turn('x'.repeat(500))]).length, 80);
    assert.equal(titleOf([turn('  ')]), '(image)', 'a turn with only an image still has a title');
  });

  it('keeps at most 20 chats and 4,000,000 characters, the oldest dropped first, the newest always', () => {
    let history: PreviousChat[] = [];
    for (let i = 0; i < MAX_CHATS + 5; i++) history = withChat(history, [turn(`chat ${i}`)], `c${i}`, i);
    assert.equal(history.length, MAX_CHATS);
    assert.equal(history.at(-1)?.title, 'chat 5', 'the five oldest went');
    const big = (n: number): StoredTurn[] => [turn(`big ${n}`, 'x'.repeat(MAX_HISTORY_CHARS / 3))];
    let heavy: PreviousChat[] = [];
    for (let i = 0; i < 4; i++) heavy = withChat(heavy, big(i), `b${i}`, i);
    assert.deepEqual(heavy.map((c) => c.title), ['big 3', 'big 2'], 'what fits in the bound, newest first');
    assert.ok(heavy.reduce((n, c) => n + JSON.stringify(c).length, 0) <= MAX_HISTORY_CHARS);
    const huge = withChat([], [turn('huge', 'x'.repeat(MAX_HISTORY_CHARS + 10))], 'h', 0);
    assert.equal(huge.length, 1, 'the conversation just put away is kept even over the bound (it is bounded by itself)');
  });

  it('hostile: what workspace state holds is kept only where it has the shape', () => {
    assert.deepEqual(historyOf(undefined), []);
    assert.deepEqual(historyOf('x'), []);
    const ok = { id: 'a', title: 't', when: 1, turns: [] };
    assert.deepEqual(historyOf([ok, null, { id: 1, title: 't', when: 1, turns: [] }, { id: 'b', title: 't', when: '1', turns: [] }, { id: 'c', title: 't', when: 1, turns: {} }]), [ok]);
  });
});
