// The two in-memory indexes behind ReviewQueue, standing in for the store's B-tree indexes: cases in queue order, and
// cases by the time their priority next changes.
import { compareQueuePosition, type QueuePosition } from './priority.js';

/**
 * Queue positions kept sorted in an array. Reading from the top is what `next` does thousands of times more often than
 * anything else, and an array is the fastest thing to read in order; inserting costs a memmove, about 20 µs at 100,000.
 */
export class SortedPositions {
  private readonly positions: QueuePosition[] = [];

  get size(): number {
    return this.positions.length;
  }

  insert(position: QueuePosition): void {
    this.positions.splice(this.lowerBound(position), 0, position);
  }

  /** Removes the entry equal to `position` (same priority, opening time and id); false if absent. */
  remove(position: QueuePosition): boolean {
    const index = this.lowerBound(position);
    const found = this.positions[index];
    if (!found || compareQueuePosition(found, position) !== 0) return false;
    this.positions.splice(index, 1);
    return true;
  }

  /** Positions in queue order, best first. */
  *inOrder(): IterableIterator<QueuePosition> {
    for (const position of this.positions) yield position;
  }

  private lowerBound(position: QueuePosition): number {
    let low = 0;
    let high = this.positions.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareQueuePosition(this.positions[middle], position) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
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
