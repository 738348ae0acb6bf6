// Platform posts, their assessments and their place in the background queue. Batches travel to the database as one
// JSON document (jsonb_to_recordset), so a thousand posts cost one statement on PGlite and PostgreSQL alike.
import type { Decision } from '../domain/decision.js';
import type { SqlExecutor } from './driver.js';
import type { OutboxMessage } from './outbox.js';

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

export interface ItemState {
  status: 'pending' | 'assessed';
  enforcement: Enforcement;
  queuedSeq: number | null;
}

export interface AssessedItem {
  item: IncomingItem;
  enforcement: Enforcement;
}

export interface AssessmentRow {
  itemId: string;
  mode: AssessmentMode;
  decision: Decision;
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

  /** The oldest posts waiting for assessment. */
  async pending(limit: number): Promise<PendingItem[]> {
    const rows = await this.db.query<ItemRow & { queued_seq: number }>(
      `SELECT id, text, author, reach, created_at, metadata, queued_seq FROM items
       WHERE status = 'pending' ORDER BY queued_seq LIMIT $1`,
      [limit],
    );
    return rows.map((row) => ({ ...fromRow(row), queuedSeq: row.queued_seq }));
  }

  async countPending(): Promise<number> {
    const [row] = await this.db.query<{ count: number }>(`SELECT count(*)::int AS count FROM items WHERE status = 'pending'`);
    return row.count;
  }

  /** Locks the stored posts among `ids` for the rest of the transaction and returns their state. */
  async lock(ids: string[]): Promise<Map<string, ItemState>> {
    const rows = await this.db.query<{ id: string; status: ItemState['status']; enforcement: Enforcement; queued_seq: number | null }>(
      'SELECT id, status, enforcement, queued_seq FROM items WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE',
      [[...new Set(ids)]],
    );
    return new Map(rows.map((row) => [row.id, { status: row.status, enforcement: row.enforcement, queuedSeq: row.queued_seq }]));
  }

  /**
   * Records assessments in one statement: the posts (as assessed, with the enforcement now in force on the platform),
   * their assessments and the platform actions they caused. One statement instead of three matters on PGlite, where
   * each round trip costs far more than the rows.
   */
  async saveAssessments(assessed: AssessedItem[], assessments: AssessmentRow[], messages: OutboxMessage[]): Promise<void> {
    if (assessed.length === 0) return;
    const items = lastById(assessed.map((a) => ({ ...toRecord(a.item), id: a.item.id, enforcement: a.enforcement })));
    const rows = assessments.map((a) => ({
      item_id: a.itemId,
      mode: a.mode,
      policy_version: a.decision.policyVersion,
      action: a.decision.action,
      category: a.decision.category,
      score: a.decision.score,
      decision: a.decision,
    }));
    const outbox = messages.map((m) => ({ message_id: m.messageId, item_id: m.itemId, action: m.action, payload: m.payload }));
    await this.db.query(
      `WITH saved_items AS (
         INSERT INTO items (id, text, author, reach, created_at, metadata, status, enforcement)
         SELECT x.id, x.text, x.author, x.reach, x.created_at, x.metadata, 'assessed', x.enforcement
         FROM jsonb_to_recordset($1::jsonb) AS x(${ITEM_COLUMNS}, enforcement text)
         ON CONFLICT (id) DO UPDATE SET text = EXCLUDED.text, author = EXCLUDED.author, reach = EXCLUDED.reach,
           created_at = EXCLUDED.created_at, metadata = EXCLUDED.metadata, status = 'assessed',
           enforcement = EXCLUDED.enforcement, queued_seq = NULL, updated_at = now()
         RETURNING 1
       ), saved_assessments AS (
         INSERT INTO assessments (item_id, mode, policy_version, action, category, score, decision)
         SELECT x.item_id, x.mode, x.policy_version, x.action, x.category, x.score, x.decision
         FROM jsonb_to_recordset($2::jsonb)
           AS x(item_id text, mode text, policy_version text, action text, category text, score float8, decision jsonb)
         RETURNING 1
       ), saved_messages AS (
         INSERT INTO outbox (message_id, item_id, action, payload)
         SELECT x.message_id, x.item_id, x.action, x.payload
         FROM jsonb_to_recordset($3::jsonb) AS x(message_id text, item_id text, action text, payload text)
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM saved_items) AS items`,
      [JSON.stringify(items), JSON.stringify(rows), JSON.stringify(outbox)],
    );
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
