// Which case a reviewer sees first: the most severe, most viral, most urgent.
//
//   priority = max over the case's categories of
//              severity(category) x reachFactor(reach) x signalWeight(case) x timePressure(age / deadline(category))
//
// Every factor is bounded, so priorities stay comparable and a store can keep them in a plain `double precision`
// column. Time pressure moves in steps (PRESSURE_STEPS per deadline), so a stored priority is exact until
// `priorityRecomputeAt`; a store re-prioritises only the cases whose step has passed, not all 100,000 every minute.
import { CATEGORIES } from '../domain/decision.js';
import type { Policy } from '../domain/policy.js';
import { REPORTER_KINDS, type Reach, type ReporterKind, type ReviewCase } from '../domain/review.js';

/** Audience assumed per repost when the platform sends no view count: a typical account's followers. */
export const REPOST_AUDIENCE = 100;
/** Audiences beyond this are all "everyone": the factor stops growing here. */
export const AUDIENCE_CAP = 100_000_000;

/** The views when the platform counts them, otherwise the author's followers plus the audience of the reposts. */
export function estimatedAudience(reach: Reach): number {
  const spread = (reach.followers ?? 0) + (reach.reposts ?? 0) * REPOST_AUDIENCE;
  return Math.min(AUDIENCE_CAP, Math.max(0, reach.views ?? 0, spread));
}

/**
 * 1 for a post nobody sees, +0.5 for every tenfold audience, 5 at the cap. Logarithmic because harm grows with
 * audience but a celebrity's post must not bury a direct threat to one person: 10,000x the audience is only 3x.
 */
export function reachFactor(reach: Reach): number {
  return 1 + Math.log10(1 + estimatedAudience(reach)) / 2;
}

/**
 * How much each source is believed. A vetted reporter outranks any number of user reports and any machine score:
 * the most a case without one can reach is 1.5 (detection) x 1.5 (corroboration) = 2.25 < 2.5.
 */
export const REPORTER_WEIGHT: Readonly<Record<ReporterKind, number>> = { user: 1, trusted_flagger: 2.5, authority: 3 };
/** Corroboration: every tenfold more reports adds a quarter, capped at +50% so a brigade cannot jump the queue. */
export const CORROBORATION_CAP = 1.5;

/** The strongest source (a machine score s weighs 0.5 + s) times corroboration by the number of reports. */
export function signalWeight(reviewCase: ReviewCase): number {
  let strongest = 0.5 + reviewCase.detectionScore;
  let reports = 0;
  for (const kind of REPORTER_KINDS) {
    const count = reviewCase.reports[kind];
    if (count > 0) strongest = Math.max(strongest, REPORTER_WEIGHT[kind]);
    reports += count;
  }
  return strongest * Math.min(CORROBORATION_CAP, 1 + Math.log10(1 + reports) / 4);
}

/** Steps per deadline in which time pressure moves; 8 means every 7.5 minutes for a one-hour deadline. */
export const PRESSURE_STEPS = 8;
/** Time pressure stops growing three deadlines in: by then the case is late whatever its rank. */
export const PRESSURE_CAP_DEADLINES = 3;

/**
 * 1 when the case is fresh, rising quadratically to 5 at the deadline (slowly at first, urgently near the end), then
 * +2 per further deadline up to 9, so an overdue case keeps climbing but cannot outgrow severity without bound.
 */
export function timePressure(deadlinesElapsed: number): number {
  const late = Math.min(Math.max(deadlinesElapsed, 0), PRESSURE_CAP_DEADLINES);
  return 1 + 4 * Math.min(late, 1) ** 2 + 2 * Math.max(0, late - 1);
}

function stepMs(deadlineSeconds: number): number {
  return (deadlineSeconds * 1000) / PRESSURE_STEPS;
}

/** Whole pressure steps since `since`, capped; the priority only changes when this number does. */
function pressureSteps(since: number, deadlineSeconds: number, now: number): number {
  return Math.min(PRESSURE_STEPS * PRESSURE_CAP_DEADLINES, Math.floor(Math.max(0, now - since) / stepMs(deadlineSeconds)));
}

/** The case's rank at `now`; higher is reviewed first. Decided cases are in no queue and rank 0. */
export function casePriority(reviewCase: ReviewCase, policy: Policy, now: number): number {
  if (reviewCase.status === 'decided') return 0;
  const base = reachFactor(reviewCase.reach) * signalWeight(reviewCase);
  let priority = 0;
  for (const category of CATEGORIES) {
    const since = reviewCase.categories[category];
    if (since === undefined) continue;
    const { severity, deadlineSeconds } = policy.categories[category];
    const pressure = timePressure(pressureSteps(since, deadlineSeconds, now) / PRESSURE_STEPS);
    priority = Math.max(priority, severity * pressure * base);
  }
  return priority;
}

/**
 * When `casePriority` will next change by itself (without a new signal), or undefined when it no longer will. A store
 * indexes this column and re-prioritises `WHERE recompute_at <= now`; each case is touched at most
 * PRESSURE_STEPS x PRESSURE_CAP_DEADLINES times per category.
 */
export function priorityRecomputeAt(reviewCase: ReviewCase, policy: Policy, now: number): number | undefined {
  if (reviewCase.status === 'decided') return undefined;
  let next: number | undefined;
  for (const category of CATEGORIES) {
    const since = reviewCase.categories[category];
    if (since === undefined) continue;
    const { deadlineSeconds } = policy.categories[category];
    const steps = pressureSteps(since, deadlineSeconds, now);
    if (steps >= PRESSURE_STEPS * PRESSURE_CAP_DEADLINES) continue;
    // Rounded up so that at the returned instant the step has certainly been taken, whatever the float error.
    const at = since + Math.ceil((steps + 1) * stepMs(deadlineSeconds));
    next = next === undefined ? at : Math.min(next, at);
  }
  return next;
}

/** What a queue is ordered by. */
export interface QueuePosition {
  priority: number;
  openedAt: number;
  id: string;
}

/**
 * The queue order: highest priority first, then the oldest case, then the id so that the order is total and stable.
 * In SQL: `ORDER BY priority DESC, opened_at ASC, id ASC`, served by an index on exactly those columns per status.
 */
export function compareQueuePosition(a: QueuePosition, b: QueuePosition): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  if (a.openedAt !== b.openedAt) return a.openedAt - b.openedAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
