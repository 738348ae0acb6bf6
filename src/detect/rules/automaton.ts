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
  /** Words and prefixes in a character trie, so a word's atoms are found in one walk over its letters. */
  private readonly trie = new TrieNode();
  private flatTrie = flatten(this.trie);
  private atomCount = 0;
  private patternCount = 0;
  private closures: Int32Array[] = [];
  /** For each atom, the atom states at the very start of some pattern that read it. */
  private startersByAtom: number[][] = [];
  private readonly patternStarts: number[] = [];
  // Scratch space reused by every match() call (matching is synchronous).
  private seen = new Int32Array(0);
  private stamp = 0;
  private atoms = new Int32Array(64);
  private atomsLength = 0;

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
    this.flatTrie = flatten(this.trie);
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
    let active: number[] = [];
    let activeStart: number[] = [];
    let nextActive: number[] = [];
    let nextStart: number[] = [];
    for (let position = 0; position < words.length; position++) {
      this.findAtoms(words[position]);
      if (active.length === 0 && this.atomsLength === 0) continue;
      const stamp = this.nextStamp();
      nextActive.length = 0;
      nextStart.length = 0;
      const advance = (state: number, start: number): void => {
        const closure = this.closures[this.next[state]];
        for (let c = 0; c < closure.length; c++) {
          const target = closure[c];
          work.transitions++;
          if (this.seen[target] === stamp) continue;
          this.seen[target] = stamp;
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
        if (atom === ANY_WORD || this.hasAtom(atom)) advance(state, activeStart[i]);
      }
      for (let a = 0; a < this.atomsLength; a++) {
        const starters = this.startersByAtom[this.atoms[a]];
        for (let i = 0; i < starters.length; i++) advance(starters[i], position);
      }
      [active, nextActive] = [nextActive, active];
      [activeStart, nextStart] = [nextStart, activeStart];
    }
    return matches;
  }

  private nextStamp(): number {
    if (this.seen.length !== this.kind.length || this.stamp === 0x7fffffff) {
      this.seen = new Int32Array(this.kind.length);
      this.stamp = 0;
    }
    return ++this.stamp;
  }

  /** Collects the atoms `word` satisfies (exact word, and every pattern prefix it starts with) into this.atoms. */
  private findAtoms(word: string): void {
    this.atomsLength = 0;
    const { asciiChildren, wordAtom, prefixAtom } = this.flatTrie;
    let node = 0;
    for (let i = 0; i < word.length; i++) {
      const unit = word.charCodeAt(i);
      node = unit < 128 ? asciiChildren[node * 128 + unit] : this.flatTrie.nodes[node].children.get(unit)?.index ?? -1;
      if (node < 0) return;
      if (prefixAtom[node] >= 0) this.addAtom(prefixAtom[node]);
      if (i === word.length - 1 && wordAtom[node] >= 0) this.addAtom(wordAtom[node]);
    }
  }

  private addAtom(atom: number): void {
    if (this.atomsLength === this.atoms.length) {
      const grown = new Int32Array(this.atoms.length * 2);
      grown.set(this.atoms);
      this.atoms = grown;
    }
    this.atoms[this.atomsLength++] = atom;
  }

  private hasAtom(atom: number): boolean {
    for (let i = 0; i < this.atomsLength; i++) if (this.atoms[i] === atom) return true;
    return false;
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

class TrieNode {
  readonly children = new Map<number, TrieNode>();
  wordAtom = -1;
  prefixAtom = -1;
  index = -1;

  insert(key: string): TrieNode {
    let node: TrieNode = this;
    for (let i = 0; i < key.length; i++) {
      const unit = key.charCodeAt(i);
      let child = node.children.get(unit);
      if (!child) {
        child = new TrieNode();
        node.children.set(unit, child);
      }
      node = child;
    }
    return node;
  }
}

/** The trie as arrays: one 128-slot row of ASCII children per node, other characters through the node's map. */
function flatten(root: TrieNode) {
  const nodes: TrieNode[] = [];
  const visit = (node: TrieNode): void => {
    node.index = nodes.length;
    nodes.push(node);
    for (const child of node.children.values()) visit(child);
  };
  visit(root);
  const asciiChildren = new Int32Array(nodes.length * 128).fill(-1);
  const wordAtom = new Int32Array(nodes.length);
  const prefixAtom = new Int32Array(nodes.length);
  for (const node of nodes) {
    wordAtom[node.index] = node.wordAtom;
    prefixAtom[node.index] = node.prefixAtom;
    for (const [unit, child] of node.children) if (unit < 128) asciiChildren[node.index * 128 + unit] = child.index;
  }
  return { nodes, asciiChildren, wordAtom, prefixAtom };
}
