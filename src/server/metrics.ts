// Prometheus metrics, in a registry of this server's own (several servers in one test process do not mix).
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AssessedPost } from '../act/moderation.js';
import type { Store } from '../store/index.js';

export class Metrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({ name: 'vigil_http_requests_total', help: 'HTTP requests by route and status.', labelNames: ['method', 'route', 'status'], registers: [this.registry] });
  private readonly latency = new Histogram({
    name: 'vigil_http_request_duration_seconds',
    help: 'HTTP request latency.',
    labelNames: ['method', 'route'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [this.registry],
  });
  private readonly decisions = new Counter({ name: 'vigil_decisions_total', help: 'Decisions recorded, by mode (sync, async), action and category.', labelNames: ['mode', 'action', 'category'], registers: [this.registry] });
  private readonly actions = new Counter({ name: 'vigil_platform_actions_total', help: 'Actions queued for the platform webhook.', labelNames: ['action'], registers: [this.registry] });
  private readonly accepted = new Counter({ name: 'vigil_items_accepted_total', help: 'Posts durably accepted for background assessment.', registers: [this.registry] });
  private readonly deliveries = new Counter({ name: 'vigil_webhook_deliveries_total', help: 'Webhook delivery attempts by outcome.', labelNames: ['outcome'], registers: [this.registry] });
  private readonly webhookFailures = new Counter({ name: 'vigil_webhook_failures_total', help: 'Webhook delivery attempts that were not acknowledged.', registers: [this.registry] });

  constructor(store: Store) {
    collectDefaultMetrics({ register: this.registry, prefix: 'vigil_' });
    new Gauge({
      name: 'vigil_queue_depth',
      help: 'Posts accepted and waiting for background assessment.',
      registers: [this.registry],
      async collect() {
        this.set(await store.items.countPending());
      },
    });
    new Gauge({
      name: 'vigil_outbox_undelivered',
      help: 'Platform actions not yet acknowledged by the webhook receiver.',
      registers: [this.registry],
      async collect() {
        this.set(await store.outbox.countUndelivered());
      },
    });
  }

  install(app: FastifyInstance): void {
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      this.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
      this.latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    });
  }

  recordAssessed(posts: AssessedPost[]): void {
    for (const post of posts) {
      this.decisions.inc({ mode: post.mode, action: post.decision.action, category: post.decision.category });
      if (post.action) this.actions.inc({ action: post.action });
    }
  }

  recordAccepted(count: number): void {
    this.accepted.inc(count);
  }

  recordDelivery(ok: boolean): void {
    this.deliveries.inc({ outcome: ok ? 'delivered' : 'failed' });
    if (!ok) this.webhookFailures.inc();
  }
}
