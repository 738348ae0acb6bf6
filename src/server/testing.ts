// Helpers for tests that run real servers: a config for an ephemeral port and a throw-away data directory, a fresh
// PostgreSQL database when one is reachable, and a webhook receiver that records (or refuses) deliveries.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { test } from 'node:test';
import { openStore, type Store } from '../store/index.js';
import { MIGRATIONS } from '../store/migrations.js';
import type { ServerConfig } from './config.js';

export const TEST_DATABASE_URL = process.env.VIGIL_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A small policy whose outcomes do not move when the shipped policy or model is retuned: any post with "kill you"
 * is removed, one with "review me" is held for review, and everyday text is allowed. (Detectors only add evidence,
 * so the classifier cannot lower these scores.)
 */
export const TEST_POLICY_YAML = `version: "test-1"
name: Test policy
categories:
  threat:        { severity: 3, deadline: 1h,  remove_at: 0.9, review_at: 0.5 }
  incitement:    { severity: 2, deadline: 4h,  remove_at: 0.9, review_at: 0.5 }
  glorification: { severity: 1, deadline: 24h, remove_at: 0.9, review_at: 0.5 }
rules:
  - { id: test.kill-you, category: threat, score: 0.99, match: "kill you" }
  - { id: test.review-me, category: incitement, score: 0.6, match: "review me" }
`;

export const THREAT = 'I will kill you tomorrow';
export const HARMLESS = 'what a lovely day at the beach';

/** Writes TEST_POLICY_YAML into `directory` and returns its path. */
export function writeTestPolicy(directory: string): string {
  const path = join(directory, 'test-policy.yaml');
  writeFileSync(path, TEST_POLICY_YAML);
  return path;
}

export function temporaryDirectory(prefix = 'vigil-test-'): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * A directory holding a fresh embedded database. Initialising PGlite and creating the schema take many seconds on a
 * small machine, so one migrated template (named by the migrations it holds) is kept in the temp directory and copied
 * for each test.
 */
export async function freshPgliteDirectory(): Promise<{ path: string; remove: () => void }> {
  const schema = createHash('sha256').update(JSON.stringify(MIGRATIONS)).digest('hex').slice(0, 12);
  const template = join(tmpdir(), `vigil-pglite-template-${schema}`);
  if (!existsSync(join(template, 'PG_VERSION'))) {
    const building = mkdtempSync(join(tmpdir(), 'vigil-pglite-building-'));
    const store = await openStore({ dataDir: building });
    await store.close();
    try {
      renameSync(building, template);
    } catch {
      // Another test process finished its template first; use that one.
      rmSync(building, { recursive: true, force: true });
    }
  }
  const directory = temporaryDirectory('vigil-data-');
  cpSync(template, directory.path, { recursive: true });
  return directory;
}

export function testConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    host: '127.0.0.1',
    port: 0,
    dataDir: './vigil-data',
    logLevel: 'silent',
    limits: { bodyBytes: 1024 * 1024, textLength: 5000, batchSize: 100 },
    rateLimit: { requestsPerSecond: 0, burst: 1 },
    ...overrides,
  };
}

/**
 * A new, empty database on the test PostgreSQL server, or the reason there is none (so the caller can skip).
 * `drop` removes it again.
 */
export async function freshPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> } | { skip: string }> {
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (error) {
    return { skip: `PostgreSQL at ${TEST_DATABASE_URL} is unreachable (${(error as Error).message}); start it or set VIGIL_TEST_DATABASE_URL` };
  }
  const name = `vigil_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

export interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
  json: { type: string; timestamp: string; data: { itemId: string; action: string; decision: { action: string } } };
}

/** An HTTP server that records webhook deliveries; while `failing` is true it answers 503 instead. */
export class WebhookReceiver {
  readonly deliveries: Delivery[] = [];
  failing = false;
  attempts = 0;
  private server: Server | undefined;
  private listeners: (() => void)[] = [];

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.attempts++;
        if (this.failing) {
          response.writeHead(503).end();
          return;
        }
        const body = Buffer.concat(chunks).toString('utf8');
        this.deliveries.push({ headers: request.headers, body, json: JSON.parse(body) as Delivery['json'] });
        response.writeHead(204).end();
        this.listeners.splice(0).forEach((listener) => listener());
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hooks/vigil`;
  }

  /** Resolves once `predicate` holds over the deliveries, or rejects after `timeoutMs`. */
  async waitFor(predicate: (deliveries: Delivery[]) => boolean, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.deliveries)) {
      if (Date.now() > deadline) throw new Error(`webhook deliveries did not arrive in ${timeoutMs} ms (have ${this.deliveries.length})`);
      await new Promise<void>((resolve) => {
        this.listeners.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** Polls `check` until it returns true, or throws after `timeoutMs` (a deadline, not a timing assertion). */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 30_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not hold within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const VIGIL = fileURLToPath(new URL('../../../bin/vigil.js', import.meta.url));

export interface VigilProcess {
  process: ChildProcess;
  url: string;
}

/** Runs the real `vigil serve` in its own process (with `env` added) and resolves once it listens. */
export async function spawnVigil(env: Record<string, string>): Promise<VigilProcess> {
  const child = spawn(process.execPath, [VIGIL, 'serve'], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`vigil serve exited with ${code} before listening:\n${stderr}`)));
  });
  return { process: child, url };
}

/** A store for a test server: its config (a fresh embedded database, or a fresh PostgreSQL one) and its cleanup. */
export type ServerBackend = () => Promise<{ config: Partial<ServerConfig>; cleanup: () => Promise<void> } | { skip: string }>;

/** Both stores, for suites that run once on each: PGlite always, PostgreSQL when reachable (else a skip reason). */
export const SERVER_BACKENDS: [string, ServerBackend][] = [
  [
    'PGlite',
    async () => {
      const directory = await freshPgliteDirectory();
      return { config: { dataDir: directory.path, policy: writeTestPolicy(directory.path) }, cleanup: async () => directory.remove() };
    },
  ],
  [
    'PostgreSQL',
    async () => {
      const database = await freshPostgresDatabase();
      if ('skip' in database) return database;
      const directory = temporaryDirectory();
      return {
        config: { databaseUrl: database.url, dataDir: directory.path, policy: writeTestPolicy(directory.path) },
        cleanup: async () => {
          await database.drop();
          directory.remove();
        },
      };
    },
  ],
];

/** A store of each kind for store-level suites: PGlite always, PostgreSQL when reachable (else a skip reason). */
export type StoreBackend = () => Promise<{ store: Store; cleanup: () => Promise<void> } | { skip: string }>;

export const STORE_BACKENDS: [string, StoreBackend][] = [
  [
    'PGlite (embedded)',
    async () => {
      const directory = await freshPgliteDirectory();
      return { store: await openStore({ dataDir: directory.path }), cleanup: async () => directory.remove() };
    },
  ],
  [
    'PostgreSQL',
    async () => {
      const database = await freshPostgresDatabase();
      if ('skip' in database) return database;
      return { store: await openStore({ databaseUrl: database.url }), cleanup: database.drop };
    },
  ],
];

/** `it` for a suite whose backend may be absent: each test skips with the printed reason `skipReason()` gives. */
export function skippableIt(skipReason: () => string | undefined) {
  return (title: string, fn: () => Promise<void> | void) =>
    test(title, async (t) => {
      const reason = skipReason();
      if (reason) return t.skip(reason);
      await fn();
    });
}

/** An HTTP answer as the API tests read it: the body parsed as JSON where it is JSON, else its text. */
export interface Answer {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON of many shapes, checked by each test
}

/** A signed-in browser: its cookies and the CSRF token it echoes. */
export interface Session {
  cookie: string;
  csrf: string;
}

export interface CallOptions {
  /** API key, sent as a bearer token. */
  key?: string;
  session?: Session;
  /** With a session: send its CSRF token (default) or leave it out. */
  csrf?: boolean;
  json?: unknown;
  yaml?: string;
  /** A raw body, sent with `type` (default application/json). */
  body?: string | Buffer;
  type?: string;
}

/** One request to a running server, as a platform (key) or a signed-in reviewer (session) would make it. */
export async function callApi(baseUrl: string, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  if (options.session) {
    headers.cookie = options.session.cookie;
    if (options.csrf !== false) headers['x-csrf-token'] = options.session.csrf;
  }
  let body = options.body;
  let type = options.type ?? 'application/json';
  if (options.json !== undefined) body = JSON.stringify(options.json);
  if (options.yaml !== undefined) [body, type] = [options.yaml, 'application/yaml'];
  if (body !== undefined) headers['content-type'] = type;
  const response = await fetch(baseUrl + path, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text === '' ? undefined : text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON (metrics, docs, the bulk report page): keep the text.
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

/** Signs a reviewer in through POST /v1/session. */
export async function signInOver(baseUrl: string, name: string, password = 'correct horse battery'): Promise<Session> {
  const answer = await callApi(baseUrl, 'POST', '/v1/session', { json: { name, password } });
  if (answer.status !== 200) throw new Error(`sign-in of ${name} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return { cookie: answer.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; '), csrf: answer.body.csrfToken };
}
