import assert from 'node:assert/strict';
import { Conversation, MAX_STORED_REPLY, MAX_TURNS, type StoredTurn } from '../../../src/chat/conversation';

const turn = (over: Partial<StoredTurn>): StoredTurn => ({ ...Conversation.newTurn(over.prompt ?? 'p', over.model ?? 'm'), status: 'done', ...over });
const rel = (u: string): string => u.replace('file:///ws/', '');

describe('chat/conversation: the stored conversation', () => {
  it('restores a turn that was streaming when VS Code closed as stopped, and keeps at most 50 turns', () => {
    const c = new Conversation([turn({ id: 'a', status: 'streaming', reply: 'half' })]);
    assert.equal(c.turns[0].status, 'stopped');
    for (let i = 0; i < MAX_TURNS + 5; i++) c.add(turn({ id: `t${i}` }));
    assert.equal(c.turns.length, MAX_TURNS);
    assert.equal(c.turns[0].id, 't5', 'the oldest went');
  });

  it('history: finished turns as text, newest first within the budget; attachments and images named, reasoning never sent, an SVG named', () => {
    const c = new Conversation();
    c.add(turn({ prompt: 'old question', reply: 'old answer' }));
    c.add(turn({ prompt: 'failed', status: 'error', reply: 'x' }));
    c.add(turn({ prompt: 'look', attachments: ['file:///ws/a.png'], reply: 'a fox', reasoning: 'secret thoughts' }));
    c.add(turn({ prompt: 'draw', kind: 'svg', reply: '<svg>…</svg>', svg: { text: '<svg/>', removed: [], saved: 'file:///ws/images/d.svg' } }));
    c.add(turn({ prompt: 'paint', reply: '', images: ['file:///ws/images/p.png'] }));
    assert.deepEqual(c.history(10_000, rel), [
      { role: 'user', content: 'old question' }, { role: 'assistant', content: 'old answer' },
      { role: 'user', content: 'look\n[attached: a.png]' }, { role: 'assistant', content: 'a fox' },
      { role: 'user', content: 'draw' }, { role: 'assistant', content: '[SVG]\n[image: images/d.svg]' },
      { role: 'user', content: 'paint' }, { role: 'assistant', content: '[image: images/p.png]' },
    ]);
    assert.deepEqual(c.history(40, rel).map((m) => m.content), ['paint', '[image: images/p.png]'], 'only what fits, newest first');
  });

  it('stored: reasoning dropped, a long reply cut with a note, an SVG turn keeps its sanitized SVG (not one over the bound)', () => {
    const c = new Conversation();
    c.add(turn({ id: 'long', reply: 'x'.repeat(MAX_STORED_REPLY + 10), reasoning: 'r' }));
    c.add(turn({ id: 'svg', kind: 'svg', reply: 'raw reply', svg: { text: '<svg/>', removed: ['script'] } }));
    c.add(turn({ id: 'huge', kind: 'svg', reply: 'raw', svg: { text: `<svg>${'x'.repeat(MAX_STORED_REPLY)}</svg>`, removed: [] } }));
    const [long, svg, huge] = c.stored();
    assert.equal(long.reasoning, '');
    assert.ok(long.reply.startsWith('x'.repeat(MAX_STORED_REPLY)) && long.reply.includes('The rest of this reply was not kept'));
    assert.deepEqual([svg.reply, svg.svg], ['', { text: '<svg/>', removed: ['script'] }]);
    assert.equal(huge.svg, undefined);
  });

  it('the last SVG is followed up only while it is the last thing done; its prompts chain back through the SVGs it changed', () => {
    const c = new Conversation();
    const first = turn({ id: 's1', prompt: 'a cat', kind: 'svg', svg: { text: '<svg/>', removed: [] } });
    const second = turn({ id: 's2', prompt: 'make it blue', kind: 'svg', svg: { text: '<svg/>', removed: [] }, editsSvg: 's1' });
    c.add(first);
    c.add(second);
    assert.equal(c.lastSvgTurn()?.id, 's2');
    assert.deepEqual(c.svgPrompts(second), ['a cat', 'make it blue']);
    c.add(turn({ prompt: 'unrelated', reply: 'ok' }));
    assert.equal(c.lastSvgTurn(), undefined);
    assert.equal(c.latestSvg()?.id, 's2');
  });
});
