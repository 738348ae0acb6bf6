import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VigilError } from '../domain/errors.js';
import type { ReviewSettings } from '../domain/review.js';
import { NO_VIOLATION } from './consensus.js';
import { ReviewQueue } from './queue.js';
import { detection, HOUR, MINUTE, moderator, report, reviewPolicy, T0, volunteer } from './testing.js';

const NEVER_GOLD = (): number => 0.99;
const LEASE = 5 * MINUTE;

function queue(review: Partial<ReviewSettings> = {}, random = NEVER_GOLD): ReviewQueue {
  return new ReviewQueue(reviewPolicy({ leaseSeconds: LEASE / 1000, ...review }), { random });
}

function isCode(code: string) {
  return (error: unknown) => error instanceof VigilError && error.code === code;
}

describe('review queue: order', () => {
  it('serves the highest priority case first', () => {
    const q = queue();
    q.submit(detection('glorifying', 'glorification'), T0);
    q.submit(detection('threatening', 'threat'), T0);
    q.submit(detection('inciting', 'incitement'), T0);
    assert.equal(q.next(volunteer('v1'), T0)?.itemId, 'threatening');
  });

  it('keeps one case per post however many signals arrive', () => {
    const q = queue();
    q.submit(detection('p1'), T0);
    q.submit(report('p1', 'user'), T0 + MINUTE);
    q.submit(report('p1', 'trusted_flagger'), T0 + 2 * MINUTE);
    assert.equal(q.list('open', T0 + 2 * MINUTE).length, 1);
    assert.equal(q.openCaseFor('p1')?.signalCount, 3);
  });

  it('re-ranks a case when a signal arrives', () => {
    const q = queue();
    q.submit(detection('p1', 'threat'), T0);
    q.submit(detection('p2', 'threat', 0.5), T0);
    q.submit(report('p2', 'authority'), T0 + MINUTE);
    assert.equal(q.next(volunteer('v1'), T0 + MINUTE)?.itemId, 'p2');
  });

  it('re-ranks cases as their deadlines approach', () => {
    const q = queue();
    q.submit(detection('viral-glorification', 'glorification', 0.6, { views: 1e8 }), T0);
    q.submit(detection('threat', 'threat'), T0);
    assert.equal(q.next(volunteer('v1'), T0)?.itemId, 'viral-glorification');
    assert.equal(q.next(volunteer('v2'), T0 + 30 * MINUTE)?.itemId, 'threat');
  });

  it('lists undecided cases of a status in queue order', () => {
    const q = queue();
    q.submit(detection('p1', 'glorification'), T0);
    q.submit(detection('p2', 'threat'), T0);
    assert.deepEqual(q.list('open', T0).map((c) => c.itemId), ['p2', 'p1']);
  });

  it('returns nothing when no case is left for the reviewer', () => {
    assert.equal(queue().next(volunteer('v1'), T0), undefined);
  });
});

describe('review queue: leases', () => {
  it('shows a case that needs one more vote to one reviewer at a time', () => {
    const q = queue({ consensusVotes: 1 });
    q.submit(detection('p1'), T0);
    assert.equal(q.next(volunteer('v1'), T0)?.itemId, 'p1');
    assert.equal(q.next(volunteer('v2'), T0), undefined);
  });

  it('shows a case to as many reviewers at once as consensus needs votes, and no more', () => {
    const q = queue({ consensusVotes: 2 });
    q.submit(detection('p1'), T0);
    assert.equal(q.next(volunteer('v1'), T0)?.itemId, 'p1');
    assert.equal(q.next(volunteer('v2'), T0)?.itemId, 'p1');
    assert.equal(q.next(volunteer('v3'), T0), undefined);
  });

  it('leases the case until the lease time from the policy', () => {
    const q = queue();
    q.submit(detection('p1'), T0);
    assert.equal(q.next(volunteer('v1'), T0)?.expiresAt, T0 + LEASE);
  });

  it('returns a case to the queue when its lease expires', () => {
    const q = queue({ consensusVotes: 1 });
    q.submit(detection('p1'), T0);
    q.next(volunteer('v1'), T0);
    assert.equal(q.next(volunteer('v2'), T0 + LEASE - 1), undefined);
    assert.equal(q.next(volunteer('v2'), T0 + LEASE)?.itemId, 'p1');
  });

  it('returns a skipped case to the queue for others', () => {
    const q = queue({ consensusVotes: 1 });
    q.submit(detection('p1'), T0);
    q.next(volunteer('v1'), T0);
    assert.equal(q.skip(q.openCaseFor('p1')?.id as string, 'v1'), true);
    assert.equal(q.next(volunteer('v2'), T0)?.itemId, 'p1');
  });

  it('never shows a reviewer a case they skipped or let expire', () => {
    const q = queue({ consensusVotes: 1 });
    q.submit(detection('p1'), T0);
    const claim = q.next(volunteer('v1'), T0);
    q.skip(claim?.caseId as string, 'v1');
    assert.equal(q.next(volunteer('v1'), T0 + 2 * LEASE), undefined);
  });

  it('never shows a reviewer a case they voted on', () => {
    const q = queue();
    q.submit(detection('p1'), T0);
    const claim = q.next(volunteer('v1'), T0);
    q.decide(claim?.caseId as string, volunteer('v1'), 'remove', 'threat', T0 + MINUTE);
    assert.equal(q.next(volunteer('v1'), T0 + MINUTE), undefined);
  });

  it('extends a live lease on renewal', () => {
    const q = queue();
    q.submit(detection('p1'), T0);
    const claim = q.next(volunteer('v1'), T0);
    assert.equal(q.renew(claim?.caseId as string, volunteer('v1'), T0 + MINUTE).expiresAt, T0 + MINUTE + LEASE);
  });

  it('refuses a volunteer\'s decision once the lease has expired', () => {
    const q = queue();
    q.submit(detection('p1'), T0);
    const claim = q.next(volunteer('v1'), T0);
    assert.throws(() => q.decide(claim?.caseId as string, volunteer('v1'), 'remove', 'threat', T0 + LEASE), isCode('E_LEASE_EXPIRED'));
  });
});

describe('review queue: decisions', () => {
  it('decides a case when two volunteers agree, and takes it out of the queue', () => {
    const q = queue();
    q.submit(detection('p1'), T0);
    const caseId = q.next(volunteer('v1'), T0)?.caseId as string;
    assert.deepEqual(q.decide(caseId, volunteer('v1'), 'remove', 'threat', T0 + MINUTE), { caseId, outcome: 'pending', votesNeeded: 1, needsTrustedVote: false });
    assert.equal(q.next(volunteer('v2'), T0 + MINUTE)?.caseId, caseId);
    assert.deepEqual(q.decide(caseId, volunteer('v2'), 'remove', 'threat', T0 + 2 * MINUTE), { caseId, outcome: 'decided', action: 'remove' });
    assert.equal(q.openCaseFor('p1'), undefined);
    assert.equal(q.next(volunteer('v3'), T0 + 2 * MINUTE), undefined);
  });

  it('sends a case the volunteers disagree on to moderators only', () => {
    const q = queue();
    q.submit(detection('p1'), T0);
    const caseId = q.next(volunteer('v1'), T0)?.caseId as string;
    q.next(volunteer('v2'), T0);
    q.decide(caseId, volunteer('v1'), 'remove', 'threat', T0 + MINUTE);
    assert.equal(q.decide(caseId, volunteer('v2'), 'allow', NO_VIOLATION, T0 + MINUTE).outcome, 'escalated');
    assert.equal(q.next(volunteer('v3'), T0 + MINUTE), undefined);
    assert.equal(q.next(moderator('m1'), T0 + MINUTE)?.caseId, caseId);
  });

  it("ends the other volunteers' leases when a case is escalated", () => {
    const q = queue();
    q.submit(detection('p1'), T0);
    const caseId = q.next(volunteer('v1'), T0)?.caseId as string;
    q.next(volunteer('v2'), T0);
    q.decide(caseId, volunteer('v1'), 'escalate', 'threat', T0 + MINUTE);
    assert.throws(() => q.decide(caseId, volunteer('v2'), 'remove', 'threat', T0 + MINUTE), isCode('E_LEASE_EXPIRED'));
  });

  it('gives moderators escalated cases before open ones', () => {
    const q = queue();
    q.submit(detection('quiet', 'glorification'), T0);
    q.submit(detection('loud', 'threat', 0.8, { views: 1e6 }), T0);
    assert.equal(q.next(volunteer('v1'), T0)?.itemId, 'loud');
    const quiet = q.next(volunteer('v1'), T0)?.caseId as string;
    q.decide(quiet, volunteer('v1'), 'escalate', 'glorification', T0 + MINUTE);
    assert.equal(q.next(moderator('m1'), T0 + MINUTE)?.itemId, 'quiet');
  });

  it('lets a moderator decide any undecided case alone, without a lease', () => {
    const q = queue();
    const opened = q.submit(detection('p1'), T0);
    assert.deepEqual(q.decide(opened?.id as string, moderator('m1'), 'allow', 'news.reporting', T0 + MINUTE), { caseId: opened?.id, outcome: 'decided', action: 'allow' });
  });

  it('refuses a decision on a decided case', () => {
    const q = queue();
    const opened = q.submit(detection('p1'), T0);
    q.decide(opened?.id as string, moderator('m1'), 'allow', NO_VIOLATION, T0 + MINUTE);
    assert.throws(() => q.decide(opened?.id as string, moderator('m2'), 'remove', 'threat', T0 + MINUTE), isCode('E_CASE_CLOSED'));
  });

  it('refuses a reason that does not fit the verdict', () => {
    const q = queue();
    q.submit(detection('p1'), T0);
    const caseId = q.next(volunteer('v1'), T0)?.caseId as string;
    assert.throws(() => q.decide(caseId, volunteer('v1'), 'remove', NO_VIOLATION, T0), isCode('E_INVALID_REQUEST'));
  });

  it('refuses a decision on an unknown case', () => {
    assert.throws(() => queue().decide('case-404', moderator('m1'), 'allow', NO_VIOLATION, T0), isCode('E_NOT_FOUND'));
  });

  it('opens a fresh case for a post reported again after its decision', () => {
    const q = queue();
    const first = q.submit(detection('p1'), T0);
    q.decide(first?.id as string, moderator('m1'), 'allow', NO_VIOLATION, T0 + MINUTE);
    const second = q.submit(report('p1', 'authority'), T0 + HOUR);
    assert.notEqual(second?.id, first?.id);
    assert.equal(q.next(volunteer('v1'), T0 + HOUR)?.caseId, second?.id);
  });
});

describe('review queue: gold', () => {
  const GOLD = { id: 'gold-1', itemId: 'p-gold', answer: 'remove' as const };

  it('serves a gold case to a volunteer when the draw falls under the gold rate', () => {
    const q = queue({ goldRate: 0.1 }, () => 0.05);
    q.submit(detection('p1'), T0);
    q.addGold(GOLD);
    assert.equal(q.next(volunteer('v1'), T0)?.caseId, 'gold-1');
  });

  it('serves a real case when the draw is above the gold rate', () => {
    const q = queue({ goldRate: 0.1 }, () => 0.5);
    q.submit(detection('p1'), T0);
    q.addGold(GOLD);
    assert.equal(q.next(volunteer('v1'), T0)?.itemId, 'p1');
  });

  it('scores a gold answer into the volunteer\'s accuracy and reports it as pending', () => {
    const q = queue({ goldRate: 1 }, () => 0);
    q.addGold(GOLD);
    q.next(volunteer('v1'), T0);
    const result = q.decide('gold-1', volunteer('v1'), 'allow', NO_VIOLATION, T0 + MINUTE);
    assert.equal(result.outcome, 'pending');
    assert.deepEqual(result.gold, { correct: false });
    assert.deepEqual(q.goldRecord('v1'), { answered: 1, correct: 0 });
  });

  it('never serves the same gold case to a volunteer twice', () => {
    const q = queue({ goldRate: 1 }, () => 0);
    q.addGold(GOLD);
    q.next(volunteer('v1'), T0);
    q.decide('gold-1', volunteer('v1'), 'remove', 'threat', T0 + MINUTE);
    assert.equal(q.next(volunteer('v1'), T0 + MINUTE), undefined);
  });

  /** Two volunteers who each answered the one gold case wrongly, so neither is trusted any more. */
  function queueWithUntrustedVolunteers(): ReviewQueue {
    let draw = 0;
    const q = queue({ consensusVotes: 1, goldRate: 0.5, minimumGoldAnswers: 1, accuracyThreshold: 0.8 }, () => draw);
    q.addGold(GOLD);
    for (const reviewerId of ['v1', 'v2']) {
      const claim = q.next(volunteer(reviewerId), T0);
      q.decide(claim?.caseId as string, volunteer(reviewerId), 'allow', NO_VIOLATION, T0);
    }
    draw = 0.99;
    return q;
  }

  it('stops a volunteer below the accuracy threshold from deciding alone', () => {
    const q = queueWithUntrustedVolunteers();
    q.submit(detection('p1'), T0);
    const caseId = q.next(volunteer('v1'), T0)?.caseId as string;
    assert.deepEqual(q.decide(caseId, volunteer('v1'), 'remove', 'threat', T0 + MINUTE), { caseId, outcome: 'pending', votesNeeded: 1, needsTrustedVote: true });
  });

  it('offers a case waiting for a trusted vote to trusted volunteers only', () => {
    const q = queueWithUntrustedVolunteers();
    q.submit(detection('p1'), T0);
    const caseId = q.next(volunteer('v1'), T0)?.caseId as string;
    q.decide(caseId, volunteer('v1'), 'remove', 'threat', T0 + MINUTE);
    assert.equal(q.next(volunteer('v2'), T0 + MINUTE), undefined);
    assert.equal(q.next(volunteer('v3'), T0 + MINUTE)?.caseId, caseId);
  });

  it('lets a trusted volunteer settle the case an untrusted one voted on', () => {
    const q = queueWithUntrustedVolunteers();
    q.submit(detection('p1'), T0);
    const caseId = q.next(volunteer('v1'), T0)?.caseId as string;
    q.decide(caseId, volunteer('v1'), 'remove', 'threat', T0 + MINUTE);
    q.next(volunteer('v3'), T0 + MINUTE);
    assert.deepEqual(q.decide(caseId, volunteer('v3'), 'remove', 'threat', T0 + 2 * MINUTE), { caseId, outcome: 'decided', action: 'remove' });
  });
});
