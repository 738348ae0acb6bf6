// Background assessment of accepted posts. It reads the durable queue (items with status 'pending'), so posts
// accepted before a crash are assessed after the restart exactly like new ones.
import type { Moderation } from './moderation.js';
import { WorkerLoop } from './worker-loop.js';

export interface PendingAssessorOptions {
  batchSize?: number;
  /** How often to look for work when nobody wakes the assessor (another server sharing the database may queue). */
  pollMs?: number;
  onError: (error: unknown) => void;
}

export function startPendingAssessor(moderation: Moderation, options: PendingAssessorOptions): WorkerLoop {
  const batchSize = options.batchSize ?? 500;
  const pollMs = options.pollMs ?? 1000;
  const loop = new WorkerLoop(async () => ((await moderation.assessPending(batchSize)) > 0 ? 0 : pollMs), options.onError);
  loop.start();
  return loop;
}
