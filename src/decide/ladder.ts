// The enforcement ladder: active strikes on an account map to an account action. Pure: the caller passes the strikes
// that still count (not expired, not withdrawn).
import type { Category } from '../domain/decision.js';
import { ACCOUNT_ACTIONS, type AccountAction, type EnforcementSettings, type LadderStep } from '../domain/enforcement.js';

export interface StrikeInput {
  category: Category;
  /** The machine's score for the violation, or 1 when a person confirmed it. */
  score: number;
}

/** The strike points a violation of `category` is worth. */
export function strikeWeight(settings: EnforcementSettings, category: Category): number {
  return settings.strikeWeights[category];
}

/** A threat scored at or above the policy's bar skips steps: whoever makes it is a danger now, not after three. */
export function isCredibleThreat(settings: EnforcementSettings, strike: StrikeInput): boolean {
  return strike.category === 'threat' && strike.score >= settings.credibleThreat.minScore;
}

/**
 * The step for an account with `points` active strike points after the violation `latest`, or undefined below the
 * first step. A credible threat gets at least the policy's credible-threat step.
 */
export function ladderStep(settings: EnforcementSettings, points: number, latest: StrikeInput): LadderStep | undefined {
  let step: LadderStep | undefined;
  for (const candidate of settings.ladder) if (points >= candidate.at) step = candidate;
  if (isCredibleThreat(settings, latest)) {
    const floor = settings.ladder.find((s) => s.action === settings.credibleThreat.action) ?? { action: settings.credibleThreat.action, at: 0 };
    if (!step || rank(floor.action) > rank(step.action)) step = floor;
  }
  return step;
}

export function rank(action: AccountAction): number {
  return ACCOUNT_ACTIONS.indexOf(action);
}
