// A PostgreSQL server through node-postgres. Integers come back as numbers, as they do from PGlite, so the
// repositories see the same rows from both drivers.
import pg from 'pg';
import { VigilError } from '../domain/errors.js';
import type { SqlDriver, SqlExecutor } from './driver.js';

const INT8_OID = 20;

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export async function openPostgres(databaseUrl: string, poolSize = 10): Promise<SqlDriver> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, types });
  // An idle client that loses its server must not crash the process; the next query reports the problem.
  pool.on('error', () => {});
  const location = redact(databaseUrl);
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end();
    throw new VigilError('E_STORE_UNAVAILABLE', `cannot connect to PostgreSQL at ${location}: ${(error as Error).message}`, 503);
  }
  const executor = (target: pg.Pool | pg.PoolClient): SqlExecutor => ({
    query: async <Row>(sql: string, params?: unknown[]) => (await target.query(sql, params)).rows as Row[],
    script: async (sql: string) => {
      await target.query(sql);
    },
  });
  return {
    kind: 'postgres',
    location,
    ...executor(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(executor(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}
