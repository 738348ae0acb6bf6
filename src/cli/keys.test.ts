// `vigil keys` against a real embedded database, and its refusal to open one a running server holds.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { startServer } from '../server/server.js';
import { freshPgliteDirectory, testConfig } from '../server/testing.js';
import { openStore } from '../store/index.js';
import type { CommandIo } from './io.js';
import { main } from './main.js';

function io(): { io: CommandIo; stdout: () => string; stderr: () => string } {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  err.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { io: { stdin: new PassThrough(), stdout: out, stderr: err }, stdout: () => stdout, stderr: () => stderr };
}

describe('vigil keys', () => {
  it('creates a platform key that the store then knows, lists it and revokes it', async () => {
    const directory = await freshPgliteDirectory();
    try {
      const create = io();
      assert.equal(await main(['keys', 'create', '--role', 'platform', '--name', 'shop', '--data-dir', directory.path], create.io), 0);
      const key = create.stdout().trim();
      assert.match(key, /^vgl_/);
      const list = io();
      assert.equal(await main(['keys', 'list', '--data-dir', directory.path], list.io), 0);
      const [id, role, state] = list.stdout().trim().split('\t');
      assert.deepEqual([role, state], ['platform', 'active']);
      assert.equal(await main(['keys', 'revoke', id, '--data-dir', directory.path], io().io), 0);
      const store = await openStore({ dataDir: directory.path });
      try {
        assert.equal(await store.keys.findActive(key), undefined);
      } finally {
        await store.close();
      }
    } finally {
      directory.remove();
    }
  });

  it('refuses a bad role, and prints a webhook secret', async () => {
    const bad = io();
    assert.equal(await main(['keys', 'create', '--role', 'root'], bad.io), 2);
    assert.match(bad.stderr(), /--role must be one of platform, admin/);
    const secret = io();
    assert.equal(await main(['keys', 'webhook-secret'], secret.io), 0);
    assert.match(secret.stdout(), /^whsec_[A-Za-z0-9+/=]+\n$/);
  });

  it('refuses to open the data directory of a running server', async () => {
    const directory = await freshPgliteDirectory();
    const server = await startServer(testConfig({ dataDir: directory.path }));
    try {
      const refused = io();
      assert.equal(await main(['keys', 'list', '--data-dir', directory.path], refused.io), 1);
      assert.match(refused.stderr(), /in use by process \d+.*\[E_DATA_DIR_LOCKED\]/);
    } finally {
      await server.close();
      directory.remove();
    }
  });
});
