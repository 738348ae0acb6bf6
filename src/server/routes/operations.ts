// Routes for operators: health, readiness, metrics and the API documentation.
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/index.js';
import type { Metrics } from '../metrics.js';
import { docsPage, openApiDocument } from '../openapi.js';
import type { Limits } from '../schemas.js';

export function operationsRoutes(app: FastifyInstance, deps: { store: Store; metrics: Metrics; limits: Limits; version: string; isShuttingDown: () => boolean }): void {
  const { store, metrics } = deps;
  const document = openApiDocument(deps.limits, deps.version);
  const page = docsPage(document);

  app.get('/healthz', { config: { access: 'public' } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { config: { access: 'public' } }, async (_request, reply) => {
    if (deps.isShuttingDown()) return reply.status(503).send({ error: { code: 'E_SHUTTING_DOWN', message: 'the server is shutting down' } });
    try {
      await store.driver.query('SELECT 1');
    } catch (error) {
      return reply.status(503).send({ error: { code: 'E_STORE_UNAVAILABLE', message: `the store does not answer: ${(error as Error).message}` } });
    }
    return { status: 'ready', store: store.driver.kind };
  });

  app.get('/metrics', { config: { access: 'platform' } }, async (_request, reply) => {
    const text = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(text);
  });

  app.get('/openapi.json', { config: { access: 'public' } }, async () => document);
  app.get('/docs', { config: { access: 'public' } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
}
