// The policy turns evidence into one decision: a score per category (evidence combined as independent signals), the
// action that score crosses the policy's thresholds for, and the reasons located in the original text.
import { CATEGORIES, type Action, type Category, type Decision, type Evidence, type Reason } from '../domain/decision.js';
import type { Policy } from '../domain/policy.js';
import type { Detector } from '../detect/detector.js';
import { normalize, originalSpan, type NormalizedText } from '../normalize/index.js';

const MAX_REASONS = 8;

export interface Assessor {
  readonly policy: Policy;
  assess(text: string): Decision;
  /** For callers that already normalised the text (training, evaluation). */
  assessNormalized(normalized: NormalizedText): Decision;
}

export function createAssessor(policy: Policy, detectors: Detector[]): Assessor {
  const assessNormalized = (normalized: NormalizedText): Decision => {
    const evidence = detectors.flatMap((detector) => detector.detect(normalized));
    return decide(policy, evidence, normalized);
  };
  return { policy, assessNormalized, assess: (text) => assessNormalized(normalize(text)) };
}

export function decide(policy: Policy, evidence: Evidence[], normalized: NormalizedText): Decision {
  const categoryScores = combine(evidence);
  // The most likely category; on (near) ties the more severe one, as POLICY.md asks.
  let category: Category = CATEGORIES[0];
  for (const candidate of CATEGORIES) {
    const margin = categoryScores[candidate] - categoryScores[category];
    if (margin > 1e-9 || (Math.abs(margin) <= 1e-9 && policy.categories[candidate].severity > policy.categories[category].severity)) {
      category = candidate;
    }
  }
  const score = categoryScores[category];
  const thresholds = policy.categories[category];
  const action: Action = score >= thresholds.removeAt ? 'remove' : score >= thresholds.reviewAt ? 'review' : 'allow';
  return {
    action,
    // An allowed post has no violation category, whatever weak evidence it carried (kept in categoryScores).
    category: action === 'allow' ? 'none' : category,
    score: round(score),
    categoryScores: Object.fromEntries(CATEGORIES.map((c) => [c, round(categoryScores[c])])) as Record<Category, number>,
    reasons: reasonsFor(evidence, normalized),
    policyVersion: policy.version,
  };
}

/** Noisy-OR: each piece of evidence is an independent chance that the post is in the category. */
function combine(evidence: Evidence[]): Record<Category, number> {
  const miss: Record<Category, number> = { threat: 1, incitement: 1, glorification: 1 };
  for (const item of evidence) miss[item.category] *= 1 - Math.min(1, Math.max(0, item.score));
  return { threat: 1 - miss.threat, incitement: 1 - miss.incitement, glorification: 1 - miss.glorification };
}

function reasonsFor(evidence: Evidence[], normalized: NormalizedText): Reason[] {
  return [...evidence]
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

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
