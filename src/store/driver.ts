// The one interface the store needs from a database: run a statement, run a transaction, close. Both drivers speak
// PostgreSQL (PGlite is PostgreSQL compiled to WebAssembly), so every query and migration is written once.

export interface SqlExecutor {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Runs several statements without parameters (a migration). */
  script(sql: string): Promise<void>;
}

export interface SqlDriver extends SqlExecutor {
  /** "pglite" (embedded, one process) or "postgres" (a server, shared). */
  readonly kind: 'pglite' | 'postgres';
  /** Where the data lives, for logs: a directory or a URL without its password. */
  readonly location: string;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DriverOptions {
  /** postgres://... to use a PostgreSQL server; absent for the embedded database. */
  databaseUrl?: string;
  /** The embedded database's directory; absent (with no databaseUrl) for a throw-away in-memory database. */
  dataDir?: string;
}

export async function openDriver(options: DriverOptions): Promise<SqlDriver> {
  if (options.databaseUrl) return (await import('./postgres-driver.js')).openPostgres(options.databaseUrl);
  return (await import('./pglite-driver.js')).openPglite(options.dataDir);
}
