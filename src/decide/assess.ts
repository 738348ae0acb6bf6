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
  const byDetector = new Map<string, Evidence[]>();
  for (const item of evidence) {
    const list = byDetector.get(item.detector);
    if (list) list.push(item);
    else byDetector.set(item.detector, [item]);
  }
  // Allowed contexts the policy found (news, condemnation) scale whole-post probabilities; the strongest one counts.
  const contextFactor: Record<Category, number> = { threat: 1, incitement: 1, glorification: 1 };
  for (const item of evidence) if (item.context !== undefined) contextFactor[item.category] = Math.min(contextFactor[item.category], clamp(item.context));
  const categoryMiss: Record<Category, number> = { threat: 1, incitement: 1, glorification: 1 };
  let violatingMiss = 1;
  for (const items of byDetector.values()) {
    const wholePost = items.filter((item) => item.start === undefined);
    const scores: Record<Category, number> = { threat: 0, incitement: 0, glorification: 0 };
    if (wholePost.length > 0) {
      for (const item of wholePost) scores[item.category] = Math.min(1, scores[item.category] + clamp(item.score) * contextFactor[item.category]);
      violatingMiss *= 1 - Math.min(1, scores.threat + scores.incitement + scores.glorification);
    } else {
      const miss: Record<Category, number> = { threat: 1, incitement: 1, glorification: 1 };
      for (const item of items) miss[item.category] *= 1 - clamp(item.score);
      for (const c of CATEGORIES) scores[c] = 1 - miss[c];
      violatingMiss *= miss.threat * miss.incitement * miss.glorification;
    }
    for (const c of CATEGORIES) categoryMiss[c] *= 1 - scores[c];
  }
  return {
    categoryScores: { threat: 1 - categoryMiss.threat, incitement: 1 - categoryMiss.incitement, glorification: 1 - categoryMiss.glorification },
    violating: 1 - violatingMiss,
  };
}

function clamp(score: number): number {
  return Math.min(1, Math.max(0, score));
}

function reasonsFor(evidence: Evidence[], normalized: NormalizedText): Reason[] {
  return evidence
    .filter((item) => item.score >= MIN_REASON_SCORE)
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_REASONS)
    .map((item) => {
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
