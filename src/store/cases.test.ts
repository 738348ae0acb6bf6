// Review cases in the store, against PGlite and PostgreSQL: the same behaviour as the in-memory ReviewQueue.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assessorFor } from '../act/active-policy.js';
import { Moderation } from '../act/moderation.js';
import { ReviewDesk } from '../act/review-desk.js';
import { compilePolicy } from '../decide/load.js';
import type { Reviewer } from '../domain/review.js';
import { STORE_BACKENDS, type StoreBackend, TEST_POLICY_YAML } from '../server/testing.js';
import type { Store } from './index.js';

const loaded = compilePolicy(TEST_POLICY_YAML, 'test policy');
const policy = loaded.policy;
const volunteer = (id: string): Reviewer => ({ id, role: 'volunteer' });
const moderator: Reviewer = { id: 'mod', role: 'moderator' };
const HOUR = 3_600_000;

function caseSuite(open: StoreBackend): void {
  let store: Store;
  let cleanup: () => Promise<void> = async () => {};
  let skip: string | undefined;
  let clock = Date.UTC(2026, 0, 1);
  let draws = [0.99];
  let woken = 0;
  let desk: ReviewDesk;
  let moderation: Moderation;
  const test = (name: string, fn: () => Promise<void>) =>
    it(name, async (t) => {
      if (skip) return t.skip(skip);
      await fn();
    });
  /** Clears the queue so each test starts from its own cases. */
  const clear = () => store.sql.script('DELETE FROM case_events; DELETE FROM review_votes; DELETE FROM review_assignments; DELETE FROM review_cases; DELETE FROM gold_cases; DELETE FROM gold_records;');

  before(async () => {
    const opened = await open();
    if ('skip' in opened) {
      skip = opened.skip;
      console.log(`# skipping: ${skip}`);
      return;
    }
    ({ store, cleanup } = opened);
    desk = new ReviewDesk(store, () => policy, () => woken++, { now: () => clock, random: () => draws.shift() ?? 0.99 });
    moderation = new Moderation(store, assessorFor(loaded), { onAssessed: desk.onAssessed });
  });
  after(async () => {
    await store?.close();
    await cleanup();
  });

  test('a review decision opens a case in the same transaction; later signals join it', async () => {
    await clear();
    await moderation.assessNow([{ id: 'c1', text: 'please review me now', reach: 100 }]);
    await moderation.assessNow([{ id: 'c1', text: 'please review me now', reach: 5000 }]);
    await moderation.assessNow([{ id: 'c2', text: 'a lovely day' }]);
    const open = await store.cases.list('open', 10, 0);
    assert.equal(open.length, 1);
    assert.equal(open[0].reviewCase.itemId, 'c1');
    assert.equal(open[0].reviewCase.signalCount, 2);
    assert.equal(open[0].reviewCase.reach.followers, 5000);
    assert.equal(open[0].category, 'incitement');
    const events = await store.cases.events(open[0].reviewCase.id);
    assert.deepEqual(events.map((e) => e.kind), ['signal', 'signal']);
  });

  test('review decisions recorded together open a case each, with its signal event at the time of the decision', async () => {
    await clear();
    const ids = ['together-1', 'together-2', 'together-3'];
    await Promise.all(ids.map((id, i) => moderation.assessNow([{ id, text: 'please review me', reach: 10 * (i + 1) }])));
    const open = await store.cases.list('open', 10, 0);
    assert.deepEqual(open.map((c) => c.reviewCase.itemId).sort(), ids);
    for (const reviewCase of open) {
      const events = await store.cases.events(reviewCase.reviewCase.id);
      assert.deepEqual(events.map((e) => [e.kind, e.actor, e.at, e.data.itemId]), [['signal', null, clock, reviewCase.reviewCase.itemId]]);
    }
  });

  test('the queue serves the highest priority first and shares a case only as far as consensus asks', async () => {
    await clear();
    await moderation.assessNow([{ id: 'small', text: 'review me', reach: 10 }]);
    await moderation.assessNow([{ id: 'viral', text: 'review me', reach: 1_000_000 }]);
    const first = await desk.next(volunteer('v1'));
    const second = await desk.next(volunteer('v2'));
    const third = await desk.next(volunteer('v3'));
    assert.equal(first?.itemId, 'viral');
    assert.equal(second?.itemId, 'viral', 'two votes are needed, so two volunteers may hold it');
    assert.equal(third?.itemId, 'small');
    assert.equal(await desk.next(volunteer('v1')).then((c) => c?.itemId), 'small');
    assert.equal(await desk.next(volunteer('v4')), undefined);
  });

  test('a lapsed or skipped lease returns the case to the queue, never to the same reviewer', async () => {
    await clear();
    await moderation.assessNow([{ id: 'lease', text: 'review me' }]);
    const a = await desk.next(volunteer('a'));
    await desk.next(volunteer('b'));
    assert.equal(await desk.next(volunteer('c')), undefined);
    await desk.skip(a!.caseId, volunteer('a'));
    assert.equal((await desk.next(volunteer('c')))?.caseId, a!.caseId);
    assert.equal(await desk.next(volunteer('d')), undefined);
    clock += 300_001; // the default lease
    assert.equal((await desk.next(volunteer('d')))?.caseId, a!.caseId);
    assert.equal(await desk.next(volunteer('a')), undefined, 'a skipped it');
  });

  test('two agreeing volunteers remove the post: outbox action, enforcement and history in order', async () => {
    await clear();
    await moderation.assessNow([{ id: 'agree', text: 'review me please' }]);
    const claim = (await desk.next(volunteer('x')))!;
    await desk.next(volunteer('y'));
    assert.equal((await desk.decide(claim.caseId, volunteer('x'), 'remove', 'incitement')).outcome, 'pending');
    const before = woken;
    const final = await desk.decide(claim.caseId, volunteer('y'), 'remove', 'incitement');
    assert.equal(final.outcome, 'decided');
    assert.equal(final.platformAction, 'remove');
    assert.equal(woken, before + 1);
    assert.equal((await store.items.get('agree'))?.enforcement, 'removed');
    assert.deepEqual((await store.outbox.forItem('agree')).map((m) => m.action), ['hold', 'remove']);
    const events = await store.cases.events(claim.caseId);
    assert.deepEqual(events.map((e) => e.kind), ['signal', 'claim', 'claim', 'vote', 'vote', 'decision', 'action']);
    await assert.rejects(desk.decide(claim.caseId, moderator, 'allow', 'no-violation'), /already decided/);
  });

  test('disagreement escalates to moderators; a moderator allows and the held post is restored', async () => {
    await clear();
    await moderation.assessNow([{ id: 'split', text: 'review me today' }]);
    const claim = (await desk.next(volunteer('p')))!;
    await desk.next(volunteer('q'));
    await desk.decide(claim.caseId, volunteer('p'), 'remove', 'incitement');
    assert.equal((await desk.decide(claim.caseId, volunteer('q'), 'allow', 'no-violation')).outcome, 'escalated');
    assert.equal(await desk.next(volunteer('r')), undefined, 'volunteers do not see escalated cases');
    assert.equal((await desk.next(moderator))?.caseId, claim.caseId);
    const final = await desk.decide(claim.caseId, moderator, 'allow', 'no-violation');
    assert.equal(final.platformAction, 'restore');
    assert.equal((await store.items.get('split'))?.enforcement, 'none');
  });

  test('a volunteer without a live lease cannot vote; a reason must fit the verdict', async () => {
    await clear();
    await moderation.assessNow([{ id: 'nolease', text: 'review me again' }]);
    const [open] = await store.cases.list('open', 1, 0);
    await assert.rejects(desk.decide(open.reviewCase.id, volunteer('z'), 'remove', 'incitement'), /lease/);
    const claim = (await desk.next(volunteer('z')))!;
    await assert.rejects(desk.decide(claim.caseId, volunteer('z'), 'remove', 'no-violation'), /does not fit/);
  });

  test('gold cases are served at the gold rate and scored; a volunteer sees only the case they hold', async () => {
    await clear();
    await moderation.assessNow([{ id: 'gold-post', text: 'I will kill you' }]);
    const goldId = await store.cases.addGold('gold-post', 'remove');
    draws = [0];
    const claim = (await desk.next(volunteer('g')))!;
    assert.equal(claim.caseId, goldId);
    const answer = await desk.decide(goldId, volunteer('g'), 'allow', 'no-violation');
    assert.deepEqual(answer.gold, { correct: false });
    assert.deepEqual(await store.cases.goldRecord('g'), { answered: 1, correct: 0 });
    const view = await desk.view(goldId, volunteer('h')).catch((error: Error) => error);
    assert.match(String(view), /only the case they hold/);
  });

  test('priorities rise with time pressure as recompute_at passes', async () => {
    await clear();
    await moderation.assessNow([{ id: 'aging', text: 'review me later' }]);
    const [before] = await store.cases.list('open', 1, 0);
    clock += 4 * HOUR;
    await desk.next(volunteer('late'));
    const after = await store.cases.get(before.reviewCase.id);
    assert.ok(after!.priority > before.priority);
  });
}

for (const [backend, open] of STORE_BACKENDS) describe(`review cases on ${backend}`, () => caseSuite(open));
