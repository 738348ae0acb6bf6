// The store: one database (embedded PGlite or a PostgreSQL server) behind the same repositories and migrations.
import { openDriver, type DriverOptions, type SqlDriver, type SqlExecutor } from './driver.js';
import { CaseRepository } from './cases.js';
import { ItemRepository } from './items.js';
import { KeyRepository } from './keys.js';
import { migrate } from './migrations.js';
import { OutboxRepository } from './outbox.js';
import { PolicyRepository } from './policies.js';
import { UserRepository } from './users.js';

export interface Repositories {
  keys: KeyRepository;
  policies: PolicyRepository;
  items: ItemRepository;
  outbox: OutboxRepository;
  cases: CaseRepository;
  users: UserRepository;
  /** For a later stage's own tables (review cases) written in the same transaction. */
  sql: SqlExecutor;
}

export interface Store extends Repositories {
  readonly driver: SqlDriver;
  /** Runs `work` against repositories that share one transaction. */
  transaction<T>(work: (repositories: Repositories) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

function repositories(db: SqlExecutor): Repositories {
  return { keys: new KeyRepository(db), policies: new PolicyRepository(db), items: new ItemRepository(db), outbox: new OutboxRepository(db), cases: new CaseRepository(db), users: new UserRepository(db), sql: db };
}

/** Opens the database and brings its schema up to date. */
export async function openStore(options: DriverOptions): Promise<Store> {
  const driver = await openDriver(options);
  try {
    await migrate(driver);
  } catch (error) {
    await driver.close().catch(() => {});
    throw error;
  }
  return {
    driver,
    ...repositories(driver),
    transaction: (work) => driver.transaction((tx) => work(repositories(tx))),
    close: () => driver.close(),
  };
}

export type { DriverOptions, SqlDriver, SqlExecutor } from './driver.js';
export type { IncomingItem, PendingItem, Enforcement, StoredItem, AssessmentMode } from './items.js';
export type { OutboxMessage, QueuedMessage, PlatformAction, MessageStatus } from './outbox.js';
export type { ApiKey, Role } from './keys.js';
export { ROLES, hashKey, generateKey } from './keys.js';
export type { StoredPolicy } from './policies.js';
export type { CaseEvent, ClaimedCase, QueueStatus, StoredCase, StoredGoldCase, VoteOutcome } from './cases.js';
export type { User } from './users.js';
