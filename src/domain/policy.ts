// A policy: what Vigil enforces and how evidence becomes an action. Loaded from a versioned YAML file.
import type { Category } from './decision.js';
import type { EnforcementSettings } from './enforcement.js';
import type { ReviewSettings } from './review.js';

export interface CategoryPolicy {
  /** Relative weight of harm, used to rank review work: threat > incitement > glorification. */
  severity: number;
  /** How long a post of this category may wait for a human decision, in seconds. */
  deadlineSeconds: number;
  /** Score at or above which a post is removed automatically / sent to review. */
  removeAt: number;
  reviewAt: number;
}

export interface RulePolicy {
  id: string;
  category: Category;
  /** How strongly one match indicates the category, 0..1. */
  score: number;
  match: string;
  /** Optional second pattern that must match within `within` words of the first. */
  near?: { match: string; within: number };
  description?: string;
}

export interface ExceptionPolicy {
  id: string;
  match: string;
  /** 0 = the match is an allowed context: any rule hit it overlaps (or lies within `within` words of) is multiplied
   * by `factor` (0 silences it). */
  within: number;
  factor: number;
  categories: Category[];
  /** 'hit' (default): dampens the rule hits it covers. 'post': found anywhere, it also dampens detectors that judge
   * the whole post (the classifier), which cannot tell a report or condemnation of violence from the act. */
  scope: 'hit' | 'post';
  description?: string;
}

export interface Policy {
  version: string;
  name: string;
  categories: Record<Category, CategoryPolicy>;
  lexicons: Record<string, string[]>;
  rules: RulePolicy[];
  exceptions: ExceptionPolicy[];
  /** Human review settings, present only when the file has a `review:` section; src/review fills in defaults. */
  review?: ReviewSettings;
  /** Strikes, the account ladder and the appeal window, present only when the file has an `enforcement:` section. */
  enforcement?: EnforcementSettings;
  /** Where the policy came from, for error messages and audit. */
  source: string;
}
