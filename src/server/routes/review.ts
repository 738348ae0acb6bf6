// The review queue, reviewer accounts and console sign-in. The console uses exactly these routes; so can a
// platform's own tools with an API key (see accounts.ts for who may do what).
import type { FastifyInstance } from 'fastify';
import type { ReviewDesk } from '../../act/review-desk.js';
import { VigilError } from '../../domain/errors.js';
import type { CaseStatus, ReviewAction, Reviewer, ReviewerRole, Verdict } from '../../domain/review.js';
import type { Store, StoredCase, StoredGoldCase, User } from '../../store/index.js';
import { decoy, hashPassword, overTls, readCookie, SESSION_COOKIE, SESSION_SECONDS, setSessionCookies, verifyPassword, type Principal } from '../accounts.js';
import type { RateLimiter } from '../auth.js';
import { caseIdParams, caseListQuery, decisionBodySchema, goldCreateBodySchema, loginBodySchema, userCreateBodySchema } from '../review-schemas.js';

const userView = (user: User) => ({ id: user.id, name: user.name, role: user.role, createdAt: user.createdAt.toISOString(), disabledAt: user.disabledAt?.toISOString() ?? null });

const caseSummary = (stored: StoredCase) => ({
  id: stored.reviewCase.id,
  itemId: stored.reviewCase.itemId,
  status: stored.reviewCase.status,
  category: stored.category,
  priority: stored.priority,
  openedAt: new Date(stored.reviewCase.openedAt).toISOString(),
  deadlineAt: stored.deadlineAt === null ? null : new Date(stored.deadlineAt).toISOString(),
  signals: stored.reviewCase.signalCount,
  votes: stored.reviewCase.votes.length,
  action: stored.reviewCase.action ?? null,
});

const goldView = (gold: StoredGoldCase) => ({ ...gold, addedAt: gold.addedAt === null ? null : new Date(gold.addedAt).toISOString() });

function reviewer(principal: Principal | undefined): Reviewer {
  if (!principal) throw new VigilError('E_UNAUTHORIZED', 'not signed in', 401);
  return { id: principal.id, role: principal.role };
}

export interface ReviewRouteDependencies {
  store: Store;
  desk: ReviewDesk;
  /** Every sign-in attempt, per client address and account name. */
  loginLimiter: RateLimiter;
  secureCookies: boolean;
}

export function reviewRoutes(app: FastifyInstance, deps: ReviewRouteDependencies): void {
  const { store, desk, loginLimiter } = deps;

  app.post('/v1/session', { schema: { body: loginBodySchema }, config: { access: 'public' } }, async (request, reply) => {
    const { name, password } = request.body as { name: string; password: string };
    const wait = loginLimiter.take(`${request.ip}|${name.toLowerCase()}`);
    if (wait > 0) {
      void reply.header('retry-after', String(wait));
      throw new VigilError('E_RATE_LIMITED', `too many sign-in attempts; retry in ${wait} s`, 429);
    }
    const account = await store.users.forLogin(name);
    const valid = await verifyPassword(password, account?.passwordHash ?? (await decoy()));
    if (!account || !valid) throw new VigilError('E_UNAUTHORIZED', 'wrong name or password', 401);
    const session = await store.users.createSession(account.user.id, SESSION_SECONDS);
    setSessionCookies(reply, session, overTls(request, deps.secureCookies));
    return { user: userView(account.user), csrfToken: session.csrfToken };
  });

  app.get('/v1/session', { config: { access: 'public', reviewer: 'volunteer' } }, async (request) => {
    const principal = request.principal!;
    return { user: { id: principal.id, name: principal.name, role: principal.role }, via: principal.via };
  });

  app.delete('/v1/session', { config: { access: 'public', reviewer: 'volunteer' } }, async (request, reply) => {
    const token = readCookie(request, SESSION_COOKIE);
    if (token) await store.users.endSession(token);
    setSessionCookies(reply, undefined, overTls(request, deps.secureCookies));
    return reply.status(204).send();
  });

  app.get('/v1/cases', { schema: { querystring: caseListQuery }, config: { access: 'public', reviewer: 'moderator' } }, async (request) => {
    const query = request.query as { status?: CaseStatus; limit?: string; offset?: string };
    const status = query.status ?? 'open';
    const limit = Math.min(Number(query.limit ?? 50), 200);
    const offset = Number(query.offset ?? 0);
    const [cases, total] = await Promise.all([store.cases.list(status, limit, offset), store.cases.count(status)]);
    return { status, total, limit, offset, cases: cases.map(caseSummary) };
  });

  app.post('/v1/cases/next', { config: { access: 'public', reviewer: 'volunteer' } }, async (request, reply) => {
    const who = reviewer(request.principal);
    const claim = await desk.next(who);
    if (!claim) return reply.status(204).send();
    return { case: await desk.view(claim.caseId, who) };
  });

  app.get('/v1/cases/:id', { schema: { params: caseIdParams }, config: { access: 'public', reviewer: 'volunteer' } }, async (request) => {
    const { id } = request.params as { id: string };
    return { case: await desk.view(id, reviewer(request.principal)) };
  });

  app.post('/v1/cases/:id/skip', { schema: { params: caseIdParams }, config: { access: 'public', reviewer: 'volunteer' } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    await desk.skip(id, reviewer(request.principal));
    return reply.status(204).send();
  });

  app.post('/v1/cases/:id/lease', { schema: { params: caseIdParams }, config: { access: 'public', reviewer: 'volunteer' } }, async (request) => {
    const { id } = request.params as { id: string };
    const expiresAt = await desk.renew(id, reviewer(request.principal));
    return { caseId: id, leaseExpiresAt: expiresAt };
  });

  app.post('/v1/cases/:id/decisions', { schema: { params: caseIdParams, body: decisionBodySchema }, config: { access: 'public', reviewer: 'volunteer' } }, async (request) => {
    const { id } = request.params as { id: string };
    const { verdict, reason } = request.body as { verdict: Verdict; reason: string };
    const result = await desk.decide(id, reviewer(request.principal), verdict, reason);
    // Gold results are never shown: gold measures only while it cannot be told apart from a real case.
    return { caseId: id, outcome: result.outcome, action: result.action ?? null, platformAction: result.platformAction ?? null };
  });

  // Gold is never listed to volunteers: a known-answer case measures only while it looks like any other.
  app.get('/v1/gold', { config: { access: 'public', reviewer: 'moderator' } }, async () => ({ gold: (await desk.goldCases()).map(goldView) }));

  app.post('/v1/gold', { schema: { body: goldCreateBodySchema }, config: { access: 'public', reviewer: 'moderator' } }, async (request, reply) => {
    const { itemId, answer, reason } = request.body as { itemId: string; answer: ReviewAction; reason: string };
    const gold = await desk.addGold(itemId, answer, reason, reviewer(request.principal));
    return reply.status(201).send(goldView(gold));
  });

  app.get('/v1/dashboard', { config: { access: 'public', reviewer: 'moderator' } }, async () => desk.dashboard());

  app.get('/v1/users', { config: { access: 'public', reviewer: 'admin' } }, async () => ({ users: (await store.users.list()).map(userView) }));

  app.post('/v1/users', { schema: { body: userCreateBodySchema }, config: { access: 'public', reviewer: 'admin' } }, async (request, reply) => {
    const { name, password, role } = request.body as { name: string; password: string; role: ReviewerRole };
    const user = await store.users.create(name, await hashPassword(password), role);
    if (!user) throw new VigilError('E_INVALID_REQUEST', `an account named "${name}" exists already`, 409);
    return reply.status(201).send(userView(user));
  });

  app.post('/v1/users/:id/disable', { schema: { params: caseIdParams }, config: { access: 'public', reviewer: 'admin' } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!(await store.users.disable(id))) throw new VigilError('E_NOT_FOUND', `no active account with id "${id}"`, 404);
    return reply.status(204).send();
  });
}
