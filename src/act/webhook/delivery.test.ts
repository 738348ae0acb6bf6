// The webhook worker against a real receiver: order per post, retries with the same id, recovery after an outage.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually, freshPgliteDirectory, WebhookReceiver } from '../../server/testing.js';
import { openStore, type Store } from '../../store/index.js';
import { WebhookDelivery } from './delivery.js';
import { generateWebhookSecret, verifyWebhook } from './signature.js';

describe('webhook delivery', () => {
  const receiver = new WebhookReceiver();
  const secret = generateWebhookSecret();
  let store: Store;
  let directory: { remove: () => void };
  let delivery: WebhookDelivery;

  before(async () => {
    const url = await receiver.start();
    const dir = await freshPgliteDirectory();
    directory = dir;
    store = await openStore({ dataDir: dir.path });
    delivery = new WebhookDelivery(store, { url, secret, backoffMs: 10, maxBackoffMs: 100, concurrency: 4, pollMs: 50 });
  });
  after(async () => {
    await delivery.stop();
    await store.close();
    await receiver.stop();
    directory.remove();
  });

  it('delivers every message once the receiver is back, in order per post, with stable ids and valid signatures', async () => {
    receiver.failing = true;
    const posts = ['p1', 'p2', 'p3'];
    await store.items.accept(posts.map((id) => ({ id, text: id })));
    const messages = posts.flatMap((itemId) =>
      ['remove', 'restore', 'remove'].map((action, n) => ({ messageId: `msg_${itemId}_${n}`, itemId, action: action as 'remove' | 'restore', payload: JSON.stringify({ type: `item.${action}`, data: { itemId, n } }) })),
    );
    await store.outbox.enqueue(messages);
    delivery.start();
    await new Promise<void>((resolve) => {
      const check = () => (receiver.attempts >= 5 ? resolve() : setTimeout(check, 20));
      check();
    });
    receiver.failing = false;
    delivery.wake();
    await receiver.waitFor((deliveries) => deliveries.length >= messages.length);
    assert.equal(receiver.deliveries.length, messages.length, 'each message acknowledged once');
    for (const itemId of posts) {
      const ids = receiver.deliveries.filter((d) => d.json.data.itemId === itemId).map((d) => d.headers['webhook-id']);
      assert.deepEqual(ids, [0, 1, 2].map((n) => `msg_${itemId}_${n}`), `order for ${itemId}`);
    }
    for (const d of receiver.deliveries) assert.ok(verifyWebhook(secret, d.headers, d.body));
    await eventually(async () => (await store.outbox.countUndelivered()) === 0, 10_000, 'outbox marked delivered');
  });
});
