// Local reviewer accounts and their browser sessions. Passwords are stored as scrypt hashes (hashed by the server's
// accounts module); session tokens, like API keys, only as their SHA-256.
import { randomBytes } from 'node:crypto';
import type { ReviewerRole } from '../domain/review.js';
import type { SqlExecutor } from './driver.js';
import { hashKey } from './keys.js';

export interface User {
  id: string;
  name: string;
  role: ReviewerRole;
  createdAt: Date;
  disabledAt: Date | null;
}

interface UserRow {
  id: string;
  name: string;
  role: ReviewerRole;
  created_at: Date;
  disabled_at: Date | null;
}

const toUser = (row: UserRow): User => ({ id: row.id, name: row.name, role: row.role, createdAt: row.created_at, disabledAt: row.disabled_at });
const USER_COLUMNS = 'id, name, role, created_at, disabled_at';

export class UserRepository {
  constructor(private readonly db: SqlExecutor) {}

  /** Undefined when the name is taken. */
  async create(name: string, passwordHash: string, role: ReviewerRole): Promise<User | undefined> {
    const [row] = await this.db.query<UserRow>(
      `INSERT INTO users (id, name, password_hash, role) VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING RETURNING ${USER_COLUMNS}`,
      [`usr_${randomBytes(6).toString('hex')}`, name, passwordHash, role],
    );
    return row ? toUser(row) : undefined;
  }

  async list(): Promise<User[]> {
    return (await this.db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users ORDER BY created_at, id`)).map(toUser);
  }

  /** The active account of this name with its password hash, for login. */
  async forLogin(name: string): Promise<{ user: User; passwordHash: string } | undefined> {
    const [row] = await this.db.query<UserRow & { password_hash: string }>(`SELECT ${USER_COLUMNS}, password_hash FROM users WHERE name = $1 AND disabled_at IS NULL`, [name]);
    return row ? { user: toUser(row), passwordHash: row.password_hash } : undefined;
  }

  /** Disables an account and ends its sessions; false when no active account has this id. */
  async disable(id: string): Promise<boolean> {
    const rows = await this.db.query('UPDATE users SET disabled_at = now() WHERE id = $1 AND disabled_at IS NULL RETURNING 1', [id]);
    await this.db.query('DELETE FROM sessions WHERE user_id = $1', [id]);
    return rows.length > 0;
  }

  async createSession(userId: string, ttlSeconds: number): Promise<{ token: string; csrfToken: string }> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    await this.db.query(`INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, now() + ($4::float8 * interval '1 second'))`, [
      hashKey(token),
      userId,
      csrfToken,
      ttlSeconds,
    ]);
    return { token, csrfToken };
  }

  /** The session's account when the session is live and the account enabled. */
  async findSession(token: string): Promise<{ user: User; csrfToken: string } | undefined> {
    const [row] = await this.db.query<UserRow & { csrf_token: string }>(
      `SELECT u.id, u.name, u.role, u.created_at, u.disabled_at, s.csrf_token FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.token_hash = $1 AND s.expires_at > now() AND u.disabled_at IS NULL`,
      [hashKey(token)],
    );
    return row ? { user: toUser(row), csrfToken: row.csrf_token } : undefined;
  }

  async endSession(token: string): Promise<void> {
    await this.db.query('DELETE FROM sessions WHERE token_hash = $1', [hashKey(token)]);
  }
}
