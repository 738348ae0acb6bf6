// The HTTP API, spoken to over real HTTP: a whole server on an ephemeral port with an embedded database.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request as httpRequest } from 'node:http';
import { verifyWebhook, generateWebhookSecret } from '../act/webhook/signature.js';
import { startServer, type RunningServer } from './server.js';
import { callApi, eventually, freshPgliteDirectory, TEST_POLICY_YAML, testConfig, THREAT, WebhookReceiver, writeTestPolicy, type Answer, type CallOptions } from './testing.js';

const call = (server: RunningServer, method: string, path: string, options?: CallOptions) => callApi(server.url, method, path, options);

describe('the Vigil server', () => {
  const receiver = new WebhookReceiver();
  const secret = generateWebhookSecret();
  let server: RunningServer;
  let dataDir: { path: string; remove: () => void };
  let admin = '';
  let platform = '';

  before(async () => {
    const url = await receiver.start();
    dataDir = await freshPgliteDirectory();
    server = await startServer(
      testConfig({ dataDir: dataDir.path, policy: writeTestPolicy(dataDir.path), webhook: { url, secret, timeoutMs: 2000, concurrency: 4, backoffMs: 20, maxBackoffMs: 200 } }),
      { onFirstKey: (key) => (admin = key) },
    );
    const created = await call(server, 'POST', '/v1/keys', { key: admin, json: { role: 'platform', name: 'test platform' } });
    assert.equal(created.status, 201);
    platform = created.body.key;
  });

  after(async () => {
    await server?.close();
    await receiver.stop();
    dataDir?.remove();
  });

  describe('authentication', () => {
    it('prints an admin key at first start that works', () => assert.match(admin, /^vgl_/));

    it('answers 401 without a key or with an unknown key', async () => {
      for (const key of [undefined, 'vgl_not-a-key']) {
        const answer = await call(server, 'POST', '/v1/assess', { ...(key ? { key } : {}), json: { id: '1', text: 'x' } });
        assert.equal(answer.status, 401);
        assert.equal(answer.body.error.code, 'E_UNAUTHORIZED');
      }
    });

    it('answers 403 when a platform key asks for an admin route', async () => {
      const answer = await call(server, 'GET', '/v1/keys', { key: platform });
      assert.equal(answer.status, 403);
      assert.equal(answer.body.error.code, 'E_FORBIDDEN');
    });

    it('stops accepting a revoked key', async () => {
      const created = await call(server, 'POST', '/v1/keys', { key: admin, json: { role: 'platform' } });
      assert.equal((await call(server, 'GET', '/v1/policy', { key: created.body.key })).status, 200);
      assert.equal((await call(server, 'DELETE', `/v1/keys/${created.body.id}`, { key: admin })).status, 204);
      assert.equal((await call(server, 'GET', '/v1/policy', { key: created.body.key })).status, 401);
    });

    it('lists keys without their secrets', async () => {
      const answer = await call(server, 'GET', '/v1/keys', { key: admin });
      assert.equal(answer.status, 200);
      assert.ok(answer.body.keys.length >= 2);
      assert.ok(!JSON.stringify(answer.body).includes(platform));
    });
  });

  describe('POST /v1/assess', () => {
    it('returns the decision for one post in the shape of vigil scan', async () => {
      const answer = await call(server, 'POST', '/v1/assess', { key: platform, json: { id: 'a1', text: THREAT, author: 'u1', reach: 100 } });
      assert.equal(answer.status, 200);
      assert.deepEqual(Object.keys(answer.body).sort(), ['action', 'category', 'id', 'policyVersion', 'reasons', 'score']);
      assert.equal(answer.body.id, 'a1');
      assert.equal(answer.body.action, 'remove');
      assert.equal(answer.body.category, 'threat');
      assert.ok(answer.body.reasons.length > 0);
    });

    it('returns one decision per post of a batch, in order, and accepts numeric ids', async () => {
      const answer = await call(server, 'POST', '/v1/assess', { key: platform, json: { items: [{ id: 'b1', text: 'lovely weather' }, { id: 42, text: THREAT }] } });
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body.items.map((d: { id: string; action: string }) => [d.id, d.action]), [['b1', 'allow'], ['42', 'remove']]);
    });

    it('stores the post, its assessment and the action, visible at GET /v1/items/{id}', async () => {
      const answer = await call(server, 'GET', '/v1/items/a1', { key: platform });
      assert.equal(answer.status, 200);
      assert.equal(answer.body.status, 'assessed');
      assert.equal(answer.body.enforcement, 'removed');
      assert.equal(answer.body.author, 'u1');
      assert.equal(answer.body.decision.action, 'remove');
      assert.equal(answer.body.assessments[0].mode, 'sync');
      assert.deepEqual(answer.body.actions.map((a: { action: string }) => a.action), ['remove']);
    });

    it('answers 404 with a code for an unknown post', async () => {
      const answer = await call(server, 'GET', '/v1/items/never-sent', { key: platform });
      assert.equal(answer.status, 404);
      assert.equal(answer.body.error.code, 'E_NOT_FOUND');
    });
  });

  describe('POST /v1/items and the platform webhook', () => {
    it('answers 202, assesses in the background and delivers signed actions in order per post', async () => {
      const accepted = await call(server, 'POST', '/v1/items', { key: platform, json: { items: [{ id: 'w1', text: THREAT }, { id: 'w2', text: 'see you at lunch' }] } });
      assert.equal(accepted.status, 202);
      assert.deepEqual(accepted.body, { accepted: 2 });
      await receiver.waitFor((deliveries) => deliveries.some((d) => d.json.data.itemId === 'w1'));
      // An edit that makes the post harmless restores it.
      await call(server, 'POST', '/v1/items', { key: platform, json: { items: [{ id: 'w1', text: 'I will kiss you tomorrow' }] } });
      await receiver.waitFor((deliveries) => deliveries.filter((d) => d.json.data.itemId === 'w1').length === 2);
      const forW1 = receiver.deliveries.filter((d) => d.json.data.itemId === 'w1');
      assert.deepEqual(forW1.map((d) => d.json.type), ['item.remove', 'item.restore']);
      for (const delivery of forW1) assert.ok(verifyWebhook(secret, delivery.headers, delivery.body), 'signature verifies');
      assert.ok(!receiver.deliveries.some((d) => d.json.data.itemId === 'w2'), 'an allowed post needs no action');
      const state = await call(server, 'GET', '/v1/items/w1', { key: platform });
      assert.equal(state.body.enforcement, 'none');
      assert.ok(state.body.actions.every((a: { deliveredAt: string | null }) => a.deliveredAt !== null));
    });

    it('retries while the receiver is down, with the same webhook-id, until it acknowledges', async () => {
      receiver.failing = true;
      const attemptsBefore = receiver.attempts;
      await call(server, 'POST', '/v1/assess', { key: platform, json: { id: 'down-1', text: THREAT } });
      await eventually(async () => receiver.attempts >= attemptsBefore + 3, 30_000, 'three failed attempts');
      receiver.failing = false;
      await receiver.waitFor((deliveries) => deliveries.some((d) => d.json.data.itemId === 'down-1'));
      const state = await call(server, 'GET', '/v1/items/down-1', { key: platform });
      assert.ok(state.body.actions[0].attempts >= 3);
      assert.equal(receiver.deliveries.filter((d) => d.json.data.itemId === 'down-1').length, 1);
    });
  });

  describe('bad input is a 4xx with a coded body, never a 500', () => {
    const cases: [string, { json?: unknown; body?: string | Buffer; type?: string }, number, string][] = [
      ['invalid JSON', { body: '{"id": "x", "text": ' }, 400, 'E_INVALID_JSON'],
      ['an empty body', { body: '' }, 400, 'E_INVALID_JSON'],
      ['bad UTF-8', { body: Buffer.concat([Buffer.from('{"id":"x","text":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]) }, 400, 'E_INVALID_UTF8'],
      ['an unpaired surrogate', { body: '{"id":"x","text":"a\\ud800b"}' }, 400, 'E_INVALID_UTF8'],
      ['a NUL character', { body: '{"id":"x","text":"a\\u0000b"}' }, 400, 'E_INVALID_REQUEST'],
      ['an unknown field', { json: { id: 'x', text: 'y', colour: 'red' } }, 400, 'E_INVALID_REQUEST'],
      ['an unknown field in a batch item', { json: { items: [{ id: 'x', text: 'y', colour: 'red' }] } }, 400, 'E_INVALID_REQUEST'],
      ['a missing text', { json: { id: 'x' } }, 400, 'E_INVALID_REQUEST'],
      ['text of the wrong type', { json: { id: 'x', text: 12 } }, 400, 'E_INVALID_REQUEST'],
      ['reach as a string', { json: { id: 'x', text: 'y', reach: '5' } }, 400, 'E_INVALID_REQUEST'],
      ['a JSON array', { json: [] }, 400, 'E_INVALID_REQUEST'],
      ['a JSON string', { json: 'hello' }, 400, 'E_INVALID_REQUEST'],
      ['a bad date', { json: { id: 'x', text: 'y', createdAt: 'yesterday' } }, 400, 'E_INVALID_REQUEST'],
      ['a reach beyond any integer', { body: '{"id":"x","text":"y","reach":100000000000000000000}' }, 400, 'E_INVALID_REQUEST'],
      ['the year 0', { json: { id: 'x', text: 'y', createdAt: '0000-01-01T00:00:00Z' } }, 400, 'E_INVALID_REQUEST'],
      ['metadata nested 5,000 deep', { body: `{"id":"x","text":"y","metadata":{"a":${'{"b":'.repeat(5000)}1${'}'.repeat(5000)}}}` }, 400, 'E_INVALID_REQUEST'],
      ['metadata arrays nested 50,000 deep', { body: `{"id":"x","text":"y","metadata":{"a":${'['.repeat(50000)}${']'.repeat(50000)}}}` }, 400, 'E_INVALID_REQUEST'],
      ['a prototype-poisoning key', { body: '{"id":"x","text":"y","metadata":{"__proto__":{"admin":true}}}' }, 400, 'E_INVALID_JSON'],
      ['text over the limit', { json: { id: 'x', text: 'a'.repeat(5001) } }, 400, 'E_TEXT_TOO_LONG'],
      ['a batch over the limit', { json: { items: Array.from({ length: 101 }, (_, i) => ({ id: String(i), text: 'y' })) } }, 400, 'E_BATCH_TOO_LARGE'],
      ['an empty batch', { json: { items: [] } }, 400, 'E_INVALID_REQUEST'],
      ['a body over the limit', { json: { id: 'x', text: 'y', metadata: { pad: 'p'.repeat(1024 * 1024) } } }, 413, 'E_PAYLOAD_TOO_LARGE'],
      ['another media type', { body: '<post/>', type: 'application/xml' }, 415, 'E_UNSUPPORTED_MEDIA_TYPE'],
    ];
    for (const [name, options, status, code] of cases) {
      it(`${name}: ${status} ${code}`, async () => {
        const answer = await call(server, 'POST', '/v1/assess', { key: platform, ...options });
        assert.equal(answer.status, status, JSON.stringify(answer.body));
        assert.equal(answer.body.error.code, code);
        assert.equal(typeof answer.body.error.message, 'string');
      });
    }

    it('POST /v1/items rejects a single post without "items"', async () => {
      const answer = await call(server, 'POST', '/v1/items', { key: platform, json: { id: 'x', text: 'y' } });
      assert.equal(answer.status, 400);
      assert.equal(answer.body.error.code, 'E_INVALID_REQUEST');
    });

    for (const [path, method] of [['/v1/items/%00', 'GET'], ['/v1/items/%FF', 'GET'], ['/v1/items/%ED%A0%80', 'GET'], ['/v1/keys/%00', 'DELETE']] as const) {
      it(`${method} ${path} is a coded 400`, async () => {
        const answer = await call(server, method, path, { key: admin });
        assert.equal(answer.status, 400, JSON.stringify(answer.body));
        assert.equal(answer.body.error.code, 'E_INVALID_REQUEST');
      });
    }

    it('an unknown route is a coded 404', async () => {
      const answer = await call(server, 'GET', '/v2/nothing', { key: platform });
      assert.equal(answer.status, 404);
      assert.equal(answer.body.error.code, 'E_NOT_FOUND');
    });

    it('a body that lies about its length is refused without a crash', async () => {
      const status = await new Promise<number>((resolve, reject) => {
        const request = httpRequest(`${server.url}/v1/assess`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '1000', authorization: `Bearer ${platform}` } }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        request.on('error', () => resolve(-1));
        request.setTimeout(5000, () => reject(new Error('no answer')));
        request.end('{"id":"x","text":"y"}');
        setTimeout(() => request.destroy(), 300);
      });
      assert.ok(status === -1 || (status >= 400 && status < 500), `status ${status}`);
      assert.equal((await call(server, 'GET', '/healthz')).status, 200, 'the server is still up');
    });
  });

  describe('policy', () => {
    const policyText = TEST_POLICY_YAML;

    it('GET /v1/policy shows the active policy', async () => {
      const answer = await call(server, 'GET', '/v1/policy', { key: platform });
      assert.equal(answer.status, 200);
      assert.equal(answer.body.yaml, policyText);
    });

    it('PUT /v1/policy refuses an invalid policy with the line of the problem', async () => {
      const answer = await call(server, 'PUT', '/v1/policy', { key: admin, body: 'version: "x"\ncategories:\n  threat: 12\n', type: 'application/yaml' });
      assert.equal(answer.status, 400);
      assert.equal(answer.body.error.code, 'E_INVALID_POLICY');
      assert.match(answer.body.error.message, /:3/);
    });

    it('PUT /v1/policy needs an admin key', async () => {
      const answer = await call(server, 'PUT', '/v1/policy', { key: platform, body: policyText, type: 'application/yaml' });
      assert.equal(answer.status, 403);
    });

    it('PUT /v1/policy activates a new version, keeps the history and refuses a changed reuse of a version', async () => {
      const next = policyText.replace(/^version: .*$/m, 'version: "test-2"');
      const answer = await call(server, 'PUT', '/v1/policy', { key: admin, body: next, type: 'application/yaml' });
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      assert.equal(answer.body.version, 'test-2');
      const decision = await call(server, 'POST', '/v1/assess', { key: platform, json: { id: 'after-policy', text: THREAT } });
      assert.equal(decision.body.policyVersion, 'test-2');
      const again = await call(server, 'PUT', '/v1/policy', { key: admin, json: { yaml: next } });
      assert.equal(again.status, 200);
      assert.equal(again.body.changed, false);
      const conflict = await call(server, 'PUT', '/v1/policy', { key: admin, body: next + '\n# edited\n', type: 'text/plain' });
      assert.equal(conflict.status, 409);
      assert.equal(conflict.body.error.code, 'E_POLICY_CONFLICT');
      const history = await call(server, 'GET', '/v1/policy/history', { key: platform });
      assert.equal(history.body.versions[0].version, 'test-2');
      assert.equal(history.body.versions.length, 2);
    });
  });

  describe('operations', () => {
    it('/healthz and /readyz answer without a key', async () => {
      assert.equal((await call(server, 'GET', '/healthz')).status, 200);
      const ready = await call(server, 'GET', '/readyz');
      assert.equal(ready.status, 200);
      assert.equal(ready.body.store, 'pglite');
    });

    it('/metrics needs a key and reports requests, latency, decisions, queue depth and webhook outcomes', async () => {
      assert.equal((await call(server, 'GET', '/metrics')).status, 401);
      const answer = await call(server, 'GET', '/metrics', { key: platform });
      assert.equal(answer.status, 200);
      for (const metric of ['vigil_http_requests_total', 'vigil_http_request_duration_seconds_bucket', 'vigil_decisions_total{mode="sync",action="remove",category="threat"}', 'vigil_queue_depth', 'vigil_outbox_undelivered', 'vigil_webhook_deliveries_total', 'vigil_webhook_failures_total']) {
        assert.ok(answer.body.includes(metric), metric);
      }
    });

    it('/openapi.json documents every route and /docs renders it', async () => {
      const document = await call(server, 'GET', '/openapi.json');
      assert.equal(document.body.openapi, '3.1.0');
      for (const path of ['/v1/assess', '/v1/items', '/v1/items/{id}', '/v1/policy', '/v1/keys', '/metrics']) assert.ok(path in document.body.paths, path);
      const docs = await call(server, 'GET', '/docs');
      assert.match(docs.headers.get('content-type') ?? '', /text\/html/);
      assert.match(docs.body, /POST<\/span> <code>\/v1\/assess<\/code>/);
    });
  });
});

describe('rate limits', () => {
  let server: RunningServer;
  let dataDir: { path: string; remove: () => void };
  const key = 'rate-limit-test-key-0123456789';

  before(async () => {
    dataDir = await freshPgliteDirectory();
    server = await startServer(testConfig({ dataDir: dataDir.path, bootstrapKey: key, rateLimit: { requestsPerSecond: 1, burst: 3 } }));
  });
  after(async () => {
    await server?.close();
    dataDir?.remove();
  });

  it('answers 429 with Retry-After once a key has spent its burst, and VIGIL_BOOTSTRAP_KEY works', async () => {
    const statuses: number[] = [];
    let limited: Answer | undefined;
    for (let i = 0; i < 6; i++) {
      const answer = await call(server, 'GET', '/v1/policy', { key });
      statuses.push(answer.status);
      if (answer.status === 429) limited = answer;
    }
    assert.equal(statuses[0], 200);
    assert.ok(limited, `statuses ${statuses}`);
    assert.equal(limited.body.error.code, 'E_RATE_LIMITED');
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
  });
});

describe('graceful shutdown', () => {
  it('finishes a request already in flight, refuses new ones, and keeps what it acknowledged', async () => {
    const dataDir = await freshPgliteDirectory();
    const key = 'shutdown-test-key-0123456789abc';
    const config = testConfig({ dataDir: dataDir.path, bootstrapKey: key });
    try {
      let server = await startServer(config);
      const items = Array.from({ length: 100 }, (_, i) => ({ id: `s${i}`, text: THREAT }));
      const body = Buffer.from(JSON.stringify({ items }));
      // Headers and half the body now; the rest only after shutdown has begun.
      let answered: (status: number) => void = () => {};
      const answer = new Promise<number>((resolve) => (answered = resolve));
      const request = httpRequest(`${server.url}/v1/items`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(body.length), authorization: `Bearer ${key}` } }, (response) => {
        response.resume();
        answered(response.statusCode ?? 0);
      });
      request.on('error', () => answered(-1));
      request.write(body.subarray(0, 100));
      await eventually(async () => (await new Promise<number>((resolve) => server.app.server.getConnections((_e, count) => resolve(count)))) > 0, 5000, 'connection');
      await new Promise((resolve) => setTimeout(resolve, 200));
      const closing = server.close();
      request.end(body.subarray(100));
      assert.equal(await answer, 202);
      await closing;
      server = await startServer(config);
      try {
        for (const item of items) assert.equal((await call(server, 'GET', `/v1/items/${item.id}`, { key })).status, 200, item.id);
      } finally {
        await server.close();
      }
    } finally {
      dataDir.remove();
    }
  });
});
