// The vocabulary of reports, account enforcement, statements of reasons and appeals.
import type { Category } from './decision.js';
import type { ReporterKind } from './review.js';

/** received: stored; in_review: a case is open; actioned: the post was removed; no_violation: a person allowed it. */
export const REPORT_STATUSES = ['received', 'in_review', 'actioned', 'no_violation'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export interface Reporter {
  kind: ReporterKind;
  id: string;
}

/** What was done about a reported post, as the reporter is told. */
export interface ReportOutcome {
  action: 'removed' | 'allowed';
  at: string;
  /** The enforcement decision behind it, when there is one. */
  decisionId?: string;
}

/** Account actions, mildest first: the rungs of the enforcement ladder. */
export const ACCOUNT_ACTIONS = ['warn', 'limit_posting', 'suspend', 'ban'] as const;
export type AccountAction = (typeof ACCOUNT_ACTIONS)[number];

export interface LadderStep {
  /** Active strike points at or above which this step applies. */
  at: number;
  action: AccountAction;
  /** How long the restriction lasts, in seconds; absent for warn and ban. */
  durationSeconds?: number;
}

/** The policy's `enforcement:` section, with defaults filled in. */
export interface EnforcementSettings {
  /** Strike points per violation of each category. */
  strikeWeights: Record<Category, number>;
  /** How long a strike counts, in seconds. */
  strikeExpirySeconds: number;
  /** How long after a decision its subject may appeal, in seconds. */
  appealWindowSeconds: number;
  ladder: LadderStep[];
  /** A credible threat (a threat scored at or above `minScore`) goes straight to at least `action`. */
  credibleThreat: { minScore: number; action: AccountAction };
}

const DAY = 86_400;

export const DEFAULT_ENFORCEMENT_SETTINGS: Readonly<EnforcementSettings> = {
  strikeWeights: { threat: 3, incitement: 2, glorification: 1 },
  strikeExpirySeconds: 90 * DAY,
  // The EU Digital Services Act (Art. 20) asks for at least six months.
  appealWindowSeconds: 182 * DAY,
  ladder: [
    { at: 1, action: 'warn' },
    { at: 3, action: 'limit_posting', durationSeconds: DAY },
    { at: 6, action: 'suspend', durationSeconds: 7 * DAY },
    { at: 10, action: 'ban' },
  ],
  credibleThreat: { minScore: 0.95, action: 'suspend' },
};

/**
 * A statement of reasons with the fields of EU DSA Art. 17(3): what was restricted, the facts and circumstances, whether
 * automated means detected and decided it, the ground in the policy, and how to seek redress.
 */
export interface StatementOfReasons {
  restriction: { kind: 'post' | 'account'; action: string; until?: string };
  factsAndCircumstances: string;
  automatedDetection: boolean;
  automatedDecision: boolean;
  ground: { policyVersion: string; category: Category | 'none'; rules: string[]; explanation: string };
  redress: { appeal: string; appealBy: string; outOfCourtSettlement: string; judicialRedress: string };
}

export type AppealStatus = 'pending' | 'upheld' | 'reversed';
