// The steps of the rule automaton's simulation that it has already taken, to replay instead of simulating again: given
// the threads alive and the atom set of a word, the threads after it and the patterns it completes. In effect a DFA
// built lazily from the posts seen, bounded in memory.
//
// A match reports where it started, so each thread carries a start. Threads that descend from one thread share it
// (a word that starts a pattern starts dozens of threads: one per alternative of a lexicon after a gap), so a thread
// set keeps its threads in start groups, and a step says for each group after it which group before it (or -1: the
// word itself) its start comes from. Replaying a step copies a start or two, not one per thread.
//
// Steps lie one after another in one integer array, the most common ones (met first) together at its start: replaying
// a step reads a cache line or two, not objects scattered over the heap.
import { NO_ATOMS } from './word-trie.js';

/** What one step does, as the automaton's simulation finds it; origins are indices of threads before the step. */
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

// A step at offset s of `data`: the next thread set, the transitions it stands for, the number of start groups after
// it and the number of patterns it completes, then each group's origin group, then (pattern, origin group) pairs.
export const NEXT = 0;
export const TRANSITIONS = 1;
export const GROUP_COUNT = 2;
export const ACCEPT_COUNT = 3;
export const ORIGINS = 4;

/**
 * What the cache may hold, in integers: about 20 MB. The default policy fills a quarter of it over the 95,000 posts of
 * the shared pool. When full, it starts over at the next post.
 */
export const MAX_REMEMBERED = 4_000_000;
/** What a remembered thread set or hashed step costs beyond its integers (objects, map entries), in integers. */
const OVERHEAD = 16;
const NONE = new Int32Array(0);

/** Live threads: their states in order, and the start group of each. */
interface ThreadSet {
  states: Int32Array;
  groups: Int32Array;
}

export class StepCache {
  /** The steps; read it again after `add`, which may replace it with a larger one. */
  data = new Int32Array(1 << 12);
  private used = 0;
  /** Integers held, as MAX_REMEMBERED counts them. */
  private remembered = 0;
  /** Set when something was not remembered for want of room. */
  private full = false;
  private threadSets: ThreadSet[] = [{ states: NONE, groups: NONE }];
  /** Thread sets by a hash of their states and groups. */
  private numbers = new Map<number, number[]>();
  private unnumbered: ThreadSet = { states: NONE, groups: NONE };
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
    if (!this.full || this.remembered === 0) return;
    this.full = false;
    this.used = this.remembered = 0;
    this.threadSets = [this.threadSets[NO_THREADS]];
    this.numbers = new Map();
    this.fromNoThreads.fill(-1);
    this.afterPlainWord.fill(-1);
    this.steps = new Map();
  }

  /** The threads' states, in order. */
  statesOf(threads: number): Int32Array {
    return this.threadSet(threads).states;
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
    const groupOf = this.threadSet(threads).groups;
    // Threads after the step whose starts come from the same group before it (or all from the word) form one group.
    const groupOrigins: number[] = [];
    const groups = transition.origins.map((origin) => {
      const from = origin < 0 ? -1 : groupOf[origin];
      const group = groupOrigins.indexOf(from);
      return group >= 0 ? group : groupOrigins.push(from) - 1;
    });
    const accepts = transition.accepts.map((value, k) => (k % 2 === 0 || value < 0 ? value : groupOf[value]));
    const next = this.number(transition.states, groups);
    const size = ORIGINS + groupOrigins.length + accepts.length;
    // A step into an unnumbered thread set is not remembered either: that set is gone after the next step.
    const room = this.remembered + size + OVERHEAD <= this.memory;
    if (!room) this.full = true;
    const remember = threads !== UNNUMBERED && next !== UNNUMBERED && room;
    const step = this.used;
    this.reserve(step + size);
    const data = this.data;
    data[step + NEXT] = next;
    data[step + TRANSITIONS] = transition.transitions;
    data[step + GROUP_COUNT] = groupOrigins.length;
    data[step + ACCEPT_COUNT] = accepts.length / 2;
    data.set(groupOrigins, step + ORIGINS);
    data.set(accepts, step + ORIGINS + groupOrigins.length);
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

  private threadSet(threads: number): ThreadSet {
    return threads === UNNUMBERED ? this.unnumbered : this.threadSets[threads];
  }

  /** The number of a thread set, numbering it if new and there is room; UNNUMBERED otherwise. */
  private number(states: number[], groups: number[]): number {
    if (states.length === 0) return NO_THREADS;
    let hash = states.length;
    for (let t = 0; t < states.length; t++) hash = Math.imul(Math.imul(hash ^ states[t], 0x01000193) ^ groups[t], 0x01000193);
    const sameHash = this.numbers.get(hash);
    for (const known of sameHash ?? []) if (sameThreads(this.threadSets[known], states, groups)) return known;
    const threadSet = { states: Int32Array.from(states), groups: Int32Array.from(groups) };
    const room = this.remembered + 2 * states.length + OVERHEAD <= this.memory;
    if (!room) this.full = true;
    if (states.length > TOO_MANY_THREADS || !room) {
      this.unnumbered = threadSet;
      return UNNUMBERED;
    }
    const threads = this.threadSets.length;
    this.threadSets.push(threadSet);
    if (sameHash) sameHash.push(threads);
    else this.numbers.set(hash, [threads]);
    this.remembered += 2 * states.length + OVERHEAD;
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

function sameThreads(known: ThreadSet, states: number[], groups: number[]): boolean {
  if (known.states.length !== states.length) return false;
  for (let t = 0; t < states.length; t++) if (known.states[t] !== states[t] || known.groups[t] !== groups[t]) return false;
  return true;
}
