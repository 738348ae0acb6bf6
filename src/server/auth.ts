// Authentication (Authorization: Bearer <key>), authorisation by role, and the per-key rate limit. Each route names
// the role it needs in its config: "public" routes (health, docs) skip all three.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { VigilError } from '../domain/errors.js';
import type { ApiKey, Role, Store } from '../store/index.js';

/** `reporter`: report routes, open to trusted flaggers' and authorities' keys as well as platform and admin keys. */
export type Access = Role | 'reporter' | 'public';

/** Keys that may only file and follow reports. */
export const REPORTER_ROLES: readonly Role[] = ['trusted_flagger', 'authority'];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    apiKey?: ApiKey;
  }
}

const CACHE_MS = 30_000;
const MAX_CACHED = 10_000;

/**
 * Looks keys up in the store (by hash), remembering answers (also "no such key") for a short while to keep the store
 * off the hot path. The memory is keyed by the secret itself, which this process sees in every request anyway.
 */
export class KeyCache {
  private readonly entries = new Map<string, { key: ApiKey | undefined; until: number }>();

  constructor(private readonly store: Store) {}

  async find(secret: string): Promise<ApiKey | undefined> {
    const cached = this.entries.get(secret);
    if (cached && cached.until > Date.now()) return cached.key;
    const key = await this.store.keys.findActive(secret);
    if (this.entries.size >= MAX_CACHED) this.entries.clear();
    this.entries.set(secret, { key, until: Date.now() + CACHE_MS });
    return key;
  }

  /** After a key is created or revoked through this server, it takes effect at once. */
  clear(): void {
    this.entries.clear();
  }
}

/** A token bucket per key: `burst` requests at once, refilled at `perSecond`. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {}

  /** 0 when the request may go ahead, else the seconds to wait. */
  take(keyId: string, now = Date.now()): number {
    if (this.perSecond <= 0) return 0;
    const bucket = this.buckets.get(keyId) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    this.buckets.set(keyId, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perSecond));
  }
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

export function installAuth(app: FastifyInstance, keys: KeyCache, limiter: RateLimiter): void {
  app.addHook('onRequest', async (request, reply) => {
    const access = request.routeOptions.config?.access;
    if (access === undefined || access === 'public') return;
    const secret = bearer(request);
    // A report route that also names a reviewer role takes console sessions too: the reviewer hook checks those.
    if (secret === undefined && access === 'reporter' && request.routeOptions.config?.reviewer !== undefined) return;
    if (secret === undefined) throw new VigilError('E_UNAUTHORIZED', 'send an API key as "Authorization: Bearer <key>"', 401);
    const key = await keys.find(secret);
    if (!key) throw new VigilError('E_UNAUTHORIZED', 'unknown or revoked API key', 401);
    request.apiKey = key;
    const wait = limiter.take(key.id);
    if (wait > 0) {
      void reply.header('retry-after', String(wait));
      throw new VigilError('E_RATE_LIMITED', `rate limit exceeded for this key; retry in ${wait} s`, 429);
    }
    if (access === 'admin' && key.role !== 'admin') throw new VigilError('E_FORBIDDEN', 'this route needs an admin key', 403);
    if (access !== 'reporter' && REPORTER_ROLES.includes(key.role)) throw new VigilError('E_FORBIDDEN', `a ${key.role} key may only use the report routes`, 403);
  });
}
