// Reports over real HTTP: intake from users, trusted flaggers and authorities, cases joined and opened, bulk reports
// driven to outcomes with their JSON document and page, report status webhooks, and time to action.
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { generateWebhookSecret } from '../act/webhook/signature.js';
import { missingStatementFields } from '../decide/statement-of-reasons.js';
import { startServer, type RunningServer } from './server.js';
import { type Delivery, skippableIt, eventually, HARMLESS, SERVER_BACKENDS, type ServerBackend, testConfig, THREAT, WebhookReceiver, callApi, type CallOptions } from './testing.js';


for (const [name, backend] of SERVER_BACKENDS) describe(`reports (${name})`, () => suite(backend));

function suite(backend: ServerBackend): void {
  const receiver = new WebhookReceiver();
  let server: RunningServer;
  let cleanup: () => Promise<void> = async () => {};
  let skip: string | undefined;
  /** Skips when the store is not available (PostgreSQL not running). */
  const it = skippableIt(() => skip);
  let admin = '';
  let platform = '';
  let flagger = '';
  let authority = '';

  const call = (method: string, path: string, options?: CallOptions) => callApi(server.url, method, path, options);


  const key = async (role: string, name: string) => (await call('POST', '/v1/keys', { key: admin, json: { role, name } })).body.key as string;
  const caseOf = async (caseId: string) => (await call('GET', `/v1/cases/${caseId}`, { key: admin })).body.case;

  before(async () => {
    const url = await receiver.start();
    const opened = await backend();
    if ('skip' in opened) {
      skip = opened.skip;
      return;
    }
    cleanup = opened.cleanup;
    server = await startServer(
      testConfig({
        ...opened.config,
        limits: { bodyBytes: 1024 * 1024, textLength: 5000, batchSize: 200 },
        webhook: { url, secret: generateWebhookSecret(), timeoutMs: 2000, concurrency: 8, backoffMs: 20, maxBackoffMs: 200 },
      }),
      { onFirstKey: (first) => (admin = first) },
    );
    platform = await key('platform', 'platform');
    flagger = await key('trusted_flagger', 'Hosting Provider Abuse Desk');
    authority = await key('authority', 'Internet Referral Unit');
  });

  after(async () => {
    await server?.close();
    await receiver.stop();
    await cleanup();
  });

  it('limits trusted flagger and authority keys to the report routes', async () => {
    for (const reporterKey of [flagger, authority]) {
      const answer = await call('POST', '/v1/assess', { key: reporterKey, json: { id: 'x', text: 'x' } });
      assert.equal(answer.status, 403);
      assert.equal(answer.body.error.code, 'E_FORBIDDEN');
      assert.equal((await call('GET', '/v1/cases', { key: reporterKey })).status, 401, 'nor can they review');
    }
  });

  it('joins a user report to the open case of a post held for review, raising its priority', async () => {
    await call('POST', '/v1/assess', { key: platform, json: { id: 'held-1', text: 'please review me', author: 'hal' } });
    const [open] = (await call('GET', '/v1/cases?status=open', { key: admin })).body.cases.filter((c: { itemId: string }) => c.itemId === 'held-1');
    const before = await caseOf(open.id);

    const report = await call('POST', '/v1/reports', { key: platform, json: { reporter: { kind: 'user', id: 'u-17' }, item: { id: 'held-1' }, reason: 'incitement', details: 'calls for violence' } });
    assert.equal(report.status, 201);
    assert.equal(report.body.status, 'in_review');
    assert.equal(report.body.caseId, open.id, 'the report joined the open case');
    const joined = await caseOf(open.id);
    assert.equal(joined.reports.user, 1);
    assert.ok(joined.priority > before.priority, `priority ${before.priority} -> ${joined.priority}`);

    const again = await call('POST', '/v1/reports', { key: platform, json: { reporter: { kind: 'user', id: 'u-17' }, item: { id: 'held-1' }, reason: 'incitement' } });
    assert.equal(again.body.id, report.body.id, 'a repeated report by the same person is the same report');
    const flagged = await call('POST', '/v1/reports', { key: flagger, json: { item: { id: 'held-1' }, reason: 'threat' } });
    assert.deepEqual(flagged.body.reporter, { kind: 'trusted_flagger', id: 'Hosting Provider Abuse Desk' });
    assert.equal(flagged.body.caseId, open.id);
    assert.ok((await caseOf(open.id)).priority > joined.priority, 'a trusted flagger raises it further');
  });

  it('opens a case for a post Vigil has never seen, by id or by address', async () => {
    const byId = await call('POST', '/v1/reports', { key: authority, json: { item: { id: 'never-seen-1' }, reason: 'threat' } });
    assert.equal(byId.body.status, 'in_review');
    assert.equal((await caseOf(byId.body.caseId)).itemId, 'never-seen-1');
    const byUrl = await call('POST', '/v1/reports', { key: platform, json: { reporter: { kind: 'user', id: 'u-3' }, item: { url: 'https://social.example/p/42' }, reason: 'they want people hurt' } });
    assert.equal(byUrl.body.status, 'in_review');
    assert.equal(byUrl.body.category, 'incitement', 'free text is ranked as incitement');
    assert.equal((await call('GET', `/v1/reports/${byUrl.body.id}`, { key: platform })).body.item.url, 'https://social.example/p/42');
    assert.equal((await call('GET', `/v1/reports/${byUrl.body.id}`, { key: flagger })).status, 404, "a flagger cannot read others' reports");
    assert.equal((await call('POST', '/v1/reports', { key: platform, json: { item: { id: 'p' }, reason: 'threat' } })).status, 400, 'a platform key names the reporter');
  });

  it('drives a bulk report of 100 posts to outcomes and lists each on its page', async () => {
    const ids = Array.from({ length: 100 }, (_, i) => `bulk-${String(i).padStart(3, '0')}`);
    const intake = await call('POST', '/v1/reports/bulk', { key: flagger, json: { reports: ids.map((id) => ({ item: { id, url: `https://social.example/p/${id}` }, reason: 'threat' })) } });
    assert.equal(intake.status, 202);
    assert.equal(intake.body.reports, 100);
    assert.equal(intake.body.counts.in_review, 100);
    const bulkId: string = intake.body.id;

    // The platform sends the posts: half are threats (removed at once), half harmless (a moderator allows them).
    const items = ids.map((id, i) => ({ id, text: i % 2 === 0 ? THREAT : HARMLESS, author: `author-${i}` }));
    const decisions = (await call('POST', '/v1/assess', { key: platform, json: { items } })).body.items;
    assert.equal(decisions.filter((d: { action: string }) => d.action === 'remove').length, 50);
    const open = (await call('GET', '/v1/cases?status=open&limit=200', { key: admin })).body.cases.filter((c: { itemId: string }) => c.itemId.startsWith('bulk-'));
    for (const reviewCase of open) {
      if (Number(reviewCase.itemId.slice(5)) % 2 === 0) continue;
      const decided = await call('POST', `/v1/cases/${reviewCase.id}/decisions`, { key: admin, json: { verdict: 'allow', reason: 'no-violation' } });
      assert.equal(decided.body.outcome, 'decided');
    }

    const document = (await call('GET', `/v1/reports/bulk/${bulkId}`, { key: flagger })).body;
    assert.equal(document.total, 100);
    assert.deepEqual(document.counts, { received: 0, in_review: 0, actioned: 50, no_violation: 50 });
    for (const post of document.posts) {
      const removed = Number(post.itemId.slice(5)) % 2 === 0;
      assert.equal(post.status, removed ? 'actioned' : 'no_violation', post.itemId);
      assert.equal(post.secondsToAction === null, !removed);
    }
    const page = await call('GET', `/v1/reports/bulk/${bulkId}/page`, { key: flagger });
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    for (const id of ids) assert.ok(page.body.includes(`<code>${id}</code>`), `the page lists ${id}`);
    assert.match(page.body, /100 posts: 50 removed, 50 found not violating, 0 still in review/);
    assert.equal((await call('GET', `/v1/reports/bulk/${bulkId}`, { key: authority })).status, 404);

    const reportedPost = (m: Delivery) => (m.json.type === 'report.status' ? (m.json.data as unknown as { item: { id: string } }).item.id : '');
    await receiver.waitFor((d) => d.filter((m) => reportedPost(m).startsWith('bulk-')).length >= 100);
    const statuses = receiver.deliveries.filter((m) => reportedPost(m).startsWith('bulk-'));
    assert.equal(statuses.length, 100, 'one status change per report');
    const outcome = statuses.find((m) => reportedPost(m) === 'bulk-000')!.json.data as unknown as { status: string; outcome: { action: string } };
    assert.equal(outcome.status, 'actioned');
    assert.equal(outcome.outcome.action, 'removed');

    const figures = (await call('GET', '/v1/stats/time-to-action', { key: platform })).body;
    assert.ok(figures.removed >= 50);
    assert.equal(typeof figures.medianSeconds, 'number');
    assert.equal(typeof figures.p95Seconds, 'number');
    assert.equal(typeof figures.deadlineBreaches, 'number');
  });

  it('takes a bulk report as a CSV upload', async () => {
    const csv = 'item_id,url,reason,details\ncsv-1,,threat,"says ""I will find you"", twice"\n,https://social.example/p/csv-2,glorification,\n';
    const intake = await call('POST', '/v1/reports/bulk', { key: flagger, body: csv, type: 'text/csv' });
    assert.equal(intake.status, 202, JSON.stringify(intake.body));
    assert.equal(intake.body.reports, 2);
    const document = (await call('GET', `/v1/reports/bulk/${intake.body.id}`, { key: flagger })).body;
    assert.deepEqual(document.posts.map((p: { itemId: string }) => p.itemId), ['csv-1', 'url:https://social.example/p/csv-2']);
    const bad = await call('POST', '/v1/reports/bulk', { key: flagger, body: 'item_id,colour\n1,red\n', type: 'text/csv' });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /unknown CSV column "colour"/);
  });

  it('lists reports newest first with their status, a flagger only its own', async () => {
    const first = await call('POST', '/v1/reports', { key: flagger, json: { item: { id: 'listed-1' }, reason: 'threat' } });
    const second = await call('POST', '/v1/reports', { key: flagger, json: { item: { id: 'listed-2' }, reason: 'incitement' } });
    const theirs = await call('POST', '/v1/reports', { key: authority, json: { item: { id: 'listed-3' }, reason: 'threat' } });

    const all = await call('GET', '/v1/reports?limit=3', { key: admin });
    assert.equal(all.status, 200, JSON.stringify(all.body));
    assert.deepEqual(all.body.reports.map((r: { id: string }) => r.id), [theirs.body.id, second.body.id, first.body.id]);
    assert.equal(all.body.reports[0].status, 'in_review');
    assert.ok(all.body.total >= 3);
    const next = await call('GET', '/v1/reports?limit=1&offset=1', { key: platform });
    assert.deepEqual(next.body.reports.map((r: { id: string }) => r.id), [second.body.id], 'paged');

    const own = await call('GET', '/v1/reports?limit=500', { key: authority });
    assert.ok(own.body.reports.length > 0);
    assert.ok(own.body.reports.every((r: { reporter: { kind: string } }) => r.reporter.kind === 'authority'), 'an authority sees only its own');
    assert.equal((await call('GET', '/v1/reports?status=actioned&limit=500', { key: admin })).body.reports.every((r: { status: string }) => r.status === 'actioned'), true);
    assert.equal((await call('GET', '/v1/reports?limit=x', { key: admin })).status, 400);
    assert.equal((await call('GET', '/v1/reports')).status, 401);
  });

  it('closes the open case of a reported post when the machine removes it', async () => {
    const report = await call('POST', '/v1/reports', { key: platform, json: { reporter: { kind: 'user', id: 'u-5' }, item: { id: 'closed-by-machine' }, reason: 'threat' } });
    const caseId = report.body.caseId as string;
    assert.equal((await caseOf(caseId)).status, 'open');
    await call('POST', '/v1/assess', { key: platform, json: { id: 'closed-by-machine', text: THREAT, author: 'cy' } });

    const closed = await caseOf(caseId);
    assert.equal(closed.status, 'decided');
    const decision = closed.history.find((event: { kind: string }) => event.kind === 'decision');
    assert.equal(decision.data.action, 'remove');
    assert.match(decision.actor, /^vigil:/, 'decided by the detector');
    const queued = (await call('GET', '/v1/cases?status=open', { key: admin })).body.cases.map((c: { id: string }) => c.id);
    assert.ok(!queued.includes(caseId), 'no reviewer is handed it');
    assert.equal((await call('GET', `/v1/reports/${report.body.id}`, { key: platform })).body.status, 'actioned');
  });

  it('marks a report of a post already removed as actioned at once', async () => {
    await call('POST', '/v1/assess', { key: platform, json: { id: 'gone-1', text: THREAT, author: 'zed' } });
    const report = await call('POST', '/v1/reports', { key: platform, json: { reporter: { kind: 'user', id: 'u-9' }, item: { id: 'gone-1' }, reason: 'threat' } });
    assert.equal(report.body.status, 'actioned');
    assert.equal(report.body.outcome.action, 'removed');
  });

  it('sends a complete statement of reasons with every removal and hold', async () => {
    await eventually(async () => receiver.deliveries.some((d) => d.json.type === 'item.remove'));
    const restrictions = receiver.deliveries.filter((d) => d.json.type === 'item.remove' || d.json.type === 'item.hold');
    assert.ok(restrictions.length >= 51);
    for (const delivery of restrictions) {
      const data = delivery.json.data as unknown as { statementOfReasons?: Parameters<typeof missingStatementFields>[0] };
      assert.deepEqual(missingStatementFields(data.statementOfReasons), [], delivery.body);
    }
  });
}
