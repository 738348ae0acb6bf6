// Compiles many word patterns into one non-deterministic automaton and runs it over a post's words in a single pass.
// The simulation keeps at most one thread per state, so the work per word is bounded by the automaton's size and the
// whole match is linear in the post's length, whatever the patterns say.
//
// Posts repeat themselves: the same few threads meet the same common words ("i", "we", "you") post after post. So each
// step of the simulation (the threads alive, the atoms a word satisfies) -> (the threads after it, which earlier
// thread each came from, the patterns it completes) is remembered, as a lazily built DFA would, and replayed the next
// time. Steps with many threads alive (pathological posts) are simulated each time instead, and the memory is bounded.
import type { PatternNode } from './pattern.js';
import { ACCEPT_COUNT, GROUP_COUNT, MAX_REMEMBERED, NEXT, NO_THREADS, ORIGINS, StepCache, TRANSITIONS, type Transition } from './step-cache.js';
import { FlatTrie, NO_ATOMS, TrieNode } from './word-trie.js';

const ATOM = 0;
const SPLIT = 1;
const ACCEPT = 2;
const ANY_WORD = -1;

/** A match of one pattern over words [start, end). */
export interface WordMatch {
  pattern: number;
  start: number;
  end: number;
}

export const MAX_STATES = 200_000;
/** Matches kept per pattern and post: enough to explain a decision, bounded for adversarial posts. */
const MAX_MATCHES_PER_PATTERN = 16;

export class Automaton {
  /** `memory`: how many integers the cache of steps may hold (0 simulates every step). */
  constructor(private readonly memory = MAX_REMEMBERED) {}

  private readonly kind: number[] = [];
  private readonly atom: number[] = [];
  private readonly next: number[] = [];
  private readonly next2: number[] = [];
  private readonly acceptOf: number[] = [];
  private readonly wordAtoms = new Map<string, number>();
  private readonly prefixAtoms = new Map<string, number>();
  private readonly trie = new TrieNode();
  private flatTrie = new FlatTrie(this.trie);
  private atomCount = 0;
  private patternCount = 0;
  private closures: Int32Array[] = [];
  /** For each atom, the atom states at the very start of some pattern that read it. */
  private startersByAtom: number[][] = [];
  private readonly patternStarts: number[] = [];
  private steps = new StepCache(1, 0);
  // Scratch space reused by every match() call (matching is synchronous).
  private seen = new Int32Array(0);
  /** Stamped for the atoms of the word being read. */
  private atomSeen = new Int32Array(0);
  private stamp = 0;
  private starts = new Int32Array(0);
  private nextStarts = new Int32Array(0);
  private perPattern = new Uint16Array(0);

  /** Adds a pattern and returns its index in match results. */
  add(sequence: PatternNode[]): number {
    const pattern = this.patternCount++;
    const accept = this.state(ACCEPT, ANY_WORD, -1, -1);
    this.acceptOf[accept] = pattern;
    this.patternStarts.push(this.sequence(sequence, accept));
    return pattern;
  }

  get size(): number {
    return this.kind.length;
  }

  /** Freezes the automaton: precomputes epsilon closures and the index of starting states. */
  seal(): this {
    this.flatTrie = new FlatTrie(this.trie);
    this.steps = new StepCache(this.flatTrie.atomSets.length, this.memory);
    this.starts = new Int32Array(this.kind.length);
    this.nextStarts = new Int32Array(this.kind.length);
    this.perPattern = new Uint16Array(this.patternCount);
    this.closures = this.kind.map((_, state) => this.closure(state));
    this.startersByAtom = Array.from({ length: this.atomCount }, () => []);
    for (const start of this.patternStarts) {
      for (const state of this.closures[start]) {
        if (this.kind[state] !== ATOM) continue;
        // Patterns that could start with any word are rejected when the policy is validated.
        if (this.atom[state] === ANY_WORD) throw new Error('pattern starts with a wildcard');
        this.startersByAtom[this.atom[state]].push(state);
      }
    }
    return this;
  }

  /**
   * All matches over `words`, leftmost start first for each end. `work` counts state transitions so tests can check
   * that matching stays linear (a remembered step counts the transitions it stands for).
   */
  match(words: readonly string[], work = { transitions: 0 }): WordMatch[] {
    const matches: WordMatch[] = [];
    const perPattern = this.perPattern;
    const steps = this.steps;
    steps.makeRoom();
    let threads = NO_THREADS;
    // The start of each start group of the live threads (see step-cache.ts).
    let starts = this.starts;
    let nextStarts = this.nextStarts;
    for (let position = 0; position < words.length; position++) {
      const atomSet = this.flatTrie.atomSetOf(words[position]);
      if (threads === NO_THREADS && atomSet === NO_ATOMS) continue;
      let step = steps.find(threads, atomSet);
      if (step < 0) step = steps.add(threads, atomSet, this.simulate(steps.statesOf(threads), atomSet));
      const data = steps.data;
      work.transitions += data[step + TRANSITIONS];
      const origins = step + ORIGINS;
      const groupCount = data[step + GROUP_COUNT];
      const accepts = origins + groupCount;
      for (let k = accepts; k < accepts + 2 * data[step + ACCEPT_COUNT]; k += 2) {
        const pattern = data[k];
        if (perPattern[pattern] >= MAX_MATCHES_PER_PATTERN) continue;
        perPattern[pattern]++;
        const origin = data[k + 1];
        matches.push({ pattern, start: origin < 0 ? position : starts[origin], end: position + 1 });
      }
      for (let g = 0; g < groupCount; g++) {
        const origin = data[origins + g];
        nextStarts[g] = origin < 0 ? position : starts[origin];
      }
      [starts, nextStarts] = [nextStarts, starts];
      threads = data[step + NEXT];
    }
    for (const match of matches) perPattern[match.pattern] = 0; // cheaper than filling all of it for the next post
    return matches;
  }

  /**
   * One step of the simulation: the threads in `states` read a word satisfying `atomSet`. Threads are told apart by
   * their index in `states`; a thread the word starts has origin -1.
   */
  private simulate(states: Int32Array, atomSet: number): Transition {
    const atoms = this.flatTrie.atomSets[atomSet];
    const stamp = this.nextStamp();
    for (const atom of atoms) this.atomSeen[atom] = stamp;
    const next: Transition = { states: [], origins: [], accepts: [], transitions: 0 };
    const advance = (state: number, origin: number): void => {
      const closure = this.closures[this.next[state]];
      for (let c = 0; c < closure.length; c++) {
        const target = closure[c];
        next.transitions++;
        if (this.seen[target] === stamp) continue;
        this.seen[target] = stamp;
        if (this.kind[target] === ACCEPT) {
          next.accepts.push(this.acceptOf[target], origin);
        } else {
          next.states.push(target);
          next.origins.push(origin);
        }
      }
    };
    for (let i = 0; i < states.length; i++) {
      const atom = this.atom[states[i]];
      if (atom === ANY_WORD || this.atomSeen[atom] === stamp) advance(states[i], i);
    }
    for (const atom of atoms) for (const starter of this.startersByAtom[atom]) advance(starter, -1);
    return next;
  }

  private nextStamp(): number {
    if (this.seen.length !== this.kind.length || this.atomSeen.length !== this.atomCount || this.stamp === 0x7fffffff) {
      this.seen = new Int32Array(this.kind.length);
      this.atomSeen = new Int32Array(this.atomCount);
      this.stamp = 0;
    }
    return ++this.stamp;
  }

  private state(kind: number, atom: number, next: number, next2: number): number {
    if (this.kind.length >= MAX_STATES) throw new Error(`the rules need more than ${MAX_STATES} automaton states`);
    this.kind.push(kind);
    this.atom.push(atom);
    this.next.push(next);
    this.next2.push(next2);
    this.acceptOf.push(-1);
    return this.kind.length - 1;
  }

  /** Builds states for `sequence` that continue to `then`; returns the entry state. */
  private sequence(sequence: PatternNode[], then: number): number {
    let entry = then;
    for (let i = sequence.length - 1; i >= 0; i--) entry = this.node(sequence[i], entry);
    // An empty sequence (the empty option of "(a|)") is a pass-through.
    return entry;
  }

  private node(node: PatternNode, then: number): number {
    switch (node.kind) {
      case 'word': {
        const atom = this.atomFor(this.wordAtoms, node.word);
        this.trie.insert(node.word).wordAtom = atom;
        return this.state(ATOM, atom, then, -1);
      }
      case 'prefix': {
        const atom = this.atomFor(this.prefixAtoms, node.prefix);
        this.trie.insert(node.prefix).prefixAtom = atom;
        return this.state(ATOM, atom, then, -1);
      }
      case 'any':
        return this.state(ATOM, ANY_WORD, then, -1);
      case 'gap': {
        let entry = then;
        for (let i = 0; i < node.max; i++) entry = this.state(SPLIT, -1, this.state(ATOM, ANY_WORD, entry, -1), then);
        return entry;
      }
      case 'optional':
        return this.state(SPLIT, -1, this.node(node.node, then), then);
      case 'alternatives': {
        const entries = node.options.map((option) => this.sequence(option, then));
        return entries.reduce((rest, entry) => this.state(SPLIT, -1, entry, rest));
      }
    }
  }

  private atomFor(table: Map<string, number>, key: string): number {
    let atom = table.get(key);
    if (atom === undefined) {
      atom = this.atomCount++;
      table.set(key, atom);
    }
    return atom;
  }

  /** The ATOM and ACCEPT states reachable from `state` without reading a word. */
  private closure(state: number): Int32Array {
    const result: number[] = [];
    const visited = new Set<number>();
    const stack = [state];
    while (stack.length > 0) {
      const current = stack.pop() as number;
      if (visited.has(current)) continue;
      visited.add(current);
      if (this.kind[current] === SPLIT) stack.push(this.next2[current], this.next[current]);
      else result.push(current);
    }
    return Int32Array.from(result);
  }
}
