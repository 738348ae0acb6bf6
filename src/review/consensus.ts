// When reviewers' votes become a decision. A volunteer's vote is final only when enough volunteers agree and at least
// one of them decides well on gold; any disagreement or doubt goes to a moderator, whose vote is final.
import { CATEGORIES } from '../domain/decision.js';
import { VigilError } from '../domain/errors.js';
import type { Policy } from '../domain/policy.js';
import type { ConsensusResult, ReviewCase, ReviewSettings, Verdict, Vote } from '../domain/review.js';

/** The reason for allowing a post that breaks no rule and matches no exception. */
export const NO_VIOLATION = 'no-violation';

/**
 * What the votes cast so far (in order) mean. A moderator's latest vote wins outright. Otherwise volunteers must all
 * say the same: one escalate or one dissent sends the case to moderators; `consensusVotes` agreeing votes including a
 * trusted one decide it; fewer leave it pending, saying how many votes are still needed and whether the next must be
 * trusted (so the queue does not hand it to a volunteer whose vote could not settle it).
 */
export function consensus(votes: readonly Vote[], settings: ReviewSettings): ConsensusResult {
  const moderatorVote = votes.findLast((vote) => vote.role !== 'volunteer');
  if (moderatorVote) return settle(moderatorVote.verdict);
  const volunteerVotes = votes.filter((vote) => vote.role === 'volunteer');
  const verdicts = new Set(volunteerVotes.map((vote) => vote.verdict));
  if (verdicts.has('escalate') || verdicts.size > 1) return { outcome: 'escalated' };
  const agreeing = volunteerVotes.length;
  const trusted = volunteerVotes.some((vote) => vote.trusted);
  if (agreeing >= settings.consensusVotes && trusted) return settle(volunteerVotes[0].verdict);
  const votesNeeded = Math.max(settings.consensusVotes - agreeing, 1);
  return { outcome: 'pending', votesNeeded, needsTrustedVote: !trusted && votesNeeded === 1 };
}

function settle(verdict: Verdict): ConsensusResult {
  return verdict === 'escalate' ? { outcome: 'escalated' } : { outcome: 'decided', action: verdict };
}

/**
 * Adds a vote to a case and applies what it means. Refuses votes the rules forbid: on a decided case, by a volunteer
 * on an escalated case (it waits for a moderator), or a volunteer's second vote on the same case.
 */
export function recordVote(reviewCase: ReviewCase, vote: Vote, settings: ReviewSettings): { reviewCase: ReviewCase; result: ConsensusResult } {
  if (reviewCase.status === 'decided') throw new VigilError('E_CASE_CLOSED', `case ${reviewCase.id} is already decided`, 409);
  if (vote.role === 'volunteer') {
    if (reviewCase.status === 'escalated') throw new VigilError('E_FORBIDDEN', `case ${reviewCase.id} is escalated to moderators`, 403);
    if (reviewCase.votes.some((earlier) => earlier.reviewerId === vote.reviewerId)) {
      throw new VigilError('E_FORBIDDEN', `reviewer ${vote.reviewerId} already voted on case ${reviewCase.id}`, 403);
    }
  }
  const votes = [...reviewCase.votes, vote];
  const result = consensus(votes, settings);
  const updated: ReviewCase = { ...reviewCase, votes };
  if (result.outcome === 'decided') Object.assign(updated, { status: 'decided', decidedAt: vote.at, action: result.action });
  if (result.outcome === 'escalated') Object.assign(updated, { status: 'escalated', escalatedAt: reviewCase.escalatedAt ?? vote.at });
  return { reviewCase: updated, result };
}

/**
 * Checks that a reason fits the verdict, so the user is told something true: removal cites a category or rule of the
 * policy; allowing cites an exception or `no-violation`; escalation may cite any of them.
 */
export function checkReason(policy: Policy, verdict: Verdict, reasonId: string): void {
  const violations = new Set<string>([...CATEGORIES, ...policy.rules.map((rule) => rule.id)]);
  const permissions = new Set<string>([NO_VIOLATION, ...policy.exceptions.map((exception) => exception.id)]);
  const fits =
    verdict === 'remove' ? violations.has(reasonId) : verdict === 'allow' ? permissions.has(reasonId) : violations.has(reasonId) || permissions.has(reasonId);
  if (!fits) {
    const expected = verdict === 'remove' ? 'a category or rule id' : verdict === 'allow' ? `an exception id or "${NO_VIOLATION}"` : 'a reason id of the policy';
    throw new VigilError('E_INVALID_REQUEST', `reason "${reasonId}" does not fit "${verdict}": expected ${expected} of policy ${policy.version}`);
  }
}
