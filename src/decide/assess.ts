// The policy turns evidence into one decision: a probability that the post violates, one per category, the action
// the post's probability crosses the thresholds of its most likely category for, and the reasons located in the
// original text.
import { CATEGORIES, type Action, type Category, type Decision, type Evidence, type Reason } from '../domain/decision.js';
import type { Policy } from '../domain/policy.js';
import type { Detector } from '../detect/detector.js';
import { normalize, originalSpan, type NormalizedText } from '../normalize/index.js';

const MAX_REASONS = 8;
// Evidence this weak explains nothing to a reader (a model's 0.2 % for a benign post); it still counts in the scores.
const MIN_REASON_SCORE = 0.01;

export interface Assessor {
  readonly policy: Policy;
  assess(text: string): Decision;
  /** For callers that already normalised the text (training, evaluation). */
  assessNormalized(normalized: NormalizedText): Decision;
}

export function createAssessor(policy: Policy, detectors: Detector[]): Assessor {
  const assessNormalized = (normalized: NormalizedText): Decision => {
    // A loop rather than flatMap: this runs for every post and flatMap costs as much as deciding.
    const evidence: Evidence[] = [];
    for (const detector of detectors) for (const item of detector.detect(normalized)) evidence.push(item);
    return decide(policy, evidence, normalized);
  };
  return { policy, assessNormalized, assess: (text) => assessNormalized(normalize(text)) };
}

export function decide(policy: Policy, evidence: Evidence[], normalized: NormalizedText): Decision {
  const { categoryScores, violating } = combine(evidence);
  // The most likely category; on (near) ties the more severe one, as POLICY.md asks.
  let category: Category = CATEGORIES[0];
  for (const candidate of CATEGORIES) {
    const margin = categoryScores[candidate] - categoryScores[category];
    if (margin > 1e-9 || (Math.abs(margin) <= 1e-9 && policy.categories[candidate].severity > policy.categories[category].severity)) {
      category = candidate;
    }
  }
  // The action follows how likely the post violates at all: a post split between threat and incitement is no less
  // violating than one that is clearly either.
  const score = violating;
  const thresholds = policy.categories[category];
  const action: Action = score >= thresholds.removeAt ? 'remove' : score >= thresholds.reviewAt ? 'review' : 'allow';
  return {
    action,
    // An allowed post has no violation category, whatever weak evidence it carried (kept in categoryScores).
    category: action === 'allow' ? 'none' : category,
    score: round(score),
    categoryScores: roundedScores(categoryScores),
    reasons: reasonsFor(evidence, normalized),
    policyVersion: policy.version,
  };
}

/**
 * Evidence to probabilities, per detector and then across detectors:
 * - Whole-post evidence (no span) is a model's calibrated probability of one category. One detector's whole-post
 *   probabilities exclude each other, so they add up to its probability that the post violates; its located evidence
 *   only explains them and is not counted again.
 * - A detector without whole-post evidence (the rules) gives independent chances: noisy-OR of its evidence.
 * - Detectors combine as independent signals (noisy-OR), per category and for the post as a whole. The model's
 *   probability is thus the base that rule hits raise, by as much as the policy scores each rule.
 */
function combine(evidence: Evidence[]): { categoryScores: Record<Category, number>; violating: number } {
  // Per category, indexed as in CATEGORIES: this runs for every post, and arrays beat records keyed by name.
  // Allowed contexts the policy found (news, condemnation) scale whole-post probabilities; the strongest one counts.
  const contextFactor = [1, 1, 1];
  for (const item of evidence) {
    if (item.context === undefined) continue;
    const c = categoryIndex(item.category);
    contextFactor[c] = Math.min(contextFactor[c], clamp(item.context));
  }
  const categoryMiss = [1, 1, 1];
  let violatingMiss = 1;
  const detectors: string[] = [];
  for (const { detector } of evidence) {
    // Each detector once, in the order it first gave evidence.
    if (detectors.includes(detector)) continue;
    detectors.push(detector);
    let wholePost = false;
    for (const item of evidence) if (item.detector === detector && item.start === undefined) wholePost = true;
    const scores = [0, 0, 0];
    if (wholePost) {
      for (const item of evidence) {
        if (item.detector !== detector || item.start !== undefined) continue;
        const c = categoryIndex(item.category);
        scores[c] = Math.min(1, scores[c] + clamp(item.score) * contextFactor[c]);
      }
      violatingMiss *= 1 - Math.min(1, scores[0] + scores[1] + scores[2]);
    } else {
      const miss = [1, 1, 1];
      for (const item of evidence) if (item.detector === detector) miss[categoryIndex(item.category)] *= 1 - clamp(item.score);
      for (let c = 0; c < 3; c++) scores[c] = 1 - miss[c];
      violatingMiss *= miss[0] * miss[1] * miss[2];
    }
    for (let c = 0; c < 3; c++) categoryMiss[c] *= 1 - scores[c];
  }
  return {
    categoryScores: { threat: 1 - categoryMiss[0], incitement: 1 - categoryMiss[1], glorification: 1 - categoryMiss[2] },
    violating: 1 - violatingMiss,
  };
}

function categoryIndex(category: Category): number {
  return category === 'threat' ? 0 : category === 'incitement' ? 1 : 2;
}

function clamp(score: number): number {
  return Math.min(1, Math.max(0, score));
}

function reasonsFor(evidence: Evidence[], normalized: NormalizedText): Reason[] {
  // Strongest first, in the order given among equals (a stable insertion sort: a post has a handful of evidence).
  const strongest: Evidence[] = [];
  for (const item of evidence) {
    if (!(item.score >= MIN_REASON_SCORE)) continue;
    let at = strongest.length;
    while (at > 0 && strongest[at - 1].score < item.score) at--;
    strongest.splice(at, 0, item);
  }
  if (strongest.length > MAX_REASONS) strongest.length = MAX_REASONS;
  return strongest.map((item) => {
    const span = item.start === undefined || item.end === undefined ? { start: 0, end: normalized.original.length } : originalSpan(normalized, item.start, item.end);
    return {
      detector: item.detector,
      rule: item.rule,
      category: item.category,
      score: round(item.score),
      start: span.start,
      end: span.end,
      excerpt: normalized.original.slice(span.start, span.end),
    };
  });
}

function roundedScores(scores: Record<Category, number>): Record<Category, number> {
  const rounded = {} as Record<Category, number>;
  for (const category of CATEGORIES) rounded[category] = round(scores[category]);
  return rounded;
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
