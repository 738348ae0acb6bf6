// The platform's routes: assess now, accept for later, and look a post up.
import type { FastifyInstance } from 'fastify';
import type { Moderation } from '../../act/moderation.js';
import type { Decision } from '../../domain/decision.js';
import { VigilError } from '../../domain/errors.js';
import type { IncomingItem, Store } from '../../store/index.js';
import { checkStorableText } from '../errors.js';
import type { Metrics } from '../metrics.js';
import { assessBodySchema, batchSchema, itemIdParams, type Limits } from '../schemas.js';

type ItemBody = Omit<IncomingItem, 'id'> & { id: string | number };

function incoming(body: ItemBody, where: string): IncomingItem {
  checkStorableText(body, where);
  const item: IncomingItem = { ...body, id: String(body.id) };
  if (item.id.length === 0) throw new VigilError('E_INVALID_REQUEST', `${where}.id must not be empty`, 400);
  return item;
}

/** The decision in the shape `vigil scan` prints. */
function decisionView(id: string, decision: Decision) {
  return { id, ...decisionFields(decision) };
}

function decisionFields(decision: Decision) {
  return { action: decision.action, category: decision.category, score: decision.score, reasons: decision.reasons, policyVersion: decision.policyVersion };
}

export function moderationRoutes(app: FastifyInstance, deps: { store: Store; moderation: Moderation; metrics: Metrics; limits: Limits }): void {
  const { store, moderation, metrics, limits } = deps;

  app.post('/v1/assess', { schema: { body: assessBodySchema(limits) }, config: { access: 'platform' } }, async (request) => {
    const body = request.body as ItemBody | { items: ItemBody[] };
    const batch = 'items' in body;
    const items = batch ? body.items.map((item, i) => incoming(item, `body.items[${i}]`)) : [incoming(body, 'body')];
    const decisions = await moderation.assessNow(items);
    const views = items.map((item, i) => decisionView(item.id, decisions[i]));
    return batch ? { items: views } : views[0];
  });

  app.post('/v1/items', { schema: { body: batchSchema(limits) }, config: { access: 'platform' } }, async (request, reply) => {
    const body = request.body as { items: ItemBody[] };
    const items = body.items.map((item, i) => incoming(item, `body.items[${i}]`));
    await moderation.accept(items);
    metrics.recordAccepted(items.length);
    return reply.status(202).send({ accepted: items.length });
  });

  app.get('/v1/items/:id', { schema: { params: itemIdParams }, config: { access: 'platform' } }, async (request) => {
    const { id } = request.params as { id: string };
    const [item, actions] = await Promise.all([store.items.get(id), store.outbox.forItem(id)]);
    if (!item) throw new VigilError('E_NOT_FOUND', `no post with id "${id}"`, 404);
    const { assessments, receivedAt, updatedAt, ...post } = item;
    const latest = assessments[0]?.decision;
    return {
      ...post,
      receivedAt: receivedAt.toISOString(),
      updatedAt: updatedAt.toISOString(),
      review: { status: item.status === 'assessed' && latest?.action === 'review' ? 'requested' : 'none' },
      decision: latest ? decisionFields(latest) : null,
      assessments: assessments.map((a) => ({ id: a.id, mode: a.mode, assessedAt: a.assessedAt.toISOString(), ...decisionFields(a.decision) })),
      actions: actions.map((a) => ({ ...a, createdAt: a.createdAt.toISOString(), deliveredAt: a.deliveredAt?.toISOString() ?? null })),
    };
  });
}
