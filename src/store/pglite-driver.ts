// The embedded database: PGlite keeps a real PostgreSQL data directory on disk. It runs in a worker thread
// (pglite-worker.ts) and is one session, so this side makes statements take turns: a transaction holds the session
// from BEGIN to COMMIT. Only one process may open a data directory at a time (data-dir-lock.ts).
import { Worker } from 'node:worker_threads';
import { VigilError } from '../domain/errors.js';
import type { SqlDriver, SqlExecutor } from './driver.js';
import type { WorkerRequest, WorkerResponse } from './pglite-worker.js';

/** An error from PostgreSQL, with its SQLSTATE code like node-postgres gives. */
export class DatabaseError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'DatabaseError';
  }
}

export async function openPglite(dataDir?: string): Promise<SqlDriver> {
  const worker = new Worker(new URL('./pglite-worker.js', import.meta.url), { workerData: { dataDir } });
  const pending = new Map<number, { resolve: (rows: unknown[]) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let failure: Error | undefined;

  const ready = new Promise<void>((resolve, reject) => {
    pending.set(0, { resolve: () => resolve(), reject });
  });
  worker.on('message', (response: WorkerResponse) => {
    const waiter = pending.get(response.id);
    pending.delete(response.id);
    if (!waiter) return;
    if (response.error) waiter.reject(new DatabaseError(response.error.message, response.error.code, response.error.detail));
    else waiter.resolve(response.rows ?? []);
  });
  const fail = (error: Error) => {
    failure = error;
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new VigilError('E_STORE_UNAVAILABLE', `the embedded database stopped (worker exit ${code})`, 503)));

  try {
    await ready;
  } catch (error) {
    await worker.terminate();
    throw new VigilError('E_STORE_UNAVAILABLE', `cannot open the embedded database in ${dataDir ?? 'memory'}: ${(error as Error).message}`, 503);
  }

  const send = (request: Omit<WorkerRequest, 'id'>): Promise<unknown[]> => {
    if (failure) return Promise.reject(failure);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id });
    });
  };

  // The session is shared: each statement, or each whole transaction, waits for the one before.
  let turn: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const result = turn.then(work, work);
    turn = result.catch(() => undefined);
    return result;
  };

  const direct: SqlExecutor = {
    query: async <Row>(sql: string, params?: unknown[]) => (await send({ sql, params: params ?? [] })) as Row[],
    script: async (sql: string) => void (await send({ sql, script: true })),
  };

  return {
    kind: 'pglite',
    location: dataDir ?? 'memory',
    query: (sql, params) => exclusive(() => direct.query(sql, params)),
    script: (sql) => exclusive(() => direct.script(sql)),
    transaction: (work) =>
      exclusive(async () => {
        // BEGIN travels with the transaction's first statement; a transaction that ran none has nothing to commit.
        let begun = false;
        const begin = () => !begun && (begun = true);
        const tx: SqlExecutor = {
          query: async <Row>(sql: string, params?: unknown[]) => (await send({ sql, params: params ?? [], begin: begin() })) as Row[],
          script: async (sql: string) => void (await send({ sql, script: true, begin: begin() })),
        };
        try {
          const result = await work(tx);
          if (begun) await direct.script('COMMIT');
          return result;
        } catch (error) {
          if (begun) await direct.script('ROLLBACK').catch(() => {});
          throw error;
        }
      }),
    async close() {
      await exclusive(() => send({ sql: '', close: true })).catch(() => {});
      await worker.terminate();
    },
  };
}
