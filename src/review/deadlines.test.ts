import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReviewCase, Vote } from '../domain/review.js';
import { openOrJoinCase } from './cases.js';
import { queueHealth, reviewerAgreement } from './dashboard.js';
import { caseDeadline, deadlineBreached, primaryCategory, timeToDecision } from './deadlines.js';
import { detection, HOUR, MINUTE, report, reviewPolicy, T0 } from './testing.js';

const policy = reviewPolicy();

function openedAt(at: number, itemId = 'p1', category: 'threat' | 'incitement' | 'glorification' = 'threat'): ReviewCase {
  return openOrJoinCase(undefined, detection(itemId, category), at, `case-${itemId}`) as ReviewCase;
}

function decided(reviewCase: ReviewCase, at: number, action: 'remove' | 'allow' = 'remove', votes: Vote[] = []): ReviewCase {
  return { ...reviewCase, status: 'decided', decidedAt: at, action, votes };
}

describe('deadlines', () => {
  it('fall one category deadline after the case was opened', () => {
    assert.equal(caseDeadline(openedAt(T0, 'p1', 'incitement'), policy), T0 + 4 * HOUR);
  });

  it('run from when a later, more urgent category was first claimed', () => {
    const reviewCase = openOrJoinCase(openedAt(T0, 'p1', 'glorification'), report('p1', 'user', 'threat'), T0 + 2 * HOUR) as ReviewCase;
    assert.equal(caseDeadline(reviewCase, policy), T0 + 3 * HOUR);
  });

  it('are breached by an undecided case once past due', () => {
    assert.equal(deadlineBreached(openedAt(T0), policy, T0 + HOUR), false);
    assert.equal(deadlineBreached(openedAt(T0), policy, T0 + HOUR + 1), true);
  });

  it('are not breached by a case decided in time, however late it is asked', () => {
    assert.equal(deadlineBreached(decided(openedAt(T0), T0 + 30 * MINUTE), policy, T0 + 10 * HOUR), false);
  });

  it('are breached by a case decided late', () => {
    assert.equal(deadlineBreached(decided(openedAt(T0), T0 + 2 * HOUR), policy, T0 + 2 * HOUR), true);
  });
});

describe('time to decision', () => {
  it('is the time from opening to the final decision', () => {
    assert.equal(timeToDecision(decided(openedAt(T0), T0 + 7 * MINUTE)), 7 * MINUTE);
  });

  it('is undefined while the case is undecided', () => {
    assert.equal(timeToDecision(openedAt(T0)), undefined);
  });
});

describe('dashboard figures', () => {
  it('file a case under its most severe category', () => {
    const reviewCase = openOrJoinCase(openedAt(T0, 'p1', 'glorification'), report('p1', 'user', 'incitement'), T0) as ReviewCase;
    assert.equal(primaryCategory(reviewCase, policy), 'incitement');
  });

  it('count waiting cases, the oldest age and overdue cases per category', () => {
    const now = T0 + 2 * HOUR;
    const cases = [openedAt(T0, 'p1'), openedAt(T0 + 90 * MINUTE, 'p2'), { ...openedAt(T0 + HOUR, 'p3', 'incitement'), status: 'escalated' as const }];
    const health = queueHealth(cases, policy, now);
    assert.deepEqual(health.byCategory.threat, { waiting: 2, oldestAgeMs: 2 * HOUR, overdue: 1 });
    assert.deepEqual(health.byCategory.incitement, { waiting: 1, oldestAgeMs: HOUR, overdue: 0 });
    assert.equal(health.open, 2);
    assert.equal(health.escalated, 1);
  });

  it('count the last hour\'s decisions, their breaches and the median time to decision', () => {
    const now = T0 + 3 * HOUR;
    const cases = [
      decided(openedAt(T0, 'p1'), T0 + 150 * MINUTE),
      decided(openedAt(T0 + 2 * HOUR, 'p2'), T0 + 2 * HOUR + 10 * MINUTE),
      decided(openedAt(T0 + 2 * HOUR, 'p3'), T0 + 2 * HOUR + 30 * MINUTE),
      decided(openedAt(T0, 'p4'), T0 + 30 * MINUTE),
    ];
    const health = queueHealth(cases, policy, now);
    assert.equal(health.decisionsLastHour, 3);
    assert.equal(health.breachedLastHour, 1);
    assert.equal(health.medianTimeToDecisionMs, 30 * MINUTE);
  });

  it('rate each volunteer by how often their vote matched the final decision', () => {
    const vote = (reviewerId: string, verdict: 'remove' | 'allow'): Vote => ({ reviewerId, role: 'volunteer', verdict, reasonId: 'threat', at: T0, trusted: true });
    const moderatorVote: Vote = { ...vote('m1', 'allow'), role: 'moderator' };
    const cases = [
      decided(openedAt(T0, 'p1'), T0 + MINUTE, 'remove', [vote('v1', 'remove'), vote('v2', 'remove')]),
      decided(openedAt(T0, 'p2'), T0 + MINUTE, 'allow', [vote('v1', 'remove'), vote('v2', 'allow'), moderatorVote]),
    ];
    assert.deepEqual(Object.fromEntries(reviewerAgreement(cases)), { v1: { votes: 2, agreed: 1 }, v2: { votes: 2, agreed: 2 } });
  });
});
