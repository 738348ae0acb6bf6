// Reviewer sign-in for the console: scrypt password hashes, session cookies, CSRF tokens and login rate limiting, and
// the hook that works out who is calling a review route (a console session or an API key) and whether they may.
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { VigilError } from '../domain/errors.js';
import type { ReviewerRole } from '../domain/review.js';
import type { Store } from '../store/index.js';
import type { KeyCache, RateLimiter } from './auth.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The least reviewer role a review route needs; such routes are "public" to the API-key hook and checked here. */
    reviewer?: ReviewerRole;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** Who is calling a review route. API keys act as tools: an admin key as an admin, a platform key as a moderator. */
export interface Principal {
  id: string;
  name: string;
  role: ReviewerRole;
  via: 'session' | 'key';
}

export const SESSION_COOKIE = 'vigil_session';
export const CSRF_COOKIE = 'vigil_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const SESSION_SECONDS = 12 * 3600;

const RANK: Record<ReviewerRole, number> = { volunteer: 0, moderator: 1, admin: 2 };
// N = 2^15 takes ~50 ms: slow enough to make guessing expensive, fast enough for a login.
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCallback(password, salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))));
}

/** "scrypt$N$r$p$salt$hash" (base64url), so the cost can be raised later without breaking stored hashes. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, SCRYPT);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p), maxmem: SCRYPT.maxmem });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash to compare against when the name is unknown, so that a wrong name costs as long as a wrong password. */
let decoyHash: Promise<string> | undefined;
export const decoy = (): Promise<string> => (decoyHash ??= hashPassword(randomBytes(16).toString('hex')));

export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return decodeURIComponent(part.slice(index + 1).trim());
  }
  return undefined;
}

/** Secure cookies when the request arrived over TLS, directly or through a proxy that says so. */
export function overTls(request: FastifyRequest, always: boolean): boolean {
  return always || request.protocol === 'https' || request.headers['x-forwarded-proto'] === 'https';
}

export function setSessionCookies(reply: FastifyReply, session: { token: string; csrfToken: string } | undefined, secure: boolean): void {
  const attributes = `Path=/; SameSite=Strict${secure ? '; Secure' : ''}`;
  const age = session ? `Max-Age=${SESSION_SECONDS}` : 'Max-Age=0';
  void reply.header('set-cookie', [
    `${SESSION_COOKIE}=${session?.token ?? ''}; ${attributes}; HttpOnly; ${age}`,
    // Readable by the console's script, which echoes it in the X-CSRF-Token header (double submit).
    `${CSRF_COOKIE}=${session?.csrfToken ?? ''}; ${attributes}; ${age}`,
  ]);
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  return /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authenticates review routes (config.reviewer): an API key in Authorization, else the session cookie. A cookie-
 * authenticated request that changes something must echo the session's CSRF token in X-CSRF-Token: another site can
 * make the browser send the cookie, but cannot read the token.
 */
export function installReviewerAuth(app: FastifyInstance, store: Store, keys: KeyCache, limiter: RateLimiter): void {
  app.addHook('onRequest', async (request, reply) => {
    const needed = request.routeOptions.config?.reviewer;
    if (needed === undefined) return;
    // A report route (access "reporter") checks keys in the key hook, flaggers' included; sessions are checked here.
    if (request.routeOptions.config?.access === 'reporter' && bearer(request) !== undefined) return;
    const principal = await identify(request, reply, store, keys, limiter);
    if (RANK[principal.role] < RANK[needed]) throw new VigilError('E_FORBIDDEN', `this needs the ${needed} role or above`, 403);
    request.principal = principal;
  });
}

async function identify(request: FastifyRequest, reply: FastifyReply, store: Store, keys: KeyCache, limiter: RateLimiter): Promise<Principal> {
  const secret = bearer(request);
  if (secret !== undefined) {
    const key = await keys.find(secret);
    if (!key || (key.role !== 'admin' && key.role !== 'platform')) throw new VigilError('E_UNAUTHORIZED', 'unknown or revoked API key, or one of a role that cannot review', 401);
    const wait = limiter.take(key.id);
    if (wait > 0) {
      void reply.header('retry-after', String(wait));
      throw new VigilError('E_RATE_LIMITED', `rate limit exceeded for this key; retry in ${wait} s`, 429);
    }
    return { id: key.id, name: key.name, role: key.role === 'admin' ? 'admin' : 'moderator', via: 'key' };
  }
  const token = readCookie(request, SESSION_COOKIE);
  const session = token ? await store.users.findSession(token) : undefined;
  if (!session) throw new VigilError('E_UNAUTHORIZED', 'sign in at /console, or send an API key as "Authorization: Bearer <key>"', 401);
  if (!SAFE_METHODS.has(request.method)) {
    const header = request.headers[CSRF_HEADER];
    const sent = Buffer.from(typeof header === 'string' ? header : '');
    const expected = Buffer.from(session.csrfToken);
    if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
      throw new VigilError('E_FORBIDDEN', `a signed-in request that changes something must send the ${CSRF_HEADER} header`, 403);
    }
  }
  return { id: session.user.id, name: session.user.name, role: session.user.role, via: 'session' };
}
