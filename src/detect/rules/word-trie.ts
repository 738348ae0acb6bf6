// The words and prefixes the rules read, in a character trie: one walk over a word's letters tells which of them it
// satisfies (the word itself, and every prefix it starts with). Each way a walk can end has that list of atoms
// precomputed and numbered, so matching a word yields one number, its "atom set".

export class TrieNode {
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

/** The empty atom set: a word no pattern reads. */
export const NO_ATOMS = 0;

/**
 * The trie as arrays: per node, one row of children for the ASCII characters that patterns use (a few dozen, so the
 * table stays small enough for the CPU's caches); other characters through the node's map.
 */
export class FlatTrie {
  private readonly nodes: TrieNode[] = [];
  /** For each ASCII unit, its column in a row of children (1 + its rank among the units used), or 0 if unused. */
  private readonly columnOf = new Uint8Array(128);
  private readonly rowLength: number;
  private readonly asciiChildren: Int32Array;
  /** Atom set of a word that ends at the node, and of one that goes on past it where the trie does not. */
  private readonly endsHere: Int32Array;
  private readonly leavesHere: Int32Array;
  /** The atoms of each atom set, prefixes by length and then the whole word. */
  readonly atomSets: Int32Array[] = [];

  constructor(root: TrieNode) {
    const visit = (node: TrieNode): void => {
      node.index = this.nodes.length;
      this.nodes.push(node);
      for (const child of node.children.values()) visit(child);
    };
    visit(root);
    const used = new Set<number>();
    for (const node of this.nodes) for (const unit of node.children.keys()) if (unit < 128) used.add(unit);
    [...used].sort((a, b) => a - b).forEach((unit, rank) => (this.columnOf[unit] = rank + 1));
    // Column 0 stands for every unused character: no child.
    this.rowLength = used.size + 1;
    this.asciiChildren = new Int32Array(this.nodes.length * this.rowLength).fill(-1);
    for (const node of this.nodes) {
      for (const [unit, child] of node.children) if (unit < 128) this.asciiChildren[node.index * this.rowLength + this.columnOf[unit]] = child.index;
    }
    this.endsHere = new Int32Array(this.nodes.length);
    this.leavesHere = new Int32Array(this.nodes.length);
    const numbered = new Map<string, number>();
    const atomSet = (atoms: number[]): number => {
      const key = atoms.join(',');
      let id = numbered.get(key);
      if (id === undefined) {
        id = this.atomSets.length;
        numbered.set(key, id);
        this.atomSets.push(Int32Array.from(atoms));
      }
      return id;
    };
    atomSet([]); // NO_ATOMS
    const number = (node: TrieNode, above: number[]): void => {
      const passed = node.prefixAtom >= 0 ? [...above, node.prefixAtom] : above;
      this.leavesHere[node.index] = atomSet(passed);
      this.endsHere[node.index] = atomSet(node.wordAtom >= 0 ? [...passed, node.wordAtom] : passed);
      for (const child of node.children.values()) number(child, passed);
    };
    number(root, []);
  }

  /** The atom set `word` satisfies. */
  atomSetOf(word: string): number {
    let node = 0;
    for (let i = 0; i < word.length; i++) {
      const unit = word.charCodeAt(i);
      const child = unit < 128 ? this.asciiChildren[node * this.rowLength + this.columnOf[unit]] : (this.nodes[node].children.get(unit)?.index ?? -1);
      if (child < 0) return this.leavesHere[node];
      node = child;
    }
    return this.endsHere[node];
  }
}
