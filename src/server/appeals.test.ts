// Account enforcement and appeals over real HTTP: strikes climbing the ladder with the right webhooks, credible threats
// skipping steps, appeals decided by someone other than the original decider, reversals restoring the post.
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { generateWebhookSecret } from '../act/webhook/signature.js';
import { missingStatementFields } from '../decide/statement-of-reasons.js';
import { startServer, type RunningServer } from './server.js';
import { type Delivery, skippableIt, SERVER_BACKENDS, type ServerBackend, TEST_POLICY_YAML, testConfig, THREAT, WebhookReceiver, callApi, signInOver, type CallOptions, type Session } from './testing.js';



// Every threat is worth one point and none is credible enough to skip steps (scores stay below 1).
const LADDER_POLICY = `${TEST_POLICY_YAML.replace('version: "test-1"', 'version: "test-ladder"')}enforcement:
  strike_weights: { threat: 1 }
  ladder:
    - { at: 1, action: warn }
    - { at: 2, action: limit_posting, duration: 24h }
    - { at: 3, action: suspend, duration: 7d }
    - { at: 4, action: ban }
  credible_threat: { min_score: 1, action: ban }
`;

const SKIPPING_POLICY = LADDER_POLICY.replace('version: "test-ladder"', 'version: "test-skip"').replace('credible_threat: { min_score: 1, action: ban }', 'credible_threat: { min_score: 0.95, action: suspend }');

for (const [name, backend] of SERVER_BACKENDS) describe(`account enforcement and appeals (${name})`, () => suite(backend));

function suite(backend: ServerBackend): void {
  const receiver = new WebhookReceiver();
  let server: RunningServer;
  let cleanup: () => Promise<void> = async () => {};
  let skip: string | undefined;
  /** Skips when the store is not available (PostgreSQL not running). */
  const it = skippableIt(() => skip);
  let admin = '';
  let platform = '';

  const call = (method: string, path: string, options?: CallOptions) => callApi(server.url, method, path, options);


  async function signIn(name: string, role: string): Promise<Session> {
    assert.equal((await call('POST', '/v1/users', { key: admin, json: { name, password: 'correct horse battery', role } })).status, 201);
    return signInOver(server.url, name);
  }


  const ofType = (type: string, match: (data: Record<string, unknown>) => boolean = () => true) =>
    receiver.deliveries.filter((d) => d.json.type === type && match(d.json.data as unknown as Record<string, unknown>));
  const accountActions = (accountId: string) =>
    receiver.deliveries.filter((d) => d.json.type.startsWith('account.') && (d.json.data as unknown as { accountId: string }).accountId === accountId);
  const statementOf = (delivery: Delivery) => (delivery.json.data as unknown as { statementOfReasons: Parameters<typeof missingStatementFields>[0] }).statementOfReasons;

  before(async () => {
    const url = await receiver.start();
    const opened = await backend();
    if ('skip' in opened) {
      skip = opened.skip;
      return;
    }
    cleanup = opened.cleanup;
    server = await startServer(
      testConfig({ ...opened.config, webhook: { url, secret: generateWebhookSecret(), timeoutMs: 2000, concurrency: 4, backoffMs: 20, maxBackoffMs: 200 } }),
      { onFirstKey: (key) => (admin = key) },
    );
    platform = (await call('POST', '/v1/keys', { key: admin, json: { role: 'platform' } })).body.key;
    assert.equal((await call('PUT', '/v1/policy', { key: admin, yaml: LADDER_POLICY })).status, 201);
  });

  after(async () => {
    await server?.close();
    await receiver.stop();
    await cleanup();
  });

  it('escalates an account through the ladder, one signed webhook per step', async () => {
    for (let i = 1; i <= 4; i++) {
      await call('POST', '/v1/assess', { key: platform, json: { id: `eve-${i}`, text: `${THREAT} #${i}`, author: 'eve' } });
    }
    await receiver.waitFor(() => accountActions('eve').length >= 4);
    const steps = accountActions('eve');
    assert.deepEqual(steps.map((d) => d.json.type), ['account.warn', 'account.limit_posting', 'account.suspend', 'account.ban']);
    for (const delivery of steps) {
      assert.ok(delivery.headers['webhook-signature'], 'signed like every webhook');
      assert.deepEqual(missingStatementFields(statementOf(delivery)), [], delivery.body);
    }
    const limit = steps[1].json.data as unknown as { until: string; strikePoints: number };
    const hours = (Date.parse(limit.until) - Date.parse(steps[1].json.timestamp)) / 3_600_000;
    assert.ok(hours > 23.9 && hours < 24.1, `a 24-hour posting limit (${hours} h)`);
    assert.equal((steps[3].json.data as unknown as { until: string | null }).until, null, 'a ban has no end');

    const standing = (await call('GET', '/v1/accounts/eve/enforcement', { key: platform })).body;
    assert.equal(standing.strikePoints, 4);
    assert.deepEqual(standing.decisions.filter((d: { subject: string }) => d.subject === 'account').map((d: { action: string }) => d.action), ['warn', 'limit_posting', 'suspend', 'ban']);
  });

  it('lets a credible threat skip steps', async () => {
    assert.equal((await call('PUT', '/v1/policy', { key: admin, yaml: SKIPPING_POLICY })).status, 201);
    await call('POST', '/v1/assess', { key: platform, json: { id: 'carl-1', text: THREAT, author: 'carl' } });
    await receiver.waitFor(() => accountActions('carl').length >= 1);
    assert.deepEqual(accountActions('carl').map((d) => d.json.type), ['account.suspend']);
    assert.match(statementOf(accountActions('carl')[0])!.factsAndCircumstances!, /credible threat/);
  });

  it('reverses a reviewer removal on appeal by a different reviewer, restoring the post', async () => {
    const mona = await signIn('mona', 'moderator');
    const vera = await signIn('vera', 'volunteer');
    await call('POST', '/v1/assess', { key: platform, json: { id: 'ann-1', text: 'please review me', author: 'ann' } });
    const [open] = (await call('GET', '/v1/cases?status=open', { key: admin })).body.cases.filter((c: { itemId: string }) => c.itemId === 'ann-1');
    const decided = await call('POST', `/v1/cases/${open.id}/decisions`, { session: mona, json: { verdict: 'remove', reason: 'incitement' } });
    assert.equal(decided.body.platformAction, 'remove');
    await receiver.waitFor(() => ofType('item.remove', (d) => d.itemId === 'ann-1').length === 1);
    const removal = statementOf(ofType('item.remove', (d) => d.itemId === 'ann-1')[0])!;
    assert.deepEqual(missingStatementFields(removal), []);
    assert.equal(removal.automatedDecision, false, 'a person decided');
    assert.equal((await call('GET', '/v1/accounts/ann/enforcement', { key: platform })).body.strikePoints, 2);

    assert.equal((await call('POST', '/v1/appeals', { key: platform, json: { accountId: 'bob', itemId: 'ann-1' } })).status, 403, 'only the author appeals');
    const filed = await call('POST', '/v1/appeals', { key: platform, json: { accountId: 'ann', itemId: 'ann-1', statement: 'I was quoting a film' } });
    assert.equal(filed.status, 201);
    assert.equal(filed.body.status, 'pending');

    assert.deepEqual((await call('GET', '/v1/appeals', { session: mona })).body.appeals, [], 'not offered to the reviewer who decided');
    const same = await call('POST', `/v1/appeals/${filed.body.id}/decision`, { session: mona, json: { outcome: 'reversed' } });
    assert.equal(same.status, 403);
    assert.equal(same.body.error.code, 'E_SAME_REVIEWER');

    assert.deepEqual((await call('GET', '/v1/appeals', { session: vera })).body.appeals.map((a: { id: string }) => a.id), [filed.body.id]);
    const reversed = await call('POST', `/v1/appeals/${filed.body.id}/decision`, { session: vera, json: { outcome: 'reversed', note: 'quotation' } });
    assert.equal(reversed.status, 200, JSON.stringify(reversed.body));
    assert.equal(reversed.body.status, 'reversed');
    assert.equal(reversed.body.decision.overturned, true);

    await receiver.waitFor(() => ofType('item.restore', (d) => d.itemId === 'ann-1').length === 1 && ofType('appeal.reversed').length === 1);
    assert.equal((await call('GET', '/v1/items/ann-1', { key: platform })).body.enforcement, 'none');
    assert.equal((await call('GET', '/v1/accounts/ann/enforcement', { key: platform })).body.strikePoints, 0, 'the strike is withdrawn');
    await receiver.waitFor(() => accountActions('ann').length >= 2);
    assert.deepEqual(accountActions('ann').map((d) => d.json.type), ['account.limit_posting', 'account.reinstate'], 'and the account action it caused is lifted');
    assert.equal((await call('POST', `/v1/appeals/${filed.body.id}/decision`, { key: admin, json: { outcome: 'upheld' } })).body.error.code, 'E_APPEAL_CLOSED');

    const overturns = (await call('GET', '/v1/stats/overturns', { session: mona })).body.deciders;
    const monaRow = overturns.find((row: { decidedBy: string; overturned: number }) => row.decidedBy !== 'vigil:rules' && row.overturned === 1);
    assert.ok(monaRow, JSON.stringify(overturns));
    assert.equal(monaRow.automated, false);
  });

  it('upholds an automated removal and tells the author; account actions go to moderators', async () => {
    const vik = await signIn('vik', 'volunteer');
    await call('POST', '/v1/assess', { key: platform, json: { id: 'dan-1', text: THREAT, author: 'dan' } });
    const filed = await call('POST', '/v1/appeals', { key: platform, json: { accountId: 'dan', itemId: 'dan-1' } });
    const upheld = await call('POST', `/v1/appeals/${filed.body.id}/decision`, { session: vik, json: { outcome: 'upheld' } });
    assert.equal(upheld.body.status, 'upheld');
    await receiver.waitFor(() => ofType('appeal.upheld', (d) => d.accountId === 'dan').length === 1);
    assert.equal((await call('GET', '/v1/items/dan-1', { key: platform })).body.enforcement, 'removed');

    await receiver.waitFor(() => accountActions('dan').length >= 1);
    const accountDecision = (accountActions('dan')[0].json.data as unknown as { decisionId: string }).decisionId;
    const accountAppeal = await call('POST', '/v1/appeals', { key: platform, json: { accountId: 'dan', decisionId: accountDecision } });
    assert.equal(accountAppeal.body.needsRole, 'moderator');
    assert.equal((await call('POST', `/v1/appeals/${accountAppeal.body.id}/decision`, { session: vik, json: { outcome: 'reversed' } })).status, 403);
    const reinstated = await call('POST', `/v1/appeals/${accountAppeal.body.id}/decision`, { key: admin, json: { outcome: 'reversed' } });
    assert.equal(reinstated.body.status, 'reversed');
    await receiver.waitFor(() => accountActions('dan').some((d) => d.json.type === 'account.reinstate'));
  });

  it('refuses an appeal after the policy window', async () => {
    const closed = LADDER_POLICY.replace('version: "test-ladder"', 'version: "test-closed"').replace('enforcement:\n', 'enforcement:\n  appeal_window: 0s\n');
    assert.equal((await call('PUT', '/v1/policy', { key: admin, yaml: closed })).status, 201);
    await call('POST', '/v1/assess', { key: platform, json: { id: 'late-1', text: THREAT, author: 'lee' } });
    const late = await call('POST', '/v1/appeals', { key: platform, json: { accountId: 'lee', itemId: 'late-1' } });
    assert.equal(late.status, 409);
    assert.equal(late.body.error.code, 'E_APPEAL_WINDOW_CLOSED');
  });

  it('carries a complete statement of reasons on every restriction sent', () => {
    const restrictions = receiver.deliveries.filter((d) => ['item.remove', 'item.hold'].includes(d.json.type) || (d.json.type.startsWith('account.') && d.json.type !== 'account.reinstate'));
    assert.ok(restrictions.length >= 10);
    for (const delivery of restrictions) assert.deepEqual(missingStatementFields(statementOf(delivery)), [], delivery.body);
  });
}
