// Compiles many word patterns into one non-deterministic automaton and runs it over a post's words in a single pass.
// The simulation keeps at most one thread per state, so the work per word is bounded by the automaton's size and the
// whole match is linear in the post's length, whatever the patterns say.
import type { PatternNode } from './pattern.js';

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
  private readonly kind: number[] = [];
  private readonly atom: number[] = [];
  private readonly next: number[] = [];
  private readonly next2: number[] = [];
  private readonly acceptOf: number[] = [];
  private readonly wordAtoms = new Map<string, number>();
  private readonly prefixAtoms = new Map<string, number>();
  private atomCount = 0;
  private patternCount = 0;
  private closures: Int32Array[] = [];
  /** For each atom, the atom states at the very start of some pattern that read it. */
  private startersByAtom: number[][] = [];
  private readonly patternStarts: number[] = [];
  private readonly atomCache = new Map<string, Int32Array>();
  private longestPrefix = 0;

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
   * that matching stays linear.
   */
  match(words: readonly string[], work = { transitions: 0 }): WordMatch[] {
    const matches: WordMatch[] = [];
    const perPattern = new Uint16Array(this.patternCount);
    const seen = new Int32Array(this.kind.length).fill(-1);
    let active: number[] = [];
    let activeStart: number[] = [];
    for (let position = 0; position < words.length; position++) {
      const atoms = this.atomsOf(words[position]);
      const nextActive: number[] = [];
      const nextStart: number[] = [];
      const advance = (state: number, start: number): void => {
        for (const target of this.closures[this.next[state]]) {
          work.transitions++;
          if (seen[target] === position) continue;
          seen[target] = position;
          if (this.kind[target] === ACCEPT) {
            const pattern = this.acceptOf[target];
            if (perPattern[pattern] < MAX_MATCHES_PER_PATTERN) {
              perPattern[pattern]++;
              matches.push({ pattern, start, end: position + 1 });
            }
          } else {
            nextActive.push(target);
            nextStart.push(start);
          }
        }
      };
      for (let i = 0; i < active.length; i++) {
        const state = active[i];
        const atom = this.atom[state];
        if (atom === ANY_WORD || includes(atoms, atom)) advance(state, activeStart[i]);
      }
      for (const atom of atoms) for (const state of this.startersByAtom[atom]) advance(state, position);
      active = nextActive;
      activeStart = nextStart;
    }
    return matches;
  }

  private atomsOf(word: string): Int32Array {
    let atoms = this.atomCache.get(word);
    if (atoms) return atoms;
    const found: number[] = [];
    const exact = this.wordAtoms.get(word);
    if (exact !== undefined) found.push(exact);
    for (let length = 2; length <= Math.min(word.length, this.longestPrefix); length++) {
      const prefix = this.prefixAtoms.get(word.slice(0, length));
      if (prefix !== undefined) found.push(prefix);
    }
    atoms = Int32Array.from(found);
    // Bounded so that a stream of unique words cannot grow memory without limit.
    if (this.atomCache.size > 100_000) this.atomCache.clear();
    this.atomCache.set(word, atoms);
    return atoms;
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
      case 'word':
        return this.state(ATOM, this.atomFor(this.wordAtoms, node.word), then, -1);
      case 'prefix':
        this.longestPrefix = Math.max(this.longestPrefix, node.prefix.length);
        return this.state(ATOM, this.atomFor(this.prefixAtoms, node.prefix), then, -1);
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

function includes(atoms: Int32Array, atom: number): boolean {
  for (let i = 0; i < atoms.length; i++) if (atoms[i] === atom) return true;
  return false;
}
