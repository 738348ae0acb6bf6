// The figures the review dashboard shows, computed over plain cases: the reference a store's SQL aggregates must match.
import { CATEGORIES, type Category } from '../domain/decision.js';
import type { Policy } from '../domain/policy.js';
import type { ReviewCase } from '../domain/review.js';
import { deadlineBreached, primaryCategory, timeToDecision } from './deadlines.js';

export interface CategoryBacklog {
  /** Undecided cases, open or escalated. */
  waiting: number;
  /** Age of the oldest undecided case in ms, 0 when none waits. */
  oldestAgeMs: number;
  /** Undecided cases already past their deadline. */
  overdue: number;
}

export interface QueueHealth {
  byCategory: Record<Category, CategoryBacklog>;
  open: number;
  escalated: number;
  /** Decisions within the last hour before `now`. */
  decisionsLastHour: number;
  /** Of those, how many came after the deadline. */
  breachedLastHour: number;
  /** Median time to decision over the last hour's decisions, undefined when there were none. */
  medianTimeToDecisionMs: number | undefined;
}

const HOUR_MS = 3_600_000;

export function queueHealth(cases: Iterable<ReviewCase>, policy: Policy, now: number): QueueHealth {
  const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, { waiting: 0, oldestAgeMs: 0, overdue: 0 }])) as Record<Category, CategoryBacklog>;
  const health: QueueHealth = { byCategory, open: 0, escalated: 0, decisionsLastHour: 0, breachedLastHour: 0, medianTimeToDecisionMs: undefined };
  const durations: number[] = [];
  for (const reviewCase of cases) {
    if (reviewCase.status === 'decided') {
      if (reviewCase.decidedAt === undefined || reviewCase.decidedAt <= now - HOUR_MS || reviewCase.decidedAt > now) continue;
      health.decisionsLastHour++;
      if (deadlineBreached(reviewCase, policy, now)) health.breachedLastHour++;
      durations.push(timeToDecision(reviewCase) ?? 0);
      continue;
    }
    health[reviewCase.status]++;
    const backlog = byCategory[primaryCategory(reviewCase, policy)];
    backlog.waiting++;
    backlog.oldestAgeMs = Math.max(backlog.oldestAgeMs, now - reviewCase.openedAt);
    if (deadlineBreached(reviewCase, policy, now)) backlog.overdue++;
  }
  durations.sort((a, b) => a - b);
  if (durations.length > 0) health.medianTimeToDecisionMs = durations[Math.floor((durations.length - 1) / 2)];
  return health;
}

export interface ReviewerAgreement {
  /** Volunteer votes on cases that were decided. */
  votes: number;
  /** Of those, how many matched the final action. */
  agreed: number;
}

/** How often each volunteer's vote matched the final decision: with gold accuracy, how the dashboard rates reviewers. */
export function reviewerAgreement(cases: Iterable<ReviewCase>): Map<string, ReviewerAgreement> {
  const agreement = new Map<string, ReviewerAgreement>();
  for (const reviewCase of cases) {
    if (reviewCase.status !== 'decided') continue;
    for (const vote of reviewCase.votes) {
      if (vote.role !== 'volunteer') continue;
      const tally = agreement.get(vote.reviewerId) ?? { votes: 0, agreed: 0 };
      tally.votes++;
      if (vote.verdict === reviewCase.action) tally.agreed++;
      agreement.set(vote.reviewerId, tally);
    }
  }
  return agreement;
}
