// Reports from users, trusted flaggers and authorities, bulk reports, and the time from first flag to removal.
import { randomUUID } from 'node:crypto';
import type { Category } from '../domain/decision.js';
import type { Reporter, ReportOutcome, ReportStatus } from '../domain/enforcement.js';
import type { ReporterKind } from '../domain/review.js';
import type { SqlExecutor } from './driver.js';

export interface NewReport {
  reporter: Reporter;
  keyId: string | null;
  itemId: string;
  itemUrl: string | null;
  reason: string;
  category: Category;
  details: string | null;
  batchId: string | null;
}

export interface StoredReport extends NewReport {
  id: string;
  caseId: string | null;
  status: ReportStatus;
  outcome: ReportOutcome | null;
  createdAt: Date;
  resolvedAt: Date | null;
}

interface ReportRow {
  id: string;
  reporter_kind: ReporterKind;
  reporter_id: string;
  key_id: string | null;
  item_id: string;
  item_url: string | null;
  reason: string;
  category: Category;
  details: string | null;
  batch_id: string | null;
  case_id: string | null;
  status: ReportStatus;
  outcome: ReportOutcome | null;
  created_at: Date;
  resolved_at: Date | null;
}

const COLUMNS = 'id, reporter_kind, reporter_id, key_id, item_id, item_url, reason, category, details, batch_id, case_id, status, outcome, created_at, resolved_at';

const toReport = (row: ReportRow): StoredReport => ({
  id: row.id,
  reporter: { kind: row.reporter_kind, id: row.reporter_id },
  keyId: row.key_id,
  itemId: row.item_id,
  itemUrl: row.item_url,
  reason: row.reason,
  category: row.category,
  details: row.details,
  batchId: row.batch_id,
  caseId: row.case_id,
  status: row.status,
  outcome: row.outcome,
  createdAt: row.created_at,
  resolvedAt: row.resolved_at,
});

export interface TimeToActionFigures {
  flagged: number;
  removed: number;
  medianSeconds: number | null;
  p95Seconds: number | null;
  /** Decided after their deadline, plus undecided and past it now. */
  deadlineBreaches: number;
}

export class ReportRepository {
  constructor(private readonly db: SqlExecutor) {}

  async createBatch(reporter: Reporter, keyId: string | null): Promise<string> {
    const id = `bulk_${randomUUID()}`;
    await this.db.query('INSERT INTO report_batches (id, reporter_kind, reporter_id, key_id) VALUES ($1, $2, $3, $4)', [id, reporter.kind, reporter.id, keyId]);
    return id;
  }

  async batch(id: string): Promise<{ id: string; reporter: Reporter; keyId: string | null; createdAt: Date } | undefined> {
    const [row] = await this.db.query<{ id: string; reporter_kind: ReporterKind; reporter_id: string; key_id: string | null; created_at: Date }>(
      'SELECT id, reporter_kind, reporter_id, key_id, created_at FROM report_batches WHERE id = $1',
      [id],
    );
    return row ? { id: row.id, reporter: { kind: row.reporter_kind, id: row.reporter_id }, keyId: row.key_id, createdAt: row.created_at } : undefined;
  }

  /** Unresolved reports by these reporters of these posts, keyed by `${kind}:${id}:${itemId}`. */
  async openReportsBy(pairs: { reporter: Reporter; itemId: string }[]): Promise<Map<string, StoredReport>> {
    if (pairs.length === 0) return new Map();
    const rows = await this.db.query<ReportRow>(
      `SELECT ${COLUMNS.split(', ').map((c) => `r.${c}`).join(', ')} FROM reports r
       JOIN jsonb_to_recordset($1::jsonb) AS x(kind text, id text, item_id text) ON r.item_id = x.item_id AND r.reporter_kind = x.kind AND r.reporter_id = x.id
       WHERE r.status IN ('received', 'in_review')`,
      [JSON.stringify(pairs.map((p) => ({ kind: p.reporter.kind, id: p.reporter.id, item_id: p.itemId })))],
    );
    return new Map(rows.map((row) => [`${row.reporter_kind}:${row.reporter_id}:${row.item_id}`, toReport(row)]));
  }

  /** Stores reports in one statement, in the order given (created_at from the clock, row by row). */
  async insertMany(entries: { report: NewReport; status: ReportStatus; caseId: string | null; outcome: ReportOutcome | null }[]): Promise<StoredReport[]> {
    if (entries.length === 0) return [];
    const ids = entries.map(() => `rep_${randomUUID()}`);
    const rows = await this.db.query<ReportRow>(
      `INSERT INTO reports (id, reporter_kind, reporter_id, key_id, item_id, item_url, reason, category, details, batch_id, case_id, status, outcome, created_at, resolved_at)
       SELECT x.id, x.reporter_kind, x.reporter_id, x.key_id, x.item_id, x.item_url, x.reason, x.category, x.details, x.batch_id, x.case_id, x.status, x.outcome,
         clock_timestamp(), CASE WHEN x.outcome IS NULL THEN NULL ELSE clock_timestamp() END
       FROM jsonb_to_recordset($1::jsonb) AS x(id text, reporter_kind text, reporter_id text, key_id text, item_id text, item_url text, reason text,
         category text, details text, batch_id text, case_id text, status text, outcome jsonb, n bigint)
       ORDER BY x.n
       RETURNING ${COLUMNS}`,
      [
        JSON.stringify(
          entries.map(({ report, status, caseId, outcome }, i) => ({
            n: i,
            id: ids[i],
            reporter_kind: report.reporter.kind,
            reporter_id: report.reporter.id,
            key_id: report.keyId,
            item_id: report.itemId,
            item_url: report.itemUrl,
            reason: report.reason,
            category: report.category,
            details: report.details,
            batch_id: report.batchId,
            case_id: caseId,
            status,
            outcome,
          })),
        ),
      ],
    );
    // RETURNING does not promise the input order: put them back in it.
    const byId = new Map(rows.map((row) => [row.id, toReport(row)]));
    return ids.map((id) => byId.get(id)!);
  }

  async get(id: string): Promise<StoredReport | undefined> {
    const [row] = await this.db.query<ReportRow>(`SELECT ${COLUMNS} FROM reports WHERE id = $1`, [id]);
    return row ? toReport(row) : undefined;
  }

  /** Reports newest first, optionally only those one key filed or of one status; with the total that match. */
  async list(filter: { keyId?: string; status?: ReportStatus }, limit: number, offset: number): Promise<{ reports: StoredReport[]; total: number }> {
    const where = 'WHERE ($1::text IS NULL OR key_id = $1) AND ($2::text IS NULL OR status = $2)';
    const parameters = [filter.keyId ?? null, filter.status ?? null];
    const [rows, [count]] = await Promise.all([
      this.db.query<ReportRow>(`SELECT ${COLUMNS} FROM reports ${where} ORDER BY seq DESC LIMIT $3 OFFSET $4`, [...parameters, limit, offset]),
      this.db.query<{ total: number }>(`SELECT count(*)::int AS total FROM reports ${where}`, parameters),
    ]);
    return { reports: rows.map(toReport), total: count.total };
  }

  async inBatch(batchId: string): Promise<StoredReport[]> {
    const rows = await this.db.query<ReportRow>(`SELECT ${COLUMNS} FROM reports WHERE batch_id = $1 ORDER BY seq`, [batchId]);
    return rows.map(toReport);
  }

  /** Resolves every unresolved report of these posts; returns the reports that changed. */
  async resolve(itemIds: string[], status: 'actioned' | 'no_violation', outcome: ReportOutcome): Promise<StoredReport[]> {
    if (itemIds.length === 0) return [];
    const rows = await this.db.query<ReportRow>(
      `UPDATE reports SET status = $2, outcome = $3::jsonb, resolved_at = now()
       WHERE item_id = ANY($1::text[]) AND status IN ('received', 'in_review') RETURNING ${COLUMNS}`,
      [itemIds, status, JSON.stringify(outcome)],
    );
    return rows.map(toReport);
  }

  /** Resolves the unresolved reports of each post with that post's outcome, in one statement. */
  async resolveEach(entries: { itemId: string; status: 'actioned' | 'no_violation'; outcome: ReportOutcome }[]): Promise<StoredReport[]> {
    if (entries.length === 0) return [];
    const rows = await this.db.query<ReportRow>(
      `UPDATE reports SET status = x.status, outcome = x.outcome, resolved_at = now()
       FROM jsonb_to_recordset($1::jsonb) AS x(item_id text, status text, outcome jsonb)
       WHERE reports.item_id = x.item_id AND reports.status IN ('received', 'in_review')
       RETURNING ${COLUMNS.split(', ').map((c) => `reports.${c}`).join(', ')}`,
      [JSON.stringify(entries.map((e) => ({ item_id: e.itemId, status: e.status, outcome: e.outcome })))],
    );
    return rows.map(toReport);
  }

  /** Reports still waiting for a case (received) are now in review. */
  async markInReview(itemId: string, caseId: string): Promise<StoredReport[]> {
    const rows = await this.db.query<ReportRow>(
      `UPDATE reports SET status = 'in_review', case_id = $2 WHERE item_id = $1 AND status = 'received' RETURNING ${COLUMNS}`,
      [itemId, caseId],
    );
    return rows.map(toReport);
  }

  /** Starts the clock for posts at their first report or detection (later signals keep the first time). */
  async startClock(entries: { itemId: string; signal: 'report' | 'detection'; category: Category; deadlineSeconds: number; caseId?: string | null }[]): Promise<void> {
    if (entries.length === 0) return;
    await this.db.query(
      `INSERT INTO action_times (item_id, case_id, first_signal, category, flagged_at, deadline_at)
       SELECT x.item_id, x.case_id, x.signal, x.category, now(), now() + (x.deadline_seconds * interval '1 second')
       FROM jsonb_to_recordset($1::jsonb) AS x(item_id text, case_id text, signal text, category text, deadline_seconds float8)
       ON CONFLICT (item_id) DO UPDATE SET case_id = coalesce(action_times.case_id, EXCLUDED.case_id)`,
      [JSON.stringify(entries.map((e) => ({ item_id: e.itemId, case_id: e.caseId ?? null, signal: e.signal, category: e.category, deadline_seconds: e.deadlineSeconds })))],
    );
  }

  /** Stops the clock: the posts were removed (or, `removed` false, found allowed) now. The first decision counts. */
  async stopClock(itemIds: string[], removed = true): Promise<void> {
    if (itemIds.length === 0) return;
    await this.db.query(
      `UPDATE action_times SET decided_at = coalesce(decided_at, now()), removed_at = CASE WHEN $2 THEN coalesce(removed_at, now()) ELSE removed_at END
       WHERE item_id = ANY($1::text[])`,
      [itemIds, removed],
    );
  }

  async removedAt(itemIds: string[]): Promise<Map<string, { flaggedAt: Date; removedAt: Date | null }>> {
    const rows = await this.db.query<{ item_id: string; flagged_at: Date; removed_at: Date | null }>(
      'SELECT item_id, flagged_at, removed_at FROM action_times WHERE item_id = ANY($1::text[])',
      [itemIds],
    );
    return new Map(rows.map((r) => [r.item_id, { flaggedAt: r.flagged_at, removedAt: r.removed_at }]));
  }

  /** Median and 95th percentile of first flag to removal, and deadline breaches, for posts flagged since `since`. */
  async timeToAction(since: Date): Promise<TimeToActionFigures> {
    const [row] = await this.db.query<{ flagged: number; removed: number; median: number | null; p95: number | null; breaches: number }>(
      `SELECT count(*)::int AS flagged, count(removed_at)::int AS removed,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM removed_at - flagged_at)) FILTER (WHERE removed_at IS NOT NULL) AS median,
         percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM removed_at - flagged_at)) FILTER (WHERE removed_at IS NOT NULL) AS p95,
         (count(*) FILTER (WHERE coalesce(decided_at, now()) > deadline_at))::int AS breaches
       FROM action_times WHERE flagged_at >= $1`,
      [since],
    );
    const seconds = (value: number | null) => (value === null ? null : Math.round(Number(value) * 1000) / 1000);
    return { flagged: row.flagged, removed: row.removed, medianSeconds: seconds(row.median), p95Seconds: seconds(row.p95), deadlineBreaches: row.breaches };
  }
}
