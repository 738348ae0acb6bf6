import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Automaton } from './automaton.js';
import { parsePattern } from './pattern.js';

const LEXICONS: Record<string, string[]> = {
  harm: ['kill', 'shoot', 'hang', 'take out', 'beat up'],
  person: ['you', 'them', 'him', 'all of you'],
  group: ['traitor*', 'dem', 'dems', 'the left'],
  // Enough phrases that one word starts more threads than the cache remembers in a set.
  many: Array.from({ length: 300 }, (_, i) => `w${i % 10} x${i}`),
};
const PATTERNS = [
  '(i|we) (will|gonna)? ~2 @harm ~1 @person',
  '@harm ~4 @group',
  'we ~3 coming for (you|them)',
  'should be (shot|hanged)',
  'kill* _ dead',
  'i know where (you|they) live',
  '(go|go go|go ~5 go) (go|go ~3 go)? ~6 stop',
  'they ~3 @many',
];
const VOCABULARY = ['i', 'we', 'will', 'gonna', 'kill', 'killer', 'shoot', 'hang', 'take', 'out', 'beat', 'up', 'you', 'them', 'him',
  'all', 'of', 'traitors', 'dem', 'dems', 'the', 'left', 'coming', 'for', 'should', 'be', 'shot', 'hanged', 'dead', 'know',
  'where', 'they', 'live', 'go', 'stop', 'cat', 'and', 'today', 'w1', 'w7', 'x1', 'x17', 'x77'];

function automaton(memory?: number): Automaton {
  const built = new Automaton(memory);
  for (const pattern of PATTERNS) built.add(parsePattern(pattern, (name) => LEXICONS[name], (word) => word));
  return built.seal();
}

function randomPosts(count: number): string[][] {
  let state = 11;
  const random = (n: number): number => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
  // Short posts over a small vocabulary revisit the same steps often; a few long ones keep many threads alive.
  return Array.from({ length: count }, (_, i) => Array.from({ length: i % 50 === 0 ? 400 : random(30) }, () => VOCABULARY[random(VOCABULARY.length)]));
}

describe('rule automaton: remembered steps', () => {
  it('replay exactly what simulating every step finds: matches, their order and the work they stand for', () => {
    const remembering = automaton();
    const simulating = automaton(0);
    // A cache small enough to fill and start over many times along the way.
    const forgetting = automaton(2_000);
    for (const [round, posts] of [randomPosts(3_000), randomPosts(3_000)].entries()) {
      for (const words of posts) {
        const expectedWork = { transitions: 0 };
        const expected = simulating.match(words, expectedWork);
        for (const candidate of [remembering, forgetting]) {
          const work = { transitions: 0 };
          assert.deepEqual(candidate.match(words, work), expected, `round ${round}: ${words.join(' ')}`);
          assert.equal(work.transitions, expectedWork.transitions);
        }
      }
    }
  });

  it('find a match that starts in one post only in that post', () => {
    const matcher = automaton();
    assert.deepEqual(matcher.match(['i', 'will']), []);
    assert.deepEqual(matcher.match(['kill', 'you']), []);
    assert.deepEqual(matcher.match(['i', 'will', 'kill', 'you']), [{ pattern: 0, start: 0, end: 4 }]);
  });
});
