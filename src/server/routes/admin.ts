// The admin's routes: the policy (read, upload a new version, history) and API keys.
import type { FastifyInstance } from 'fastify';
import { activatePolicy } from '../../act/active-policy.js';
import type { Moderation } from '../../act/moderation.js';
import { VigilError } from '../../domain/errors.js';
import type { ApiKey, Role, Store, StoredPolicy } from '../../store/index.js';
import type { KeyCache } from '../auth.js';
import { keyCreateBodySchema, keyIdParams, policyUploadBodySchema } from '../schemas.js';

const policyView = (policy: StoredPolicy) => ({
  version: policy.version,
  name: policy.name,
  activatedAt: policy.activatedAt.toISOString(),
  uploadedBy: policy.uploadedBy,
  yaml: policy.yaml,
});

const keyView = (key: ApiKey) => ({ id: key.id, role: key.role, name: key.name, createdAt: key.createdAt.toISOString(), revokedAt: key.revokedAt?.toISOString() ?? null });

export function adminRoutes(app: FastifyInstance, deps: { store: Store; moderation: Moderation; keys: KeyCache }): void {
  const { store, moderation, keys } = deps;

  app.get('/v1/policy', { config: { access: 'platform' } }, async () => {
    const active = await store.policies.active();
    if (!active) throw new VigilError('E_NOT_FOUND', 'no policy is active', 404);
    return policyView(active);
  });

  app.get('/v1/policy/history', { config: { access: 'platform' } }, async () => ({
    versions: (await store.policies.history()).map((p) => ({ version: p.version, name: p.name, activatedAt: p.activatedAt.toISOString(), uploadedBy: p.uploadedBy })),
  }));

  app.put('/v1/policy', { schema: { body: policyUploadBodySchema }, config: { access: 'admin' } }, async (request, reply) => {
    const body = request.body as string | { yaml: string };
    const yaml = typeof body === 'string' ? body : body.yaml;
    const active = await activatePolicy(store, yaml, 'uploaded policy', request.apiKey?.id ?? null);
    moderation.useAssessor(active.assessor);
    request.log.info({ version: active.stored.version, changed: active.changed }, 'policy activated');
    return reply.status(active.changed ? 201 : 200).send({ ...policyView(active.stored), changed: active.changed });
  });

  app.get('/v1/keys', { config: { access: 'admin' } }, async () => ({ keys: (await store.keys.list()).map(keyView) }));

  app.post('/v1/keys', { schema: { body: keyCreateBodySchema }, config: { access: 'admin' } }, async (request, reply) => {
    const { role, name } = request.body as { role: Role; name?: string };
    const created = await store.keys.create(role, name ?? '');
    keys.clear();
    return reply.status(201).send({ ...keyView(created.apiKey), key: created.key });
  });

  app.delete('/v1/keys/:id', { schema: { params: keyIdParams }, config: { access: 'admin' } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!(await store.keys.revoke(id))) throw new VigilError('E_NOT_FOUND', `no active key with id "${id}"`, 404);
    keys.clear();
    return reply.status(204).send();
  });
}
