// One place that turns a policy into the review settings in force, so a policy without a `review:` section behaves
// exactly like one that spells the defaults out.
import type { Policy } from '../domain/policy.js';
import { DEFAULT_REVIEW_SETTINGS, type ReviewSettings } from '../domain/review.js';

export function reviewSettings(policy: Policy): ReviewSettings {
  return policy.review ?? { ...DEFAULT_REVIEW_SETTINGS };
}
