// Appeal routes: the platform files an appeal for the author; a reviewer who did not take the original decision (a
// moderator for account actions) lists and decides them; the dashboard reads how often decisions were overturned.
import type { FastifyInstance } from 'fastify';
import { appealView, decideAppeal, fileAppeal, type AppealInput } from '../../act/appeals.js';
import type { Moderation } from '../../act/moderation.js';
import { VigilError } from '../../domain/errors.js';
import { EnforcementRepository } from '../../store/enforcement.js';
import type { Store } from '../../store/index.js';
import { checkStorableText } from '../errors.js';
import { appealBodySchema, appealDecisionBodySchema, idParams, sinceQuerySchema } from '../report-schemas.js';

export function appealRoutes(app: FastifyInstance, deps: { store: Store; moderation: Moderation; wake: () => void }): void {
  const { store, moderation, wake } = deps;
  const enforcement = new EnforcementRepository(store.sql);

  app.post('/v1/appeals', { schema: { body: appealBodySchema }, config: { access: 'platform' } }, async (request, reply) => {
    const body = request.body as AppealInput;
    checkStorableText(body, 'body');
    if ((body.itemId === undefined) === (body.decisionId === undefined)) throw new VigilError('E_INVALID_REQUEST', 'name either body.itemId (a removed post) or body.decisionId', 400);
    const { appeal, decision } = await store.transaction((tx) => fileAppeal(tx, moderation.policy, body));
    return reply.status(201).send(appealView(appeal, decision));
  });

  app.get('/v1/appeals', { config: { reviewer: 'volunteer' } }, async (request) => {
    const principal = request.principal!;
    const pending = await enforcement.pendingAppeals({ id: principal.id, role: principal.role }, 100);
    return { appeals: await Promise.all(pending.map(async (appeal) => appealView(appeal, await enforcement.decision(appeal.decisionId)))) };
  });

  app.get('/v1/appeals/:id', { schema: { params: idParams }, config: { access: 'platform' } }, async (request) => {
    const { id } = request.params as { id: string };
    const appeal = await enforcement.appeal(id);
    if (!appeal) throw new VigilError('E_NOT_FOUND', `no appeal "${id}"`, 404);
    return appealView(appeal, await enforcement.decision(appeal.decisionId));
  });

  app.post('/v1/appeals/:id/decision', { schema: { params: idParams, body: appealDecisionBodySchema }, config: { reviewer: 'volunteer' } }, async (request) => {
    const { id } = request.params as { id: string };
    const { outcome, note } = request.body as { outcome: 'upheld' | 'reversed'; note?: string };
    checkStorableText(note, 'body.note');
    const principal = request.principal!;
    const result = await store.transaction((tx) => decideAppeal(tx, id, { id: principal.id, role: principal.role }, outcome, note ?? null));
    if (result.queued > 0) wake();
    return appealView(result.appeal, result.decision);
  });

  // Decisions overturned on appeal, per detector and reviewer: what the dashboard shows as each one's error rate.
  app.get('/v1/stats/overturns', { schema: { querystring: sinceQuerySchema }, config: { reviewer: 'moderator' } }, async (request) => {
    const days = Number((request.query as { days?: string }).days ?? 30);
    const since = new Date(Date.now() - days * 86_400_000);
    const rows = await enforcement.overturnRates(since);
    return { since: since.toISOString(), deciders: rows.map((row) => ({ ...row, overturnRate: row.decisions > 0 ? row.overturned / row.decisions : 0 })) };
  });

  // An account's standing: active strikes and every decision about it, with statements of reasons.
  app.get('/v1/accounts/:id/enforcement', { schema: { params: idParams }, config: { access: 'platform' } }, async (request) => {
    const { id } = request.params as { id: string };
    const [strikes, decisions] = await Promise.all([enforcement.activeStrikes(id, new Date()), enforcement.forAccount(id)]);
    return {
      accountId: id,
      strikePoints: strikes.reduce((sum, strike) => sum + strike.weight, 0),
      strikes: strikes.map((s) => ({ id: s.id, itemId: s.itemId, category: s.category, weight: s.weight, createdAt: s.createdAt.toISOString(), expiresAt: s.expiresAt.toISOString() })),
      decisions: decisions.map((d) => ({
        id: d.id,
        subject: d.subject,
        itemId: d.itemId,
        action: d.action,
        category: d.category,
        decidedBy: d.decidedBy,
        automated: d.automated,
        until: d.until?.toISOString() ?? null,
        decidedAt: d.createdAt.toISOString(),
        overturned: d.overturnedAt !== null,
        statementOfReasons: d.statement,
      })),
    };
  });
}
