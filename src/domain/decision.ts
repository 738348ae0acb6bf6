// The vocabulary of a moderation decision, shared by every stage of the pipeline.

/** The violations POLICY.md defines, most severe first. */
export const CATEGORIES = ['threat', 'incitement', 'glorification'] as const;
export type Category = (typeof CATEGORIES)[number];
export type Label = Category | 'none';
export const LABELS: readonly Label[] = [...CATEGORIES, 'none'];

export const ACTIONS = ['allow', 'review', 'remove'] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * What one detector found. Spans are offsets into the NORMALISED text; the decision maps them back to the original.
 * A detector never decides: it only reports how strongly its evidence points at a category.
 */
export interface Evidence {
  detector: string;
  /** The rule id, or the model version and feature, that produced this evidence. */
  rule: string;
  category: Category;
  /** 0..1: how strongly this evidence alone indicates the category. */
  score: number;
  /** Where in the normalised text the evidence lies; absent for whole-post evidence. */
  start?: number;
  end?: number;
  /**
   * Set on context evidence: an allowed context the policy names (news report, condemnation) was found, and every
   * detector's whole-post probability of this category is multiplied by this factor. Adds nothing to the score.
   */
  context?: number;
}

/** One line of the explanation a moderator reads: evidence located in the ORIGINAL text. */
export interface Reason {
  detector: string;
  rule: string;
  category: Category;
  score: number;
  /** UTF-16 offsets into the original text (JavaScript string indices), end exclusive. */
  start: number;
  end: number;
  excerpt: string;
}

export interface Decision {
  action: Action;
  category: Label;
  /** How likely the post violates the policy, 0..1, comparable across posts. */
  score: number;
  /** The combined score for each category, before the action was chosen. */
  categoryScores: Record<Category, number>;
  reasons: Reason[];
  policyVersion: string;
}
