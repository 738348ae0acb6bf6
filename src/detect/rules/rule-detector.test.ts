import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExceptionPolicy, RulePolicy } from '../../domain/policy.js';
import { normalize } from '../../normalize/index.js';
import { RuleCompileError, RuleDetector } from './rule-detector.js';

const rule = (id: string, match: string, extra: Partial<RulePolicy> = {}): RulePolicy => ({ id, category: 'incitement', score: 0.8, match, ...extra });
const exception = (id: string, match: string, extra: Partial<ExceptionPolicy> = {}): ExceptionPolicy => ({
  id, match, within: 0, factor: 0, categories: ['threat', 'incitement', 'glorification'], scope: 'hit', ...extra,
});

function detector(rules: RulePolicy[], options: { exceptions?: ExceptionPolicy[]; lexicons?: Record<string, string[]> } = {}) {
  return new RuleDetector({ rules, exceptions: options.exceptions ?? [], lexicons: options.lexicons ?? {} });
}

const firedRules = (d: RuleDetector, text: string): string[] => d.detect(normalize(text)).map((e) => e.rule);

describe('rule patterns', () => {
  it('match a literal phrase over normalised words, whatever the evasion', () => {
    const d = detector([rule('r', 'hang them')]);
    assert.deepEqual(firedRules(d, 'We should H@NG   THEM!'), ['r']);
    assert.deepEqual(firedRules(d, 'hang out with them'), []);
  });

  it('support prefixes, any-word, gaps, alternatives and optional parts', () => {
    const d = detector([
      rule('prefix', 'traitor*'),
      rule('any', 'shoot _ dead'),
      rule('gap', 'kill ~2 senator'),
      rule('alternatives', '(hang|lynch) (him|her)'),
      rule('optional', 'string (them|him)? up'),
    ]);
    assert.deepEqual(firedRules(d, 'the traitorous ones'), ['prefix']);
    assert.deepEqual(firedRules(d, 'shoot him dead'), ['any']);
    assert.deepEqual(firedRules(d, 'kill that corrupt senator'), ['gap']);
    assert.deepEqual(firedRules(d, 'kill that very corrupt senator'), []);
    assert.deepEqual(firedRules(d, 'lynch her'), ['alternatives']);
    assert.deepEqual(firedRules(d, 'string up'), ['optional']);
    assert.deepEqual(firedRules(d, 'string them up'), ['optional']);
  });

  it('expand lexicons, including multi-word phrases', () => {
    const d = detector([rule('r', '@act the @target')], { lexicons: { act: ['hang', 'take out'], target: ['traitors', 'fake news'] } });
    assert.deepEqual(firedRules(d, 'take out the fake news'), ['r']);
    assert.deepEqual(firedRules(d, 'hang the traitors'), ['r']);
    assert.deepEqual(firedRules(d, 'take the traitors'), []);
  });

  it('require a proximity pattern within N words when the rule says so', () => {
    const d = detector([rule('r', 'should be (shot|hanged)', { near: { match: '(traitors|congress)', within: 3 } })]);
    assert.deepEqual(firedRules(d, 'the traitors in congress should be hanged'), ['r']);
    assert.deepEqual(firedRules(d, 'should be hanged, those traitors'), ['r']);
    assert.deepEqual(firedRules(d, 'that painting should be hanged in the hall'), []);
    assert.deepEqual(firedRules(d, 'traitors are everywhere and one day we will see that this man should be shot'), []);
    assert.deepEqual(firedRules(d, 'the traitors in congress'), [], 'the proximity pattern alone is no evidence');
  });

  it('report the span of the match in the canonical text', () => {
    const [evidence] = detector([rule('r', 'kill them')]).detect(normalize('ok so KILL THEM now'));
    assert.equal(normalize('ok so KILL THEM now').text.slice(evidence.start, evidence.end), 'kill them');
  });

  it('reject patterns that would start a match at every word', () => {
    for (const match of ['_ kill', '~2 kill', '(_|kill) them', 'kill? them?']) {
      assert.throws(() => detector([rule('r', match)]), RuleCompileError, match);
    }
  });

  it('reject malformed patterns with a message', () => {
    assert.throws(() => detector([rule('r', '(kill them')]), /missing "\)"/);
    assert.throws(() => detector([rule('r', 'kill @nowhere')]), /unknown lexicon "@nowhere"/);
    assert.throws(() => detector([rule('r', 'kill ~99 them')]), /gap ~99/);
    assert.throws(() => detector([rule('r', 'k* them')]), /at least two letters/);
    assert.throws(() => detector([rule('r', '@a')], { lexicons: { a: ['x @a'] } }), /refers to itself/);
  });
});

describe('exceptions', () => {
  it('silence a rule hit they overlap (idioms)', () => {
    const d = detector([rule('r', 'killed')], { exceptions: [exception('idiom', 'killed it')] });
    assert.deepEqual(firedRules(d, 'she killed it on stage'), []);
    assert.deepEqual(firedRules(d, 'he killed them'), ['r']);
  });

  it('dampen hits within N words by their factor, only for their categories', () => {
    const d = detector([rule('r', 'shot dead')], { exceptions: [exception('news', 'police said', { within: 5, factor: 0.25, categories: ['incitement'] })] });
    const [dampened] = d.detect(normalize('police said a man was shot dead downtown'));
    assert.equal(dampened.score, 0.8 * 0.25);
    const [far] = d.detect(normalize('police said nothing at all about the weather today and then someone was shot dead'));
    assert.equal(far.score, 0.8);
    const glorification = detector([rule('r', 'shot dead', { category: 'glorification' })], { exceptions: [exception('news', 'police said', { within: 5, factor: 0.25, categories: ['incitement'] })] });
    assert.equal(glorification.detect(normalize('police said he was shot dead'))[0].score, 0.8);
  });
});

describe('post-wide contexts', () => {
  it('are reported as context evidence, scoring nothing, for detectors that judge the whole post', () => {
    const d = detector([], { exceptions: [exception('news', 'police said', { within: 5, factor: 0.3, categories: ['threat'], scope: 'post' })] });
    const [context] = d.detect(normalize('Police said the suspect fled'));
    assert.deepEqual({ rule: context.rule, category: context.category, score: context.score, context: context.context }, { rule: 'news', category: 'threat', score: 0, context: 0.3 });
  });

  it('are not reported for hit-scoped exceptions', () => {
    const d = detector([], { exceptions: [exception('idiom', 'killed it')] });
    assert.deepEqual(d.detect(normalize('she killed it')), []);
  });
});

describe('matching cost', () => {
  it('stays linear in the post for a pathological pattern on a 100 kB post', () => {
    // Nested alternatives and gaps over the same word: a backtracking regex engine would explode on this.
    const pathological = '(go|go go|go ~5 go|(go|go go) (go|go ~3 go)) (go|go ~10 go)? (go|go go)? ~20 stop';
    const d = detector([rule('r', pathological)]);
    const post = 'go '.repeat(34_000); // 100 kB of "go", never "stop": the worst case, every thread lives on
    const work = { transitions: 0 };
    const words = normalize(post).words;
    d.detect(normalize(post), work);
    assert.equal(words.length, 34_000);
    // Each word advances each state at most once, and each state has a bounded closure.
    assert.ok(work.transitions <= words.length * d.size * 4, `${work.transitions} transitions for ${words.length} words and ${d.size} states`);
    assert.deepEqual(firedRules(d, 'go go go stop'), ['r']);
  });
});
