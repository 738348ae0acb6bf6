// API keys. Only the SHA-256 of a key is stored: a leaked database does not leak working keys. The key itself is
// shown once, when it is created.
import { createHash, randomBytes } from 'node:crypto';
import type { SqlExecutor } from './driver.js';

/** trusted_flagger and authority keys may only file and follow reports. */
export const ROLES = ['platform', 'admin', 'trusted_flagger', 'authority'] as const;
export type Role = (typeof ROLES)[number];

export interface ApiKey {
  id: string;
  role: Role;
  name: string;
  createdAt: Date;
  revokedAt: Date | null;
}

interface KeyRow {
  id: string;
  role: Role;
  name: string;
  created_at: Date;
  revoked_at: Date | null;
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A fresh secret: "vgl_" and 32 random bytes, URL-safe, so it survives shells, headers and config files. */
export function generateKey(): string {
  return `vgl_${randomBytes(32).toString('base64url')}`;
}

const toKey = (row: KeyRow): ApiKey => ({ id: row.id, role: row.role, name: row.name, createdAt: row.created_at, revokedAt: row.revoked_at });

export class KeyRepository {
  constructor(private readonly db: SqlExecutor) {}

  /** Stores `key` (or a newly generated one) with a role; returns the key, which is never retrievable again. */
  async create(role: Role, name = '', key = generateKey()): Promise<{ key: string; apiKey: ApiKey }> {
    const id = `key_${randomBytes(6).toString('hex')}`;
    const [row] = await this.db.query<KeyRow>(
      `INSERT INTO api_keys (id, key_hash, role, name) VALUES ($1, $2, $3, $4) RETURNING id, role, name, created_at, revoked_at`,
      [id, hashKey(key), role, name],
    );
    return { key, apiKey: toKey(row) };
  }

  /** Makes sure `key` exists as an active key with `role` (for VIGIL_BOOTSTRAP_KEY); true when it was added. */
  async ensure(key: string, role: Role, name: string): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO api_keys (id, key_hash, role, name) VALUES ($1, $2, $3, $4) ON CONFLICT (key_hash) DO NOTHING RETURNING id`,
      [`key_${randomBytes(6).toString('hex')}`, hashKey(key), role, name],
    );
    return rows.length > 0;
  }

  async findActive(key: string): Promise<ApiKey | undefined> {
    const [row] = await this.db.query<KeyRow>(
      'SELECT id, role, name, created_at, revoked_at FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL',
      [hashKey(key)],
    );
    return row ? toKey(row) : undefined;
  }

  async list(): Promise<ApiKey[]> {
    const rows = await this.db.query<KeyRow>('SELECT id, role, name, created_at, revoked_at FROM api_keys ORDER BY created_at, id');
    return rows.map(toKey);
  }

  async countActive(): Promise<number> {
    const [row] = await this.db.query<{ count: number }>('SELECT count(*)::int AS count FROM api_keys WHERE revoked_at IS NULL');
    return row.count;
  }

  /** Revokes a key by id; false when there is no such active key. */
  async revoke(id: string): Promise<boolean> {
    const rows = await this.db.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id', [id]);
    return rows.length > 0;
  }
}
