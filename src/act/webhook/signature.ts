// Standard Webhooks signing (standardwebhooks.com): the receiver verifies
//   webhook-signature = "v1," + base64(HMAC-SHA256(secret, "<webhook-id>.<webhook-timestamp>.<body>"))
// with the secret given as "whsec_" + base64 of its bytes. Any Standard Webhooks library can verify Vigil's calls.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { VigilError } from '../../domain/errors.js';

const PREFIX = 'whsec_';

export function generateWebhookSecret(): string {
  return PREFIX + randomBytes(32).toString('base64');
}

/** The secret's key bytes; a VigilError for anything that is not "whsec_" followed by base64 of 16 to 64 bytes. */
export function webhookSecretKey(secret: string): Buffer {
  const encoded = secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : '';
  const key = Buffer.from(encoded, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || key.length < 16 || key.length > 64) {
    throw new VigilError('E_INVALID_CONFIG', 'the webhook secret must be "whsec_" followed by base64 of 16 to 64 random bytes (e.g. from `vigil keys webhook-secret`)');
  }
  return key;
}

export function signWebhook(key: Buffer, messageId: string, timestampSeconds: number, body: string): string {
  const digest = createHmac('sha256', key).update(`${messageId}.${timestampSeconds}.${body}`, 'utf8').digest('base64');
  return `v1,${digest}`;
}

export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

export function webhookHeaders(key: Buffer, messageId: string, body: string, now = Date.now()): WebhookHeaders {
  const timestamp = Math.floor(now / 1000);
  return { 'webhook-id': messageId, 'webhook-timestamp': String(timestamp), 'webhook-signature': signWebhook(key, messageId, timestamp, body) };
}

/**
 * Verifies a delivery as a receiver would (used by tests and offered to platforms written in TypeScript): one of the
 * space-separated signatures matches and the timestamp is within `toleranceSeconds` of now.
 */
export function verifyWebhook(secret: string, headers: Record<string, string | string[] | undefined>, body: string, toleranceSeconds = 300, now = Date.now()): boolean {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signatures !== 'string') return false;
  const seconds = Number(timestamp);
  if (!Number.isInteger(seconds) || Math.abs(now / 1000 - seconds) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(webhookSecretKey(secret), id, seconds, body).slice(3), 'base64');
  return signatures.split(' ').some((candidate) => {
    const [version, value] = candidate.split(',', 2);
    if (version !== 'v1' || value === undefined) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
