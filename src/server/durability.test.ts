// Nothing acknowledged is lost: the real `vigil serve` process is loaded with batches, killed with SIGKILL mid-load,
// and restarted on the same data; every post it answered 202 for must then be stored, assessed and acted on.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { generateWebhookSecret, verifyWebhook } from '../act/webhook/signature.js';
import { freshPgliteDirectory, freshPostgresDatabase, spawnVigil, temporaryDirectory, WebhookReceiver, writeTestPolicy, type VigilProcess } from './testing.js';

const KEY = 'durability-test-key-0123456789abcdef';
const WORKERS = 8;
const BATCH = 25;
/** Kill once this many batches were acknowledged (a count, not a time, so the test does not depend on speed). */
const KILL_AFTER_BATCHES = 40;

async function post(url: string, body: unknown): Promise<number> {
  const response = await fetch(`${url}/v1/items`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

async function killTest(backend: { env: Record<string, string>; cleanup: () => Promise<void> }): Promise<void> {
  const receiver = new WebhookReceiver();
  const policyDirectory = temporaryDirectory();
  const secret = generateWebhookSecret();
  const env = {
    ...backend.env,
    VIGIL_POLICY: writeTestPolicy(policyDirectory.path),
    PORT: '0',
    HOST: '127.0.0.1',
    VIGIL_BOOTSTRAP_KEY: KEY,
    VIGIL_WEBHOOK_URL: await receiver.start(),
    VIGIL_WEBHOOK_SECRET: secret,
    VIGIL_RATE_LIMIT: '0',
    VIGIL_LOG_LEVEL: 'error',
  };
  let vigil: VigilProcess | undefined;
  try {
    vigil = await spawnVigil(env);
    const accepted = new Set<string>();
    let batches = 0;
    let next = 0;
    let killed = false;
    const first = vigil;
    const worker = async () => {
      // Bounded: each worker stops at the kill (its next request fails) or after 200 batches at most.
      for (let round = 0; round < 200 && !killed; round++) {
        const ids = Array.from({ length: BATCH }, () => `post-${next++}`);
        let status: number;
        try {
          status = await post(first.url, { items: ids.map((id) => ({ id, text: `I will kill you, ${id}` })) });
        } catch {
          return; // The server is gone: this batch was never acknowledged.
        }
        if (status === 202) {
          ids.forEach((id) => accepted.add(id));
          if (++batches === KILL_AFTER_BATCHES) {
            first.process.kill('SIGKILL');
            killed = true;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, worker));
    if (first.process.exitCode === null && first.process.signalCode === null) await once(first.process, 'exit');
    assert.equal(first.process.signalCode, 'SIGKILL');
    assert.ok(accepted.size >= KILL_AFTER_BATCHES * BATCH);

    vigil = await spawnVigil(env);
    await receiver.waitFor((deliveries) => {
      const acted = new Set(deliveries.map((d) => d.json.data.itemId));
      return [...accepted].every((id) => acted.has(id));
    }, 120_000);
    for (const id of accepted) {
      const response = await fetch(`${vigil.url}/v1/items/${id}`, { headers: { authorization: `Bearer ${KEY}` } });
      const item = (await response.json()) as { status: string; enforcement: string };
      assert.equal(item.status, 'assessed', id);
      assert.equal(item.enforcement, 'removed', id);
    }
    for (const delivery of receiver.deliveries) assert.ok(verifyWebhook(secret, delivery.headers, delivery.body));

    vigil.process.kill('SIGTERM');
    const [code] = (await once(vigil.process, 'exit')) as [number | null];
    assert.equal(code, 0, 'a graceful stop after SIGTERM');
    vigil = undefined;
  } finally {
    if (vigil && vigil.process.exitCode === null) vigil.process.kill('SIGKILL');
    await receiver.stop();
    await backend.cleanup();
    policyDirectory.remove();
  }
}

describe('kill -9 during ingest', () => {
  it('embedded database: every 202-accepted post is stored, assessed and acted on after a restart', async () => {
    const directory = await freshPgliteDirectory();
    await killTest({ env: { VIGIL_DATA_DIR: directory.path }, cleanup: async () => directory.remove() });
  });

  it('PostgreSQL: every 202-accepted post is stored, assessed and acted on after a restart', async (t) => {
    const database = await freshPostgresDatabase();
    if ('skip' in database) return t.skip(database.skip);
    await killTest({ env: { DATABASE_URL: database.url }, cleanup: database.drop });
  });
});
