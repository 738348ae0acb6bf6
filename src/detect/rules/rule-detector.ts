// The policy's phrase rules as a detector: one automaton pass over the post's words finds every rule, proximity and
// exception pattern; exceptions then dampen or silence the rule hits they cover.
import type { Category, Evidence } from '../../domain/decision.js';
import type { ExceptionPolicy, Policy, RulePolicy } from '../../domain/policy.js';
import { normalize, type NormalizedText } from '../../normalize/index.js';
import type { Detector } from '../detector.js';
import { Automaton, type WordMatch } from './automaton.js';
import { PatternSyntaxError, parsePattern, startsWithWildcard } from './pattern.js';

const NO_MATCHES: readonly WordMatch[] = [];

interface CompiledRule {
  rule: RulePolicy;
  pattern: number;
  near?: number;
}

interface CompiledException {
  exception: ExceptionPolicy;
  pattern: number;
}

/** A pattern that failed to compile, with the policy field it came from. */
export class RuleCompileError extends Error {
  constructor(
    readonly path: (string | number)[],
    message: string,
  ) {
    super(message);
  }
}

export class RuleDetector implements Detector {
  readonly name = 'rules';
  private readonly automaton = new Automaton();
  private readonly rules: CompiledRule[];
  private readonly exceptions: CompiledException[];
  /**
   * The patterns a post's evidence starts from: rules' own patterns and post-wide contexts. Half of all posts match
   * only proximity patterns ("near") and idioms, which explain nothing alone; they are done with at once.
   */
  private readonly leadsToEvidence = new Set<number>();

  constructor(policy: Pick<Policy, 'rules' | 'exceptions' | 'lexicons'>) {
    const compile = (source: string, path: (string | number)[]): number => {
      try {
        const sequence = parsePattern(source, (name) => policy.lexicons[name], canonicalPatternWord);
        if (startsWithWildcard(sequence)) throw new PatternSyntaxError(`pattern "${source}" must start with a word, not a wildcard, gap or optional part`);
        return this.automaton.add(sequence);
      } catch (error) {
        throw new RuleCompileError(path, error instanceof Error ? error.message : String(error));
      }
    };
    this.rules = policy.rules.map((rule, i) => ({
      rule,
      pattern: compile(rule.match, ['rules', i, 'match']),
      ...(rule.near ? { near: compile(rule.near.match, ['rules', i, 'near', 'match']) } : {}),
    }));
    this.exceptions = policy.exceptions.map((exception, i) => ({
      exception,
      pattern: compile(exception.match, ['exceptions', i, 'match']),
    }));
    for (const { pattern } of this.rules) this.leadsToEvidence.add(pattern);
    for (const { exception, pattern } of this.exceptions) if (exception.scope === 'post') this.leadsToEvidence.add(pattern);
    this.automaton.seal();
  }

  /** Number of automaton states: the bound on work per word. */
  get size(): number {
    return this.automaton.size;
  }

  detect(text: NormalizedText, work?: { transitions: number }): Evidence[] {
    if (text.words.length === 0) return [];
    const matches = this.automaton.match(text.words, work);
    if (!matches.some((match) => this.leadsToEvidence.has(match.pattern))) return [];
    const byPattern = new Map<number, WordMatch[]>();
    for (const match of matches) {
      const list = byPattern.get(match.pattern);
      if (list) list.push(match);
      else byPattern.set(match.pattern, [match]);
    }
    const evidence: Evidence[] = [];
    for (const { rule, pattern, near } of this.rules) {
      for (const hit of byPattern.get(pattern) ?? NO_MATCHES) {
        let span: WordMatch | undefined = hit;
        if (near !== undefined) span = nearest(hit, byPattern.get(near) ?? NO_MATCHES, rule.near?.within ?? 0);
        if (!span) continue;
        const score = rule.score * this.dampening(span, rule.category, byPattern);
        if (score <= 0) continue;
        evidence.push({
          detector: this.name,
          rule: rule.id,
          category: rule.category,
          score,
          start: text.wordStart[span.start],
          end: text.wordEnd[span.end - 1],
        });
        break; // one piece of evidence per rule is enough to explain it
      }
    }
    for (const { exception, pattern } of this.exceptions) {
      const found = exception.scope === 'post' ? byPattern.get(pattern)?.[0] : undefined;
      if (!found) continue;
      const start = text.wordStart[found.start];
      const end = text.wordEnd[found.end - 1];
      for (const category of exception.categories) {
        evidence.push({ detector: this.name, rule: exception.id, category, score: 0, start, end, context: exception.factor });
      }
    }
    return evidence;
  }

  private dampening(span: WordMatch, category: Category, byPattern: Map<number, WordMatch[]>): number {
    let factor = 1;
    for (const { exception, pattern } of this.exceptions) {
      if (!exception.categories.includes(category)) continue;
      const covers = (byPattern.get(pattern) ?? NO_MATCHES).some((m) => distance(m, span) <= exception.within && (exception.within > 0 || overlaps(m, span)));
      if (covers) factor *= exception.factor;
    }
    return factor;
  }
}

/** Pattern words are written as people type them; they are normalised exactly like posts. */
function canonicalPatternWord(word: string): string {
  const words = normalize(word).words;
  if (words.length !== 1) throw new PatternSyntaxError(`"${word}" is not a single word`);
  return words[0];
}

/** Words strictly between two spans (0 when they touch or overlap). */
function distance(a: WordMatch, b: WordMatch): number {
  if (a.end <= b.start) return b.start - a.end;
  if (b.end <= a.start) return a.start - b.end;
  return 0;
}

function overlaps(a: WordMatch, b: WordMatch): boolean {
  return a.start < b.end && b.start < a.end;
}

/** The union of `hit` and the closest `candidates` match within `within` words, if any. */
function nearest(hit: WordMatch, candidates: readonly WordMatch[], within: number): WordMatch | undefined {
  let best: WordMatch | undefined;
  for (const candidate of candidates) {
    if (distance(hit, candidate) > within) continue;
    if (!best || distance(hit, candidate) < distance(hit, best)) best = candidate;
  }
  if (!best) return undefined;
  return { pattern: hit.pattern, start: Math.min(hit.start, best.start), end: Math.max(hit.end, best.end) };
}
