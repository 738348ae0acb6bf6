// Review cases in the database: the same behaviour as the in-memory ReviewQueue (src/review/queue.ts, whose top
// comment sketches these tables and the next-case query), built on the same pure functions. Every method runs on the
// executor it was given, so a caller that needs several steps atomically runs them on a transaction's repositories.
import { randomUUID } from 'node:crypto';
import type { Category } from '../domain/decision.js';
import { VigilError } from '../domain/errors.js';
import type { Policy } from '../domain/policy.js';
import type { CaseStatus, Claim, ConsensusResult, Reviewer, ReviewAction, ReviewCase, ReviewSignal, Verdict } from '../domain/review.js';
import { openOrJoinCase } from '../review/cases.js';
import { checkReason, consensus, recordVote } from '../review/consensus.js';
import { caseDeadline, primaryCategory } from '../review/deadlines.js';
import { isTrustedReviewer, NO_GOLD_ANSWERS, scoreGoldAnswer, servesGold, type GoldRecord } from '../review/gold.js';
import { casePriority, priorityRecomputeAt } from '../review/priority.js';
import { reviewSettings } from '../review/settings.js';
import type { SqlExecutor } from './driver.js';

export type QueueStatus = Exclude<CaseStatus, 'decided'>;

export interface CaseEvent {
  id: number;
  kind: 'signal' | 'claim' | 'skip' | 'vote' | 'decision' | 'escalation' | 'action';
  actor: string | null;
  at: number;
  data: Record<string, unknown>;
}

export interface StoredCase {
  reviewCase: ReviewCase;
  priority: number;
  category: Category;
  /** Epoch ms; null when no category has a deadline. */
  deadlineAt: number | null;
  votesNeeded: number;
}

export interface VoteOutcome extends ConsensusResult {
  caseId: string;
  itemId: string;
  /** Set only for gold cases; never shown to the volunteer. */
  gold?: { correct: boolean };
}

export interface ClaimedCase extends Claim {
  gold: boolean;
}

/** A known-answer case as moderators see it; reason, author and time are null for gold added before the API. */
export interface StoredGoldCase {
  id: string;
  itemId: string;
  answer: ReviewAction;
  reason: string | null;
  addedBy: string | null;
  addedAt: number | null;
}

interface CaseRow {
  id: string;
  state: ReviewCase;
  priority: number;
  category: Category;
  deadline_at: number | null;
  votes_needed: number;
}

const CASE_COLUMNS = 'id, state, priority, category, deadline_at, votes_needed';
const toStored = (row: CaseRow): StoredCase => ({
  reviewCase: row.state,
  priority: row.priority,
  category: row.category,
  deadlineAt: row.deadline_at,
  votesNeeded: row.votes_needed,
});

export class CaseRepository {
  constructor(private readonly db: SqlExecutor) {}

  /**
   * Adds signals to their posts' open cases, opening a case where a signal calls for one (openOrJoinCase decides),
   * and re-ranks them. Call inside the transaction that recorded what caused the signals.
   */
  async submit(signals: ReviewSignal[], policy: Policy, now: number): Promise<ReviewCase[]> {
    if (signals.length === 0) return [];
    const itemIds = [...new Set(signals.map((signal) => signal.itemId))];
    const rows = await this.db.query<CaseRow>(
      `SELECT ${CASE_COLUMNS} FROM review_cases WHERE item_id = ANY($1::text[]) AND status <> 'decided' ORDER BY id FOR UPDATE`,
      [itemIds],
    );
    const open = new Map(rows.map((row) => [row.state.itemId, row]));
    const changed = new Map<string, { reviewCase: ReviewCase; isNew: boolean; votesNeeded: number; needsTrusted: boolean }>();
    const events: { caseId: string; data: Record<string, unknown> }[] = [];
    const settings = reviewSettings(policy);
    for (const signal of signals) {
      const known = changed.get(signal.itemId);
      const existing = known?.reviewCase ?? open.get(signal.itemId)?.state;
      const updated = openOrJoinCase(existing, signal, now, `case_${randomUUID()}`);
      if (!updated) continue;
      const isNew = known?.isNew ?? !open.has(signal.itemId);
      const pending = consensus(updated.votes, settings);
      const votesNeeded = updated.status === 'escalated' ? 1 : (pending.votesNeeded ?? 1);
      changed.set(signal.itemId, { reviewCase: updated, isNew, votesNeeded, needsTrusted: updated.status === 'open' && (pending.needsTrustedVote ?? false) });
      events.push({ caseId: updated.id, data: { ...signal } });
    }
    if (changed.size === 0) return [];
    const records = [...changed.values()].map(({ reviewCase, isNew, votesNeeded, needsTrusted }) => ({
      ...this.columns(reviewCase, policy, now),
      is_new: isNew,
      votes_needed: votesNeeded,
      needs_trusted_vote: needsTrusted,
    }));
    // Cases and their signal events in one statement: this runs once per recorded group, and on PGlite every
    // statement is a round trip to the database thread. (The events' foreign key is checked at the statement's end.)
    await this.db.query(
      `WITH saved_cases AS (
         INSERT INTO review_cases (id, item_id, status, priority, opened_at, recompute_at, votes_needed, needs_trusted_vote, category, deadline_at, state)
         SELECT x.id, x.item_id, x.status, x.priority, x.opened_at, x.recompute_at, x.votes_needed, x.needs_trusted_vote, x.category, x.deadline_at, x.state
         FROM jsonb_to_recordset($1::jsonb) AS x(id text, item_id text, status text, priority float8, opened_at float8, recompute_at float8,
           votes_needed integer, needs_trusted_vote boolean, category text, deadline_at float8, state jsonb, is_new boolean)
         ON CONFLICT (id) DO UPDATE SET priority = EXCLUDED.priority, recompute_at = EXCLUDED.recompute_at, category = EXCLUDED.category,
           deadline_at = EXCLUDED.deadline_at, state = EXCLUDED.state
       )
       INSERT INTO case_events (case_id, kind, actor, at, data)
       SELECT x.case_id, 'signal', NULL, $3, x.data FROM jsonb_to_recordset($2::jsonb) AS x(case_id text, data jsonb)`,
      [JSON.stringify(records), JSON.stringify(events.map((event) => ({ case_id: event.caseId, data: event.data }))), now],
    );
    return [...changed.values()].map((entry) => entry.reviewCase);
  }

  /** Re-ranks undecided cases whose time-pressure step has passed (see priority.ts); at most `limit` per call. */
  async reprioritiseDue(policy: Policy, now: number, limit = 500): Promise<number> {
    const rows = await this.db.query<CaseRow>(
      `SELECT ${CASE_COLUMNS} FROM review_cases WHERE status <> 'decided' AND recompute_at <= $1 ORDER BY recompute_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
    if (rows.length === 0) return 0;
    await this.db.query(
      `UPDATE review_cases c SET priority = x.priority, recompute_at = x.recompute_at
       FROM jsonb_to_recordset($1::jsonb) AS x(id text, priority float8, recompute_at float8) WHERE c.id = x.id`,
      [JSON.stringify(rows.map((row) => ({ id: row.id, priority: casePriority(row.state, policy, now), recompute_at: priorityRecomputeAt(row.state, policy, now) ?? null })))],
    );
    return rows.length;
  }

  /**
   * The best case for this reviewer now, leased to them (see src/review/queue.ts for who gets what). `draw` is a
   * uniform number in [0, 1) deciding whether a volunteer gets a gold case instead.
   */
  async next(reviewer: Reviewer, policy: Policy, now: number, draw: number): Promise<ClaimedCase | undefined> {
    const settings = reviewSettings(policy);
    const expiresAt = now + settings.leaseSeconds * 1000;
    if (servesGold(reviewer, draw, settings)) {
      const [gold] = await this.db.query<{ id: string; item_id: string }>(
        `SELECT g.id, g.item_id FROM gold_cases g
         WHERE NOT EXISTS (SELECT 1 FROM review_assignments a WHERE a.case_id = g.id AND a.reviewer_id = $1)
         ORDER BY md5(g.id || $1) LIMIT 1`,
        [reviewer.id],
      );
      if (gold) {
        await this.lease(gold.id, reviewer.id, expiresAt);
        return { caseId: gold.id, itemId: gold.item_id, reviewerId: reviewer.id, expiresAt, gold: true };
      }
    }
    const trusted = isTrustedReviewer(reviewer, await this.goldRecord(reviewer.id), settings);
    const queues: QueueStatus[] = reviewer.role === 'volunteer' ? ['open'] : ['escalated', 'open'];
    for (const queue of queues) {
      // The status is a literal so that the planner sees the partial index applies (a parameter would hide it).
      const [found] = await this.db.query<{ id: string; item_id: string }>(
        `SELECT c.id, c.item_id FROM review_cases c
         WHERE c.status = '${queue}' AND (NOT c.needs_trusted_vote OR $1::boolean)
           AND NOT EXISTS (SELECT 1 FROM review_assignments a WHERE a.case_id = c.id AND a.reviewer_id = $2)
           AND (SELECT count(*) FROM review_assignments a WHERE a.case_id = c.id AND a.released_at IS NULL AND a.lease_expires_at > $3) < c.votes_needed
         ORDER BY c.priority DESC, c.opened_at, c.id LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [trusted, reviewer.id, now],
      );
      if (found) {
        await this.lease(found.id, reviewer.id, expiresAt);
        await this.addEvents([{ caseId: found.id, kind: 'claim', actor: reviewer.id, at: now, data: { expiresAt } }]);
        return { caseId: found.id, itemId: found.item_id, reviewerId: reviewer.id, expiresAt, gold: false };
      }
    }
    return undefined;
  }

  /** Hands a claimed case back; this reviewer will not be offered it again. False when they held no live lease. */
  async skip(caseId: string, reviewerId: string, now: number): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE review_assignments SET released_at = $3 WHERE case_id = $1 AND reviewer_id = $2 AND released_at IS NULL AND lease_expires_at > $3 RETURNING 1`,
      [caseId, reviewerId, now],
    );
    if (rows.length > 0 && !(await this.isGold(caseId))) await this.addEvents([{ caseId, kind: 'skip', actor: reviewerId, at: now, data: {} }]);
    return rows.length > 0;
  }

  async holdsLease(caseId: string, reviewerId: string, now: number): Promise<boolean> {
    const rows = await this.db.query(
      'SELECT 1 FROM review_assignments WHERE case_id = $1 AND reviewer_id = $2 AND released_at IS NULL AND lease_expires_at > $3',
      [caseId, reviewerId, now],
    );
    return rows.length > 0;
  }

  async leaseExpiry(caseId: string, reviewerId: string): Promise<number | undefined> {
    const [row] = await this.db.query<{ lease_expires_at: number }>('SELECT lease_expires_at FROM review_assignments WHERE case_id = $1 AND reviewer_id = $2', [
      caseId,
      reviewerId,
    ]);
    return row?.lease_expires_at;
  }

  /**
   * Records a reviewer's vote and what it means (same rules as ReviewQueue.decide). Volunteers must hold a live lease;
   * moderators and admins may decide any undecided case. The caller applies a final action to the post.
   */
  async vote(caseId: string, reviewer: Reviewer, verdict: Verdict, reasonId: string, policy: Policy, now: number): Promise<VoteOutcome> {
    const settings = reviewSettings(policy);
    const [row] = await this.db.query<CaseRow>(`SELECT ${CASE_COLUMNS} FROM review_cases WHERE id = $1 FOR UPDATE`, [caseId]);
    if (!row) return this.answerGold(caseId, reviewer, verdict, reasonId, policy, now);
    if (row.state.status === 'decided') throw new VigilError('E_CASE_CLOSED', `case ${caseId} is already decided`, 409);
    checkReason(policy, verdict, reasonId);
    if (reviewer.role === 'volunteer' && !(await this.holdsLease(caseId, reviewer.id, now))) {
      throw new VigilError('E_LEASE_EXPIRED', `the lease on case ${caseId} has expired; take the next case`, 409);
    }
    const trusted = isTrustedReviewer(reviewer, await this.goldRecord(reviewer.id), settings);
    const vote = { reviewerId: reviewer.id, role: reviewer.role, verdict, reasonId, at: now, trusted };
    const { reviewCase, result } = recordVote(row.state, vote, settings);
    const pending = result.outcome === 'pending';
    await this.db.query(
      `UPDATE review_cases SET status = $2, priority = $3, recompute_at = $4, votes_needed = $5, needs_trusted_vote = $6, decided_at = $7, action = $8, state = $9::jsonb
       WHERE id = $1`,
      [
        caseId,
        reviewCase.status,
        casePriority(reviewCase, policy, now),
        priorityRecomputeAt(reviewCase, policy, now) ?? null,
        pending ? (result.votesNeeded ?? 1) : 1,
        pending ? (result.needsTrustedVote ?? false) : false,
        reviewCase.decidedAt ?? null,
        reviewCase.action ?? null,
        JSON.stringify(reviewCase),
      ],
    );
    // The voter's lease ends with the vote (the row stays: it records that they saw the case). A case that left the
    // volunteers' queue ends every lease on it.
    await this.db.query(
      `INSERT INTO review_assignments (case_id, reviewer_id, lease_expires_at, released_at) VALUES ($1, $2, $3, $3)
       ON CONFLICT (case_id, reviewer_id) DO UPDATE SET released_at = $3`,
      [caseId, reviewer.id, now],
    );
    if (!pending) await this.db.query('UPDATE review_assignments SET released_at = $2 WHERE case_id = $1 AND released_at IS NULL', [caseId, now]);
    await this.db.query('INSERT INTO review_votes (case_id, reviewer_id, role, verdict, reason_id, trusted, at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      caseId,
      reviewer.id,
      reviewer.role,
      verdict,
      reasonId,
      trusted,
      now,
    ]);
    const events: Omit<CaseEvent, 'id'>[] = [{ kind: 'vote', actor: reviewer.id, at: now, data: { role: reviewer.role, verdict, reasonId, trusted } }];
    if (result.outcome === 'decided') events.push({ kind: 'decision', actor: reviewer.id, at: now, data: { action: result.action } });
    if (result.outcome === 'escalated' && row.state.status !== 'escalated') events.push({ kind: 'escalation', actor: reviewer.id, at: now, data: {} });
    await this.addEvents(events.map((event) => ({ ...event, caseId })));
    return { caseId, itemId: reviewCase.itemId, ...result };
  }

  /**
   * Moves the post to what a final review action calls for and says which platform action announces the change,
   * if any: remove -> removed; allow -> none (restoring a held or removed post). The same rule as enforcementAfter.
   */
  async enforce(itemId: string, action: ReviewAction): Promise<'remove' | 'restore' | undefined> {
    const enforcement = action === 'remove' ? 'removed' : 'none';
    const rows = await this.db.query(`UPDATE items SET enforcement = $2, updated_at = now() WHERE id = $1 AND enforcement <> $2 RETURNING 1`, [itemId, enforcement]);
    if (rows.length === 0) return undefined;
    return action === 'remove' ? 'remove' : 'restore';
  }

  /**
   * Closes the undecided cases of posts the machine has just removed, as decided (remove) by the detector that removed
   * them, so that no reviewer is handed a post already gone. Returns the ids of the cases closed.
   */
  async closeRemoved(removals: { itemId: string; decidedBy: string }[], now: number): Promise<string[]> {
    if (removals.length === 0) return [];
    const decider = new Map(removals.map((removal) => [removal.itemId, removal.decidedBy]));
    const rows = await this.db.query<CaseRow>(
      `SELECT ${CASE_COLUMNS} FROM review_cases WHERE item_id = ANY($1::text[]) AND status <> 'decided' ORDER BY id FOR UPDATE`,
      [[...decider.keys()]],
    );
    if (rows.length === 0) return [];
    const closed = rows.map((row): ReviewCase => ({ ...row.state, status: 'decided', decidedAt: now, action: 'remove' }));
    const ids = closed.map((reviewCase) => reviewCase.id);
    await this.db.query(
      `UPDATE review_cases SET status = 'decided', recompute_at = NULL, votes_needed = 1, needs_trusted_vote = false, decided_at = $2, action = 'remove', state = x.state
       FROM jsonb_to_recordset($1::jsonb) AS x(id text, state jsonb) WHERE review_cases.id = x.id`,
      [JSON.stringify(closed.map((reviewCase) => ({ id: reviewCase.id, state: reviewCase }))), now],
    );
    await this.db.query('UPDATE review_assignments SET released_at = $2 WHERE case_id = ANY($1::text[]) AND released_at IS NULL', [ids, now]);
    await this.addEvents(closed.map((reviewCase) => ({ caseId: reviewCase.id, kind: 'decision' as const, actor: decider.get(reviewCase.itemId) ?? null, at: now, data: { action: 'remove', automated: true } })));
    return ids;
  }

  async addEvents(events: (Omit<CaseEvent, 'id'> & { caseId: string })[]): Promise<void> {
    if (events.length === 0) return;
    await this.db.query(
      `INSERT INTO case_events (case_id, kind, actor, at, data)
       SELECT x.case_id, x.kind, x.actor, x.at, x.data FROM jsonb_to_recordset($1::jsonb) AS x(case_id text, kind text, actor text, at float8, data jsonb)`,
      [JSON.stringify(events.map((e) => ({ case_id: e.caseId, kind: e.kind, actor: e.actor, at: e.at, data: e.data })))],
    );
  }

  async get(caseId: string): Promise<StoredCase | undefined> {
    const [row] = await this.db.query<CaseRow>(`SELECT ${CASE_COLUMNS} FROM review_cases WHERE id = $1`, [caseId]);
    return row ? toStored(row) : undefined;
  }

  /** The case history, oldest first. */
  async events(caseId: string): Promise<CaseEvent[]> {
    return this.db.query<CaseEvent>('SELECT id, kind, actor, at, data FROM case_events WHERE case_id = $1 ORDER BY id', [caseId]);
  }

  /** Undecided cases of one status in queue order, or decided ones newest first. */
  async list(status: CaseStatus, limit: number, offset: number): Promise<StoredCase[]> {
    const order = status === 'decided' ? 'decided_at DESC, id' : 'priority DESC, opened_at, id';
    const rows = await this.db.query<CaseRow>(`SELECT ${CASE_COLUMNS} FROM review_cases WHERE status = '${status}' ORDER BY ${order} LIMIT $1 OFFSET $2`, [
      limit,
      offset,
    ]);
    return rows.map(toStored);
  }

  async count(status: CaseStatus): Promise<number> {
    const [row] = await this.db.query<{ count: number }>(`SELECT count(*)::int AS count FROM review_cases WHERE status = '${status}'`);
    return row.count;
  }

  /** Per category: undecided cases, the oldest opening time (epoch ms) and how many are past their deadline. */
  async backlog(now: number): Promise<{ status: QueueStatus; category: Category; waiting: number; oldest: number; overdue: number }[]> {
    return this.db.query(
      `SELECT status, category, count(*)::int AS waiting, min(opened_at) AS oldest, (count(*) FILTER (WHERE deadline_at < $1))::int AS overdue
       FROM review_cases WHERE status <> 'decided' GROUP BY status, category`,
      [now],
    );
  }

  /** Cases decided in (since, until], for the dashboard's figures. */
  async decidedBetween(since: number, until: number, limit = 10_000): Promise<ReviewCase[]> {
    const rows = await this.db.query<{ state: ReviewCase }>(
      `SELECT state FROM review_cases WHERE status = 'decided' AND decided_at > $1 AND decided_at <= $2 ORDER BY decided_at DESC LIMIT $3`,
      [since, until, limit],
    );
    return rows.map((row) => row.state);
  }

  async goldRecord(reviewerId: string): Promise<GoldRecord> {
    const [row] = await this.db.query<GoldRecord>('SELECT answered, correct FROM gold_records WHERE reviewer_id = $1', [reviewerId]);
    return row ?? NO_GOLD_ANSWERS;
  }

  async goldRecords(): Promise<Map<string, GoldRecord>> {
    const rows = await this.db.query<GoldRecord & { reviewer_id: string }>('SELECT reviewer_id, answered, correct FROM gold_records');
    return new Map(rows.map((row) => [row.reviewer_id, { answered: row.answered, correct: row.correct }]));
  }

  /** Adds a known-answer case: a real past post whose answer a moderator set. */
  async addGold(itemId: string, answer: ReviewAction, id = `case_${randomUUID()}`, note: { reason: string; addedBy: string; at: number } | undefined = undefined): Promise<string> {
    await this.db.query('INSERT INTO gold_cases (id, item_id, answer, reason, added_by, added_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      id,
      itemId,
      answer,
      note?.reason ?? null,
      note?.addedBy ?? null,
      note?.at ?? null,
    ]);
    return id;
  }

  /** Every gold case, newest first, for moderators (never for volunteers: gold measures only while unrecognised). */
  async goldCases(): Promise<StoredGoldCase[]> {
    const rows = await this.db.query<{ id: string; item_id: string; answer: ReviewAction; reason: string | null; added_by: string | null; added_at: number | null }>(
      'SELECT id, item_id, answer, reason, added_by, added_at FROM gold_cases ORDER BY added_at DESC NULLS LAST, id',
    );
    return rows.map((row) => ({ id: row.id, itemId: row.item_id, answer: row.answer, reason: row.reason, addedBy: row.added_by, addedAt: row.added_at }));
  }

  /**
   * Extends a live lease by the policy's lease time from now. Undefined when the reviewer no longer holds it (expired,
   * skipped or voted), so the console can tell them at once rather than at their vote.
   */
  async renewLease(caseId: string, reviewerId: string, policy: Policy, now: number): Promise<number | undefined> {
    const expiresAt = now + reviewSettings(policy).leaseSeconds * 1000;
    const rows = await this.db.query(
      'UPDATE review_assignments SET lease_expires_at = $4 WHERE case_id = $1 AND reviewer_id = $2 AND released_at IS NULL AND lease_expires_at > $3 RETURNING 1',
      [caseId, reviewerId, now, expiresAt],
    );
    return rows.length > 0 ? expiresAt : undefined;
  }

  async isGold(caseId: string): Promise<boolean> {
    return (await this.db.query('SELECT 1 FROM gold_cases WHERE id = $1', [caseId])).length > 0;
  }

  /** A gold case's item, for showing it like any case. */
  async goldItem(caseId: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ item_id: string }>('SELECT item_id FROM gold_cases WHERE id = $1', [caseId]);
    return row?.item_id;
  }

  /** Prior removals of this author's other posts: what a reviewer weighs as author context. */
  async authorContext(author: string, exceptItemId: string): Promise<{ removedPosts: number; recent: { itemId: string; excerpt: string }[] }> {
    const [count] = await this.db.query<{ count: number }>(`SELECT count(*)::int AS count FROM items WHERE author = $1 AND enforcement = 'removed' AND id <> $2`, [
      author,
      exceptItemId,
    ]);
    const recent = await this.db.query<{ id: string; text: string }>(
      `SELECT id, text FROM items WHERE author = $1 AND enforcement = 'removed' AND id <> $2 ORDER BY updated_at DESC LIMIT 3`,
      [author, exceptItemId],
    );
    return { removedPosts: count.count, recent: recent.map((r) => ({ itemId: r.id, excerpt: r.text.slice(0, 140) })) };
  }

  private async lease(caseId: string, reviewerId: string, expiresAt: number): Promise<void> {
    await this.db.query(
      `INSERT INTO review_assignments (case_id, reviewer_id, lease_expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (case_id, reviewer_id) DO UPDATE SET lease_expires_at = $3, released_at = NULL`,
      [caseId, reviewerId, expiresAt],
    );
  }

  /** A gold answer is checked like any vote, scored, and reported as pending, as a first vote on a real case is. */
  private async answerGold(caseId: string, reviewer: Reviewer, verdict: Verdict, reasonId: string, policy: Policy, now: number): Promise<VoteOutcome> {
    const [gold] = await this.db.query<{ id: string; item_id: string; answer: ReviewAction }>('SELECT id, item_id, answer FROM gold_cases WHERE id = $1', [caseId]);
    if (!gold) throw new VigilError('E_NOT_FOUND', `no case ${caseId}`, 404);
    checkReason(policy, verdict, reasonId);
    if (!(await this.holdsLease(caseId, reviewer.id, now))) throw new VigilError('E_LEASE_EXPIRED', `the lease on case ${caseId} has expired; take the next case`, 409);
    await this.db.query('UPDATE review_assignments SET released_at = $3 WHERE case_id = $1 AND reviewer_id = $2', [caseId, reviewer.id, now]);
    const record = scoreGoldAnswer(await this.goldRecord(reviewer.id), { id: gold.id, itemId: gold.item_id, answer: gold.answer }, verdict);
    await this.db.query(
      `INSERT INTO gold_records (reviewer_id, answered, correct) VALUES ($1, $2, $3)
       ON CONFLICT (reviewer_id) DO UPDATE SET answered = EXCLUDED.answered, correct = EXCLUDED.correct`,
      [reviewer.id, record.answered, record.correct],
    );
    return { caseId, itemId: gold.item_id, outcome: 'pending', votesNeeded: 1, needsTrustedVote: false, gold: { correct: verdict === gold.answer } };
  }

  private columns(reviewCase: ReviewCase, policy: Policy, now: number) {
    const deadline = caseDeadline(reviewCase, policy);
    return {
      id: reviewCase.id,
      item_id: reviewCase.itemId,
      status: reviewCase.status,
      priority: casePriority(reviewCase, policy, now),
      opened_at: reviewCase.openedAt,
      recompute_at: priorityRecomputeAt(reviewCase, policy, now) ?? null,
      category: primaryCategory(reviewCase, policy),
      deadline_at: Number.isFinite(deadline) ? deadline : null,
      state: reviewCase,
    };
  }
}
