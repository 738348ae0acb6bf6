// The rule pattern language, over normalised words (not characters):
//   kill          the word "kill"            kill*    any word starting with "kill"
//   _             any one word               ~3       up to three words of anything (a gap)
//   @target       any phrase of the lexicon  (a|b c)  alternatives, each a sequence; (a|) is optional
//   word?         optional element
// There are no back-references or unbounded repetition, so every pattern compiles to a finite automaton and
// matching takes time linear in the length of the post.

export type PatternNode =
  | { kind: 'word'; word: string }
  | { kind: 'prefix'; prefix: string }
  | { kind: 'any' }
  | { kind: 'gap'; max: number }
  | { kind: 'optional'; node: PatternNode }
  | { kind: 'alternatives'; options: PatternNode[][] };

export const MAX_GAP = 20;

export class PatternSyntaxError extends Error {}

/** Parses a pattern; `lexicon` resolves @names to their phrases, `canonicalWord` normalises each literal word. */
export function parsePattern(
  source: string,
  lexicon: (name: string) => string[] | undefined,
  canonicalWord: (word: string) => string,
  expanding: ReadonlySet<string> = new Set(),
): PatternNode[] {
  const tokens = source.match(/\(|\)|\||\?|[^\s()|?]+/g) ?? [];
  let position = 0;

  const parseSequence = (): PatternNode[] => {
    const sequence: PatternNode[] = [];
    while (position < tokens.length && tokens[position] !== ')' && tokens[position] !== '|') {
      let node = parseElement();
      if (tokens[position] === '?') {
        position++;
        node = { kind: 'optional', node };
      }
      sequence.push(node);
    }
    return sequence;
  };

  const parseElement = (): PatternNode => {
    const token = tokens[position++];
    if (token === '?') throw new PatternSyntaxError(`"?" must follow a word or group in "${source}"`);
    if (token === '(') {
      const options: PatternNode[][] = [parseSequence()];
      while (tokens[position] === '|') {
        position++;
        options.push(parseSequence());
      }
      if (tokens[position] !== ')') throw new PatternSyntaxError(`missing ")" in "${source}"`);
      position++;
      return { kind: 'alternatives', options };
    }
    if (token === '_') return { kind: 'any' };
    if (/^~\d+$/.test(token)) {
      const max = Number(token.slice(1));
      if (max < 1 || max > MAX_GAP) throw new PatternSyntaxError(`gap ${token} must be between ~1 and ~${MAX_GAP}`);
      return { kind: 'gap', max };
    }
    if (token.startsWith('@')) return expandLexicon(token.slice(1));
    if (token.endsWith('*')) {
      const prefix = canonicalWord(token.slice(0, -1));
      if (prefix.length < 2) throw new PatternSyntaxError(`prefix "${token}" needs at least two letters before "*"`);
      return { kind: 'prefix', prefix };
    }
    return { kind: 'word', word: canonicalWord(token) };
  };

  const expandLexicon = (name: string): PatternNode => {
    const phrases = lexicon(name);
    if (!phrases) throw new PatternSyntaxError(`unknown lexicon "@${name}"`);
    if (expanding.has(name)) throw new PatternSyntaxError(`lexicon "@${name}" refers to itself`);
    const inner = new Set([...expanding, name]);
    return {
      kind: 'alternatives',
      options: phrases.map((phrase) => parsePattern(phrase, lexicon, canonicalWord, inner)),
    };
  };

  const sequence = parseSequence();
  if (position < tokens.length) throw new PatternSyntaxError(`unexpected "${tokens[position]}" in "${source}"`);
  if (sequence.length === 0) throw new PatternSyntaxError('empty pattern');
  return sequence;
}

/**
 * Whether a sequence can begin by matching any word, or match nothing at all. Such a pattern would start a match at
 * every word of every post, so policies may not use one.
 */
export function startsWithWildcard(sequence: PatternNode[]): boolean {
  return startOf(sequence) !== 'anchored';
}

function startOf(sequence: PatternNode[]): 'wild' | 'nullable' | 'anchored' {
  for (const node of sequence) {
    const start = startOfNode(node);
    if (start !== 'nullable') return start;
  }
  return 'nullable';
}

function startOfNode(node: PatternNode): 'wild' | 'nullable' | 'anchored' {
  switch (node.kind) {
    case 'any':
    case 'gap':
      return 'wild';
    case 'optional':
      return startOfNode(node.node) === 'wild' ? 'wild' : 'nullable';
    case 'alternatives': {
      const starts = node.options.map(startOf);
      if (starts.includes('wild')) return 'wild';
      return starts.includes('nullable') ? 'nullable' : 'anchored';
    }
    default:
      return 'anchored';
  }
}
