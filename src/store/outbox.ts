// The outbox: platform actions waiting for delivery. A message is delivered only after every earlier message for the
// same post, so the platform sees each post's actions in the order Vigil decided them.
import type { SqlExecutor } from './driver.js';

export type PlatformAction = 'remove' | 'restore' | 'hold';
/** Besides post actions the outbox carries report status changes, account actions and appeal outcomes. */
export type OutboxKind = PlatformAction | 'report' | 'account' | 'appeal';

export interface OutboxMessage {
  /** Stable across retries: the receiver's idempotency key (webhook-id). */
  messageId: string;
  /** The ordering key: a post id, or "account:<id>" for account actions. */
  itemId: string;
  action: OutboxKind;
  /** The exact JSON body to send. */
  payload: string;
}

export interface QueuedMessage extends OutboxMessage {
  id: number;
  attempts: number;
}

export interface MessageStatus {
  messageId: string;
  action: OutboxKind;
  createdAt: Date;
  attempts: number;
  deliveredAt: Date | null;
  lastError: string | null;
}

export class OutboxRepository {
  constructor(private readonly db: SqlExecutor) {}

  async enqueue(messages: OutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.db.query(
      `INSERT INTO outbox (message_id, item_id, action, payload)
       SELECT x.message_id, x.item_id, x.action, x.payload
       FROM jsonb_to_recordset($1::jsonb) AS x(message_id text, item_id text, action text, payload text)`,
      [JSON.stringify(messages.map((m) => ({ message_id: m.messageId, item_id: m.itemId, action: m.action, payload: m.payload })))],
    );
  }

  /** Messages that may be sent now: due, and first in line for their post. Oldest first. */
  async due(limit: number): Promise<QueuedMessage[]> {
    const rows = await this.db.query<{ id: number; message_id: string; item_id: string; action: OutboxKind; payload: string; attempts: number }>(
      `SELECT o.id, o.message_id, o.item_id, o.action, o.payload, o.attempts FROM outbox o
       WHERE o.delivered_at IS NULL AND o.next_attempt_at <= now()
         AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.item_id = o.item_id AND e.delivered_at IS NULL AND e.id < o.id)
       ORDER BY o.id LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({ id: r.id, messageId: r.message_id, itemId: r.item_id, action: r.action, payload: r.payload, attempts: r.attempts }));
  }

  async markDelivered(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.query('UPDATE outbox SET delivered_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ANY($1::bigint[])', [ids]);
  }

  async markFailed(id: number, error: string, retryInMs: number): Promise<void> {
    await this.db.query(
      `UPDATE outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = now() + ($3::float8 * interval '1 millisecond') WHERE id = $1`,
      [id, error.slice(0, 500), retryInMs],
    );
  }

  async countUndelivered(): Promise<number> {
    const [row] = await this.db.query<{ count: number }>('SELECT count(*)::int AS count FROM outbox WHERE delivered_at IS NULL');
    return row.count;
  }

  async forItem(itemId: string): Promise<MessageStatus[]> {
    const rows = await this.db.query<{ message_id: string; action: OutboxKind; created_at: Date; attempts: number; delivered_at: Date | null; last_error: string | null }>(
      'SELECT message_id, action, created_at, attempts, delivered_at, last_error FROM outbox WHERE item_id = $1 ORDER BY id',
      [itemId],
    );
    return rows.map((r) => ({ messageId: r.message_id, action: r.action, createdAt: r.created_at, attempts: r.attempts, deliveredAt: r.delivered_at, lastError: r.last_error }));
  }
}
