// The review API over real HTTP: accounts and roles, sign-in, CSRF, login rate limiting, and consensus through the
// API producing the removal webhook.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateWebhookSecret } from '../act/webhook/signature.js';
import { startServer, type RunningServer } from './server.js';
import { freshPgliteDirectory, testConfig, WebhookReceiver, writeTestPolicy, callApi, signInOver, type CallOptions, type Session } from './testing.js';



describe('the review API', () => {
  const receiver = new WebhookReceiver();
  let server: RunningServer;
  let dataDir: { path: string; remove: () => void };
  let admin = '';
  let platform = '';

  const call = (method: string, path: string, options?: CallOptions) => callApi(server.url, method, path, options);


  const signIn = (name: string, password?: string): Promise<Session> => signInOver(server.url, name, password);


  async function createUser(name: string, role: string): Promise<string> {
    const answer = await call('POST', '/v1/users', { key: admin, json: { name, password: 'correct horse battery', role } });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    return answer.body.id;
  }

  before(async () => {
    const url = await receiver.start();
    dataDir = await freshPgliteDirectory();
    server = await startServer(
      testConfig({
        dataDir: dataDir.path,
        policy: writeTestPolicy(dataDir.path),
        webhook: { url, secret: generateWebhookSecret(), timeoutMs: 2000, concurrency: 4, backoffMs: 20, maxBackoffMs: 200 },
      }),
      { onFirstKey: (key) => (admin = key) },
    );
    platform = (await call('POST', '/v1/keys', { key: admin, json: { role: 'platform' } })).body.key;
    for (const name of ['vera', 'vik', 'val']) await createUser(name, 'volunteer');
    await createUser('mona', 'moderator');
  });

  after(async () => {
    await server?.close();
    await receiver.stop();
    dataDir?.remove();
  });

  it('signs in with HttpOnly, SameSite=Strict session cookies, and refuses a wrong password', async () => {
    const answer = await call('POST', '/v1/session', { json: { name: 'vera', password: 'correct horse battery' } });
    assert.equal(answer.status, 200);
    const [session, csrf] = answer.headers.getSetCookie();
    assert.match(session, /^vigil_session=[^;]+; Path=\/; SameSite=Strict; HttpOnly/);
    assert.match(csrf, /^vigil_csrf=[^;]+;/);
    assert.doesNotMatch(csrf, /HttpOnly/);
    assert.equal((await call('POST', '/v1/session', { json: { name: 'vera', password: 'wrong password' } })).status, 401);
    assert.equal((await call('POST', '/v1/session', { json: { name: 'nobody', password: 'wrong password' } })).status, 401);
  });

  it('limits sign-in attempts per account and address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await call('POST', '/v1/session', { json: { name: 'mallory', password: `guess ${i}` } })).status);
    assert.deepEqual(statuses.slice(0, 5), [401, 401, 401, 401, 401]);
    assert.equal(statuses[6], 429);
  });

  it('lets only admins manage accounts; a disabled account cannot sign in and its sessions end', async () => {
    const volunteer = await signIn('vik');
    assert.equal((await call('GET', '/v1/users', { session: volunteer })).status, 403);
    assert.equal((await call('POST', '/v1/users', { session: volunteer, json: { name: 'eve', password: 'correct horse battery', role: 'admin' } })).status, 403);
    assert.equal((await call('GET', '/v1/users', { key: platform })).status, 403);
    const listed = await call('GET', '/v1/users', { key: admin });
    assert.deepEqual(listed.body.users.map((u: { name: string }) => u.name), ['vera', 'vik', 'val', 'mona']);
    assert.equal(JSON.stringify(listed.body).includes('scrypt'), false, 'password hashes never leave the server');
    const id = await createUser('temp', 'volunteer');
    const temp = await signIn('temp');
    assert.equal((await call('POST', `/v1/users/${id}/disable`, { key: admin })).status, 204);
    assert.equal((await call('GET', '/v1/session', { session: temp })).status, 401);
    assert.equal((await call('POST', '/v1/session', { json: { name: 'temp', password: 'correct horse battery' } })).status, 401);
    assert.equal((await call('POST', '/v1/users', { key: admin, json: { name: 'vik', password: 'correct horse battery', role: 'volunteer' } })).status, 409);
  });

  it('two agreeing volunteers remove a post through the API; the platform receives the removal webhook', async () => {
    assert.equal((await call('POST', '/v1/assess', { key: platform, json: { id: 'post-1', text: 'please review me', author: 'alice' } })).body.action, 'review');
    const vera = await signIn('vera');
    const val = await signIn('val');

    const first = await call('POST', '/v1/cases/next', { session: vera });
    assert.equal(first.status, 200);
    const shown = first.body.case;
    assert.equal(shown.itemId, 'post-1');
    assert.equal(shown.item.text, 'please review me');
    assert.ok(shown.machine.reasons.length > 0, 'evidence spans come with the case');
    assert.equal(shown.history, undefined, 'volunteers do not see the history');
    assert.equal(shown.reports, undefined, 'nor who reported');

    assert.equal((await call('GET', '/v1/cases?status=open', { session: vera })).status, 403, 'volunteers see only the case in hand');
    const noCsrf = await call('POST', `/v1/cases/${shown.id}/decisions`, { session: vera, csrf: false, json: { verdict: 'remove', reason: 'incitement' } });
    assert.equal(noCsrf.status, 403);
    assert.match(noCsrf.body.error.message, /x-csrf-token/);

    const firstVote = await call('POST', `/v1/cases/${shown.id}/decisions`, { session: vera, json: { verdict: 'remove', reason: 'incitement' } });
    assert.equal(firstVote.body.outcome, 'pending');
    const second = await call('POST', '/v1/cases/next', { session: val });
    assert.equal(second.body.case.id, shown.id);
    const secondVote = await call('POST', `/v1/cases/${shown.id}/decisions`, { session: val, json: { verdict: 'remove', reason: 'incitement' } });
    assert.deepEqual(secondVote.body, { caseId: shown.id, outcome: 'decided', action: 'remove', platformAction: 'remove' });

    await receiver.waitFor((deliveries) => deliveries.some((d) => d.json.type === 'item.remove' && d.json.data.itemId === 'post-1'));

    const mona = await signIn('mona');
    const decided = await call('GET', '/v1/cases?status=decided', { session: mona });
    assert.equal(decided.body.cases[0].id, shown.id);
    const full = await call('GET', `/v1/cases/${shown.id}`, { session: mona });
    assert.deepEqual(
      full.body.case.history.map((e: { kind: string }) => e.kind),
      ['signal', 'claim', 'vote', 'claim', 'vote', 'decision', 'action'],
    );
    const dashboard = await call('GET', '/v1/dashboard', { session: mona });
    assert.equal(dashboard.body.decisionsLastHour, 1);
    assert.equal((await call('GET', '/v1/dashboard', { session: val })).status, 403);
  });

  it('answers 204 when the queue is empty and 409 for a decision without a lease', async () => {
    const vik = await signIn('vik');
    assert.equal((await call('POST', '/v1/cases/next', { session: vik })).status, 204);
    await call('POST', '/v1/assess', { key: platform, json: { id: 'post-2', text: 'review me too' } });
    const [open] = (await call('GET', '/v1/cases?status=open', { key: admin })).body.cases;
    const answer = await call('POST', `/v1/cases/${open.id}/decisions`, { session: vik, json: { verdict: 'allow', reason: 'no-violation' } });
    assert.equal(answer.status, 409);
    assert.equal(answer.body.error.code, 'E_LEASE_EXPIRED');
    assert.equal((await call('POST', '/v1/cases/next', { session: vik })).body.case.id, open.id);
    assert.equal((await call('POST', `/v1/cases/${open.id}/skip`, { session: vik })).status, 204);
    assert.equal((await call('POST', '/v1/cases/next', { session: vik })).status, 204, 'a skipped case is not offered again');
  });

  it('renews the lease only for the reviewer who holds the case', async () => {
    await call('POST', '/v1/assess', { key: platform, json: { id: 'post-3', text: 'review me as well' } });
    const vera = await signIn('vera');
    const claimed = (await call('POST', '/v1/cases/next', { session: vera })).body.case;
    const renewed = await call('POST', `/v1/cases/${claimed.id}/lease`, { session: vera });
    assert.equal(renewed.status, 200, JSON.stringify(renewed.body));
    assert.equal(renewed.body.caseId, claimed.id);
    assert.ok(renewed.body.leaseExpiresAt >= claimed.leaseExpiresAt, 'the lease runs a full period from the renewal');
    assert.equal((await call('GET', `/v1/cases/${claimed.id}`, { session: vera })).body.case.leaseExpiresAt, renewed.body.leaseExpiresAt);

    const val = await signIn('val');
    const stranger = await call('POST', `/v1/cases/${claimed.id}/lease`, { session: val });
    assert.equal(stranger.status, 409);
    assert.equal(stranger.body.error.code, 'E_LEASE_EXPIRED');
    assert.equal((await call('POST', `/v1/cases/${claimed.id}/skip`, { session: vera })).status, 204);
    assert.equal((await call('POST', `/v1/cases/${claimed.id}/lease`, { session: vera })).body.error.code, 'E_LEASE_EXPIRED', 'a skipped case is no longer held');
  });

  it('serves the console page at /console', async () => {
    const response = await fetch(`${server.url}/console`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
  });
});
