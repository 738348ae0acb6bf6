import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { averagePrecision, cohensKappa, countAt, precisionRecallF1, rocAuc } from './metrics.js';

describe('metrics', () => {
  it('ROC-AUC is 1 for a perfect ranking, 0.5 for all ties, and counts ties as half', () => {
    assert.equal(rocAuc([0.9, 0.8, 0.2, 0.1], [true, true, false, false]), 1);
    assert.equal(rocAuc([0.5, 0.5, 0.5, 0.5], [true, false, true, false]), 0.5);
    // positives at 0.9 and 0.4, negatives at 0.4 and 0.1: pairs (0.9>0.4, 0.9>0.1, 0.4=0.4, 0.4>0.1) = 3.5 / 4
    assert.equal(rocAuc([0.9, 0.4, 0.4, 0.1], [true, true, false, false]), 0.875);
    assert.ok(Number.isNaN(rocAuc([0.1, 0.2], [false, false])));
  });

  it('average precision is the precision at each recall step, weighted by the step', () => {
    assert.equal(averagePrecision([0.9, 0.8, 0.2], [true, true, false]), 1);
    // ranked: pos (P=1, R=.5), neg, pos (P=2/3, R=1) -> .5 * 1 + .5 * 2/3
    assert.ok(Math.abs(averagePrecision([0.9, 0.8, 0.7], [true, false, true]) - (0.5 + 1 / 3)) < 1e-12);
  });

  it('precision, recall and F1 from counts', () => {
    const counts = countAt([true, true, false, false], [true, false, true, false]);
    assert.deepEqual(counts, { truePositives: 1, falsePositives: 1, falseNegatives: 1, trueNegatives: 1 });
    assert.deepEqual(precisionRecallF1(counts), { precision: 0.5, recall: 0.5, f1: 0.5 });
  });

  it("Cohen's kappa: 1 for full agreement, 0 for agreement at chance, negative below it", () => {
    assert.equal(cohensKappa(['a', 'b', 'a'], ['a', 'b', 'a']), 1);
    assert.equal(cohensKappa(['a', 'a', 'b', 'b'], ['a', 'b', 'a', 'b']), 0);
    assert.ok(cohensKappa(['a', 'b'], ['b', 'a']) < 0);
    // Textbook example: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no -> kappa 0.4
    const first = [...Array(25).fill('yes'), ...Array(25).fill('no')];
    const second = [...Array(20).fill('yes'), ...Array(5).fill('no'), ...Array(10).fill('yes'), ...Array(15).fill('no')];
    assert.ok(Math.abs(cohensKappa(first, second) - 0.4) < 1e-12);
  });
});
