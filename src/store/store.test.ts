// One suite, run against the embedded database (PGlite) and against PostgreSQL: the same SQL must behave the same.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assessorFor } from '../act/active-policy.js';
import { actionFor, enforcementFor } from '../act/enforcement.js';
import { actionMessage, Moderation } from '../act/moderation.js';
import { compilePolicy } from '../decide/load.js';
import { STORE_BACKENDS, type StoreBackend, HARMLESS, TEST_POLICY_YAML, THREAT } from '../server/testing.js';
import type { Store } from './index.js';
import type { AssessmentEntry } from './items.js';
import { migrate } from './migrations.js';

const testAssessor = () => assessorFor(compilePolicy(TEST_POLICY_YAML, 'test policy'));

function storeSuite(open: StoreBackend): void {
  let store: Store;
  let cleanup: () => Promise<void> = async () => {};
  let skip: string | undefined;
  const test = (name: string, fn: () => Promise<void>) =>
    it(name, async (t) => {
      if (skip) return t.skip(skip);
      await fn();
    });

  before(async () => {
    const opened = await open();
    if ('skip' in opened) {
      skip = opened.skip;
      console.log(`# skipping: ${skip}`);
      return;
    }
    ({ store, cleanup } = opened);
  });
  after(async () => {
    await store?.close();
    await cleanup();
  });

  test('migrations run once: a second run applies nothing', async () => {
    assert.equal(await migrate(store.driver), 0);
  });

  test('keys are stored hashed, found by their secret, and revocable', async () => {
    const { key, apiKey } = await store.keys.create('platform', 'shop');
    assert.match(key, /^vgl_/);
    const rows = await store.sql.query<{ key_hash: string }>('SELECT key_hash FROM api_keys WHERE id = $1', [apiKey.id]);
    assert.notEqual(rows[0].key_hash, key);
    assert.equal((await store.keys.findActive(key))?.role, 'platform');
    assert.equal(await store.keys.findActive(key + 'x'), undefined);
    assert.equal(await store.keys.revoke(apiKey.id), true);
    assert.equal(await store.keys.findActive(key), undefined);
    assert.equal(await store.keys.revoke(apiKey.id), false);
  });

  test('ensure adds a bootstrap key once', async () => {
    const secret = 'bootstrap-key-0123456789abcdef';
    assert.equal(await store.keys.ensure(secret, 'admin', 'bootstrap'), true);
    assert.equal(await store.keys.ensure(secret, 'admin', 'bootstrap'), false);
    assert.equal((await store.keys.findActive(secret))?.role, 'admin');
  });

  test('policy versions are kept; the latest is active; a version cannot change content', async () => {
    await store.policies.activate('v1', 'one', 'version: v1', null);
    const { changed } = await store.policies.activate('v2', 'two', 'version: v2', 'key_a');
    assert.equal(changed, true);
    assert.equal((await store.policies.active())?.version, 'v2');
    assert.equal((await store.policies.activate('v2', 'two', 'version: v2', 'key_a')).changed, false);
    await assert.rejects(store.policies.activate('v2', 'two', 'version: v2 # edited', 'key_a'), { code: 'E_POLICY_CONFLICT' });
    await assert.rejects(store.policies.activate('v1', 'one', 'version: v1', 'key_a'), { code: 'E_POLICY_CONFLICT' });
    assert.deepEqual((await store.policies.history()).map((p) => p.version).slice(0, 2), ['v2', 'v1']);
  });

  test('accepted posts queue in order; a retried batch changes nothing; changed text queues again', async () => {
    assert.equal(await store.items.accept([{ id: 'q1', text: 'first' }, { id: 'q2', text: 'second', author: 'u', reach: 3, metadata: { lang: 'en' } }]), 2);
    assert.equal(await store.items.accept([{ id: 'q1', text: 'first' }]), 0);
    const pending = await store.items.pending(10);
    assert.deepEqual(pending.map((p) => p.id), ['q1', 'q2']);
    assert.deepEqual(pending[1].metadata, { lang: 'en' });
    assert.equal(await store.items.accept([{ id: 'q1', text: 'first, edited' }]), 1);
    assert.deepEqual((await store.items.pending(10)).map((p) => p.id), ['q2', 'q1']);
  });

  test('a batch naming a post twice keeps its last version', async () => {
    await store.items.accept([{ id: 'dup', text: 'old' }, { id: 'dup', text: 'new' }]);
    assert.equal((await store.items.get('dup'))?.text, 'new');
  });

  test('the outbox offers only the first undelivered message of each post, and holds failed ones back', async () => {
    await store.items.accept([{ id: 'o1', text: 'a' }, { id: 'o2', text: 'b' }]);
    const message = (id: string, itemId: string) => ({ messageId: id, itemId, action: 'remove' as const, payload: `{"m":"${id}"}` });
    await store.outbox.enqueue([message('m1', 'o1'), message('m2', 'o1'), message('m3', 'o2')]);
    let due = await store.outbox.due(10);
    assert.deepEqual(due.filter((m) => m.itemId.startsWith('o')).map((m) => m.messageId), ['m1', 'm3']);
    await store.outbox.markFailed(due.find((m) => m.messageId === 'm1')!.id, 'HTTP 503', 60_000);
    due = await store.outbox.due(10);
    assert.deepEqual(due.filter((m) => m.itemId.startsWith('o')).map((m) => m.messageId), ['m3'], 'm2 waits behind the failed m1');
    await store.outbox.markDelivered([due[0].id]);
    const statuses = await store.outbox.forItem('o1');
    assert.deepEqual(statuses.map((s) => [s.messageId, s.attempts, s.lastError]), [['m1', 1, 'HTTP 503'], ['m2', 0, null]]);
  });

  describe('the moderation flow', () => {
    let moderation: Moderation;
    before(() => {
      if (skip) return;
      moderation = new Moderation(store, testAssessor());
    });

    test('assessing now stores the post, its assessment and the remove action together', async () => {
      const [decision] = await moderation.assessNow([{ id: 'm-threat', text: THREAT }]);
      assert.equal(decision.action, 'remove');
      const item = await store.items.get('m-threat');
      assert.equal(item?.status, 'assessed');
      assert.equal(item?.enforcement, 'removed');
      assert.equal(item?.assessments[0].decision.action, 'remove');
      assert.deepEqual((await store.outbox.forItem('m-threat')).map((m) => m.action), ['remove']);
    });

    test('only changes are sent: removing twice sends one remove; allowing after removal restores', async () => {
      await moderation.assessNow([{ id: 'm-edit', text: THREAT }]);
      await moderation.assessNow([{ id: 'm-edit', text: THREAT }]);
      await moderation.assessNow([{ id: 'm-edit', text: HARMLESS }]);
      assert.deepEqual((await store.outbox.forItem('m-edit')).map((m) => m.action), ['remove', 'restore']);
      assert.equal((await store.items.get('m-edit'))?.assessments.length, 3);
    });

    test('a decision asking for review holds the post', async () => {
      const [decision] = await moderation.assessNow([{ id: 'm-review', text: 'please review me' }]);
      assert.equal(decision.action, 'review');
      assert.equal((await store.items.get('m-review'))?.enforcement, 'held');
      assert.deepEqual((await store.outbox.forItem('m-review')).map((m) => m.action), ['hold']);
    });

    test('a post named twice in one group is recorded in order: remove, then restore', async () => {
      await Promise.all([moderation.assessNow([{ id: 'm-twice', text: THREAT }]), moderation.assessNow([{ id: 'm-twice', text: HARMLESS }])]);
      assert.deepEqual((await store.outbox.forItem('m-twice')).map((m) => m.action), ['remove', 'restore']);
    });

    test('a harmless post gets no action', async () => {
      await moderation.assessNow([{ id: 'm-fine', text: HARMLESS }]);
      assert.deepEqual(await store.outbox.forItem('m-fine'), []);
    });

    test('concurrent requests are committed together and all recorded', async () => {
      const ids = Array.from({ length: 50 }, (_, i) => `m-many-${i}`);
      await Promise.all(ids.map((id) => moderation.assessNow([{ id, text: THREAT }])));
      for (const id of ids) assert.equal((await store.items.get(id))?.enforcement, 'removed', id);
    });

    test('accepted posts are assessed from the durable queue', async () => {
      await moderation.accept([{ id: 'm-async', text: THREAT }]);
      assert.equal((await store.items.get('m-async'))?.status, 'pending');
      while ((await moderation.assessPending(100)) > 0);
      assert.equal((await store.items.get('m-async'))?.status, 'assessed');
      assert.deepEqual((await store.outbox.forItem('m-async')).map((m) => m.action), ['remove']);
    });

    test('a hook is called only for groups holding decisions it is concerned with; the others are recorded all the same', async () => {
      const seen: string[][] = [];
      const concerned = new Moderation(store, testAssessor(), {
        onAssessed: async (posts) => void seen.push(posts.map((post) => post.item.id)),
        concerns: (decision) => decision.action !== 'allow',
      });
      await concerned.assessNow([{ id: 'h-fine', text: HARMLESS }]);
      assert.deepEqual(seen, []);
      assert.equal((await store.items.get('h-fine'))?.assessments.length, 1);
      await concerned.assessNow([{ id: 'h-fine-2', text: HARMLESS }, { id: 'h-threat', text: THREAT }]);
      assert.deepEqual(seen, [['h-fine-2', 'h-threat']], 'a concerned group passes every post of it');
      assert.deepEqual((await store.outbox.forItem('h-threat')).map((m) => m.action), ['remove']);
    });

    test('a failure in the onAssessed hook rolls back post, assessment and actions', async () => {
      const failing = new Moderation(store, testAssessor(), {
        onAssessed: async () => {
          throw new Error('review stage failed');
        },
      });
      await assert.rejects(failing.assessNow([{ id: 'm-atomic', text: THREAT }]), /review stage failed/);
      assert.equal(await store.items.get('m-atomic'), undefined);
      assert.deepEqual(await store.outbox.forItem('m-atomic'), []);
    });
  });

  test('recording does not scan every post once the table has grown (no plan kept from when it was small)', async () => {
    const assessor = testAssessor();
    const entry = (id: string): AssessmentEntry => {
      const decision = assessor.assess(HARMLESS);
      const enforcement = enforcementFor(decision.action);
      return { item: { id, text: HARMLESS }, decision, mode: 'sync', enforcement, message: actionMessage(id, actionFor(enforcement), decision) };
    };
    // One transaction keeps one connection (one session, whose plans are cached) on PostgreSQL too.
    await store.transaction(async (tx) => {
      for (let i = 0; i < 10; i++) await tx.items.recordAssessments([entry(`plan-small-${i}`)]);
      await tx.items.accept(Array.from({ length: 5000 }, (_, i) => ({ id: `plan-grown-${i}`, text: HARMLESS })));
      const sequentialScans = async () => (await tx.sql.query<{ scans: number }>(`SELECT pg_stat_get_xact_numscans('items'::regclass)::int AS scans`))[0].scans;
      const before = await sequentialScans();
      await tx.items.recordAssessments([entry('plan-after-growth')]);
      assert.equal(await sequentialScans(), before);
    });
  });
}

for (const [backend, open] of STORE_BACKENDS) describe(`store on ${backend}`, () => storeSuite(open));
