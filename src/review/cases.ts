// One open case per post: the first signal that needs a person opens it, every later signal joins it, and only a
// decision closes it. Cases are plain values; each function returns a new one so a store can diff and persist it.
import type { Category } from '../domain/decision.js';
import { VigilError } from '../domain/errors.js';
import type { Reach, ReviewCase, ReviewSignal } from '../domain/review.js';

/** A machine `review` decision or any report opens a case; `allow` and `remove` decisions only join an open one. */
export function opensCase(signal: ReviewSignal): boolean {
  return signal.kind === 'report' || (signal.action === 'review' && signal.category !== 'none');
}

/**
 * Adds `signal` (arriving at `now`) to the post's open case, or opens one. `existing` is the post's case if it has one
 * that is not decided; a decided case is history, so a new signal opens a fresh case. Returns undefined when the
 * signal does not call for review and no case is open. `newCaseId` names a case opened here (stores pass their own).
 */
export function openOrJoinCase(
  existing: ReviewCase | undefined,
  signal: ReviewSignal,
  now: number,
  newCaseId = `${signal.itemId}@${now}`,
): ReviewCase | undefined {
  const open = existing?.status === 'decided' ? undefined : existing;
  if (open && open.itemId !== signal.itemId) {
    throw new VigilError('E_INTERNAL', `signal for post ${signal.itemId} offered to the case of post ${open.itemId}`, 500);
  }
  if (!open && !opensCase(signal)) return undefined;
  const base: ReviewCase = open ?? {
    id: newCaseId,
    itemId: signal.itemId,
    status: 'open',
    openedAt: now,
    categories: {},
    reach: {},
    detectionScore: 0,
    reports: { user: 0, trusted_flagger: 0, authority: 0 },
    signalCount: 0,
    votes: [],
  };
  return {
    ...base,
    categories: withCategory(base.categories, signalCategory(signal), now),
    reach: signal.reach ? largestReach(base.reach, signal.reach) : base.reach,
    detectionScore: signal.kind === 'detection' ? Math.max(base.detectionScore, signal.score) : base.detectionScore,
    reports: signal.kind === 'report' ? { ...base.reports, [signal.reporter]: base.reports[signal.reporter] + 1 } : base.reports,
    signalCount: base.signalCount + 1,
  };
}

/** The category a signal claims; a machine that allows the post claims none, whatever its strongest category. */
function signalCategory(signal: ReviewSignal): Category | undefined {
  if (signal.kind === 'report') return signal.category;
  return signal.action === 'allow' || signal.category === 'none' ? undefined : signal.category;
}

/** Keeps the first time each category was claimed: its deadline runs from then, not from the latest signal. */
function withCategory(categories: ReviewCase['categories'], category: Category | undefined, now: number): ReviewCase['categories'] {
  if (category === undefined || categories[category] !== undefined) return categories;
  return { ...categories, [category]: now };
}

/** Counts only grow, so the largest figure seen is the most recent one, even when signals arrive out of order. */
function largestReach(known: Reach, update: Reach): Reach {
  const reach: Reach = { ...known };
  for (const field of ['followers', 'reposts', 'views'] as const) {
    const value = update[field];
    if (value !== undefined && Number.isFinite(value)) reach[field] = Math.max(reach[field] ?? 0, value);
  }
  return reach;
}
