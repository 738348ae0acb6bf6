// Delivers outbox messages to the platform's webhook URL. A message counts as delivered when the receiver answers 2xx;
// anything else is retried with exponential backoff, for as long as it takes. Each post's messages go out one at a
// time in order (the outbox only offers the first undelivered message of each post); different posts go in parallel.
// When every delivery of a round fails the receiver is probably down, so the whole worker backs off too instead of
// retrying each message on its own schedule.
import type { Store } from '../../store/index.js';
import type { QueuedMessage } from '../../store/outbox.js';
import { WorkerLoop } from '../worker-loop.js';
import { webhookHeaders, webhookSecretKey } from './signature.js';

export interface WebhookOptions {
  url: string;
  secret: string;
  /** Per request. */
  timeoutMs?: number;
  /** Parallel requests (to different posts). */
  concurrency?: number;
  /** First retry delay; doubled after each failure up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** How often to look for due retries when nothing new arrives. */
  pollMs?: number;
}

export interface DeliveryObserver {
  delivered?(message: QueuedMessage): void;
  failed?(message: QueuedMessage, error: string): void;
  error?(error: unknown): void;
}

export class WebhookDelivery {
  private readonly loop: WorkerLoop;
  private readonly key: Buffer;
  private consecutiveFailedRounds = 0;

  constructor(
    private readonly store: Store,
    private readonly options: WebhookOptions,
    private readonly observer: DeliveryObserver = {},
  ) {
    this.key = webhookSecretKey(options.secret);
    this.loop = new WorkerLoop(() => this.round(), (error) => observer.error?.(error));
  }

  start(): void {
    this.loop.start();
  }

  /** New messages are in the outbox. */
  wake(): void {
    this.loop.wake();
  }

  /** Finishes the deliveries in flight, then stops. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Milliseconds to wait before try number `attempt` (1-based), with jitter so retries do not arrive in waves. */
  backoff(attempt: number): number {
    const base = this.options.backoffMs ?? 1000;
    const max = this.options.maxBackoffMs ?? 60_000;
    const delay = Math.min(max, base * 2 ** Math.min(attempt - 1, 30));
    return Math.round(delay * (0.75 + Math.random() * 0.25));
  }

  private async round(): Promise<number> {
    const concurrency = this.options.concurrency ?? 8;
    const due = await this.store.outbox.due(concurrency * 16);
    if (due.length === 0) return this.options.pollMs ?? 1000;
    const delivered: number[] = [];
    let failures = 0;
    for (let start = 0; start < due.length; start += concurrency) {
      const chunk = due.slice(start, start + concurrency);
      const results = await Promise.all(chunk.map((message) => this.send(message)));
      for (const [index, error] of results.entries()) {
        const message = chunk[index];
        if (error === undefined) {
          delivered.push(message.id);
          this.observer.delivered?.(message);
        } else {
          failures++;
          await this.store.outbox.markFailed(message.id, error, this.backoff(message.attempts + 1));
          this.observer.failed?.(message, error);
        }
      }
      // Once a whole chunk failed the receiver is down: stop hammering it for this round.
      if (results.every((error) => error !== undefined)) break;
    }
    await this.store.outbox.markDelivered(delivered);
    if (delivered.length === 0 && failures > 0) {
      this.consecutiveFailedRounds++;
      return this.backoff(this.consecutiveFailedRounds);
    }
    this.consecutiveFailedRounds = 0;
    return 0;
  }

  /** Sends one message; undefined when the receiver acknowledged it, otherwise why not. */
  private async send(message: QueuedMessage): Promise<string | undefined> {
    try {
      const response = await fetch(this.options.url, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/json', 'user-agent': 'vigil-webhooks', ...webhookHeaders(this.key, message.messageId, message.payload) },
        body: message.payload,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
      await response.arrayBuffer().catch(() => undefined);
      return response.status >= 200 && response.status < 300 ? undefined : `HTTP ${response.status}`;
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return cause ?? (error as Error).name ?? String(error);
    }
  }
}
