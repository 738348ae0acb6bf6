import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VigilError } from '../domain/errors.js';
import type { ReviewCase, ReviewSettings, Verdict, Vote } from '../domain/review.js';
import { openOrJoinCase } from './cases.js';
import { checkReason, consensus, NO_VIOLATION, recordVote } from './consensus.js';
import { reviewSettings } from './settings.js';
import { detection, MINUTE, reviewPolicy, T0 } from './testing.js';

const policy = reviewPolicy();
const settings = reviewSettings(policy);
const single: ReviewSettings = { ...settings, consensusVotes: 1 };

function vote(reviewerId: string, verdict: Verdict, options: Partial<Vote> = {}): Vote {
  return { reviewerId, role: 'volunteer', verdict, reasonId: verdict === 'allow' ? NO_VIOLATION : 'threat', at: T0 + MINUTE, trusted: true, ...options };
}

function openCase(): ReviewCase {
  return openOrJoinCase(undefined, detection('p1'), T0, 'case-1') as ReviewCase;
}

function isCode(code: string) {
  return (error: unknown) => error instanceof VigilError && error.code === code;
}

describe('consensus', () => {
  it('waits for a second volunteer after the first vote', () => {
    assert.deepEqual(consensus([vote('v1', 'remove')], settings), { outcome: 'pending', votesNeeded: 1, needsTrustedVote: false });
  });

  it('decides when two volunteers agree', () => {
    assert.deepEqual(consensus([vote('v1', 'remove'), vote('v2', 'remove')], settings), { outcome: 'decided', action: 'remove' });
  });

  it('escalates when volunteers disagree', () => {
    assert.deepEqual(consensus([vote('v1', 'remove'), vote('v2', 'allow')], settings), { outcome: 'escalated' });
  });

  it('escalates as soon as a volunteer escalates', () => {
    assert.deepEqual(consensus([vote('v1', 'escalate')], settings), { outcome: 'escalated' });
  });

  it('lets a moderator decide alone, over volunteers who disagreed', () => {
    const votes = [vote('v1', 'remove'), vote('v2', 'allow'), vote('m1', 'allow', { role: 'moderator' })];
    assert.deepEqual(consensus(votes, settings), { outcome: 'decided', action: 'allow' });
  });

  it('keeps a case with moderators when a moderator escalates it', () => {
    assert.deepEqual(consensus([vote('m1', 'escalate', { role: 'moderator' })], settings), { outcome: 'escalated' });
  });

  it('lets one trusted volunteer decide when the policy asks for one vote', () => {
    assert.deepEqual(consensus([vote('v1', 'allow')], single), { outcome: 'decided', action: 'allow' });
  });

  it('does not let an untrusted volunteer decide alone', () => {
    assert.deepEqual(consensus([vote('v1', 'allow', { trusted: false })], single), { outcome: 'pending', votesNeeded: 1, needsTrustedVote: true });
  });

  it('needs a trusted vote when the agreeing volunteers are all untrusted', () => {
    const votes = [vote('v1', 'remove', { trusted: false }), vote('v2', 'remove', { trusted: false })];
    assert.deepEqual(consensus(votes, settings), { outcome: 'pending', votesNeeded: 1, needsTrustedVote: true });
  });

  it('decides when an untrusted volunteer and a trusted one agree', () => {
    const votes = [vote('v1', 'remove', { trusted: false }), vote('v2', 'remove')];
    assert.deepEqual(consensus(votes, settings), { outcome: 'decided', action: 'remove' });
  });
});

describe('recording a vote', () => {
  it('closes the case with its action and decision time once decided', () => {
    const first = recordVote(openCase(), vote('v1', 'remove'), settings).reviewCase;
    const { reviewCase, result } = recordVote(first, vote('v2', 'remove', { at: T0 + 5 * MINUTE }), settings);
    assert.equal(result.outcome, 'decided');
    assert.equal(reviewCase.status, 'decided');
    assert.equal(reviewCase.action, 'remove');
    assert.equal(reviewCase.decidedAt, T0 + 5 * MINUTE);
    assert.equal(reviewCase.votes.length, 2);
  });

  it('moves the case to moderators when escalated', () => {
    const { reviewCase } = recordVote(openCase(), vote('v1', 'escalate'), settings);
    assert.equal(reviewCase.status, 'escalated');
    assert.equal(reviewCase.escalatedAt, T0 + MINUTE);
  });

  it('leaves the case open while votes are pending', () => {
    assert.equal(recordVote(openCase(), vote('v1', 'allow'), settings).reviewCase.status, 'open');
  });

  it('refuses a vote on a decided case', () => {
    const decided: ReviewCase = { ...openCase(), status: 'decided' };
    assert.throws(() => recordVote(decided, vote('m1', 'allow', { role: 'moderator' }), settings), isCode('E_CASE_CLOSED'));
  });

  it('refuses a volunteer vote on an escalated case', () => {
    const escalated: ReviewCase = { ...openCase(), status: 'escalated' };
    assert.throws(() => recordVote(escalated, vote('v1', 'allow'), settings), isCode('E_FORBIDDEN'));
  });

  it('refuses a volunteer\'s second vote on the same case', () => {
    const first = recordVote(openCase(), vote('v1', 'remove'), settings).reviewCase;
    assert.throws(() => recordVote(first, vote('v1', 'remove'), settings), isCode('E_FORBIDDEN'));
  });
});

describe('reasons', () => {
  it('accept a category or rule id for removal', () => {
    checkReason(policy, 'remove', 'threat');
    checkReason(policy, 'remove', 'threat.first-person-harm');
  });

  it('accept an exception id or no-violation for allowing', () => {
    checkReason(policy, 'allow', 'news.reporting');
    checkReason(policy, 'allow', NO_VIOLATION);
  });

  it('reject a removal that cites no violation', () => {
    assert.throws(() => checkReason(policy, 'remove', NO_VIOLATION), isCode('E_INVALID_REQUEST'));
  });

  it('reject allowing a post for a violation', () => {
    assert.throws(() => checkReason(policy, 'allow', 'threat'), isCode('E_INVALID_REQUEST'));
  });

  it('reject a reason the policy does not have', () => {
    assert.throws(() => checkReason(policy, 'escalate', 'spam'), isCode('E_INVALID_REQUEST'));
  });
});
