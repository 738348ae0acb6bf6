// The fixed development split: a post belongs to it by the hash of its id alone, so it never changes as labels are
// added, and every number Vigil reports about its model is measured on posts the model was not fitted on.
import { createHash } from 'node:crypto';

/** One post in five: the first byte of sha256(id) is a multiple of 5. */
export function isDevPost(id: string): boolean {
  return createHash('sha256').update(id).digest()[0] % 5 === 0;
}

/** A small seeded generator (mulberry32), so shuffles are the same for the same seed on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
