// The vocabulary of human review: cases, the signals that open them, reviewers and their votes.
// Times are epoch milliseconds passed in by the caller, so everything built on these types stays pure and replayable.
import type { Action, Category } from './decision.js';

/** Volunteers need consensus; moderators and admins decide alone. */
export const REVIEWER_ROLES = ['volunteer', 'moderator', 'admin'] as const;
export type ReviewerRole = (typeof REVIEWER_ROLES)[number];

export interface Reviewer {
  id: string;
  role: ReviewerRole;
}

/** Who filed a report. Trusted flaggers and authorities are vetted, so their reports rank above users' (see priority). */
export const REPORTER_KINDS = ['user', 'trusted_flagger', 'authority'] as const;
export type ReporterKind = (typeof REPORTER_KINDS)[number];

/** What a reviewer can say about a post. */
export const VERDICTS = ['remove', 'allow', 'escalate'] as const;
export type Verdict = (typeof VERDICTS)[number];
/** What a final decision does to the post. */
export type ReviewAction = Exclude<Verdict, 'escalate'>;

/** open: in the volunteers' queue; escalated: moderators only; decided: closed, the action is known. */
export type CaseStatus = 'open' | 'escalated' | 'decided';

/** How far the post travels, as far as the platform tells us. Counts only grow, so a case keeps the largest seen. */
export interface Reach {
  followers?: number;
  reposts?: number;
  views?: number;
}

/** Something that says a post may need a person: a machine decision or a report. */
export type ReviewSignal =
  | {
      kind: 'detection';
      itemId: string;
      /** The machine's decision; only `review` opens a case, the others update a case already open. */
      action: Action;
      category: Category | 'none';
      score: number;
      reach?: Reach;
    }
  | {
      kind: 'report';
      itemId: string;
      reporter: ReporterKind;
      category: Category;
      reach?: Reach;
    };

export interface Vote {
  reviewerId: string;
  role: ReviewerRole;
  verdict: Verdict;
  /** A category, rule or exception id of the policy (or `no-violation` for allow): what the user is told. */
  reasonId: string;
  at: number;
  /** Whether the reviewer could decide alone when they voted (good gold accuracy, or a moderator); kept for audit. */
  trusted: boolean;
}

/** One post's review: every signal about the post while it is open joins the same case. */
export interface ReviewCase {
  id: string;
  itemId: string;
  status: CaseStatus;
  openedAt: number;
  /** When each category was first signalled; each category's deadline runs from that moment. */
  categories: Partial<Record<Category, number>>;
  reach: Reach;
  /** The strongest machine score seen for this post, 0 when only reports exist. */
  detectionScore: number;
  /** How many reports of each kind arrived; repeated reports by one reporter are dropped at intake. */
  reports: Record<ReporterKind, number>;
  signalCount: number;
  votes: Vote[];
  escalatedAt?: number;
  decidedAt?: number;
  action?: ReviewAction;
}

/** What happens next after a vote; `votesNeeded` and `needsTrustedVote` tell the queue whom to show a pending case. */
export interface ConsensusResult {
  outcome: 'pending' | 'decided' | 'escalated';
  action?: ReviewAction;
  votesNeeded?: number;
  needsTrustedVote?: boolean;
}

/** A known-answer case mixed into the queue to measure reviewers; it shows a real past post. */
export interface GoldCase {
  id: string;
  itemId: string;
  answer: ReviewAction;
}

/** A reviewer's hold on a case: nobody else is shown it (beyond what consensus asks) until it expires or is released. */
export interface Claim {
  caseId: string;
  itemId: string;
  reviewerId: string;
  expiresAt: number;
}

/** The policy's `review:` section, with defaults filled in. */
export interface ReviewSettings {
  /** How many volunteers must agree before their decision is final. */
  consensusVotes: number;
  /** How long a claimed case stays with one reviewer before it returns to the queue. */
  leaseSeconds: number;
  /** The share of a volunteer's cases that are gold, 0..1. */
  goldRate: number;
  /** Gold accuracy below which a volunteer no longer decides alone. */
  accuracyThreshold: number;
  /** Gold answers needed before accuracy counts: a new volunteer is not judged on two answers. */
  minimumGoldAnswers: number;
}

export const DEFAULT_REVIEW_SETTINGS: Readonly<ReviewSettings> = {
  consensusVotes: 2,
  leaseSeconds: 300,
  goldRate: 0.05,
  accuracyThreshold: 0.8,
  minimumGoldAnswers: 10,
};
