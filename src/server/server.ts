// Starts and stops a whole Vigil server: store, policy, background assessment, webhook delivery and HTTP. Both
// `vigil serve` and the tests start servers through here.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { enforcementHook } from '../act/account-enforcement.js';
import { newerPolicy, startupPolicy } from '../act/active-policy.js';
import { Moderation } from '../act/moderation.js';
import { ReviewDesk } from '../act/review-desk.js';
import { startPendingAssessor } from '../act/pending-assessor.js';
import { WebhookDelivery } from '../act/webhook/delivery.js';
import { WorkerLoop } from '../act/worker-loop.js';
import type { ModerationHooks } from '../act/moderation.js';
import { lockDataDir } from '../store/data-dir-lock.js';
import { openStore, type Store } from '../store/index.js';
import { buildApp } from './app.js';
import { KeyCache, RateLimiter } from './auth.js';
import type { ServerConfig } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { Metrics } from './metrics.js';

export interface RunningServer {
  /** http://host:port, with the port actually bound (config port 0 picks a free one). */
  url: string;
  port: number;
  store: Store;
  app: FastifyInstance;
  moderation: Moderation;
  desk: ReviewDesk;
  /** Graceful stop: no new connections, in-flight requests finish, queued writes flush, the store closes. */
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** Told the admin key created at first start (when there were no keys and no VIGIL_BOOTSTRAP_KEY). */
  onFirstKey?: (key: string) => void;
  hooks?: Pick<ModerationHooks, 'onAssessed'>;
}

export const VERSION: string = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const release = config.databaseUrl ? () => {} : lockDataDir(resolve(config.dataDir));
  let store: Store | undefined;
  try {
    store = await openStore(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: resolve(config.dataDir) });
    logger.info({ store: store.driver.kind, location: store.driver.location }, 'store open');
    await bootstrapKeys(store, config, logger, options.onFirstKey);
    const policy = await startupPolicy(store, config.policy);
    logger.info({ version: policy.stored.version, changed: policy.changed }, 'policy active');

    const metrics = new Metrics(store);
    const followUpEnforcement = enforcementHook(() => moderation.policy);
    let delivery: WebhookDelivery | undefined;
    const desk = new ReviewDesk(store, () => moderation.policy, () => delivery?.wake());
    const moderation = new Moderation(
      store,
      policy.assessor,
      {
        // Machine removals are followed up (reports resolved, strikes, account ladder) in the recording transaction.
        onAssessed: async (posts, tx) => {
          await options.hooks?.onAssessed?.(posts, tx);
          // Every review decision opens or joins its post's case in the same transaction.
          await desk.onAssessed(posts, tx);
          await followUpEnforcement(posts, tx);
        },
        // Review cases, report clocks and removals follow only decisions other than allow (restores need nothing).
        concerns: options.hooks?.onAssessed ? undefined : (decision) => decision.action !== 'allow',
        afterCommit: (posts) => {
          metrics.recordAssessed(posts);
          if (posts.some((p) => p.action)) delivery?.wake();
        },
      },
      () => assessor.wake(),
    );
    const assessor = startPendingAssessor(moderation, { onError: (error) => logger.error({ err: error }, 'background assessment failed; retrying') });
    // Only a shared PostgreSQL can have its policy changed by another server.
    const policyWatcher = store.driver.kind === 'postgres' ? watchPolicy(store, moderation, logger) : undefined;
    if (config.webhook) {
      delivery = new WebhookDelivery(store, config.webhook, {
        delivered: () => metrics.recordDelivery(true),
        failed: (message, error) => {
          metrics.recordDelivery(false);
          logger.warn({ messageId: message.messageId, itemId: message.itemId, error }, 'webhook delivery failed; will retry');
        },
        error: (error) => logger.error({ err: error }, 'webhook worker failed; retrying'),
      });
      delivery.start();
    } else {
      logger.warn('no webhook configured (webhook.url / VIGIL_WEBHOOK_URL): actions are recorded but not delivered');
    }

    let shuttingDown = false;
    const app = buildApp({
      config,
      store,
      moderation,
      metrics,
      keys: new KeyCache(store),
      limiter: new RateLimiter(config.rateLimit.requestsPerSecond, config.rateLimit.burst),
      logger,
      version: VERSION,
      isShuttingDown: () => shuttingDown,
      desk,
      wakeDelivery: () => delivery?.wake(),
    });
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const openStoreRef = store;
    let closing: Promise<void> | undefined;
    return {
      url: `http://${config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host}:${port}`,
      port,
      store,
      app,
      moderation,
      desk,
      close: () =>
        (closing ??= (async () => {
          shuttingDown = true;
          await app.close();
          await assessor.stop();
          await policyWatcher?.stop();
          await moderation.flush();
          await delivery?.stop();
          await openStoreRef.close();
          release();
          logger.info('stopped');
        })()),
    };
  } catch (error) {
    await store?.close().catch(() => {});
    release();
    throw error;
  }
}

async function bootstrapKeys(store: Store, config: ServerConfig, logger: Logger, onFirstKey?: (key: string) => void): Promise<void> {
  if (config.bootstrapKey) {
    if (await store.keys.ensure(config.bootstrapKey, 'admin', 'bootstrap (VIGIL_BOOTSTRAP_KEY)')) logger.info('admin key from VIGIL_BOOTSTRAP_KEY added');
    return;
  }
  if ((await store.keys.countActive()) > 0) return;
  const { key, apiKey } = await store.keys.create('admin', 'first start');
  logger.warn({ keyId: apiKey.id }, 'no API keys existed: created an admin key (printed once)');
  onFirstKey?.(key);
}

function watchPolicy(store: Store, moderation: Moderation, logger: Logger): WorkerLoop {
  const loop = new WorkerLoop(
    async () => {
      const assessor = await newerPolicy(store, moderation.policy.version);
      if (assessor) {
        moderation.useAssessor(assessor);
        logger.info({ version: assessor.policy.version }, 'policy activated by another server');
      }
      return 5000;
    },
    (error) => logger.error({ err: error }, 'cannot check for a newer policy'),
    5000,
  );
  loop.start();
  return loop;
}
