import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GoldCase } from '../domain/review.js';
import { goldAccuracy, isTrustedReviewer, NO_GOLD_ANSWERS, scoreGoldAnswer, servesGold } from './gold.js';
import { reviewSettings } from './settings.js';
import { moderator, reviewPolicy, volunteer } from './testing.js';

const settings = reviewSettings(reviewPolicy({ minimumGoldAnswers: 10, accuracyThreshold: 0.8, goldRate: 0.05 }));
const gold: GoldCase = { id: 'gold-1', itemId: 'p-gold', answer: 'remove' };

describe('gold answers', () => {
  it('count a matching verdict as correct', () => {
    assert.deepEqual(scoreGoldAnswer(NO_GOLD_ANSWERS, gold, 'remove'), { answered: 1, correct: 1 });
  });

  it('count a different verdict as a miss', () => {
    assert.deepEqual(scoreGoldAnswer(NO_GOLD_ANSWERS, gold, 'allow'), { answered: 1, correct: 0 });
  });

  it('count escalating a gold case as a miss', () => {
    assert.deepEqual(scoreGoldAnswer(NO_GOLD_ANSWERS, gold, 'escalate'), { answered: 1, correct: 0 });
  });

  it('give no accuracy before the first answer', () => {
    assert.equal(goldAccuracy(NO_GOLD_ANSWERS), undefined);
    assert.equal(goldAccuracy({ answered: 4, correct: 3 }), 0.75);
  });
});

describe('trusted reviewers', () => {
  it('include a new volunteer until they have answered the minimum number of gold cases', () => {
    assert.equal(isTrustedReviewer(volunteer('v1'), { answered: 9, correct: 0 }, settings), true);
  });

  it('exclude a volunteer below the accuracy threshold once judged', () => {
    assert.equal(isTrustedReviewer(volunteer('v1'), { answered: 10, correct: 7 }, settings), false);
  });

  it('include a volunteer exactly at the threshold', () => {
    assert.equal(isTrustedReviewer(volunteer('v1'), { answered: 10, correct: 8 }, settings), true);
  });

  it('always include moderators', () => {
    assert.equal(isTrustedReviewer(moderator('m1'), { answered: 10, correct: 0 }, settings), true);
  });
});

describe('serving gold', () => {
  it('serves gold to a volunteer when the draw falls under the gold rate', () => {
    assert.equal(servesGold(volunteer('v1'), 0.04, settings), true);
    assert.equal(servesGold(volunteer('v1'), 0.05, settings), false);
  });

  it('never serves gold to moderators', () => {
    assert.equal(servesGold(moderator('m1'), 0, settings), false);
  });
});
