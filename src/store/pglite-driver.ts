// The embedded database: PGlite keeps a real PostgreSQL data directory on disk and runs in this process. Only one
// process may open a data directory at a time; the server's lock file (data-dir-lock.ts) makes sure of that.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { VigilError } from '../domain/errors.js';
import type { SqlDriver, SqlExecutor } from './driver.js';

export async function openPglite(dataDir?: string): Promise<SqlDriver> {
  let db: PGlite;
  try {
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    db = await PGlite.create(dataDir ? { dataDir } : {});
  } catch (error) {
    throw new VigilError('E_STORE_UNAVAILABLE', `cannot open the embedded database in ${dataDir ?? 'memory'}: ${(error as Error).message}`, 503);
  }
  const executor = (target: Pick<PGlite, 'query' | 'exec'>): SqlExecutor => ({
    query: async <Row>(sql: string, params?: unknown[]) => (await target.query<Row>(sql, params)).rows,
    script: async (sql: string) => {
      await target.exec(sql);
    },
  });
  return {
    kind: 'pglite',
    location: dataDir ?? 'memory',
    ...executor(db),
    transaction: (work) => db.transaction((tx) => work(executor(tx))),
    close: () => db.close(),
  };
}
