// Background assessment of accepted posts. It reads the durable queue (items with status 'pending'), so posts
// accepted before a crash are assessed after the restart exactly like new ones.
//
// While one batch is being written, the next is read and assessed: a cursor (the last queue position taken) keeps the
// two apart. The cursor goes back to the start of the queue whenever the queue looks empty, after a failure, and every
// few seconds, so a post committed out of order (several servers, or concurrent writers, on PostgreSQL) or left by a
// failed write is still found; a post assessed twice that way is recorded once.
import type { Moderation } from './moderation.js';
import { WorkerLoop } from './worker-loop.js';

export interface PendingAssessorOptions {
  batchSize?: number;
  /** How often to look for work when nobody wakes the assessor (another server sharing the database may queue). */
  pollMs?: number;
  onError: (error: unknown) => void;
}

const RESCAN_MS = 5000;

export interface PendingAssessor {
  /** Posts were queued: look now. */
  wake(): void;
  /** Finishes the batch in hand and its write, then stops. */
  stop(): Promise<void>;
}

export function startPendingAssessor(moderation: Moderation, options: PendingAssessorOptions): PendingAssessor {
  const batchSize = options.batchSize ?? 500;
  const pollMs = options.pollMs ?? 1000;
  let cursor = 0;
  let rescanAt = Date.now() + RESCAN_MS;
  let writing: Promise<void> = Promise.resolve();

  const rewind = async () => {
    await writing;
    cursor = 0;
    rescanAt = Date.now() + RESCAN_MS;
  };

  const loop = new WorkerLoop(
    async () => {
      if (Date.now() >= rescanAt) await rewind();
      const taken = await moderation.takeQueued(batchSize, cursor);
      if (taken.count === 0) {
        const wasRewound = cursor === 0;
        await rewind();
        return wasRewound ? pollMs : 0;
      }
      cursor = taken.lastSeq;
      // At most one batch is written while the next is assessed.
      const previous = writing;
      writing = taken.recorded.catch(async (error: unknown) => {
        options.onError(error);
        cursor = 0;
      });
      await previous;
      return 0;
    },
    (error) => {
      cursor = 0;
      options.onError(error);
    },
  );
  loop.start();
  return {
    wake: () => loop.wake(),
    stop: async () => {
      await loop.stop();
      await writing;
    },
  };
}
