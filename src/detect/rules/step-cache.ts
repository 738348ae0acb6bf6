// The steps of the rule automaton's simulation that it has already taken, to replay instead of simulating again: given
// the threads alive and the atom set of a word, the threads after it (each with the index of the thread it came from,
// or -1 where the word started it) and the patterns it completes. In effect a DFA built lazily from the posts seen,
// bounded in memory.
import { NO_ATOMS } from './word-trie.js';

/** What one step does, as `simulate` finds it. */
export interface Transition {
  states: number[];
  origins: number[];
  /** Pairs: pattern, origin. */
  accepts: number[];
  transitions: number;
}

/** A set of live threads (their states, in order), numbered while the cache remembers it. */
interface Threads {
  id: number;
  states: Int32Array;
  /** The step over a word no pattern reads, the most common one after a start. */
  afterPlainWord: Step | undefined;
}

/** A remembered step: the threads after it, each thread's origin, and the patterns it completes, each with its origin. */
interface Step {
  next: Threads;
  origins: Int32Array;
  /** Pairs: pattern, origin. */
  accepts: Int32Array;
  transitions: number;
}

/** Thread sets with more threads than this (one step in 300 of real posts) are not remembered, nor steps from them. */
const MAX_REMEMBERED_THREADS = 256;
/**
 * What the cache may hold, in integers (a step or thread set costs its integers plus OVERHEAD), about 30 MB; the
 * default policy fills half of it over the 95,000 posts of the shared pool. When full, it starts over at the next post.
 */
export const MAX_REMEMBERED = 4_000_000;
const OVERHEAD = 32;
const NO_ACCEPTS = new Int32Array(0);
const UNNUMBERED = -1;

/**
 * The remembered steps. Half of all steps start threads where none were alive and a quarter carry live threads over
 * a word no pattern reads; both are found without hashing.
 */
export class StepCache {
  readonly none: Threads = { id: 0, states: new Int32Array(0), afterPlainWord: undefined };
  private threadSets = new Map<string, Threads>([['', this.none]]);
  private readonly fromNone: (Step | undefined)[];
  private steps = new Map<number, Step>();
  /** Integers held, as MAX_REMEMBERED counts them. */
  private remembered = 0;

  constructor(
    private readonly atomSetCount: number,
    private readonly memory: number,
  ) {
    this.fromNone = new Array<Step | undefined>(atomSetCount).fill(undefined);
  }

  /** Starts over when full; called between posts, so no step of a running match is forgotten under it. */
  makeRoom(): void {
    if (this.remembered === 0 || this.remembered < this.memory) return;
    this.threadSets = new Map([['', this.none]]);
    this.fromNone.fill(undefined);
    this.steps = new Map();
    this.remembered = 0;
  }

  get(threads: Threads, atomSet: number): Step | undefined {
    if (threads === this.none) return this.fromNone[atomSet];
    if (atomSet === NO_ATOMS) return threads.afterPlainWord;
    if (threads.id === UNNUMBERED) return undefined;
    return this.steps.get(threads.id * this.atomSetCount + atomSet);
  }

  remember(threads: Threads, atomSet: number, transition: Transition): Step {
    const accepts = transition.accepts.length === 0 ? NO_ACCEPTS : Int32Array.from(transition.accepts);
    const step: Step = { next: this.threadsOf(transition.states), origins: Int32Array.from(transition.origins), accepts, transitions: transition.transitions };
    if (threads.id === UNNUMBERED || this.remembered >= this.memory) return step;
    this.remembered += OVERHEAD + step.origins.length + accepts.length;
    if (threads === this.none) this.fromNone[atomSet] = step;
    else if (atomSet === NO_ATOMS) threads.afterPlainWord = step;
    else this.steps.set(threads.id * this.atomSetCount + atomSet, step);
    return step;
  }

  private threadsOf(states: number[]): Threads {
    if (states.length === 0) return this.none;
    if (states.length > MAX_REMEMBERED_THREADS || this.remembered >= this.memory) {
      return { id: UNNUMBERED, states: Int32Array.from(states), afterPlainWord: undefined };
    }
    const key = states.join(',');
    let threads = this.threadSets.get(key);
    if (!threads) {
      threads = { id: this.threadSets.size, states: Int32Array.from(states), afterPlainWord: undefined };
      this.threadSets.set(key, threads);
      this.remembered += OVERHEAD + states.length;
    }
    return threads;
  }
}
