// Enforcement decisions on posts and accounts (each with its statement of reasons), strikes, and appeals against them.
import { randomUUID } from 'node:crypto';
import type { Category } from '../domain/decision.js';
import type { AppealStatus, StatementOfReasons } from '../domain/enforcement.js';
import type { ReviewerRole } from '../domain/review.js';
import type { SqlExecutor } from './driver.js';

export interface EnforcementDecision {
  id: string;
  subject: 'post' | 'account';
  itemId: string | null;
  accountId: string | null;
  action: string;
  category: Category | 'none';
  /** A reviewer's id, or "vigil:<detector>" for an automated decision. */
  decidedBy: string;
  automated: boolean;
  until: Date | null;
  statement: StatementOfReasons;
  createdAt: Date;
  overturnedAt: Date | null;
  overturnedByAppeal: string | null;
}

export interface Appeal {
  id: string;
  decisionId: string;
  accountId: string;
  statement: string | null;
  status: AppealStatus;
  /** The least role that may decide it: moderators for account actions. */
  needsRole: ReviewerRole;
  /** Who took the original decision and so may not decide the appeal. */
  excludedReviewer: string | null;
  reviewerId: string | null;
  note: string | null;
  createdAt: Date;
  decidedAt: Date | null;
}

interface DecisionRow {
  id: string;
  subject: 'post' | 'account';
  item_id: string | null;
  account_id: string | null;
  action: string;
  category: Category | 'none';
  decided_by: string;
  automated: boolean;
  until: Date | null;
  statement: StatementOfReasons;
  created_at: Date;
  overturned_at: Date | null;
  overturned_by_appeal: string | null;
}

interface AppealRow {
  id: string;
  decision_id: string;
  account_id: string;
  statement: string | null;
  status: AppealStatus;
  needs_role: ReviewerRole;
  excluded_reviewer: string | null;
  reviewer_id: string | null;
  note: string | null;
  created_at: Date;
  decided_at: Date | null;
}

const DECISION_COLUMNS = 'id, subject, item_id, account_id, action, category, decided_by, automated, until, statement, created_at, overturned_at, overturned_by_appeal';
const APPEAL_COLUMNS = 'id, decision_id, account_id, statement, status, needs_role, excluded_reviewer, reviewer_id, note, created_at, decided_at';

const toDecision = (r: DecisionRow): EnforcementDecision => ({
  id: r.id,
  subject: r.subject,
  itemId: r.item_id,
  accountId: r.account_id,
  action: r.action,
  category: r.category,
  decidedBy: r.decided_by,
  automated: r.automated,
  until: r.until,
  statement: r.statement,
  createdAt: r.created_at,
  overturnedAt: r.overturned_at,
  overturnedByAppeal: r.overturned_by_appeal,
});

const toAppeal = (r: AppealRow): Appeal => ({
  id: r.id,
  decisionId: r.decision_id,
  accountId: r.account_id,
  statement: r.statement,
  status: r.status,
  needsRole: r.needs_role,
  excludedReviewer: r.excluded_reviewer,
  reviewerId: r.reviewer_id,
  note: r.note,
  createdAt: r.created_at,
  decidedAt: r.decided_at,
});

export interface Strike {
  id: string;
  itemId: string | null;
  decisionId: string;
  category: Category;
  weight: number;
  createdAt: Date;
  expiresAt: Date;
  withdrawnAt: Date | null;
}

export const newDecisionId = () => `dec_${randomUUID()}`;

export class EnforcementRepository {
  constructor(private readonly db: SqlExecutor) {}

  /** Records many decisions in one statement; `id` from newDecisionId. */
  async addDecisions(decisions: Omit<EnforcementDecision, 'createdAt' | 'overturnedAt' | 'overturnedByAppeal'>[], at: Date): Promise<void> {
    if (decisions.length === 0) return;
    await this.db.query(
      `INSERT INTO enforcement_decisions (id, subject, item_id, account_id, action, category, decided_by, automated, until, statement, created_at)
       SELECT x.id, x.subject, x.item_id, x.account_id, x.action, x.category, x.decided_by, x.automated, x.until, x.statement, $2
       FROM jsonb_to_recordset($1::jsonb) AS x(id text, subject text, item_id text, account_id text, action text, category text, decided_by text,
         automated boolean, until timestamptz, statement jsonb)`,
      [
        JSON.stringify(
          decisions.map((d) => ({
            id: d.id,
            subject: d.subject,
            item_id: d.itemId,
            account_id: d.accountId,
            action: d.action,
            category: d.category,
            decided_by: d.decidedBy,
            automated: d.automated,
            until: d.until?.toISOString() ?? null,
            statement: d.statement,
          })),
        ),
        at,
      ],
    );
  }

  async decision(id: string): Promise<EnforcementDecision | undefined> {
    const [row] = await this.db.query<DecisionRow>(`SELECT ${DECISION_COLUMNS} FROM enforcement_decisions WHERE id = $1`, [id]);
    return row ? toDecision(row) : undefined;
  }

  /** The latest removal of a post that still stands. */
  async standingRemoval(itemId: string): Promise<EnforcementDecision | undefined> {
    const [row] = await this.db.query<DecisionRow>(
      `SELECT ${DECISION_COLUMNS} FROM enforcement_decisions WHERE subject = 'post' AND item_id = $1 AND action = 'remove' AND overturned_at IS NULL
       ORDER BY created_at DESC, id DESC LIMIT 1`,
      [itemId],
    );
    return row ? toDecision(row) : undefined;
  }

  async forAccount(accountId: string): Promise<EnforcementDecision[]> {
    const rows = await this.db.query<DecisionRow>(`SELECT ${DECISION_COLUMNS} FROM enforcement_decisions WHERE account_id = $1 ORDER BY created_at, id`, [accountId]);
    return rows.map(toDecision);
  }

  async overturn(decisionId: string, appealId: string, at: Date): Promise<void> {
    await this.db.query('UPDATE enforcement_decisions SET overturned_at = $3, overturned_by_appeal = $2 WHERE id = $1 AND overturned_at IS NULL', [decisionId, appealId, at]);
  }

  /** Account actions the removal of this post led to that still stand: lifted when the removal is reversed. */
  async accountActionsFrom(itemId: string, since: Date): Promise<EnforcementDecision[]> {
    const rows = await this.db.query<DecisionRow>(
      `SELECT ${DECISION_COLUMNS} FROM enforcement_decisions
       WHERE subject = 'account' AND item_id = $1 AND created_at >= $2 AND overturned_at IS NULL AND action <> 'warn' ORDER BY created_at, id`,
      [itemId, since],
    );
    return rows.map(toDecision);
  }

  async addStrikes(strikes: { accountId: string; itemId: string | null; decisionId: string; category: Category; weight: number; expiresAt: Date }[], at: Date): Promise<void> {
    if (strikes.length === 0) return;
    await this.db.query(
      `INSERT INTO strikes (id, account_id, item_id, decision_id, category, weight, created_at, expires_at)
       SELECT x.id, x.account_id, x.item_id, x.decision_id, x.category, x.weight, $2, x.expires_at
       FROM jsonb_to_recordset($1::jsonb) AS x(id text, account_id text, item_id text, decision_id text, category text, weight float8, expires_at timestamptz)`,
      [
        JSON.stringify(
          strikes.map((s) => ({ id: `strike_${randomUUID()}`, account_id: s.accountId, item_id: s.itemId, decision_id: s.decisionId, category: s.category, weight: s.weight, expires_at: s.expiresAt.toISOString() })),
        ),
        at,
      ],
    );
  }

  /** Active strike points per account (accounts without any are absent). */
  async activePoints(accountIds: string[], at: Date): Promise<Map<string, number>> {
    if (accountIds.length === 0) return new Map();
    const rows = await this.db.query<{ account_id: string; points: number }>(
      `SELECT account_id, sum(weight)::float8 AS points FROM strikes
       WHERE account_id = ANY($1::text[]) AND withdrawn_at IS NULL AND expires_at > $2 GROUP BY account_id`,
      [accountIds, at],
    );
    return new Map(rows.map((r) => [r.account_id, Number(r.points)]));
  }

  /** Strikes that still count: not expired at `at`, not withdrawn. */
  async activeStrikes(accountId: string, at: Date): Promise<Strike[]> {
    const rows = await this.db.query<{ id: string; item_id: string | null; decision_id: string; category: Category; weight: number; created_at: Date; expires_at: Date; withdrawn_at: Date | null }>(
      `SELECT id, item_id, decision_id, category, weight, created_at, expires_at, withdrawn_at FROM strikes
       WHERE account_id = $1 AND withdrawn_at IS NULL AND expires_at > $2 ORDER BY created_at, id`,
      [accountId, at],
    );
    return rows.map((r) => ({ id: r.id, itemId: r.item_id, decisionId: r.decision_id, category: r.category, weight: r.weight, createdAt: r.created_at, expiresAt: r.expires_at, withdrawnAt: r.withdrawn_at }));
  }

  /** Withdraws the strikes a decision gave (a reversed removal); returns how many. */
  async withdrawStrikes(decisionId: string, at: Date): Promise<number> {
    const rows = await this.db.query('UPDATE strikes SET withdrawn_at = $2 WHERE decision_id = $1 AND withdrawn_at IS NULL RETURNING 1', [decisionId, at]);
    return rows.length;
  }

  async addAppeal(appeal: { decisionId: string; accountId: string; statement: string | null; needsRole: ReviewerRole; excludedReviewer: string | null }): Promise<Appeal> {
    const [row] = await this.db.query<AppealRow>(
      `INSERT INTO appeals (id, decision_id, account_id, statement, status, needs_role, excluded_reviewer) VALUES ($1, $2, $3, $4, 'pending', $5, $6)
       ON CONFLICT DO NOTHING RETURNING ${APPEAL_COLUMNS}`,
      [`appeal_${randomUUID()}`, appeal.decisionId, appeal.accountId, appeal.statement, appeal.needsRole, appeal.excludedReviewer],
    );
    if (row) return toAppeal(row);
    // An appeal of this decision is already pending: the same appeal.
    const [pending] = await this.db.query<AppealRow>(`SELECT ${APPEAL_COLUMNS} FROM appeals WHERE decision_id = $1 AND status = 'pending'`, [appeal.decisionId]);
    return toAppeal(pending);
  }

  async appeal(id: string, lock = false): Promise<Appeal | undefined> {
    const [row] = await this.db.query<AppealRow>(`SELECT ${APPEAL_COLUMNS} FROM appeals WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return row ? toAppeal(row) : undefined;
  }

  /** Pending appeals, oldest first, that `reviewer` may decide. */
  async pendingAppeals(reviewer: { id: string; role: ReviewerRole } | undefined, limit: number): Promise<Appeal[]> {
    const roles = reviewer === undefined ? ['volunteer', 'moderator', 'admin'] : reviewer.role === 'volunteer' ? ['volunteer'] : ['volunteer', 'moderator', 'admin'];
    const rows = await this.db.query<AppealRow>(
      `SELECT ${APPEAL_COLUMNS} FROM appeals WHERE status = 'pending' AND needs_role = ANY($1::text[]) AND excluded_reviewer IS DISTINCT FROM $2
       ORDER BY created_at, id LIMIT $3`,
      [roles, reviewer?.id ?? null, limit],
    );
    return rows.map(toAppeal);
  }

  async decideAppeal(id: string, status: 'upheld' | 'reversed', reviewerId: string, note: string | null, at: Date): Promise<Appeal> {
    const [row] = await this.db.query<AppealRow>(
      `UPDATE appeals SET status = $2, reviewer_id = $3, note = $4, decided_at = $5 WHERE id = $1 RETURNING ${APPEAL_COLUMNS}`,
      [id, status, reviewerId, note, at],
    );
    return toAppeal(row);
  }

  /** Decisions and how many were overturned on appeal, per detector or reviewer that took them. */
  async overturnRates(since: Date): Promise<{ decidedBy: string; automated: boolean; decisions: number; appealed: number; overturned: number }[]> {
    return this.db.query(
      `SELECT d.decided_by AS "decidedBy", bool_and(d.automated) AS automated, count(DISTINCT d.id)::int AS decisions,
         count(DISTINCT a.decision_id)::int AS appealed, (count(DISTINCT d.id) FILTER (WHERE d.overturned_at IS NOT NULL))::int AS overturned
       FROM enforcement_decisions d LEFT JOIN appeals a ON a.decision_id = d.id
       WHERE d.created_at >= $1 GROUP BY d.decided_by ORDER BY overturned DESC, d.decided_by`,
      [since],
    );
  }
}
