// Platform posts, their assessments and their place in the background queue. Batches travel to the database as one
// JSON document (jsonb_to_recordset), so a thousand posts cost one statement on PGlite and PostgreSQL alike.
import type { Decision } from '../domain/decision.js';
import type { SqlExecutor } from './driver.js';
import type { OutboxMessage, PlatformAction } from './outbox.js';

/** A post as the platform sends it (validated at the HTTP boundary). */
export interface IncomingItem {
  id: string;
  text: string;
  author?: string;
  /** How many people the post can reach (followers, members); used to rank review work. */
  reach?: number;
  /** When the post was published on the platform (ISO 8601). */
  createdAt?: string;
  /** The platform's own fields, stored and returned as given. */
  metadata?: Record<string, unknown>;
}

export type Enforcement = 'none' | 'held' | 'removed';
export type AssessmentMode = 'sync' | 'async';

export interface PendingItem extends IncomingItem {
  queuedSeq: number;
}

export interface AssessmentEntry {
  item: IncomingItem;
  decision: Decision;
  mode: AssessmentMode;
  /** For background assessment: the queue position assessed; the entry is skipped if the post was re-queued since. */
  queuedSeq?: number;
  /** The enforcement the decision calls for. */
  enforcement: Enforcement;
  /** The message announcing that enforcement, queued only if it differs from the stored one. */
  message: OutboxMessage;
}

export interface StoredItem extends IncomingItem {
  status: 'pending' | 'assessed';
  enforcement: Enforcement;
  receivedAt: Date;
  updatedAt: Date;
  assessments: { id: number; mode: AssessmentMode; decision: Decision; assessedAt: Date }[];
}

const ITEM_COLUMNS = 'id text, text text, author text, reach bigint, created_at timestamptz, metadata jsonb';

interface ItemRow {
  id: string;
  text: string;
  author: string | null;
  reach: number | null;
  created_at: Date | null;
  metadata: Record<string, unknown> | null;
}

function toRecord(item: IncomingItem): Record<string, unknown> {
  return {
    id: item.id,
    text: item.text,
    author: item.author ?? null,
    reach: item.reach ?? null,
    created_at: item.createdAt ?? null,
    metadata: item.metadata ?? null,
  };
}

function fromRow(row: ItemRow): IncomingItem {
  const item: IncomingItem = { id: row.id, text: row.text };
  if (row.author !== null) item.author = row.author;
  if (row.reach !== null) item.reach = row.reach;
  if (row.created_at !== null) item.createdAt = row.created_at.toISOString();
  if (row.metadata !== null) item.metadata = row.metadata;
  return item;
}

/** The last occurrence of each id wins: a batch that names a post twice means its latest version. */
function lastById<T extends { id: string }>(items: T[]): T[] {
  return [...new Map(items.map((item) => [item.id, item])).values()];
}

export class ItemRepository {
  constructor(private readonly db: SqlExecutor) {}

  /**
   * Queues posts for background assessment. A post already stored with the same text is left as it is (a retried
   * batch changes nothing); a post whose text changed is queued again. Returns how many were queued.
   */
  async accept(items: IncomingItem[]): Promise<number> {
    if (items.length === 0) return 0;
    const rows = await this.db.query(
      `INSERT INTO items (id, text, author, reach, created_at, metadata, status, queued_seq)
       SELECT x.id, x.text, x.author, x.reach, x.created_at, x.metadata, 'pending', nextval('item_queue_seq')
       FROM jsonb_to_recordset($1::jsonb) AS x(${ITEM_COLUMNS})
       ON CONFLICT (id) DO UPDATE SET text = EXCLUDED.text, author = EXCLUDED.author, reach = EXCLUDED.reach,
         created_at = EXCLUDED.created_at, metadata = EXCLUDED.metadata, status = 'pending',
         queued_seq = EXCLUDED.queued_seq, updated_at = now()
       WHERE items.text IS DISTINCT FROM EXCLUDED.text
       RETURNING 1`,
      [JSON.stringify(lastById(items).map(toRecord))],
    );
    return rows.length;
  }

  /** The oldest posts waiting for assessment, after queue position `afterSeq`. */
  async pending(limit: number, afterSeq = 0): Promise<PendingItem[]> {
    const rows = await this.db.query<ItemRow & { queued_seq: number }>(
      `SELECT id, text, author, reach, created_at, metadata, queued_seq FROM items
       WHERE status = 'pending' AND queued_seq > $2 ORDER BY queued_seq LIMIT $1`,
      [limit, afterSeq],
    );
    return rows.map((row) => ({ ...fromRow(row), queuedSeq: row.queued_seq }));
  }

  async countPending(): Promise<number> {
    const [row] = await this.db.query<{ count: number }>(`SELECT count(*)::int AS count FROM items WHERE status = 'pending'`);
    return row.count;
  }

  /**
   * Records assessments in one call (vigil_record_assessments, in ROUTINES of migrations.ts): post, assessment, and
   * the outbox message when the post's enforcement changes. Background assessments whose post was re-queued or
   * assessed since are skipped. Each post may appear only once. Returns, for each recorded entry (by index), the
   * action queued, or null when none was needed.
   */
  async recordAssessments(entries: AssessmentEntry[]): Promise<Map<number, PlatformAction | null>> {
    if (entries.length === 0) return new Map();
    const records = entries.map((e, entry) => ({
      entry,
      // A queued post is stored already: only its id is needed.
      ...(e.mode === 'async' ? { id: e.item.id } : toRecord(e.item)),
      mode: e.mode,
      queued_seq: e.queuedSeq ?? null,
      enforcement: e.enforcement,
      policy_version: e.decision.policyVersion,
      action: e.decision.action,
      category: e.decision.category,
      score: e.decision.score,
      decision: e.decision,
      message_id: e.message.messageId,
      platform_action: e.message.action,
      payload: e.message.payload,
    }));
    const rows = await this.db.query<{ entry: number; queued_action: PlatformAction | null }>('SELECT entry, queued_action FROM vigil_record_assessments($1::jsonb)', [
      JSON.stringify(records),
    ]);
    return new Map(rows.map((row) => [row.entry, row.queued_action]));
  }

  /** A post with its assessments, newest first (at most `assessmentLimit`). */
  async get(id: string, assessmentLimit = 20): Promise<StoredItem | undefined> {
    const [row] = await this.db.query<ItemRow & { status: StoredItem['status']; enforcement: Enforcement; received_at: Date; updated_at: Date }>(
      `SELECT id, text, author, reach, created_at, metadata, status, enforcement, received_at, updated_at FROM items WHERE id = $1`,
      [id],
    );
    if (!row) return undefined;
    const assessments = await this.db.query<{ id: number; mode: AssessmentMode; decision: Decision; created_at: Date }>(
      'SELECT id, mode, decision, created_at FROM assessments WHERE item_id = $1 ORDER BY id DESC LIMIT $2',
      [id, assessmentLimit],
    );
    return {
      ...fromRow(row),
      status: row.status,
      enforcement: row.enforcement,
      receivedAt: row.received_at,
      updatedAt: row.updated_at,
      assessments: assessments.map((a) => ({ id: a.id, mode: a.mode, decision: a.decision, assessedAt: a.created_at })),
    };
  }
}
