// The review queue against the real store: next-case latency with 100,000 open cases (ReviewDesk over the store,
// simulated clock, 300 reviewers holding leases), then the decisions per second a whole server sustains over HTTP,
// volunteers signed in with sessions claiming and deciding as fast as they can.
import { cpus } from 'node:os';
import { ReviewDesk } from '../src/act/review-desk.js';
import { loadDefaultPolicy } from '../src/decide/index.js';
import { CATEGORIES, type Category } from '../src/domain/decision.js';
import { VigilError } from '../src/domain/errors.js';
import type { Claim, Reviewer, ReviewSignal } from '../src/domain/review.js';
import { NO_VIOLATION } from '../src/review/index.js';
import { freshPgliteDirectory, freshPostgresDatabase, spawnVigil } from '../src/server/testing.js';
import { openStore, type DriverOptions, type Store } from '../src/store/index.js';
import { describeLatency, seededRandom } from './measure.js';

const OPEN_CASES = 100_000;
const REVIEWERS = 300;
const MEASURED_TURNS = 3_000;
const TURN_MS = 200;
const HOUR = 3_600_000;
const HTTP_REVIEWERS = 48;
const HTTP_SECONDS = 10;
const KEY = 'vgl_review-bench-bootstrap-key-0123456789';
const PASSWORD = 'bench password 0123';

/** 100,000 posts needing review, opened over the past day, so every stage of time pressure is represented. */
async function fill(store: Store, now: number): Promise<number> {
  const began = performance.now();
  const random = seededRandom(5);
  const { policy } = loadDefaultPolicy();
  await store.sql.query(
    `INSERT INTO items (id, text, author, reach, status, enforcement)
     SELECT 'post-' || i, 'a post that needs a person to look at it, number ' || i, 'author-' || (i % 5000), (i * 7919) % 1000000, 'assessed', 'held'
     FROM generate_series(1, $1::int) AS i`,
    [OPEN_CASES],
  );
  const batch = 2_000;
  for (let first = 1; first <= OPEN_CASES; first += batch) {
    const signals: ReviewSignal[] = [];
    for (let i = first; i < first + batch && i <= OPEN_CASES; i++) {
      const draw = random();
      const category: Category = draw < 0.2 ? 'threat' : draw < 0.5 ? 'incitement' : 'glorification';
      signals.push({ kind: 'detection', itemId: `post-${i}`, action: 'review', category, score: 0.5 + random() * 0.35, reach: { followers: Math.floor(10 ** (random() * 6)) } });
    }
    await store.cases.submit(signals, policy, now - 24 * HOUR + Math.floor((first / OPEN_CASES) * 24 * HOUR));
  }
  await store.sql.script('ANALYZE');
  return (performance.now() - began) / 1000;
}

/** ReviewDesk on the store, one reviewer turn at a time: decide the case in hand, take the next. */
async function storeTurns(store: Store, start: number): Promise<void> {
  const { policy } = loadDefaultPolicy();
  let now = start;
  const random = seededRandom(9);
  const desk = new ReviewDesk(store, () => policy, () => {}, { now: () => now, random: seededRandom(7) });
  const reviewers: Reviewer[] = Array.from({ length: REVIEWERS }, (_, i) => ({ id: `reviewer-${i}`, role: i % 15 === 0 ? 'moderator' : 'volunteer' }));
  const inHand = new Map<string, Claim>();
  const nextLatency: number[] = [];
  const decideLatency: number[] = [];
  let decisions = 0;
  const began = performance.now();
  for (let turn = 0; turn < REVIEWERS + MEASURED_TURNS; turn++) {
    const measuring = turn >= REVIEWERS;
    now += TURN_MS;
    const reviewer = reviewers[turn % reviewers.length];
    const claim = inHand.get(reviewer.id);
    if (claim && claim.expiresAt > now) {
      const remove = random() < 0.7;
      const t0 = performance.now();
      try {
        await desk.decide(claim.caseId, reviewer, remove ? 'remove' : 'allow', remove ? CATEGORIES[0] : NO_VIOLATION);
        decisions++;
      } catch (error) {
        if (!(error instanceof VigilError)) throw error;
      }
      if (measuring) decideLatency.push(performance.now() - t0);
    }
    const t0 = performance.now();
    const next = await desk.next(reviewer);
    if (measuring) nextLatency.push(performance.now() - t0);
    if (next) inHand.set(reviewer.id, next);
    else inHand.delete(reviewer.id);
  }
  const seconds = (performance.now() - began) / 1000;
  console.log(`next case (store): ${describeLatency(nextLatency)}`);
  console.log(`decide (store):    ${describeLatency(decideLatency)}`);
  console.log(`one connection, one turn at a time: ${(decisions / seconds).toFixed(0)} votes/s`);
}

async function call(url: string, method: string, path: string, options: { cookie?: string; csrf?: string; key?: string; json?: unknown } = {}) {
  const headers: Record<string, string> = {};
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  if (options.cookie) headers.cookie = options.cookie;
  if (options.csrf) headers['x-csrf-token'] = options.csrf;
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  return fetch(url + path, { method, headers, body: options.json === undefined ? undefined : JSON.stringify(options.json) });
}

/** Volunteers signed in to a real server process, each claiming and deciding in a loop for HTTP_SECONDS. */
async function httpDecisions(env: Record<string, string>): Promise<void> {
  const vigil = await spawnVigil({ ...env, PORT: '0', HOST: '127.0.0.1', VIGIL_BOOTSTRAP_KEY: KEY, VIGIL_RATE_LIMIT: '0', VIGIL_LOG_LEVEL: 'warn' });
  try {
    const sessions: { cookie: string; csrf: string }[] = [];
    for (let i = 0; i < HTTP_REVIEWERS; i++) {
      const name = `bench-volunteer-${i}-${Date.now()}`;
      await call(vigil.url, 'POST', '/v1/users', { key: KEY, json: { name, password: PASSWORD, role: 'volunteer' } });
      const login = await call(vigil.url, 'POST', '/v1/session', { json: { name, password: PASSWORD } });
      const body = (await login.json()) as { csrfToken: string };
      sessions.push({ cookie: login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), csrf: body.csrfToken });
    }
    // One volunteer alone first: the latency of a claim without queueing behind others; then all of them at once.
    await reviewLoop(vigil.url, sessions.slice(0, 1), 3, 'one volunteer');
    await reviewLoop(vigil.url, sessions.slice(1), HTTP_SECONDS, `${sessions.length - 1} volunteers`);
  } finally {
    vigil.process.kill('SIGTERM');
    await new Promise((resolve) => vigil.process.once('exit', resolve));
  }
}

async function reviewLoop(url: string, sessions: { cookie: string; csrf: string }[], duration: number, label: string): Promise<void> {
  const nextLatency: number[] = [];
  const decideLatency: number[] = [];
  let decisions = 0;
  let final = 0;
  const until = performance.now() + duration * 1000;
  const began = performance.now();
  await Promise.all(
    sessions.map(async (session) => {
      while (performance.now() < until) {
        const t0 = performance.now();
        const next = await call(url, 'POST', '/v1/cases/next', session);
        nextLatency.push(performance.now() - t0);
        if (next.status !== 200) break;
        const { case: shown } = (await next.json()) as { case: { id: string; category: string } };
        const t1 = performance.now();
        const answer = await call(url, 'POST', `/v1/cases/${shown.id}/decisions`, { ...session, json: { verdict: 'remove', reason: shown.category } });
        decideLatency.push(performance.now() - t1);
        if (answer.status === 200) {
          decisions++;
          if (((await answer.json()) as { outcome: string }).outcome !== 'pending') final++;
        } else await answer.body?.cancel();
      }
    }),
  );
  const seconds = (performance.now() - began) / 1000;
  console.log(`server over HTTP, ${label} with sessions, ${duration} s: ${(decisions / seconds).toFixed(0)} votes/s, ${(final / seconds).toFixed(0)} final decisions/s (consensus of 2)`);
  console.log(`  next case (HTTP): ${describeLatency(nextLatency)}`);
  console.log(`  decision (HTTP):  ${describeLatency(decideLatency)}`);
}

async function run(label: string, options: DriverOptions, env: Record<string, string>): Promise<void> {
  console.log(`-- ${label}`);
  const now = Date.now();
  const store = await openStore(options);
  try {
    console.log(`${OPEN_CASES} open cases stored in ${(await fill(store, now)).toFixed(1)} s`);
    await storeTurns(store, now);
  } finally {
    await store.close();
  }
  await httpDecisions(env);
}

export async function bench(): Promise<void> {
  console.log(`review queue on the real store; ${cpus().length} cores`);
  const directory = await freshPgliteDirectory();
  try {
    await run('embedded PGlite', { dataDir: directory.path }, { VIGIL_DATA_DIR: directory.path });
  } finally {
    directory.remove();
  }
  const database = await freshPostgresDatabase();
  if ('skip' in database) {
    console.log(`-- PostgreSQL skipped: ${database.skip}`);
    return;
  }
  try {
    await run('PostgreSQL', { databaseUrl: database.url }, { DATABASE_URL: database.url });
  } finally {
    await database.drop();
  }
}
