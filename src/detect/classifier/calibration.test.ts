import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitPlatt } from './calibration.js';
import { sigmoid } from './model.js';
import { seededRandom } from './split.js';

/** Scores spread over [-spread, spread], outcomes drawn from sigmoid(slope * score + intercept). */
function sample(count: number, spread: number, slope: number, intercept: number): { scores: number[]; outcomes: boolean[] } {
  const random = seededRandom(3);
  const scores = Array.from({ length: count }, () => (random() * 2 - 1) * spread);
  return { scores, outcomes: scores.map((s) => random() < sigmoid(slope * s + intercept)) };
}

describe('Platt calibration', () => {
  it('recovers the slope and intercept that generated the outcomes', () => {
    const { scores, outcomes } = sample(20_000, 4, 0.8, -1.5);
    const { slope, intercept } = fitPlatt(scores, outcomes);
    assert.ok(Math.abs(slope - 0.8) < 0.08, `slope ${slope}`);
    assert.ok(Math.abs(intercept + 1.5) < 0.12, `intercept ${intercept}`);
  });

  it('stays finite when the scores span a wide range (a plain Newton step from slope 1 diverges there)', () => {
    const { scores, outcomes } = sample(5_000, 60, 0.05, -3);
    const { slope, intercept } = fitPlatt(scores, outcomes);
    assert.ok(Number.isFinite(slope) && Number.isFinite(intercept), `${slope} ${intercept}`);
    assert.ok(Math.abs(slope - 0.05) < 0.02, `slope ${slope}`);
  });

  it('keeps a perfectly separating score finite', () => {
    const { slope, intercept } = fitPlatt([-3, -2, -1, 1, 2, 3], [false, false, false, true, true, true]);
    assert.ok(Number.isFinite(slope) && slope > 0 && Number.isFinite(intercept));
  });
});
