import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReviewCase, ReviewSignal } from '../domain/review.js';
import { openOrJoinCase } from './cases.js';
import { casePriority, compareQueuePosition, priorityRecomputeAt, reachFactor, timePressure } from './priority.js';
import { detection, HOUR, MINUTE, report, reviewPolicy, T0 } from './testing.js';

const policy = reviewPolicy();

/** A case built from signals that all arrive at `at`. */
function caseOf(signals: ReviewSignal[], at = T0): ReviewCase {
  let reviewCase: ReviewCase | undefined;
  for (const signal of signals) reviewCase = openOrJoinCase(reviewCase, signal, at);
  return reviewCase as ReviewCase;
}

describe('case priority', () => {
  it('ranks a more severe category above a less severe one, all else equal', () => {
    const threat = caseOf([detection('p1', 'threat')]);
    const glorification = caseOf([detection('p2', 'glorification')]);
    assert.ok(casePriority(threat, policy, T0) > casePriority(glorification, policy, T0));
  });

  it('ranks a post with a larger audience above one with a smaller audience', () => {
    const viral = caseOf([detection('p1', 'threat', 0.6, { followers: 50_000 })]);
    const obscure = caseOf([detection('p2', 'threat', 0.6, { followers: 50 })]);
    assert.ok(casePriority(viral, policy, T0) > casePriority(obscure, policy, T0));
  });

  it('estimates reach from views when given, otherwise from followers plus reposts', () => {
    assert.equal(reachFactor({ followers: 10, views: 99_999 }), reachFactor({ views: 99_999 }));
    assert.equal(reachFactor({ followers: 899, reposts: 1 }), reachFactor({ followers: 999 }));
  });

  it('keeps the reach factor between 1 for no audience and 5 for any audience however large', () => {
    assert.equal(reachFactor({}), 1);
    assert.equal(reachFactor({ views: 1e12 }), reachFactor({ views: 1e8 }));
    assert.ok(Math.abs(reachFactor({ views: 1e8 }) - 5) < 1e-6);
  });

  it('ranks one trusted flagger report above a thousand user reports and a confident machine', () => {
    const flagged = caseOf([report('p1', 'trusted_flagger')]);
    const crowd = caseOf([detection('p2', 'threat', 1), ...Array.from({ length: 1000 }, () => report('p2', 'user'))]);
    assert.ok(casePriority(flagged, policy, T0) > casePriority(crowd, policy, T0));
  });

  it('ranks an authority report above a trusted flagger report', () => {
    assert.ok(casePriority(caseOf([report('p1', 'authority')]), policy, T0) > casePriority(caseOf([report('p2', 'trusted_flagger')]), policy, T0));
  });

  it('rises when a signal joins the case', () => {
    const before = caseOf([detection('p1')]);
    const after = openOrJoinCase(before, report('p1', 'user'), T0 + MINUTE) as ReviewCase;
    assert.ok(casePriority(after, policy, T0 + MINUTE) > casePriority(before, policy, T0 + MINUTE));
  });

  it('grows as the deadline approaches: five times the fresh priority at the deadline', () => {
    const threat = caseOf([detection('p1', 'threat')]);
    const fresh = casePriority(threat, policy, T0);
    assert.ok(casePriority(threat, policy, T0 + 30 * MINUTE) > fresh);
    assert.ok(Math.abs(casePriority(threat, policy, T0 + HOUR) - 5 * fresh) < 1e-9);
  });

  it('keeps growing past the deadline, up to nine times the fresh priority three deadlines in', () => {
    const threat = caseOf([detection('p1', 'threat')]);
    const fresh = casePriority(threat, policy, T0);
    assert.ok(casePriority(threat, policy, T0 + 2 * HOUR) > casePriority(threat, policy, T0 + HOUR));
    assert.ok(Math.abs(casePriority(threat, policy, T0 + 3 * HOUR) - 9 * fresh) < 1e-9);
    assert.equal(casePriority(threat, policy, T0 + 30 * HOUR), casePriority(threat, policy, T0 + 3 * HOUR));
  });

  it('measures each category against its own deadline: a fresh threat soon overtakes a viral glorification post', () => {
    const threat = caseOf([detection('p1', 'threat')]);
    const viralGlorification = caseOf([detection('p2', 'glorification', 0.6, { views: 1e8 })]);
    assert.ok(casePriority(viralGlorification, policy, T0) > casePriority(threat, policy, T0));
    assert.ok(casePriority(threat, policy, T0 + 30 * MINUTE) > casePriority(viralGlorification, policy, T0 + 30 * MINUTE));
  });

  it('ranks a decided case 0', () => {
    assert.equal(casePriority({ ...caseOf([detection('p1')]), status: 'decided' }, policy, T0), 0);
  });

  it('pressure is monotonic in time elapsed and bounded', () => {
    const points = [0, 0.25, 0.5, 1, 1.5, 3, 10].map(timePressure);
    assert.deepEqual([...points].sort((a, b) => a - b), points);
    assert.equal(points[0], 1);
    assert.equal(points.at(-1), 9);
  });
});

describe('priority recomputation', () => {
  it('holds the priority constant until the recompute time, then changes it', () => {
    const threat = caseOf([detection('p1', 'threat')]);
    const at = priorityRecomputeAt(threat, policy, T0 + MINUTE) as number;
    assert.equal(at, T0 + HOUR / 8);
    assert.equal(casePriority(threat, policy, at - 1), casePriority(threat, policy, T0 + MINUTE));
    assert.ok(casePriority(threat, policy, at) > casePriority(threat, policy, at - 1));
  });

  it('takes the earliest step among the case\'s categories', () => {
    const mixed = openOrJoinCase(caseOf([detection('p1', 'glorification')]), report('p1', 'user', 'threat'), T0 + HOUR) as ReviewCase;
    assert.equal(priorityRecomputeAt(mixed, policy, T0 + HOUR), T0 + HOUR + HOUR / 8);
  });

  it('stops once every category is three deadlines old', () => {
    assert.equal(priorityRecomputeAt(caseOf([detection('p1', 'threat')]), policy, T0 + 3 * HOUR), undefined);
  });
});

describe('queue order', () => {
  it('puts the higher priority first, then the older case, then the smaller id', () => {
    const positions = [
      { priority: 1, openedAt: T0, id: 'c' },
      { priority: 2, openedAt: T0 + 1, id: 'b' },
      { priority: 1, openedAt: T0 - 1, id: 'd' },
      { priority: 1, openedAt: T0, id: 'a' },
    ];
    assert.deepEqual(positions.sort(compareQueuePosition).map((p) => p.id), ['b', 'd', 'a', 'c']);
  });
});
