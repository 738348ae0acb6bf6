import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateWebhookSecret, signWebhook, verifyWebhook, webhookHeaders, webhookSecretKey } from './signature.js';

describe('Standard Webhooks signatures', () => {
  it('match the reference vector of the Standard Webhooks libraries', () => {
    const key = webhookSecretKey('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    assert.equal(signWebhook(key, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}'), 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('verify with the secret, and fail with another secret, another body or an old timestamp', () => {
    const secret = generateWebhookSecret();
    const body = '{"type":"item.remove"}';
    const headers = { ...webhookHeaders(webhookSecretKey(secret), 'msg_1', body) };
    assert.equal(verifyWebhook(secret, headers, body), true);
    assert.equal(verifyWebhook(generateWebhookSecret(), headers, body), false);
    assert.equal(verifyWebhook(secret, headers, body + ' '), false);
    assert.equal(verifyWebhook(secret, headers, body, 300, Date.now() + 3_600_000), false);
  });

  it('refuse secrets that are not whsec_ and base64', () => {
    for (const secret of ['', 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'whsec_', 'whsec_not base64!', 'whsec_c2hvcnQ=']) {
      assert.throws(() => webhookSecretKey(secret), { code: 'E_INVALID_CONFIG' }, secret);
    }
  });
});
