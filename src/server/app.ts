// The one place that builds the HTTP application: parsers, auth, metrics, error mapping and routes.
import { isUtf8 } from 'node:buffer';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Moderation } from '../act/moderation.js';
import type { ReviewDesk } from '../act/review-desk.js';
import { VigilError } from '../domain/errors.js';
import type { Store } from '../store/index.js';
import { installReviewerAuth } from './accounts.js';
import { installAuth, RateLimiter, type KeyCache } from './auth.js';
import type { ServerConfig } from './config.js';
import { installErrorHandling } from './errors.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import { adminRoutes } from './routes/admin.js';
import { appealRoutes } from './routes/appeals.js';
import { consoleRoutes } from './routes/console.js';
import { moderationRoutes } from './routes/moderation.js';
import { operationsRoutes } from './routes/operations.js';
import { reportRoutes } from './routes/reports.js';
import { reviewRoutes } from './routes/review.js';

export interface AppDependencies {
  config: ServerConfig;
  store: Store;
  moderation: Moderation;
  metrics: Metrics;
  keys: KeyCache;
  limiter: RateLimiter;
  logger: Logger;
  version: string;
  isShuttingDown: () => boolean;
  desk: ReviewDesk;
  /** Tells the webhook worker that new messages are in the outbox (appeal outcomes). */
  wakeDelivery?: () => void;
  /** Mark session cookies Secure even when the request did not say it came over TLS. */
  secureCookies?: boolean;
}

// text/csv: bulk reports uploaded as a spreadsheet export.
const TEXT_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/plain', 'text/csv'];

export function buildApp(deps: AppDependencies): FastifyInstance {
  const app = Fastify({
    loggerInstance: deps.logger,
    // Requests are counted and timed in /metrics; a log line for each would cost more than the assessment.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: deps.config.limits.bodyBytes,
    return503OnClosing: true,
    // Errors raised before routing (a path that is not valid UTF-8) get the same coded body as every other.
    frameworkErrors: (error, _request, reply) => {
      // The generic reply type of this hook cannot be narrowed here; the body is the same coded error as everywhere.
      void (reply as unknown as { code(status: number): { send(body: unknown): void } }).code(400).send({ error: { code: 'E_INVALID_REQUEST', message: error.message } });
    },
    // Unknown fields are an error, never silently dropped; types are never coerced ("1" is not a number).
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false, allowUnionTypes: true } },
  }) as unknown as FastifyInstance;

  installErrorHandling(app);

  // Bodies are checked as UTF-8 before they are decoded: Node would otherwise replace bad bytes without a word.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    if (!isUtf8(bytes)) return done(new VigilError('E_INVALID_UTF8', 'the request body is not valid UTF-8', 400), undefined);
    if (bytes.length === 0) return done(new VigilError('E_INVALID_JSON', 'the request body is empty', 400), undefined);
    parseJson(request, bytes.toString('utf8'), (error, value) => {
      if (error) return done(new VigilError('E_INVALID_JSON', `the request body is not valid JSON: ${error.message}`, 400), undefined);
      done(null, value);
    });
  });
  app.addContentTypeParser(TEXT_TYPES, { parseAs: 'buffer' }, (_request, body, done) => {
    const bytes = body as Buffer;
    if (!isUtf8(bytes)) return done(new VigilError('E_INVALID_UTF8', 'the request body is not valid UTF-8', 400), undefined);
    done(null, bytes.toString('utf8'));
  });

  installAuth(app, deps.keys, deps.limiter);
  installReviewerAuth(app, deps.store, deps.keys, deps.limiter);
  deps.metrics.install(app);

  moderationRoutes(app, { store: deps.store, moderation: deps.moderation, metrics: deps.metrics, limits: deps.config.limits });
  adminRoutes(app, { store: deps.store, moderation: deps.moderation, keys: deps.keys });
  // Five sign-in attempts at once per address and account name, then one every 12 seconds.
  reviewRoutes(app, { store: deps.store, desk: deps.desk, loginLimiter: new RateLimiter(5 / 60, 5), secureCookies: deps.secureCookies ?? false });
  consoleRoutes(app);
  reportRoutes(app, { store: deps.store, moderation: deps.moderation });
  appealRoutes(app, { store: deps.store, moderation: deps.moderation, wake: deps.wakeDelivery ?? (() => {}) });
  operationsRoutes(app, { store: deps.store, metrics: deps.metrics, limits: deps.config.limits, version: deps.version, isShuttingDown: deps.isShuttingDown });
  return app;
}
