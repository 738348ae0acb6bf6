// The two in-memory indexes behind ReviewQueue, standing in for the store's B-tree indexes: cases in queue order, and
// cases by the time their priority next changes.
import { compareQueuePosition, type QueuePosition } from './priority.js';

/** Entries per chunk before it splits: small enough that a splice inside one is a few hundred nanoseconds. */
const CHUNK_SIZE = 64;

/**
 * Queue positions kept sorted in chunks of at most 2 x CHUNK_SIZE (a two-level B-tree). Reading from the top, what
 * `next` does most, walks arrays; inserting or removing splices one small chunk instead of a 100,000-entry array.
 */
export class SortedPositions<P extends QueuePosition = QueuePosition> {
  private readonly chunks: P[][] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  insert(position: P): void {
    if (this.chunks.length === 0) this.chunks.push([]);
    const chunkIndex = this.chunkFor(position);
    const chunk = this.chunks[chunkIndex];
    chunk.splice(lowerBound(chunk, position), 0, position);
    this.count++;
    if (chunk.length > 2 * CHUNK_SIZE) this.chunks.splice(chunkIndex + 1, 0, chunk.splice(CHUNK_SIZE));
  }

  /** Removes the entry that compares equal to `position` (same priority, opening time and id); false if absent. */
  remove(position: P): boolean {
    if (this.chunks.length === 0) return false;
    const chunkIndex = this.chunkFor(position);
    const chunk = this.chunks[chunkIndex];
    const index = lowerBound(chunk, position);
    if (index === chunk.length || compareQueuePosition(chunk[index], position) !== 0) return false;
    chunk.splice(index, 1);
    this.count--;
    if (chunk.length === 0 && this.chunks.length > 1) this.chunks.splice(chunkIndex, 1);
    return true;
  }

  /** The first position in queue order that `accepts`; a plain loop, as this is the hot path of `next`. */
  find(accepts: (position: P) => boolean): P | undefined {
    for (const chunk of this.chunks) {
      for (let i = 0; i < chunk.length; i++) if (accepts(chunk[i])) return chunk[i];
    }
    return undefined;
  }

  /** Positions in queue order, best first. */
  *inOrder(): IterableIterator<P> {
    for (const chunk of this.chunks) yield* chunk;
  }

  /** The first chunk whose last entry is not before `position`, or the last chunk. */
  private chunkFor(position: P): number {
    let low = 0;
    let high = this.chunks.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const chunk = this.chunks[middle];
      if (compareQueuePosition(chunk[chunk.length - 1], position) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

function lowerBound(positions: QueuePosition[], position: QueuePosition): number {
  let low = 0;
  let high = positions.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareQueuePosition(positions[middle], position) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

interface Due {
  at: number;
  caseId: string;
}

/**
 * A binary min-heap of (time, case). Entries are never removed early: a case re-prioritised for another reason simply
 * gets a new entry, and the owner ignores stale ones when they surface (cheaper than finding them in the heap).
 */
export class DueHeap {
  private readonly heap: Due[] = [];

  push(at: number, caseId: string): void {
    const heap = this.heap;
    heap.push({ at, caseId });
    let child = heap.length - 1;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (heap[parent].at <= heap[child].at) break;
      [heap[parent], heap[child]] = [heap[child], heap[parent]];
      child = parent;
    }
  }

  /** Removes and returns the earliest entry due at or before `now`, if any. */
  popDue(now: number): Due | undefined {
    const heap = this.heap;
    if (heap.length === 0 || heap[0].at > now) return undefined;
    const top = heap[0];
    const last = heap.pop() as Due;
    if (heap.length > 0) {
      heap[0] = last;
      let parent = 0;
      for (;;) {
        const left = 2 * parent + 1;
        const right = left + 1;
        let smallest = parent;
        if (left < heap.length && heap[left].at < heap[smallest].at) smallest = left;
        if (right < heap.length && heap[right].at < heap[smallest].at) smallest = right;
        if (smallest === parent) break;
        [heap[parent], heap[smallest]] = [heap[smallest], heap[parent]];
        parent = smallest;
      }
    }
    return top;
  }
}
