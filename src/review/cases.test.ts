import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VigilError } from '../domain/errors.js';
import type { ReviewCase } from '../domain/review.js';
import { openOrJoinCase } from './cases.js';
import { detection, MINUTE, report, T0 } from './testing.js';

function opened(): ReviewCase {
  return openOrJoinCase(undefined, detection('p1', 'glorification', 0.6, { followers: 100 }), T0, 'case-1') as ReviewCase;
}

describe('opening and joining cases', () => {
  it('opens a case when the machine asks for review', () => {
    const reviewCase = opened();
    assert.equal(reviewCase.id, 'case-1');
    assert.equal(reviewCase.itemId, 'p1');
    assert.equal(reviewCase.status, 'open');
    assert.equal(reviewCase.openedAt, T0);
    assert.deepEqual(reviewCase.categories, { glorification: T0 });
    assert.equal(reviewCase.detectionScore, 0.6);
  });

  it('opens a case for any report', () => {
    assert.equal(openOrJoinCase(undefined, report('p1', 'user'), T0)?.reports.user, 1);
  });

  it('opens no case for a machine decision to allow or to remove', () => {
    assert.equal(openOrJoinCase(undefined, { ...detection('p1'), action: 'allow' } as const, T0), undefined);
    assert.equal(openOrJoinCase(undefined, { ...detection('p1'), action: 'remove' } as const, T0), undefined);
  });

  it('joins every later signal about the post to the same open case', () => {
    let reviewCase = opened();
    for (let i = 1; i <= 5; i++) reviewCase = openOrJoinCase(reviewCase, report('p1', 'user'), T0 + i * MINUTE, `case-${i + 1}`) as ReviewCase;
    assert.equal(reviewCase.id, 'case-1');
    assert.equal(reviewCase.signalCount, 6);
    assert.equal(reviewCase.openedAt, T0);
  });

  it('joins signals to an escalated case too', () => {
    const escalated: ReviewCase = { ...opened(), status: 'escalated' };
    assert.equal(openOrJoinCase(escalated, report('p1'), T0 + MINUTE)?.id, 'case-1');
  });

  it('counts reports by the kind of reporter', () => {
    let reviewCase = openOrJoinCase(opened(), report('p1', 'trusted_flagger'), T0) as ReviewCase;
    reviewCase = openOrJoinCase(reviewCase, report('p1', 'user'), T0) as ReviewCase;
    assert.deepEqual(reviewCase.reports, { user: 1, trusted_flagger: 1, authority: 0 });
  });

  it('keeps the time each category was first claimed, so its deadline runs from then', () => {
    let reviewCase = openOrJoinCase(opened(), report('p1', 'user', 'threat'), T0 + 10 * MINUTE) as ReviewCase;
    reviewCase = openOrJoinCase(reviewCase, report('p1', 'user', 'threat'), T0 + 20 * MINUTE) as ReviewCase;
    assert.deepEqual(reviewCase.categories, { glorification: T0, threat: T0 + 10 * MINUTE });
  });

  it('claims no category for a machine decision to allow that joins an open case', () => {
    const reviewCase = openOrJoinCase(opened(), { ...detection('p1', 'threat', 0.2), action: 'allow' } as const, T0 + MINUTE) as ReviewCase;
    assert.deepEqual(reviewCase.categories, { glorification: T0 });
    assert.equal(reviewCase.signalCount, 2);
  });

  it('keeps the strongest machine score', () => {
    const reviewCase = openOrJoinCase(opened(), detection('p1', 'glorification', 0.55), T0 + MINUTE) as ReviewCase;
    assert.equal(reviewCase.detectionScore, 0.6);
  });

  it('keeps the largest reach figures seen, field by field', () => {
    const reviewCase = openOrJoinCase(opened(), report('p1', 'user', 'threat', { followers: 50, views: 9000 }), T0) as ReviewCase;
    assert.deepEqual(reviewCase.reach, { followers: 100, views: 9000 });
  });

  it('opens a fresh case when the post\'s previous case is decided', () => {
    const decided: ReviewCase = { ...opened(), status: 'decided', decidedAt: T0 + MINUTE, action: 'allow' };
    const fresh = openOrJoinCase(decided, report('p1', 'authority'), T0 + 2 * MINUTE, 'case-2') as ReviewCase;
    assert.equal(fresh.id, 'case-2');
    assert.equal(fresh.signalCount, 1);
  });

  it('leaves the case it was given unchanged', () => {
    const original = opened();
    const copy = structuredClone(original);
    openOrJoinCase(original, report('p1', 'trusted_flagger', 'threat', { views: 5 }), T0 + MINUTE);
    assert.deepEqual(original, copy);
  });

  it('refuses a signal about another post', () => {
    assert.throws(() => openOrJoinCase(opened(), report('p2'), T0), (error) => error instanceof VigilError && error.code === 'E_INTERNAL');
  });
});
