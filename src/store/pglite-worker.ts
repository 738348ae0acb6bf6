// Runs PGlite in a worker thread. PGlite executes PostgreSQL compiled to WebAssembly synchronously in whichever
// thread owns it; here that is this worker, so the server's event loop keeps answering HTTP while the database works,
// and the database gets a core of its own. Messages: {id, sql, params?, script?, begin?} in, {id, rows} or {id, error} out.
import { mkdirSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

export interface WorkerRequest {
  id: number;
  sql: string;
  params?: unknown[];
  /** Several statements without parameters. */
  script?: boolean;
  /** Opens a transaction before the statement, in the same message: one round trip fewer per transaction. */
  begin?: boolean;
  close?: boolean;
}

export interface WorkerResponse {
  id: number;
  rows?: unknown[];
  error?: { message: string; code?: string; detail?: string };
}

const { dataDir } = workerData as { dataDir?: string };
const port = parentPort!;

try {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir ? { dataDir } : {});
  const handle = async (request: WorkerRequest): Promise<void> => {
    let response: WorkerResponse;
    try {
      if (request.close) {
        await db.close();
        response = { id: request.id, rows: [] };
      } else if (request.begin && request.script) {
        await db.exec(`BEGIN; ${request.sql}`);
        response = { id: request.id, rows: [] };
      } else if (request.script) {
        await db.exec(request.sql);
        response = { id: request.id, rows: [] };
      } else {
        if (request.begin) await db.exec('BEGIN');
        response = { id: request.id, rows: (await db.query(request.sql, request.params)).rows };
      }
    } catch (error) {
      const { message, code, detail } = error as { message: string; code?: string; detail?: string };
      response = { id: request.id, error: { message, ...(code ? { code } : {}), ...(detail ? { detail } : {}) } };
    }
    port.postMessage(response);
  };
  // Strictly in the order sent: a request that opens a transaction finishes before the next one starts.
  let previous = Promise.resolve();
  port.on('message', (request: WorkerRequest) => {
    previous = previous.then(() => handle(request));
  });
  port.postMessage({ id: 0, rows: [] } satisfies WorkerResponse);
} catch (error) {
  port.postMessage({ id: 0, error: { message: (error as Error).message } } satisfies WorkerResponse);
}
