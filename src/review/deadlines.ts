// Each category's deadline (threats 1 hour, incitement 4 hours...) runs from the moment the post was first signalled
// for that category; a case is due at the earliest of its categories' deadlines.
import { CATEGORIES, type Category } from '../domain/decision.js';
import type { Policy } from '../domain/policy.js';
import type { ReviewCase } from '../domain/review.js';

/** When the case must be decided by (epoch ms). */
export function caseDeadline(reviewCase: ReviewCase, policy: Policy): number {
  let deadline = Infinity;
  for (const category of CATEGORIES) {
    const since = reviewCase.categories[category];
    if (since !== undefined) deadline = Math.min(deadline, since + policy.categories[category].deadlineSeconds * 1000);
  }
  return deadline;
}

/** A decided case breached if it was decided after its deadline; an undecided one once `now` is past it. */
export function deadlineBreached(reviewCase: ReviewCase, policy: Policy, now: number): boolean {
  return (reviewCase.decidedAt ?? now) > caseDeadline(reviewCase, policy);
}

/** Milliseconds from opening to the final decision, or undefined while undecided. */
export function timeToDecision(reviewCase: ReviewCase): number | undefined {
  return reviewCase.decidedAt === undefined ? undefined : reviewCase.decidedAt - reviewCase.openedAt;
}

/** The most severe category claimed: the one a dashboard files the case under. */
export function primaryCategory(reviewCase: ReviewCase, policy: Policy): Category {
  let primary: Category | undefined;
  for (const category of CATEGORIES) {
    if (reviewCase.categories[category] === undefined) continue;
    if (primary === undefined || policy.categories[category].severity > policy.categories[primary].severity) primary = category;
  }
  // A case is only ever opened by a signal that claims a category.
  return primary ?? CATEGORIES[CATEGORIES.length - 1];
}
