// The server under load, from a separate process on the same machine: synchronous assess (requests/s and latency at
// 10 and 100 connections, and at 2,000 requests/s: in autocannon's bursts, and offered evenly by an open-loop
// generator) and asynchronous ingest (posts/s durably acknowledged with 202, then how fast the background assessor
// drains them), on PGlite and on PostgreSQL. Each assess line also gives the CPU time per request of the server process
// (with its database thread; PostgreSQL's own processes not counted) and of this load generator, and the load
// average: they share the machine's cores.
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import autocannon from 'autocannon';
import { freshPgliteDirectory, freshPostgresDatabase, spawnVigil, type VigilProcess } from '../src/server/testing.js';
import { loadPoolTexts } from './datasets.js';
import { openLoop, percentile } from './open-loop.js';

const KEY = 'bench-key-0123456789abcdefghijklmnop';
const SECONDS = Number(process.env.VIGIL_BENCH_SECONDS ?? 10);
const SAMPLE_TEXTS = [
  'I will kill you tomorrow',
  'what a lovely day at the beach',
  'they should all be hanged for this',
  'the match last night was a massacre, we destroyed them 5-0',
  'see you at lunch, bring the documents',
  'someone needs to shoot up that school',
  'honestly this recipe is killer, try it',
  'every last one of them deserves to burn',
];

async function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

function assessRequests(texts: string[]): autocannon.Request[] {
  let n = 0;
  return [
    {
      method: 'POST',
      path: '/v1/assess',
      setupRequest: (request) => {
        const i = n++;
        return { ...request, body: JSON.stringify({ id: `bench-${process.pid}-${i}`, text: texts[i % texts.length] }) };
      },
    },
  ];
}

function line(label: string, result: autocannon.Result, cpu?: { server: number; load: number }): string {
  const failed = result.non2xx + result.errors + result.timeouts;
  const perRequest = (seconds: number) => Math.round((seconds / Math.max(1, result.requests.total)) * 1e6);
  const cost = cpu ? `   CPU/req: server ${perRequest(cpu.server)} µs, load generator ${perRequest(cpu.load)} µs` : '';
  return (
    `${label.padEnd(34)} ${String(Math.round(result.requests.average)).padStart(6)} req/s   p50 ${result.latency.p50} ms   p99 ${result.latency.p99} ms` +
    `${cost}   load ${loadavg()[0].toFixed(1)}${failed ? `   (${failed} failed)` : ''}`
  );
}

/** CPU seconds the process has used, all its threads together (Linux /proc; undefined elsewhere). */
function processCpuSeconds(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** Runs autocannon and measures the CPU the server (with its database thread) and this process used meanwhile. */
async function measured(vigil: VigilProcess, options: autocannon.Options): Promise<[autocannon.Result, { server: number; load: number } | undefined]> {
  const serverBefore = processCpuSeconds(vigil.process.pid!);
  const loadBefore = process.cpuUsage();
  const result = await run(options);
  const serverAfter = processCpuSeconds(vigil.process.pid!);
  const load = process.cpuUsage(loadBefore);
  if (serverBefore === undefined || serverAfter === undefined) return [result, undefined];
  return [result, { server: serverAfter - serverBefore, load: (load.user + load.system) / 1e6 }];
}

async function benchAssess(vigil: VigilProcess, texts: string[]): Promise<void> {
  const base = { url: vigil.url, headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' } };
  // Warm-up: PGlite's WebAssembly reaches full speed only after V8 has optimised its hot functions.
  await run({ ...base, connections: 50, duration: Math.max(3, SECONDS / 2), requests: assessRequests(texts) });
  for (const connections of [10, 100]) {
    console.log(line(`assess, ${connections} connections`, ...(await measured(vigil, { ...base, connections, duration: SECONDS, requests: assessRequests(texts) }))));
  }
  // autocannon's overallRate: every second starts with all connections sending back to back (see open-loop.ts).
  const bursts = { ...base, connections: 100, overallRate: 2000, duration: SECONDS, requests: assessRequests(texts) };
  console.log(line('assess, 2,000 req/s in bursts', ...(await measured(vigil, bursts))));
  console.log(await offered(vigil, texts, 2000));
}

/** Single-post assess at `rate` requests/s evenly spaced (open loop), over up to 100 connections. */
async function offered(vigil: VigilProcess, texts: string[], rate: number): Promise<string> {
  const serverBefore = processCpuSeconds(vigil.process.pid!);
  const loadBefore = process.cpuUsage();
  const result = await openLoop({
    url: vigil.url,
    path: '/v1/assess',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: (i) => JSON.stringify({ id: `offered-${process.pid}-${i}`, text: texts[i % texts.length] }),
    rate,
    seconds: SECONDS,
    connections: 100,
  });
  const serverAfter = processCpuSeconds(vigil.process.pid!);
  const load = process.cpuUsage(loadBefore);
  const answered = Math.max(1, result.latencies.length);
  const cost =
    serverBefore === undefined || serverAfter === undefined
      ? ''
      : `   CPU/req: server ${Math.round(((serverAfter - serverBefore) / answered) * 1e6)} µs, load generator ${Math.round(((load.user + load.system) / answered))} µs`;
  const ms = (p: number) => percentile(result.latencies, p).toFixed(1);
  return (
    `${`assess, ${rate.toLocaleString('en')} req/s offered evenly`.padEnd(34)} ${String(Math.round(result.answered)).padStart(6)} req/s   p50 ${ms(50)} ms   p99 ${ms(99)} ms` +
    `${cost}   load ${loadavg()[0].toFixed(1)}${result.failed ? `   (${result.failed} failed)` : ''}`
  );
}

async function benchIngest(vigil: VigilProcess, texts: string[], label: string): Promise<void> {
  const batch = 1000;
  const clients = 4;
  let accepted = 0;
  let failed = 0;
  let next = 0;
  const deadline = Date.now() + SECONDS * 1000;
  const started = performance.now();
  const client = async () => {
    while (Date.now() < deadline) {
      const items = Array.from({ length: batch }, () => {
        const i = next++;
        return { id: `ingest-${process.pid}-${i}`, text: texts[i % texts.length] };
      });
      const response = await fetch(`${vigil.url}/v1/items`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ items }),
      });
      await response.arrayBuffer();
      if (response.status === 202) accepted += batch;
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  const acceptSeconds = (performance.now() - started) / 1000;
  // Then wait (two minutes at most) for the background assessor to finish what was accepted.
  const drainDeadline = Date.now() + 120_000;
  const leftAfterIngest = await queueDepth(vigil);
  let left = leftAfterIngest;
  while (left > 0 && Date.now() < drainDeadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    left = await queueDepth(vigil);
  }
  const drainSeconds = (performance.now() - started) / 1000;
  console.log(
    `ingest ${label.padEnd(27)} ${String(Math.round(accepted / acceptSeconds)).padStart(6)} posts/s acknowledged (202, durable; ${clients} clients x ${batch}-post batches)` +
      `${failed ? `, ${failed} failed` : ''}; ${accepted - left} of ${accepted} assessed after ${drainSeconds.toFixed(1)} s ` +
      `(${Math.round((accepted - left) / drainSeconds)} posts/s end to end; the backlog left after ingest drained at ` +
      `${Math.round((leftAfterIngest - left) / Math.max(0.001, drainSeconds - acceptSeconds))} posts/s)   load ${loadavg()[0].toFixed(1)}`,
  );
}

async function queueDepth(vigil: VigilProcess): Promise<number> {
  const response = await fetch(`${vigil.url}/metrics`, { headers: { authorization: `Bearer ${KEY}` } });
  const match = /^vigil_queue_depth (\d+)/m.exec(await response.text());
  return match ? Number(match[1]) : 0;
}

async function withVigil(env: Record<string, string>, work: (vigil: VigilProcess) => Promise<void>): Promise<void> {
  const vigil = await spawnVigil({ ...env, PORT: '0', HOST: '127.0.0.1', VIGIL_BOOTSTRAP_KEY: KEY, VIGIL_RATE_LIMIT: '0', VIGIL_LOG_LEVEL: 'warn', VIGIL_BODY_LIMIT: String(64 * 1024 * 1024) });
  try {
    await work(vigil);
  } finally {
    vigil.process.kill('SIGTERM');
    await new Promise((resolve) => vigil.process.once('exit', resolve));
  }
}

export async function bench(): Promise<void> {
  const texts = (loadPoolTexts() ?? SAMPLE_TEXTS).filter((text) => text.length <= 20_000);
  console.log(
    `server in its own process, load from this one; ${texts.length} distinct texts; ${SECONDS} s per run; no webhook configured; ` +
      `${cpus().length} cores, load average ${loadavg()[0].toFixed(1)} before the run`,
  );

  const directory = await freshPgliteDirectory();
  try {
    await withVigil({ VIGIL_DATA_DIR: directory.path }, async (vigil) => {
      console.log('-- embedded PGlite');
      await benchAssess(vigil, texts);
      await benchIngest(vigil, texts, 'PGlite');
    });
  } finally {
    directory.remove();
  }

  const database = await freshPostgresDatabase();
  if ('skip' in database) {
    console.log(`-- PostgreSQL skipped: ${database.skip}`);
    return;
  }
  try {
    await withVigil({ DATABASE_URL: database.url }, async (vigil) => {
      console.log('-- PostgreSQL');
      await benchAssess(vigil, texts);
      await benchIngest(vigil, texts, 'PostgreSQL');
    });
  } finally {
    await database.drop();
  }
}
