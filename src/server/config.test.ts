import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { generateWebhookSecret } from '../act/webhook/signature.js';
import { loadServerConfig } from './config.js';
import { temporaryDirectory } from './testing.js';

describe('server config', () => {
  it('has working defaults: port 8080, ./vigil-data, no webhook', () => {
    const config = loadServerConfig({ env: {} });
    assert.equal(config.port, 8080);
    assert.equal(config.dataDir, './vigil-data');
    assert.equal(config.webhook, undefined);
    assert.equal(config.limits.batchSize, 1000);
  });

  it('takes flags over environment over file over defaults', () => {
    const directory = temporaryDirectory();
    try {
      const file = join(directory.path, 'vigil.yaml');
      writeFileSync(file, 'port: 7000\ndataDir: /from/file\nlimits:\n  textLength: 100\nrateLimit: { requestsPerSecond: 5 }\n');
      const config = loadServerConfig({ file, env: { PORT: '7100', VIGIL_DATA_DIR: '/from/env' }, flags: { port: '7200' } });
      assert.equal(config.port, 7200);
      assert.equal(config.dataDir, '/from/env');
      assert.equal(config.limits.textLength, 100);
      assert.deepEqual(config.rateLimit, { requestsPerSecond: 5, burst: 10 });
    } finally {
      directory.remove();
    }
  });

  it('reads a JSON file too, and the webhook from the environment', () => {
    const directory = temporaryDirectory();
    try {
      const file = join(directory.path, 'vigil.json');
      writeFileSync(file, JSON.stringify({ webhook: { url: 'https://platform.example/hooks', concurrency: 2 } }));
      const secret = generateWebhookSecret();
      const config = loadServerConfig({ file, env: { VIGIL_WEBHOOK_SECRET: secret } });
      assert.equal(config.webhook?.url, 'https://platform.example/hooks');
      assert.equal(config.webhook?.secret, secret);
      assert.equal(config.webhook?.concurrency, 2);
    } finally {
      directory.remove();
    }
  });

  const problems: [string, Parameters<typeof loadServerConfig>[0], RegExp][] = [
    ['a port that is not a number', { env: { PORT: 'eighty' } }, /port \(from environment variable PORT\) must be a whole number/],
    ['a port out of range', { flags: { port: '70000' } }, /port \(from flag --port\)/],
    ['a database URL that is not postgres', { env: { DATABASE_URL: 'mysql://x' } }, /databaseUrl .* postgres/],
    ['a webhook URL without a secret', { env: { VIGIL_WEBHOOK_URL: 'http://127.0.0.1:9/x' } }, /webhook.url needs webhook.secret/],
    ['a secret that is not whsec_', { env: { VIGIL_WEBHOOK_URL: 'http://127.0.0.1:9/x', VIGIL_WEBHOOK_SECRET: 'hunter2' } }, /whsec_/],
    ['a short bootstrap key', { env: { VIGIL_BOOTSTRAP_KEY: 'short' } }, /bootstrapKey .* at least 24/],
    ['an unknown log level', { env: { VIGIL_LOG_LEVEL: 'loud' } }, /logLevel/],
    ['a missing file', { file: '/nonexistent/vigil.yaml' }, /config file \/nonexistent\/vigil.yaml: ENOENT/],
  ];
  for (const [name, sources, message] of problems) {
    it(`refuses ${name} with a clear message`, () => {
      assert.throws(() => loadServerConfig({ env: {}, ...sources }), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'E_INVALID_CONFIG');
        assert.match(error.message, message);
        return true;
      });
    });
  }

  it('refuses an unknown setting in the file, naming it', () => {
    const directory = temporaryDirectory();
    try {
      const file = join(directory.path, 'vigil.yaml');
      writeFileSync(file, 'prot: 8080\n');
      assert.throws(() => loadServerConfig({ file, env: {} }), /unknown setting "prot"/);
    } finally {
      directory.remove();
    }
  });
});
