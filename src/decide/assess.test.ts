import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Evidence } from '../domain/decision.js';
import { normalize } from '../normalize/index.js';
import { decide } from './assess.js';
import { parsePolicy } from './policy-file.js';

const policy = parsePolicy(`version: "1"
categories:
  threat: { severity: 3, deadline: 1h, remove_at: 0.9, review_at: 0.5 }
  incitement: { severity: 2, deadline: 4h, remove_at: 0.9, review_at: 0.5 }
  glorification: { severity: 1, deadline: 24h, remove_at: 0.9, review_at: 0.5 }
rules:
  - { id: r1, category: threat, score: 0.9, match: "kill" }
`);
const post = normalize('I will kill you all, every one of you');
const hit = (rule: string, score: number, category: Evidence['category'] = 'threat'): Evidence => ({ detector: 'rules', rule, category, score, start: 7, end: 11 });
const model = (category: Evidence['category'], score: number): Evidence => ({ detector: 'model', rule: 'm@1', category, score });

describe('decide: the reasons shown', () => {
  it('are the strongest evidence first, equals in the order given, at most eight, none below 1 %', () => {
    const evidence = [hit('a', 0.3), hit('b', 0.5), hit('c', 0.3), hit('weak', 0.005), ...['d', 'e', 'f', 'g', 'h', 'i'].map((id) => hit(id, 0.1)), hit('j', 0.9)];
    assert.deepEqual(decide(policy, evidence, post).reasons.map((reason) => reason.rule), ['j', 'b', 'a', 'c', 'd', 'e', 'f', 'g']);
  });

  it('locate whole-post evidence on the whole post and rule hits on their words', () => {
    const [first, second] = decide(policy, [model('threat', 0.6), hit('r1', 0.4)], post).reasons;
    assert.deepEqual([first.start, first.end, second.excerpt], [0, post.original.length, 'kill']);
  });
});

describe('decide: scores', () => {
  it('do not depend on how detectors interleave their evidence', () => {
    const grouped = [model('threat', 0.3), model('incitement', 0.2), hit('r1', 0.5), hit('r2', 0.4, 'incitement')];
    const interleaved = [hit('r1', 0.5), model('threat', 0.3), hit('r2', 0.4, 'incitement'), model('incitement', 0.2)];
    const withoutReasons = (evidence: Evidence[]) => ({ ...decide(policy, evidence, post), reasons: [] });
    assert.deepEqual(withoutReasons(interleaved), withoutReasons(grouped));
  });

  it("add up a model's categories, scale them by contexts and raise them by rule hits (noisy-OR)", () => {
    const decision = decide(policy, [model('threat', 0.3), model('incitement', 0.2), hit('r1', 0.5), { ...hit('news', 0, 'threat'), context: 0.5 }], post);
    // Model: 0.3 * 0.5 (context) + 0.2 = 0.35 violating; rules: 0.5. Together 1 - 0.65 * 0.5.
    assert.equal(decision.score, 0.675);
    assert.deepEqual(decision.categoryScores, { threat: 0.575, incitement: 0.2, glorification: 0 });
    assert.equal(decision.category, 'threat');
    assert.equal(decision.action, 'review');
  });
});
