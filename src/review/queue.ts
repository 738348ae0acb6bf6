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
// In a store (one row per case; one per reviewer and case, written on claim or on a vote without a claim, so it also
// records "was shown it or voted"; skip sets released_at; escalated cases have votes_needed = 1):
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
// (moderators run it for status 'escalated' first, without the trust condition, then for 'open').
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

type QueueName = Exclude<CaseStatus, 'decided'>;

/** Who holds a case now and who has ever been shown it (or voted on it): the two facts that decide who may take it. */
interface Assignments {
  /** Reviewer id -> lease expiry. */
  leases: Map<string, number>;
  shown: Set<string>;
}

/** Everything the queue keeps about one case, in one object so that `next` walks the queue without lookups. */
interface CaseEntry extends Assignments {
  reviewCase: ReviewCase;
  /** How many more votes it wants (at most that many live leases) and whether the next must be trusted. */
  votesNeeded: number;
  needsTrustedVote: boolean;
  placed?: { queue: QueueName; position: EntryPosition; recomputeAt?: number };
}

interface EntryPosition extends QueuePosition {
  entry: CaseEntry;
}

interface GoldEntry extends Assignments {
  gold: GoldCase;
}

export class ReviewQueue {
  private policy: Policy;
  private settings: ReviewSettings;
  private readonly random: () => number;
  private readonly entries = new Map<string, CaseEntry>();
  private readonly openCaseByItem = new Map<string, string>();
  private readonly queues: Record<QueueName, SortedPositions<EntryPosition>> = { open: new SortedPositions(), escalated: new SortedPositions() };
  private readonly due = new DueHeap();
  private readonly gold = new Map<string, GoldEntry>();
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
    const existing = existingId === undefined ? undefined : this.entries.get(existingId);
    const updated = openOrJoinCase(existing?.reviewCase, signal, now, `case-${this.casesOpened + 1}`);
    if (!updated) return undefined;
    let entry = existing;
    if (!entry) {
      this.casesOpened++;
      entry = { reviewCase: updated, votesNeeded: this.settings.consensusVotes, needsTrustedVote: false, leases: new Map(), shown: new Set() };
      this.entries.set(updated.id, entry);
      this.openCaseByItem.set(updated.itemId, updated.id);
    }
    entry.reviewCase = updated;
    this.place(entry, now);
    return updated;
  }

  /** The best case for this reviewer now, leased to them until `expiresAt`; undefined when nothing is left for them. */
  next(reviewer: Reviewer, now: number): Claim | undefined {
    this.reprioritiseDue(now);
    if (this.gold.size > 0 && servesGold(reviewer, this.random(), this.settings)) {
      const gold = this.unseenGold(reviewer.id);
      if (gold) return this.lease(gold, gold.gold.id, gold.gold.itemId, reviewer.id, now);
    }
    const trusted = isTrustedReviewer(reviewer, this.goldRecord(reviewer.id), this.settings);
    const queues: QueueName[] = reviewer.role === 'volunteer' ? ['open'] : ['escalated', 'open'];
    for (const queue of queues) {
      const found = this.queues[queue].find(({ entry }) => offerable(entry, reviewer.id, trusted, now));
      if (found) return this.lease(found.entry, found.id, found.entry.reviewCase.itemId, reviewer.id, now);
    }
    return undefined;
  }

  /** Hands a claimed case back; this reviewer will not be offered it again. */
  skip(caseId: string, reviewerId: string): boolean {
    return this.assignments(caseId)?.leases.delete(reviewerId) ?? false;
  }

  /** Extends a live lease (the console calls this while the reviewer is still reading). */
  renew(caseId: string, reviewer: Reviewer, now: number): Claim {
    const assignments = this.assignments(caseId);
    if (!assignments || !holdsLease(assignments, reviewer.id, now)) {
      throw new VigilError('E_LEASE_EXPIRED', `no live lease on case ${caseId} for ${reviewer.id}`, 409);
    }
    const itemId = this.entries.get(caseId)?.reviewCase.itemId ?? (this.gold.get(caseId)?.gold.itemId as string);
    return this.lease(assignments, caseId, itemId, reviewer.id, now);
  }

  /**
   * Records a reviewer's decision and returns what happens next. Volunteers must hold a live lease on the case;
   * moderators and admins may decide any undecided case, as from the case page.
   */
  decide(caseId: string, reviewer: Reviewer, verdict: Verdict, reasonId: string, now: number): DecisionResult {
    const gold = this.gold.get(caseId);
    if (gold) return this.answerGold(gold, reviewer, verdict, reasonId, now);
    const entry = this.entries.get(caseId);
    if (!entry) throw new VigilError('E_NOT_FOUND', `no case ${caseId}`, 404);
    if (entry.reviewCase.status === 'decided') throw new VigilError('E_CASE_CLOSED', `case ${caseId} is already decided`, 409);
    checkReason(this.policy, verdict, reasonId);
    if (reviewer.role === 'volunteer' && !holdsLease(entry, reviewer.id, now)) {
      throw new VigilError('E_LEASE_EXPIRED', `the lease on case ${caseId} has expired; take the next case`, 409);
    }
    const trusted = isTrustedReviewer(reviewer, this.goldRecord(reviewer.id), this.settings);
    const vote = { reviewerId: reviewer.id, role: reviewer.role, verdict, reasonId, at: now, trusted };
    const { reviewCase, result } = recordVote(entry.reviewCase, vote, this.settings);
    entry.reviewCase = reviewCase;
    entry.shown.add(reviewer.id);
    if (result.outcome === 'pending') {
      entry.leases.delete(reviewer.id);
      entry.votesNeeded = result.votesNeeded ?? 1;
      entry.needsTrustedVote = result.needsTrustedVote ?? false;
    } else {
      // The case has left the volunteers' queue: their leases on it end with it. A moderator takes it alone.
      entry.leases.clear();
      entry.votesNeeded = 1;
      entry.needsTrustedVote = false;
    }
    if (result.outcome === 'decided') this.openCaseByItem.delete(reviewCase.itemId);
    this.place(entry, now);
    return { caseId, ...result };
  }

  /** Adds a known-answer case to the pool served to volunteers. */
  addGold(gold: GoldCase): void {
    if (this.entries.has(gold.id) || this.gold.has(gold.id)) throw new VigilError('E_INVALID_REQUEST', `case id ${gold.id} is already in use`);
    this.gold.set(gold.id, { gold, leases: new Map(), shown: new Set() });
  }

  /** Switches to a new policy: severities, deadlines and consensus settings apply to every undecided case at once. */
  changePolicy(policy: Policy, now: number): void {
    this.policy = policy;
    this.settings = reviewSettings(policy);
    for (const entry of this.entries.values()) {
      if (entry.reviewCase.status === 'decided') continue;
      if (entry.reviewCase.status === 'open') {
        const result = consensus(entry.reviewCase.votes, this.settings);
        entry.votesNeeded = result.votesNeeded ?? 1;
        entry.needsTrustedVote = result.needsTrustedVote ?? false;
      }
      this.place(entry, now);
    }
  }

  getCase(caseId: string): ReviewCase | undefined {
    return this.entries.get(caseId)?.reviewCase;
  }

  openCaseFor(itemId: string): ReviewCase | undefined {
    const caseId = this.openCaseByItem.get(itemId);
    return caseId === undefined ? undefined : this.entries.get(caseId)?.reviewCase;
  }

  goldRecord(reviewerId: string): GoldRecord {
    return this.goldRecords.get(reviewerId) ?? NO_GOLD_ANSWERS;
  }

  /** Undecided cases of one status in queue order, for `GET /v1/cases?status=`. */
  list(status: QueueName, now: number, limit = 50, offset = 0): ReviewCase[] {
    this.reprioritiseDue(now);
    const page: ReviewCase[] = [];
    let index = 0;
    for (const { entry } of this.queues[status].inOrder()) {
      if (index++ < offset) continue;
      if (page.length === limit) break;
      page.push(entry.reviewCase);
    }
    return page;
  }

  /** Every case ever opened, decided ones included: what the dashboard summarises. */
  *cases(): IterableIterator<ReviewCase> {
    for (const entry of this.entries.values()) yield entry.reviewCase;
  }

  private assignments(caseId: string): Assignments | undefined {
    return this.entries.get(caseId) ?? this.gold.get(caseId);
  }

  private lease(assignments: Assignments, caseId: string, itemId: string, reviewerId: string, now: number): Claim {
    const expiresAt = now + this.settings.leaseSeconds * 1000;
    assignments.leases.set(reviewerId, expiresAt);
    assignments.shown.add(reviewerId);
    return { caseId, itemId, reviewerId, expiresAt };
  }

  /** A gold case this volunteer has not seen, starting at a random one so volunteers do not all see the same first. */
  private unseenGold(reviewerId: string): GoldEntry | undefined {
    const pool = [...this.gold.values()];
    const start = Math.floor(this.random() * pool.length);
    for (let i = 0; i < pool.length; i++) {
      const gold = pool[(start + i) % pool.length];
      if (!gold.shown.has(reviewerId)) return gold;
    }
    return undefined;
  }

  /** A gold answer is checked like any vote, scored, and reported as pending, as a first vote on a real case is. */
  private answerGold(entry: GoldEntry, reviewer: Reviewer, verdict: Verdict, reasonId: string, now: number): DecisionResult {
    const { gold } = entry;
    checkReason(this.policy, verdict, reasonId);
    if (!holdsLease(entry, reviewer.id, now)) throw new VigilError('E_LEASE_EXPIRED', `the lease on case ${gold.id} has expired; take the next case`, 409);
    entry.leases.delete(reviewer.id);
    this.goldRecords.set(reviewer.id, scoreGoldAnswer(this.goldRecord(reviewer.id), gold, verdict));
    return { caseId: gold.id, outcome: 'pending', votesNeeded: 1, needsTrustedVote: false, gold: { correct: verdict === gold.answer } };
  }

  /** Re-ranks the cases whose time-pressure step has passed; cheap because steps are coarse (see priority.ts). */
  private reprioritiseDue(now: number): void {
    for (let due = this.due.popDue(now); due; due = this.due.popDue(now)) {
      const entry = this.entries.get(due.caseId);
      if (entry?.placed?.recomputeAt === due.at) this.place(entry, now);
    }
  }

  /** Puts a case at its current rank in the queue of its status, or takes it out once decided. */
  private place(entry: CaseEntry, now: number): void {
    const { reviewCase, placed } = entry;
    if (placed) this.queues[placed.queue].remove(placed.position);
    if (reviewCase.status === 'decided') {
      entry.placed = undefined;
      return;
    }
    const position = { priority: casePriority(reviewCase, this.policy, now), openedAt: reviewCase.openedAt, id: reviewCase.id, entry };
    const recomputeAt = priorityRecomputeAt(reviewCase, this.policy, now);
    this.queues[reviewCase.status].insert(position);
    entry.placed = { queue: reviewCase.status, position, recomputeAt };
    if (recomputeAt !== undefined && recomputeAt !== placed?.recomputeAt) this.due.push(recomputeAt, reviewCase.id);
  }
}

/** Checks the most common refusal first: near the top of the queue, most cases are already leased. */
function offerable(entry: CaseEntry, reviewerId: string, trusted: boolean, now: number): boolean {
  if (entry.leases.size >= entry.votesNeeded && liveLeases(entry, now) >= entry.votesNeeded) return false;
  if (entry.shown.has(reviewerId)) return false;
  return trusted || !entry.needsTrustedVote;
}

function holdsLease(assignments: Assignments, reviewerId: string, now: number): boolean {
  const expiresAt = assignments.leases.get(reviewerId);
  return expiresAt !== undefined && expiresAt > now;
}

/** Live leases on a case; lapsed ones are dropped as they are found, so no sweeper is needed. */
function liveLeases(assignments: Assignments, now: number): number {
  for (const [reviewerId, expiresAt] of assignments.leases) if (expiresAt <= now) assignments.leases.delete(reviewerId);
  return assignments.leases.size;
}
