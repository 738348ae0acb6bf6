// Transactions behave the same on both drivers, however the driver frames them (PGlite sends BEGIN together with
// the transaction's first statement).
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { STORE_BACKENDS, skippableIt, type StoreBackend } from '../server/testing.js';
import type { Store } from './index.js';

function driverSuite(open: StoreBackend): void {
  let store: Store | undefined;
  let cleanup: () => Promise<void> = async () => {};
  let skip: string | undefined;
  const it = skippableIt(() => skip);
  const db = () => store!.driver;

  before(async () => {
    const opened = await open();
    if ('skip' in opened) {
      skip = opened.skip;
      return;
    }
    ({ store, cleanup } = opened);
    await db().script('CREATE TABLE driver_log (seq bigserial PRIMARY KEY, note text NOT NULL)');
  });
  after(async () => {
    await store?.close();
    await cleanup();
  });

  const notes = async () => (await db().query<{ note: string }>('SELECT note FROM driver_log ORDER BY seq')).map((row) => row.note);

  it('a transaction commits what it wrote, and its result comes back', async () => {
    const result = await db().transaction(async (tx) => {
      await tx.query('INSERT INTO driver_log (note) VALUES ($1)', ['committed']);
      return 42;
    });
    assert.equal(result, 42);
    assert.deepEqual(await notes(), ['committed']);
  });

  it('a transaction whose first statement fails leaves nothing behind, and the next one works', async () => {
    await assert.rejects(db().transaction((tx) => tx.query('INSERT INTO driver_log (note) VALUES (NULL)')));
    await assert.rejects(
      db().transaction(async (tx) => {
        await tx.query('INSERT INTO driver_log (note) VALUES ($1)', ['rolled back']);
        throw new Error('the caller changed its mind');
      }),
      /changed its mind/,
    );
    await db().transaction((tx) => tx.query('INSERT INTO driver_log (note) VALUES ($1)', ['after failures']));
    assert.deepEqual(await notes(), ['committed', 'after failures']);
  });

  it('a transaction that runs no statement resolves, and a script can open one', async () => {
    assert.equal(await db().transaction(async () => 'nothing to do'), 'nothing to do');
    await db().transaction((tx) => tx.script(`INSERT INTO driver_log (note) VALUES ('by script')`));
    assert.deepEqual((await notes()).at(-1), 'by script');
  });

  it('statements sent together inside a transaction run in the order sent', async () => {
    await db().transaction((tx) => Promise.all(['first', 'second', 'third'].map((note) => tx.query('INSERT INTO driver_log (note) VALUES ($1)', [note]))));
    assert.deepEqual((await notes()).slice(-3), ['first', 'second', 'third']);
  });
}

for (const [backend, open] of STORE_BACKENDS) describe(`SQL driver: ${backend}`, () => driverSuite(open));
