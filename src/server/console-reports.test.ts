// The console in a real browser: the dashboard's report and appeal figures (time to action, overturns), the Appeals
// screen, and the Reports screen's bulk upload.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { chromium, type BrowserContext } from 'playwright-core';
import { startServer, type RunningServer } from './server.js';
import { freshPgliteDirectory, temporaryDirectory, testConfig, THREAT, writeTestPolicy } from './testing.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
const PASSWORD = 'correct horse battery';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is absent (install Debian's chromium package to run the browser test)`;

describe('report and appeal figures on the console dashboard', { skip }, () => {
  let server: RunningServer;
  let dataDir: { path: string; remove: () => void };
  const profile = temporaryDirectory('vigil-chromium-');
  let context: BrowserContext | undefined;
  let admin = '';
  let platformKey = '';

  async function post(path: string, key: string, body: unknown): Promise<Record<string, unknown>> {
    const response = await fetch(server.url + path, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return (await response.json()) as Record<string, unknown>;
  }

  before(async () => {
    dataDir = await freshPgliteDirectory();
    server = await startServer(testConfig({ dataDir: dataDir.path, policy: writeTestPolicy(dataDir.path) }), { onFirstKey: (key) => (admin = key) });
    const platform = String((await post('/v1/keys', admin, { role: 'platform' })).key);
    await post('/v1/users', admin, { name: 'mona', password: PASSWORD, role: 'moderator' });
    // Two reported posts removed; one removal reversed on appeal, the other appealed and waiting.
    await post('/v1/reports', platform, { reporter: { kind: 'user', id: 'u-1' }, item: { id: 'r-1' }, reason: 'threat' });
    await post('/v1/assess', platform, { id: 'r-1', text: THREAT, author: 'ann' });
    const appeal = await post('/v1/appeals', platform, { accountId: 'ann', itemId: 'r-1' });
    await post(`/v1/appeals/${String(appeal.id)}/decision`, admin, { outcome: 'reversed' });
    await post('/v1/reports', platform, { reporter: { kind: 'user', id: 'u-1' }, item: { id: 'r-2' }, reason: 'threat' });
    await post('/v1/assess', platform, { id: 'r-2', text: THREAT, author: 'bo' });
    await post('/v1/appeals', platform, { accountId: 'bo', itemId: 'r-2', statement: 'It was a line from a song' });
    platformKey = platform;
  });

  after(async () => {
    await context?.close();
    await server?.close();
    dataDir?.remove();
    profile.remove();
  });

  it('shows time to action and the overturned decision', async () => {
    context = await chromium.launchPersistentContext(profile.path, { executablePath: CHROMIUM, headless: true, args: ARGS });
    const page = await context.newPage();
    await page.goto(`${server.url}/console`);
    await page.fill('input[name=name]', 'mona');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.click('nav button:has-text("Dashboard")');
    await page.waitForSelector('text=median time to action', { timeout: 30_000 });
    assert.match(await page.textContent('main.dashboard') ?? '', /2 \/ 2\s*flagged posts removed/);
    // The detector that removed it (rules or classifier, whichever gave the strongest evidence) counts the reversal;
    // the account action its strike caused was lifted with it.
    await page.waitForSelector('tr:has-text("(automated)")', { timeout: 30_000 });
    const rows = await page.$$eval('tbody tr', (cells) => cells.map((row) => row.textContent ?? ''));
    assert.ok(rows.some((text) => /^vigil:(rules|classifier) \(automated\)221 \(50%\)$/.test(text)), rows.join('\n'));
  });

  it('lets a reviewer reverse an appeal from the Appeals screen, restoring the post', async () => {
    const page = context!.pages().at(-1)!;
    await page.click('nav button:has-text("Appeals")');
    const card = await page.waitForSelector('section.appeal:has-text("It was a line from a song")', { timeout: 30_000 });
    assert.match((await card.textContent()) ?? '', /bo appeals remove of post r-2/);
    await page.click('section.appeal button:has-text("Reverse")');
    await page.waitForSelector('text=No appeals waiting for you.', { timeout: 30_000 });
    const item = (await (await fetch(`${server.url}/v1/items/r-2`, { headers: { authorization: `Bearer ${platformKey}` } })).json()) as { enforcement: string };
    assert.equal(item.enforcement, 'none');
  });

  it('uploads a bulk report as CSV from the Reports screen and shows its tracking id and posts', async () => {
    const page = context!.pages().at(-1)!;
    await page.click('nav button:has-text("Reports")');
    await page.waitForSelector('table.report-list', { timeout: 30_000 });
    await page.fill('input[name=reporterId]', 'Hosting Provider Abuse Desk');
    const csv = 'item_id,url,reason,details\nhost-1,,threat,names a school\n,https://social.example/p/host-2,incitement,\n';
    await page.setInputFiles('input[name=file]', { name: 'flagged.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.click('form button[type=submit]');
    const intake = await page.waitForSelector('section.intake', { timeout: 30_000 });
    const text = (await intake.textContent()) ?? '';
    assert.match(text, /Tracking id bulk_[0-9a-f-]+/);
    assert.match(text, /host-1/);
    assert.match(text, /url:https:\/\/social\.example\/p\/host-2/);
    // The new reports lead the list, and the bulk report page opens with the console's session.
    await page.waitForSelector('table.report-list tr:has-text("Hosting Provider Abuse Desk")', { timeout: 30_000 });
    const href = await page.getAttribute('section.intake a', 'href');
    assert.match(href ?? '', /^\/v1\/reports\/bulk\/bulk_[0-9a-f-]+\/page$/);
    const report = await context!.newPage();
    const response = await report.goto(server.url + href!);
    assert.equal(response?.status(), 200);
    assert.match((await report.textContent('body')) ?? '', /host-1/);
  });
});
