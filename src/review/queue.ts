// The review queue's reference behaviour, in memory: what tests check and what the store must reproduce in SQL.
//
// Who gets which case (`next`):
//   - volunteers take `open` cases; moderators and admins take `escalated` cases first, then `open` ones;
//   - in queue order (priority.ts: priority DESC, opened_at, id), the first case the reviewer has never been shown,
//     never voted on, whose live leases are fewer than the votes consensus still needs (so two reviewers share a case
//     only when it needs two more votes), and, when its next vote must come from a trusted reviewer, only to one;
//   - a volunteer's claim is a gold case instead with probability `goldRate`.
// A lease ends when its time runs out, on skip, or on a vote; a lapsed lease needs no sweeper, it just stops counting.
//
// In a store (one row per case, one per reviewer-case assignment, which also records "was shown it"):
//   review_cases (id, item_id, status, priority, opened_at, recompute_at, votes_needed, needs_trusted_vote, ...)
//     INDEX (status, priority DESC, opened_at, id) WHERE status <> 'decided'  -- the queue
//     INDEX (recompute_at) WHERE status <> 'decided'                          -- re-prioritise what is due
//   review_assignments (case_id, reviewer_id, lease_expires_at, released_at, PRIMARY KEY (case_id, reviewer_id))
//   SELECT c.id FROM review_cases c
//    WHERE c.status = 'open' AND (NOT c.needs_trusted_vote OR $trusted)
//      AND NOT EXISTS (SELECT 1 FROM review_assignments a WHERE a.case_id = c.id AND a.reviewer_id = $reviewer)
//      AND (SELECT count(*) FROM review_assignments a WHERE a.case_id = c.id AND a.released_at IS NULL
//             AND a.lease_expires_at > $now) < c.votes_needed
//    ORDER BY c.priority DESC, c.opened_at, c.id LIMIT 1 FOR UPDATE SKIP LOCKED;
// The index walk stops at the first eligible row, which is near the top: cost grows with the number of leased or
// already-seen cases above it, not with the 100,000 cases below.
import { VigilError } from '../domain/errors.js';
import type { Policy } from '../domain/policy.js';
import type { CaseStatus, Claim, ConsensusResult, GoldCase, Reviewer, ReviewCase, ReviewSettings, ReviewSignal, Verdict } from '../domain/review.js';
import { openOrJoinCase } from './cases.js';
import { checkReason, consensus, recordVote } from './consensus.js';
import { isTrustedReviewer, NO_GOLD_ANSWERS, scoreGoldAnswer, servesGold, type GoldRecord } from './gold.js';
import { casePriority, priorityRecomputeAt, type QueuePosition } from './priority.js';
import { DueHeap, SortedPositions } from './queue-index.js';
import { reviewSettings } from './settings.js';

export interface ReviewQueueOptions {
  /** Uniform draws in [0, 1) that decide when a volunteer gets gold and which; tests pass fixed values. */
  random?: () => number;
}

export interface DecisionResult extends ConsensusResult {
  caseId: string;
  /** Set only for gold cases. Never show it to the volunteer: gold measures only while it cannot be told apart. */
  gold?: { correct: boolean };
}

/** How many more votes an undecided case wants, and whether the next must be trusted. */
interface Demand {
  votesNeeded: number;
  needsTrustedVote: boolean;
}

type QueueName = Exclude<CaseStatus, 'decided'>;

export class ReviewQueue {
  private policy: Policy;
  private settings: ReviewSettings;
  private readonly random: () => number;
  private readonly byId = new Map<string, ReviewCase>();
  private readonly openCaseByItem = new Map<string, string>();
  private readonly queues: Record<QueueName, SortedPositions> = { open: new SortedPositions(), escalated: new SortedPositions() };
  private readonly placed = new Map<string, { queue: QueueName; position: QueuePosition; recomputeAt?: number }>();
  private readonly due = new DueHeap();
  private readonly demand = new Map<string, Demand>();
  /** Case or gold id -> reviewer id -> lease expiry. */
  private readonly leases = new Map<string, Map<string, number>>();
  /** Case or gold id -> every reviewer ever shown it. */
  private readonly shown = new Map<string, Set<string>>();
  private readonly gold = new Map<string, GoldCase>();
  private readonly goldRecords = new Map<string, GoldRecord>();
  private casesOpened = 0;

  constructor(policy: Policy, options: ReviewQueueOptions = {}) {
    this.policy = policy;
    this.settings = reviewSettings(policy);
    this.random = options.random ?? Math.random;
  }

  /** Adds a signal to its post's open case (opening one if the signal calls for it) and re-ranks that case. */
  submit(signal: ReviewSignal, now: number): ReviewCase | undefined {
    const existingId = this.openCaseByItem.get(signal.itemId);
    const existing = existingId === undefined ? undefined : this.byId.get(existingId);
    const updated = openOrJoinCase(existing, signal, now, `case-${this.casesOpened + 1}`);
    if (!updated) return undefined;
    if (!existing) {
      this.casesOpened++;
      this.openCaseByItem.set(updated.itemId, updated.id);
      this.demand.set(updated.id, { votesNeeded: this.settings.consensusVotes, needsTrustedVote: false });
    }
    this.byId.set(updated.id, updated);
    this.place(updated, now);
    return updated;
  }

  /** The best case for this reviewer now, leased to them until `expiresAt`; undefined when nothing is left for them. */
  next(reviewer: Reviewer, now: number): Claim | undefined {
    this.reprioritiseDue(now);
    if (this.gold.size > 0 && servesGold(reviewer, this.random(), this.settings)) {
      const gold = this.unseenGold(reviewer.id);
      if (gold) return this.lease(gold.id, gold.itemId, reviewer.id, now);
    }
    const trusted = isTrustedReviewer(reviewer, this.goldRecord(reviewer.id), this.settings);
    const queues: QueueName[] = reviewer.role === 'volunteer' ? ['open'] : ['escalated', 'open'];
    for (const queue of queues) {
      for (const position of this.queues[queue].inOrder()) {
        const reviewCase = this.byId.get(position.id) as ReviewCase;
        if (this.offerable(reviewCase, reviewer.id, trusted, now)) return this.lease(reviewCase.id, reviewCase.itemId, reviewer.id, now);
      }
    }
    return undefined;
  }

  /** Hands a claimed case back; this reviewer will not be offered it again. */
  skip(caseId: string, reviewerId: string): boolean {
    return this.leases.get(caseId)?.delete(reviewerId) ?? false;
  }

  /** Extends a live lease (the console calls this while the reviewer is still reading). */
  renew(caseId: string, reviewer: Reviewer, now: number): Claim {
    if (!this.holdsLease(caseId, reviewer.id, now)) throw new VigilError('E_LEASE_EXPIRED', `no live lease on case ${caseId} for ${reviewer.id}`, 409);
    const itemId = (this.byId.get(caseId) ?? this.gold.get(caseId))?.itemId as string;
    return this.lease(caseId, itemId, reviewer.id, now);
  }

  /**
   * Records a reviewer's decision and returns what happens next. Volunteers must hold a live lease on the case;
   * moderators and admins may decide any undecided case, as from the case page.
   */
  decide(caseId: string, reviewer: Reviewer, verdict: Verdict, reasonId: string, now: number): DecisionResult {
    const gold = this.gold.get(caseId);
    if (gold) return this.answerGold(gold, reviewer, verdict, reasonId, now);
    const reviewCase = this.byId.get(caseId);
    if (!reviewCase) throw new VigilError('E_NOT_FOUND', `no case ${caseId}`, 404);
    if (reviewCase.status === 'decided') throw new VigilError('E_CASE_CLOSED', `case ${caseId} is already decided`, 409);
    checkReason(this.policy, verdict, reasonId);
    if (reviewer.role === 'volunteer' && !this.holdsLease(caseId, reviewer.id, now)) {
      throw new VigilError('E_LEASE_EXPIRED', `the lease on case ${caseId} has expired; take the next case`, 409);
    }
    const trusted = isTrustedReviewer(reviewer, this.goldRecord(reviewer.id), this.settings);
    const vote = { reviewerId: reviewer.id, role: reviewer.role, verdict, reasonId, at: now, trusted };
    const { reviewCase: updated, result } = recordVote(reviewCase, vote, this.settings);
    this.byId.set(caseId, updated);
    this.markShown(caseId, reviewer.id);
    if (result.outcome === 'pending') {
      this.leases.get(caseId)?.delete(reviewer.id);
      this.demand.set(caseId, { votesNeeded: result.votesNeeded ?? 1, needsTrustedVote: result.needsTrustedVote ?? false });
    } else {
      // The case has left the volunteers' queue: their leases on it end with it.
      this.leases.delete(caseId);
      this.demand.set(caseId, { votesNeeded: 1, needsTrustedVote: false });
    }
    if (result.outcome === 'decided') {
      this.openCaseByItem.delete(updated.itemId);
      this.demand.delete(caseId);
    }
    this.place(updated, now);
    return { caseId, ...result };
  }

  /** Adds a known-answer case to the pool served to volunteers. */
  addGold(gold: GoldCase): void {
    if (this.byId.has(gold.id) || this.gold.has(gold.id)) throw new VigilError('E_INVALID_REQUEST', `case id ${gold.id} is already in use`);
    this.gold.set(gold.id, gold);
  }

  /** Switches to a new policy: severities, deadlines and consensus settings apply to every undecided case at once. */
  changePolicy(policy: Policy, now: number): void {
    this.policy = policy;
    this.settings = reviewSettings(policy);
    for (const reviewCase of this.byId.values()) {
      if (reviewCase.status === 'decided') continue;
      const result = reviewCase.status === 'open' ? consensus(reviewCase.votes, this.settings) : { votesNeeded: 1, needsTrustedVote: false };
      this.demand.set(reviewCase.id, { votesNeeded: result.votesNeeded ?? 1, needsTrustedVote: result.needsTrustedVote ?? false });
      this.place(reviewCase, now);
    }
  }

  getCase(caseId: string): ReviewCase | undefined {
    return this.byId.get(caseId);
  }

  openCaseFor(itemId: string): ReviewCase | undefined {
    const caseId = this.openCaseByItem.get(itemId);
    return caseId === undefined ? undefined : this.byId.get(caseId);
  }

  goldRecord(reviewerId: string): GoldRecord {
    return this.goldRecords.get(reviewerId) ?? NO_GOLD_ANSWERS;
  }

  /** Undecided cases of one status in queue order as of the last re-ranking, for `GET /v1/cases?status=`. */
  list(status: QueueName, now: number, limit = 50, offset = 0): ReviewCase[] {
    this.reprioritiseDue(now);
    const page: ReviewCase[] = [];
    let index = 0;
    for (const position of this.queues[status].inOrder()) {
      if (index++ < offset) continue;
      if (page.length === limit) break;
      page.push(this.byId.get(position.id) as ReviewCase);
    }
    return page;
  }

  /** Every case ever opened, decided ones included: what the dashboard summarises. */
  cases(): IterableIterator<ReviewCase> {
    return this.byId.values();
  }

  private offerable(reviewCase: ReviewCase, reviewerId: string, trusted: boolean, now: number): boolean {
    if (this.shown.get(reviewCase.id)?.has(reviewerId)) return false;
    if (reviewCase.votes.some((vote) => vote.reviewerId === reviewerId)) return false;
    const demand = this.demand.get(reviewCase.id) as Demand;
    if (demand.needsTrustedVote && !trusted) return false;
    return this.liveLeases(reviewCase.id, now) < demand.votesNeeded;
  }

  private liveLeases(caseId: string, now: number): number {
    const leases = this.leases.get(caseId);
    if (!leases) return 0;
    for (const [reviewerId, expiresAt] of leases) if (expiresAt <= now) leases.delete(reviewerId);
    return leases.size;
  }

  private holdsLease(caseId: string, reviewerId: string, now: number): boolean {
    const expiresAt = this.leases.get(caseId)?.get(reviewerId);
    return expiresAt !== undefined && expiresAt > now;
  }

  private lease(caseId: string, itemId: string, reviewerId: string, now: number): Claim {
    const expiresAt = now + this.settings.leaseSeconds * 1000;
    let leases = this.leases.get(caseId);
    if (!leases) this.leases.set(caseId, (leases = new Map()));
    leases.set(reviewerId, expiresAt);
    this.markShown(caseId, reviewerId);
    return { caseId, itemId, reviewerId, expiresAt };
  }

  private markShown(caseId: string, reviewerId: string): void {
    let shown = this.shown.get(caseId);
    if (!shown) this.shown.set(caseId, (shown = new Set()));
    shown.add(reviewerId);
  }

  /** A gold case this volunteer has not seen, starting at a random one so volunteers do not all see the same first. */
  private unseenGold(reviewerId: string): GoldCase | undefined {
    const pool = [...this.gold.values()];
    const start = Math.floor(this.random() * pool.length);
    for (let i = 0; i < pool.length; i++) {
      const gold = pool[(start + i) % pool.length];
      if (!this.shown.get(gold.id)?.has(reviewerId)) return gold;
    }
    return undefined;
  }

  /** A gold answer is checked like any vote, scored, and reported as pending, as a first vote on a real case is. */
  private answerGold(gold: GoldCase, reviewer: Reviewer, verdict: Verdict, reasonId: string, now: number): DecisionResult {
    checkReason(this.policy, verdict, reasonId);
    if (!this.holdsLease(gold.id, reviewer.id, now)) throw new VigilError('E_LEASE_EXPIRED', `the lease on case ${gold.id} has expired; take the next case`, 409);
    this.leases.get(gold.id)?.delete(reviewer.id);
    const record = scoreGoldAnswer(this.goldRecord(reviewer.id), gold, verdict);
    this.goldRecords.set(reviewer.id, record);
    return { caseId: gold.id, outcome: 'pending', votesNeeded: 1, gold: { correct: verdict === gold.answer } };
  }

  /** Re-ranks the cases whose time-pressure step has passed; cheap because steps are coarse (see priority.ts). */
  private reprioritiseDue(now: number): void {
    for (let due = this.due.popDue(now); due; due = this.due.popDue(now)) {
      const placed = this.placed.get(due.caseId);
      if (placed?.recomputeAt === due.at) this.place(this.byId.get(due.caseId) as ReviewCase, now);
    }
  }

  /** Puts a case at its current rank in the queue of its status, or takes it out once decided. */
  private place(reviewCase: ReviewCase, now: number): void {
    const previous = this.placed.get(reviewCase.id);
    if (previous) this.queues[previous.queue].remove(previous.position);
    if (reviewCase.status === 'decided') {
      this.placed.delete(reviewCase.id);
      return;
    }
    const position = { priority: casePriority(reviewCase, this.policy, now), openedAt: reviewCase.openedAt, id: reviewCase.id };
    const recomputeAt = priorityRecomputeAt(reviewCase, this.policy, now);
    this.queues[reviewCase.status].insert(position);
    this.placed.set(reviewCase.id, { queue: reviewCase.status, position, recomputeAt });
    if (recomputeAt !== undefined && recomputeAt !== previous?.recomputeAt) this.due.push(recomputeAt, reviewCase.id);
  }
}
