// The steps of the rule automaton's simulation that it has already taken, to replay instead of simulating again: given
// the threads alive and the atom set of a word, the threads after it (each with the index of the thread it came from,
// or -1 where the word started it) and the patterns it completes. In effect a DFA built lazily from the posts seen,
// bounded in memory.
//
// Steps lie one after another in one integer array, the most common ones (met first) together at its start: replaying
// a step reads a few neighbouring cache lines, not objects scattered over the heap.
import { NO_ATOMS } from './word-trie.js';

/** What one step does, as the automaton's simulation finds it. */
export interface Transition {
  states: number[];
  origins: number[];
  /** Pairs: pattern, origin. */
  accepts: number[];
  transitions: number;
}

/** Thread sets are numbered; this one has no threads. */
export const NO_THREADS = 0;
/** A thread set too large to remember (one step in 300 of real posts): it lives only until the next step. */
const UNNUMBERED = -1;
const TOO_MANY_THREADS = 256;

// A step at offset s of `data`: the next thread set, the transitions it stands for, the number of threads after it
// and the number of patterns it completes, then each thread's origin, then (pattern, origin) for each pattern.
export const NEXT = 0;
export const TRANSITIONS = 1;
export const THREAD_COUNT = 2;
export const ACCEPT_COUNT = 3;
export const ORIGINS = 4;

/**
 * What the cache may hold, in integers: about 20 MB. The default policy fills a little under half of it over the
 * 95,000 posts of the shared pool. When full, it starts over at the next post.
 */
export const MAX_REMEMBERED = 4_000_000;
/** What a remembered thread set or hashed step costs beyond its integers (objects, map entries), in integers. */
const OVERHEAD = 16;

export class StepCache {
  /** The steps; read it again after `add`, which may replace it with a larger one. */
  data = new Int32Array(1 << 16);
  private used = 0;
  /** Integers held, as MAX_REMEMBERED counts them. */
  private remembered = 0;
  private threadSets: Int32Array[] = [new Int32Array(0)];
  /** Thread sets by a hash of their states. */
  private numbers = new Map<number, number[]>();
  private unnumbered = new Int32Array(0);
  // Where to find a step: half of all steps start threads where none were alive, a quarter carry live threads over a
  // word no pattern reads; both are found without hashing. -1: not remembered.
  private readonly fromNoThreads: Int32Array;
  private afterPlainWord = new Int32Array(1024).fill(-1);
  private steps = new Map<number, number>();

  constructor(
    private readonly atomSetCount: number,
    private readonly memory: number,
  ) {
    this.fromNoThreads = new Int32Array(atomSetCount).fill(-1);
  }

  /** Starts over when full; called between posts, so no step of a running match is forgotten under it. */
  makeRoom(): void {
    if (this.remembered === 0 || this.remembered < this.memory) return;
    this.used = this.remembered = 0;
    this.threadSets = [this.threadSets[NO_THREADS]];
    this.numbers = new Map();
    this.fromNoThreads.fill(-1);
    this.afterPlainWord.fill(-1);
    this.steps = new Map();
  }

  /** The threads' states, in order. */
  statesOf(threads: number): Int32Array {
    return threads === UNNUMBERED ? this.unnumbered : this.threadSets[threads];
  }

  /** The offset of the remembered step, or -1. */
  find(threads: number, atomSet: number): number {
    if (threads === NO_THREADS) return this.fromNoThreads[atomSet];
    if (threads === UNNUMBERED) return -1;
    if (atomSet === NO_ATOMS) return this.afterPlainWord[threads];
    return this.steps.get(threads * this.atomSetCount + atomSet) ?? -1;
  }

  /**
   * Writes the step and returns its offset. It is remembered if there is room; if not, it is written past the
   * remembered ones, where it stays valid until the next call.
   */
  add(threads: number, atomSet: number, transition: Transition): number {
    const next = this.number(transition.states);
    const size = ORIGINS + transition.origins.length + transition.accepts.length;
    // A step into an unnumbered thread set is not remembered either: that set is gone after the next step.
    const remember = threads !== UNNUMBERED && next !== UNNUMBERED && this.remembered + size + OVERHEAD <= this.memory;
    const step = this.used;
    this.reserve(step + size);
    const data = this.data;
    data[step + NEXT] = next;
    data[step + TRANSITIONS] = transition.transitions;
    data[step + THREAD_COUNT] = transition.origins.length;
    data[step + ACCEPT_COUNT] = transition.accepts.length / 2;
    data.set(transition.origins, step + ORIGINS);
    data.set(transition.accepts, step + ORIGINS + transition.origins.length);
    if (!remember) return step;
    this.used += size;
    if (threads === NO_THREADS) {
      this.fromNoThreads[atomSet] = step;
      this.remembered += size;
    } else if (atomSet === NO_ATOMS) {
      this.afterPlainWord[threads] = step;
      this.remembered += size;
    } else {
      this.steps.set(threads * this.atomSetCount + atomSet, step);
      this.remembered += size + OVERHEAD;
    }
    return step;
  }

  /** The number of a thread set, numbering it if new and there is room; UNNUMBERED otherwise. */
  private number(states: number[]): number {
    if (states.length === 0) return NO_THREADS;
    let hash = states.length;
    for (const state of states) hash = Math.imul(hash ^ state, 0x01000193);
    const sameHash = this.numbers.get(hash);
    for (const known of sameHash ?? []) if (sameStates(this.threadSets[known], states)) return known;
    if (states.length > TOO_MANY_THREADS || this.remembered + states.length + OVERHEAD > this.memory) {
      this.unnumbered = Int32Array.from(states);
      return UNNUMBERED;
    }
    const threads = this.threadSets.length;
    this.threadSets.push(Int32Array.from(states));
    if (sameHash) sameHash.push(threads);
    else this.numbers.set(hash, [threads]);
    this.remembered += states.length + OVERHEAD;
    if (threads >= this.afterPlainWord.length) {
      const grown = new Int32Array(this.afterPlainWord.length * 2).fill(-1);
      grown.set(this.afterPlainWord);
      this.afterPlainWord = grown;
    }
    return threads;
  }

  private reserve(size: number): void {
    if (size <= this.data.length) return;
    const grown = new Int32Array(Math.max(size, this.data.length * 2));
    grown.set(this.data.subarray(0, this.used));
    this.data = grown;
  }
}

function sameStates(known: Int32Array, states: number[]): boolean {
  if (known.length !== states.length) return false;
  for (let i = 0; i < states.length; i++) if (known[i] !== states[i]) return false;
  return true;
}
