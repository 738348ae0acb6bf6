// Known-answer (gold) cases measure each volunteer's accuracy. They look like any other case; the answer was set by a
// moderator, so a volunteer whose answers often differ is wrong often, and their votes then need a trusted vote.
import type { GoldCase, Reviewer, ReviewSettings, Verdict } from '../domain/review.js';

export interface GoldRecord {
  answered: number;
  correct: number;
}

export const NO_GOLD_ANSWERS: Readonly<GoldRecord> = { answered: 0, correct: 0 };

/** Escalating a gold case counts as a miss: gold cases are chosen to be clear, and doubt on them is a signal too. */
export function scoreGoldAnswer(record: GoldRecord, gold: GoldCase, verdict: Verdict): GoldRecord {
  return { answered: record.answered + 1, correct: record.correct + (verdict === gold.answer ? 1 : 0) };
}

/** The share of gold answered correctly, or undefined before the first answer. */
export function goldAccuracy(record: GoldRecord): number | undefined {
  return record.answered === 0 ? undefined : record.correct / record.answered;
}

/**
 * Whether a reviewer's vote can settle a case with others agreeing (or alone, with `consensusVotes: 1`). Moderators
 * always can. A volunteer can until they have answered enough gold to be judged, then only while accurate enough.
 */
export function isTrustedReviewer(reviewer: Reviewer, record: GoldRecord, settings: ReviewSettings): boolean {
  if (reviewer.role !== 'volunteer') return true;
  if (record.answered < settings.minimumGoldAnswers) return true;
  return record.correct / record.answered >= settings.accuracyThreshold;
}

/**
 * Whether this claim should be a gold case; `draw` is uniform in [0, 1). Only volunteers get gold: moderators' votes
 * are final and nobody checks them against a moderator's answer.
 */
export function servesGold(reviewer: Reviewer, draw: number, settings: ReviewSettings): boolean {
  return reviewer.role === 'volunteer' && draw < settings.goldRate;
}
