// The console end to end in a real browser (Debian's Chromium driven by playwright-core): a volunteer signs in, takes
// the top case and removes it with the keyboard, a second volunteer agrees, and the platform receives the removal.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { chromium, type BrowserContext } from 'playwright-core';
import { generateWebhookSecret } from '../act/webhook/signature.js';
import { startServer, type RunningServer } from './server.js';
import { freshPgliteDirectory, temporaryDirectory, testConfig, WebhookReceiver, writeTestPolicy } from './testing.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
const PASSWORD = 'correct horse battery';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is absent (install Debian's chromium package to run the browser test)`;
if (skip) console.log(`# skipping: ${skip}`);

describe('the review console in a browser', { skip }, () => {
  const receiver = new WebhookReceiver();
  let server: RunningServer;
  let dataDir: { path: string; remove: () => void };
  const profiles: { path: string; remove: () => void }[] = [];
  let admin = '';

  async function post(path: string, key: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(server.url + path, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** A fresh browser profile for each reviewer, as on two different machines. */
  async function browser(): Promise<BrowserContext> {
    const profile = temporaryDirectory('vigil-chromium-');
    profiles.push(profile);
    return chromium.launchPersistentContext(profile.path, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 800 } });
  }

  async function signIn(context: BrowserContext, name: string) {
    const page = await context.newPage();
    await page.goto(`${server.url}/console`);
    await page.fill('input[name=name]', name);
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('main.review[data-case]', { timeout: 30_000 });
    return page;
  }

  before(async () => {
    const url = await receiver.start();
    dataDir = await freshPgliteDirectory();
    server = await startServer(
      testConfig({ dataDir: dataDir.path, policy: writeTestPolicy(dataDir.path), webhook: { url, secret: generateWebhookSecret(), timeoutMs: 2000, concurrency: 2, backoffMs: 20, maxBackoffMs: 200 } }),
      { onFirstKey: (key) => (admin = key) },
    );
    const platform = String((await post('/v1/keys', admin, { role: 'platform' })).body.key);
    for (const name of ['vera', 'val']) assert.equal((await post('/v1/users', admin, { name, password: PASSWORD, role: 'volunteer' })).status, 201);
    // The author has a post removed before, which the reviewer sees as context.
    await post('/v1/assess', platform, { id: 'earlier', text: 'I will kill you', author: 'sam' });
    await post('/v1/assess', platform, { id: 'quiet', text: 'someone review me', author: 'kim', reach: 3 });
    await post('/v1/assess', platform, { id: 'viral', text: 'Everyone out tonight, review me and act before they do.', author: 'sam', reach: 250_000 });
  });

  after(async () => {
    await server?.close();
    await receiver.stop();
    dataDir?.remove();
    for (const profile of profiles) profile.remove();
  });

  it('two volunteers remove the top case with the keyboard and the platform receives the removal', async () => {
    const first = await browser();
    try {
      const page = await signIn(first, 'vera');
      assert.equal(await page.locator('main.review .badge').textContent(), 'incitement');
      assert.match((await page.locator('.text').getAttribute('class')) ?? '', /blurred/, 'the text is blurred until revealed');
      await page.keyboard.press('v');
      await page.waitForSelector('.text:not(.blurred)');
      assert.equal(await page.locator('.text mark').first().textContent(), 'review me', 'the evidence is highlighted');
      assert.match((await page.locator('.evidence').textContent()) ?? '', /Everyone out tonight/, 'the top case is the viral post');
      assert.match((await page.locator('aside').textContent()) ?? '', /Prior removals: 1/);
      mkdirSync('test-artifacts', { recursive: true });
      await page.screenshot({ path: 'test-artifacts/review-screen.png', fullPage: true });
      await page.keyboard.press('r');
      await page.waitForSelector('text=remove recorded (pending)');
    } finally {
      await first.close();
    }

    const second = await browser();
    try {
      const page = await signIn(second, 'val');
      assert.match((await page.locator('.evidence').textContent()) ?? '', /Everyone out tonight/, 'consensus asks a second volunteer for the same case');
      await page.keyboard.press('r');
      await page.waitForSelector('text=remove recorded (decided)');
    } finally {
      await second.close();
    }
    await receiver.waitFor((deliveries) => deliveries.some((d) => d.json.type === 'item.remove' && d.json.data.itemId === 'viral'));
  });
});
