// Human review at the edge: opens cases for `review` decisions inside the transaction that records them, hands out
// leased cases, records votes, and turns a final decision into the platform action (through the same outbox and
// signed webhooks as machine decisions) and a case event. The rules themselves live in src/review; the SQL in
// src/store/cases.ts.
import { randomUUID } from 'node:crypto';
import type { Decision, Reason } from '../domain/decision.js';
import type { Policy } from '../domain/policy.js';
import type { ReviewAction, Reviewer, ReviewSignal, Verdict } from '../domain/review.js';
import { VigilError } from '../domain/errors.js';
import { queueHealth, reviewerAgreement, type QueueHealth } from '../review/dashboard.js';
import { checkReason } from '../review/consensus.js';
import { goldAccuracy } from '../review/gold.js';
import type { CaseEvent, ClaimedCase, Repositories, StoredCase, StoredGoldCase, Store, VoteOutcome } from '../store/index.js';
import { afterReviewDecision, reviewStatement } from './account-enforcement.js';
import type { AssessedPost } from './moderation.js';

export interface ReviewDeskOptions {
  /** Uniform draws in [0, 1) deciding when a volunteer gets a gold case; tests pass fixed values. */
  random?: () => number;
  now?: () => number;
}

/** Everything a reviewer needs to decide one case. History and votes only for those allowed to see them. */
export interface CaseView {
  id: string;
  itemId: string;
  status: StoredCase['reviewCase']['status'];
  category: StoredCase['category'];
  priority: number;
  openedAt: number;
  deadlineAt: number | null;
  /** Leased to the viewer until (epoch ms), when they hold it. */
  leaseExpiresAt?: number;
  item: { text: string; author: string | null; reach: number | null; metadata: Record<string, unknown> | null };
  /** The machine's latest decision for the post: score, category and the evidence spans in the original text. */
  machine: { action: string; category: string; score: number; reasons: Reason[]; policyVersion: string } | null;
  authorContext: { removedPosts: number; recent: { itemId: string; excerpt: string }[] } | null;
  signals: number;
  reports?: StoredCase['reviewCase']['reports'];
  votes?: StoredCase['reviewCase']['votes'];
  history?: CaseEvent[];
  action?: string;
}

const DAY_MS = 86_400_000;

export interface Dashboard extends QueueHealth {
  at: string;
  /** Per reviewer: gold accuracy (all time) and agreement with final decisions (last 24 hours). */
  reviewers: { reviewerId: string; goldAnswered: number; goldAccuracy: number | null; votes: number; agreement: number | null }[];
}

export class ReviewDesk {
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(
    private readonly store: Store,
    private readonly policy: () => Policy,
    private readonly wake: () => void,
    options: ReviewDeskOptions = {},
  ) {
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  /** The moderation hook: every `review` decision opens or joins its post's case in the same transaction. */
  readonly onAssessed = async (posts: AssessedPost[], tx: Repositories): Promise<void> => {
    const signals: ReviewSignal[] = posts
      .filter((post) => post.decision.action === 'review')
      .map((post) => ({
        kind: 'detection',
        itemId: post.item.id,
        action: post.decision.action,
        category: post.decision.category,
        score: post.decision.score,
        ...(post.item.reach !== undefined ? { reach: { followers: post.item.reach } } : {}),
      }));
    if (signals.length > 0) await tx.cases.submit(signals, this.policy(), this.now());
  };

  async next(reviewer: Reviewer): Promise<ClaimedCase | undefined> {
    const policy = this.policy();
    const now = this.now();
    return this.store.transaction(async (tx) => {
      await tx.cases.reprioritiseDue(policy, now);
      return tx.cases.next(reviewer, policy, now, this.random());
    });
  }

  async skip(caseId: string, reviewer: Reviewer): Promise<void> {
    if (!(await this.store.cases.skip(caseId, reviewer.id, this.now()))) {
      throw new VigilError('E_LEASE_EXPIRED', `you hold no live lease on case ${caseId}`, 409);
    }
  }

  /** Keeps the case with the reviewer who holds it for another lease period; answers the new expiry (epoch ms). */
  async renew(caseId: string, reviewer: Reviewer): Promise<number> {
    const expiresAt = await this.store.cases.renewLease(caseId, reviewer.id, this.policy(), this.now());
    if (expiresAt === undefined) throw new VigilError('E_LEASE_EXPIRED', `you hold no live lease on case ${caseId}`, 409);
    return expiresAt;
  }

  /** Makes a stored post a known-answer case; the reason must fit the answer as a reviewer's would. */
  async addGold(itemId: string, answer: ReviewAction, reason: string, addedBy: Reviewer): Promise<StoredGoldCase> {
    checkReason(this.policy(), answer, reason);
    if (!(await this.store.items.get(itemId, 0))) throw new VigilError('E_NOT_FOUND', `no post ${itemId}; gold cases are posts Vigil has stored`, 404);
    const at = this.now();
    const id = await this.store.cases.addGold(itemId, answer, undefined, { reason, addedBy: addedBy.id, at });
    return { id, itemId, answer, reason, addedBy: addedBy.id, addedAt: at };
  }

  async goldCases(): Promise<StoredGoldCase[]> {
    return this.store.cases.goldCases();
  }

  /** Records the vote; a final decision moves the post and queues the platform action in the same transaction. */
  async decide(caseId: string, reviewer: Reviewer, verdict: Verdict, reasonId: string): Promise<VoteOutcome & { platformAction?: string }> {
    const policy = this.policy();
    const now = this.now();
    const outcome = await this.store.transaction(async (tx): Promise<VoteOutcome & { platformAction?: string }> => {
      const result = await tx.cases.vote(caseId, reviewer, verdict, reasonId, policy, now);
      if (result.outcome !== 'decided' || !result.action) return result;
      const platformAction = await tx.cases.enforce(result.itemId, result.action);
      const item = await tx.items.get(result.itemId, 1);
      const machine = item?.assessments[0]?.decision;
      // Reports resolved, strikes and account actions follow the decision (src/act/account-enforcement.ts).
      const followUp = { itemId: result.itemId, action: result.action, reviewerId: reviewer.id, reasonId, ...(machine ? { machine } : {}) };
      if (!platformAction) {
        await afterReviewDecision(tx, policy, { ...followUp, removedNow: false });
        return result;
      }
      const statementOfReasons = platformAction === 'remove' ? reviewStatement(policy, followUp) : undefined;
      const messageId = `msg_${randomUUID()}`;
      const body = {
        type: `item.${platformAction}`,
        timestamp: new Date(now).toISOString(),
        data: {
          itemId: result.itemId,
          action: platformAction,
          decision: {
            action: result.action,
            category: machine?.category ?? 'none',
            score: machine?.score ?? 0,
            reasons: machine?.reasons ?? [],
            policyVersion: policy.version,
          },
          review: { caseId, reasonId, decidedBy: reviewer.role },
          ...(statementOfReasons ? { statementOfReasons } : {}),
        },
      };
      await tx.outbox.enqueue([{ messageId, itemId: result.itemId, action: platformAction, payload: JSON.stringify(body) }]);
      await tx.cases.addEvents([{ caseId, kind: 'action', actor: null, at: now, data: { action: platformAction, messageId } }]);
      await afterReviewDecision(tx, policy, { ...followUp, removedNow: platformAction === 'remove' });
      return { ...result, platformAction };
    });
    if (outcome.platformAction) this.wake();
    return outcome;
  }

  /**
   * One case as `viewer` may see it: a volunteer only the case they hold (gold included, indistinguishable), without
   * history, votes or reports; moderators and admins everything.
   */
  async view(caseId: string, viewer: Reviewer): Promise<CaseView> {
    const now = this.now();
    const volunteer = viewer.role === 'volunteer';
    const holds = await this.store.cases.holdsLease(caseId, viewer.id, now);
    if (volunteer && !holds) throw new VigilError('E_FORBIDDEN', `volunteers see only the case they hold; take one with POST /v1/cases/next`, 403);
    const lease = holds ? await this.leaseOf(caseId, viewer.id) : undefined;
    const stored = await this.store.cases.get(caseId);
    const goldItem = stored ? undefined : await this.store.cases.goldItem(caseId);
    const itemId = stored?.reviewCase.itemId ?? goldItem;
    if (!itemId) throw new VigilError('E_NOT_FOUND', `no case ${caseId}`, 404);
    const item = await this.store.items.get(itemId, 1);
    if (!item) throw new VigilError('E_NOT_FOUND', `no post ${itemId}`, 404);
    const decision: Decision | undefined = item.assessments[0]?.decision;
    const view: CaseView = {
      id: caseId,
      itemId,
      status: stored?.reviewCase.status ?? 'open',
      category: stored?.category ?? (decision && decision.category !== 'none' ? decision.category : 'glorification'),
      priority: stored?.priority ?? 0,
      openedAt: stored?.reviewCase.openedAt ?? now,
      deadlineAt: stored?.deadlineAt ?? null,
      ...(lease !== undefined ? { leaseExpiresAt: lease } : {}),
      item: { text: item.text, author: item.author ?? null, reach: item.reach ?? null, metadata: item.metadata ?? null },
      machine: decision
        ? { action: decision.action, category: decision.category, score: decision.score, reasons: decision.reasons, policyVersion: decision.policyVersion }
        : null,
      authorContext: item.author ? await this.store.cases.authorContext(item.author, itemId) : null,
      signals: stored?.reviewCase.signalCount ?? 1,
    };
    if (!volunteer && stored) {
      view.reports = stored.reviewCase.reports;
      view.votes = stored.reviewCase.votes;
      view.history = await this.store.cases.events(caseId);
      if (stored.reviewCase.action) view.action = stored.reviewCase.action;
    }
    return view;
  }

  /** The dashboard's figures: backlog per category from SQL aggregates, the rest from the last hour's decisions. */
  async dashboard(): Promise<Dashboard> {
    const policy = this.policy();
    const now = this.now();
    const recent = await this.store.cases.decidedBetween(now - DAY_MS, now);
    const health = queueHealth(recent, policy, now);
    for (const row of await this.store.cases.backlog(now)) {
      const backlog = health.byCategory[row.category];
      backlog.waiting += row.waiting;
      backlog.oldestAgeMs = Math.max(backlog.oldestAgeMs, now - row.oldest);
      backlog.overdue += row.overdue;
      health[row.status] += row.waiting;
    }
    const gold = await this.store.cases.goldRecords();
    const agreement = reviewerAgreement(recent);
    const reviewers = [...new Set([...gold.keys(), ...agreement.keys()])].sort().map((reviewerId) => {
      const record = gold.get(reviewerId);
      const tally = agreement.get(reviewerId);
      return {
        reviewerId,
        goldAnswered: record?.answered ?? 0,
        goldAccuracy: record ? (goldAccuracy(record) ?? null) : null,
        votes: tally?.votes ?? 0,
        agreement: tally && tally.votes > 0 ? tally.agreed / tally.votes : null,
      };
    });
    return { at: new Date(now).toISOString(), ...health, reviewers };
  }

  private async leaseOf(caseId: string, reviewerId: string): Promise<number | undefined> {
    return this.store.cases.leaseExpiry(caseId, reviewerId);
  }
}
