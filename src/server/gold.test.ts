// Known-answer (gold) cases through the API over real HTTP: moderators add and list them, volunteers never see them
// as gold, and a volunteer's answers on them become their accuracy on the dashboard.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServer, type RunningServer } from './server.js';
import { freshPgliteDirectory, TEST_POLICY_YAML, testConfig, THREAT, callApi, signInOver, type CallOptions, type Session } from './testing.js';



describe('gold cases through the API', () => {
  let server: RunningServer;
  let dataDir: { path: string; remove: () => void };
  let admin = '';
  let platform = '';

  const call = (method: string, path: string, options?: CallOptions) => callApi(server.url, method, path, options);


  const signIn = (name: string): Promise<Session> => signInOver(server.url, name);


  async function createUser(name: string, role: string): Promise<string> {
    const answer = await call('POST', '/v1/users', { key: admin, json: { name, password: 'correct horse battery', role } });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    return answer.body.id;
  }

  before(async () => {
    dataDir = await freshPgliteDirectory();
    // Every claim a volunteer makes is gold while there is gold they have not answered.
    const policy = join(dataDir.path, 'gold-policy.yaml');
    writeFileSync(policy, `${TEST_POLICY_YAML}review:\n  gold_rate: 1\n`);
    server = await startServer(testConfig({ dataDir: dataDir.path, policy }), { onFirstKey: (key) => (admin = key) });
    platform = (await call('POST', '/v1/keys', { key: admin, json: { role: 'platform' } })).body.key;
    await createUser('gina', 'volunteer');
    await createUser('milo', 'moderator');
    await call('POST', '/v1/assess', { key: platform, json: { id: 'gold-threat', text: THREAT } });
    await call('POST', '/v1/assess', { key: platform, json: { id: 'gold-beach', text: 'what a lovely day at the beach' } });
  });

  after(async () => {
    await server?.close();
    dataDir?.remove();
  });

  it('lets moderators and admins add and list gold, and refuses volunteers both', async () => {
    const gina = await signIn('gina');
    assert.equal((await call('GET', '/v1/gold', { session: gina })).status, 403);
    assert.equal((await call('POST', '/v1/gold', { session: gina, json: { itemId: 'gold-threat', answer: 'allow', reason: 'no-violation' } })).status, 403);

    const milo = await signIn('milo');
    const added = await call('POST', '/v1/gold', { session: milo, json: { itemId: 'gold-threat', answer: 'remove', reason: 'threat' } });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.equal(added.body.itemId, 'gold-threat');
    assert.equal((await call('POST', '/v1/gold', { key: admin, json: { itemId: 'gold-beach', answer: 'allow', reason: 'no-violation' } })).status, 201);

    assert.equal((await call('POST', '/v1/gold', { key: admin, json: { itemId: 'gold-beach', answer: 'allow', reason: 'threat' } })).status, 400, 'the reason must fit the answer');
    assert.equal((await call('POST', '/v1/gold', { key: admin, json: { itemId: 'never-sent', answer: 'remove', reason: 'threat' } })).status, 404);

    const listed = await call('GET', '/v1/gold', { session: milo });
    assert.equal(listed.status, 200);
    assert.deepEqual(listed.body.gold.map((g: { itemId: string }) => g.itemId).sort(), ['gold-beach', 'gold-threat']);
    const threat = listed.body.gold.find((g: { itemId: string }) => g.itemId === 'gold-threat');
    assert.deepEqual({ id: threat.id, answer: threat.answer, reason: threat.reason }, { id: added.body.id, answer: 'remove', reason: 'threat' });
  });

  it("scores a volunteer's answers on gold into their accuracy, and shows gold to them as an ordinary case", async () => {
    const gina = await signIn('gina');
    const me = (await call('GET', '/v1/session', { session: gina })).body.user.id;
    const answers: Record<string, { verdict: string; reason: string }> = {
      'gold-threat': { verdict: 'allow', reason: 'no-violation' }, // wrong: the answer is remove
      'gold-beach': { verdict: 'allow', reason: 'no-violation' }, // right
    };
    for (let i = 0; i < 2; i++) {
      const claimed = await call('POST', '/v1/cases/next', { session: gina });
      assert.equal(claimed.status, 200);
      assert.equal(JSON.stringify(claimed.body).includes('"gold"'), false, 'nothing in the case says it is gold');
      const vote = await call('POST', `/v1/cases/${claimed.body.case.id}/decisions`, { session: gina, json: answers[claimed.body.case.itemId] });
      assert.equal(vote.body.outcome, 'pending', 'a gold answer reads like a first vote');
    }
    const dashboard = await call('GET', '/v1/dashboard', { key: admin });
    const record = dashboard.body.reviewers.find((r: { reviewerId: string }) => r.reviewerId === me);
    assert.deepEqual({ answered: record.goldAnswered, accuracy: record.goldAccuracy }, { answered: 2, accuracy: 0.5 });
  });
});
