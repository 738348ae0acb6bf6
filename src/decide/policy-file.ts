// Reads a policy from YAML and validates it completely before anything uses it. Every problem is reported with the
// line it is on, because the people editing policies are moderators, not programmers.
import { LineCounter, parseDocument, type Document } from 'yaml';
import { CATEGORIES, type Category } from '../domain/decision.js';
import { VigilError } from '../domain/errors.js';
import type { CategoryPolicy, ExceptionPolicy, Policy, RulePolicy } from '../domain/policy.js';
import { ACCOUNT_ACTIONS, DEFAULT_ENFORCEMENT_SETTINGS, type AccountAction, type EnforcementSettings, type LadderStep } from '../domain/enforcement.js';
import { DEFAULT_REVIEW_SETTINGS, type ReviewSettings } from '../domain/review.js';

type Path = (string | number)[];

class PolicyProblem extends Error {
  constructor(
    readonly path: Path,
    message: string,
  ) {
    super(message);
  }
}

export function parsePolicy(yamlText: string, source = 'policy'): Policy {
  const lineCounter = new LineCounter();
  const document = parseDocument(yamlText, { lineCounter, uniqueKeys: true });
  const syntaxError = document.errors[0];
  if (syntaxError) {
    const line = syntaxError.linePos?.[0].line;
    throw new VigilError('E_INVALID_POLICY', `${source}${line ? `:${line}` : ''}: ${syntaxError.message.split('\n')[0]}`);
  }
  try {
    return readPolicy(document.toJS() as unknown, source);
  } catch (error) {
    if (!(error instanceof PolicyProblem)) throw error;
    const line = lineOf(document, lineCounter, error.path);
    const where = error.path.length > 0 ? ` (${formatPath(error.path)})` : '';
    throw new VigilError('E_INVALID_POLICY', `${source}${line ? `:${line}` : ''}: ${error.message}${where}`);
  }
}

/** Describes a problem found after parsing (e.g. a pattern that does not compile) with the line of its field. */
export function policyProblem(yamlText: string, source: string, path: Path, message: string): VigilError {
  const lineCounter = new LineCounter();
  const document = parseDocument(yamlText, { lineCounter });
  const line = lineOf(document, lineCounter, path);
  return new VigilError('E_INVALID_POLICY', `${source}${line ? `:${line}` : ''}: ${message} (${formatPath(path)})`);
}

function lineOf(document: Document, lineCounter: LineCounter, path: Path): number | undefined {
  for (let length = path.length; length >= 0; length--) {
    const node = length === 0 ? document.contents : document.getIn(path.slice(0, length), true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return lineCounter.linePos(range[0]).line;
  }
  return undefined;
}

function formatPath(path: Path): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

function readPolicy(value: unknown, source: string): Policy {
  const root = object(value, []);
  allowOnly(root, [], ['version', 'name', 'categories', 'lexicons', 'rules', 'exceptions', 'review', 'enforcement']);
  const version = text(root.version, ['version']);
  const categoriesNode = object(root.categories, ['categories']);
  allowOnly(categoriesNode, ['categories'], [...CATEGORIES]);
  const categories = Object.fromEntries(
    CATEGORIES.map((category) => [category, readCategory(categoriesNode[category], ['categories', category])]),
  ) as Record<Category, CategoryPolicy>;
  const lexicons = readLexicons(root.lexicons ?? {});
  const rules = list(root.rules, ['rules']).map((rule, i) => readRule(rule, ['rules', i]));
  const exceptions = list(root.exceptions ?? [], ['exceptions']).map((e, i) => readException(e, ['exceptions', i]));
  unique([...rules, ...exceptions].map((r) => r.id), (index) =>
    index < rules.length ? ['rules', index, 'id'] : ['exceptions', index - rules.length, 'id'],
  );
  const review = root.review === undefined ? {} : { review: readReview(root.review, ['review']) };
  const enforcement = root.enforcement === undefined ? {} : { enforcement: readEnforcement(root.enforcement, ['enforcement']) };
  return { version, name: root.name === undefined ? version : text(root.name, ['name']), categories, lexicons, rules, exceptions, ...review, ...enforcement, source };
}

/** The optional `review:` section; every field is optional so a policy states only what it changes. */
function readReview(value: unknown, path: Path): ReviewSettings {
  const node = object(value, path);
  allowOnly(node, path, ['consensus_votes', 'lease', 'gold_rate', 'accuracy_threshold', 'minimum_gold_answers']);
  const defaults = DEFAULT_REVIEW_SETTINGS;
  return {
    consensusVotes: node.consensus_votes === undefined ? defaults.consensusVotes : wholeNumber(node.consensus_votes, 1, 10, [...path, 'consensus_votes']),
    leaseSeconds: node.lease === undefined ? defaults.leaseSeconds : leaseDuration(node.lease, [...path, 'lease']),
    goldRate: node.gold_rate === undefined ? defaults.goldRate : fraction(node.gold_rate, [...path, 'gold_rate']),
    accuracyThreshold: node.accuracy_threshold === undefined ? defaults.accuracyThreshold : fraction(node.accuracy_threshold, [...path, 'accuracy_threshold']),
    minimumGoldAnswers:
      node.minimum_gold_answers === undefined ? defaults.minimumGoldAnswers : wholeNumber(node.minimum_gold_answers, 0, 1000, [...path, 'minimum_gold_answers']),
  };
}

/** The optional `enforcement:` section: strike weights and expiry, the appeal window, the ladder, credible threats. */
function readEnforcement(value: unknown, path: Path): EnforcementSettings {
  const node = object(value, path);
  allowOnly(node, path, ['strike_weights', 'strike_expiry', 'appeal_window', 'ladder', 'credible_threat']);
  const defaults = DEFAULT_ENFORCEMENT_SETTINGS;
  let strikeWeights = defaults.strikeWeights;
  if (node.strike_weights !== undefined) {
    const weights = object(node.strike_weights, [...path, 'strike_weights']);
    allowOnly(weights, [...path, 'strike_weights'], [...CATEGORIES]);
    strikeWeights = Object.fromEntries(
      CATEGORIES.map((c) => [c, weights[c] === undefined ? defaults.strikeWeights[c] : positive(weights[c], [...path, 'strike_weights', c])]),
    ) as Record<Category, number>;
  }
  let ladder = defaults.ladder;
  if (node.ladder !== undefined) {
    ladder = list(node.ladder, [...path, 'ladder']).map((step, i) => readLadderStep(step, [...path, 'ladder', i]));
    if (ladder.length === 0) throw new PolicyProblem([...path, 'ladder'], 'the ladder needs at least one step');
    ladder.forEach((step, i) => {
      if (i > 0 && step.at <= ladder[i - 1].at) throw new PolicyProblem([...path, 'ladder', i, 'at'], 'steps must be listed with growing "at" points');
    });
  }
  let credibleThreat = defaults.credibleThreat;
  if (node.credible_threat !== undefined) {
    const credible = object(node.credible_threat, [...path, 'credible_threat']);
    allowOnly(credible, [...path, 'credible_threat'], ['min_score', 'action']);
    credibleThreat = {
      minScore: credible.min_score === undefined ? defaults.credibleThreat.minScore : fraction(credible.min_score, [...path, 'credible_threat', 'min_score']),
      action: credible.action === undefined ? defaults.credibleThreat.action : accountAction(credible.action, [...path, 'credible_threat', 'action']),
    };
  }
  return {
    strikeWeights,
    strikeExpirySeconds: node.strike_expiry === undefined ? defaults.strikeExpirySeconds : duration(node.strike_expiry, [...path, 'strike_expiry']),
    appealWindowSeconds: node.appeal_window === undefined ? defaults.appealWindowSeconds : duration(node.appeal_window, [...path, 'appeal_window']),
    ladder,
    credibleThreat,
  };
}

function readLadderStep(value: unknown, path: Path): LadderStep {
  const node = object(value, path);
  allowOnly(node, path, ['at', 'action', 'duration']);
  const action = accountAction(node.action, [...path, 'action']);
  const step: LadderStep = { at: positive(node.at, [...path, 'at']), action };
  const timed = action === 'limit_posting' || action === 'suspend';
  if (timed && node.duration === undefined) throw new PolicyProblem(path, `a "${action}" step needs a duration such as "24h" or "7d"`);
  if (!timed && node.duration !== undefined) throw new PolicyProblem([...path, 'duration'], `a "${action}" step has no duration`);
  if (timed) step.durationSeconds = duration(node.duration, [...path, 'duration']);
  return step;
}

function accountAction(value: unknown, path: Path): AccountAction {
  if (!ACCOUNT_ACTIONS.includes(value as AccountAction)) throw new PolicyProblem(path, `action must be one of ${ACCOUNT_ACTIONS.join(', ')}`);
  return value as AccountAction;
}

function readCategory(value: unknown, path: Path): CategoryPolicy {
  const node = object(value, path);
  allowOnly(node, path, ['severity', 'deadline', 'remove_at', 'review_at']);
  const removeAt = fraction(node.remove_at, [...path, 'remove_at']);
  const reviewAt = fraction(node.review_at, [...path, 'review_at']);
  if (reviewAt > removeAt) throw new PolicyProblem([...path, 'review_at'], 'review_at must not be above remove_at');
  return {
    severity: positive(node.severity, [...path, 'severity']),
    deadlineSeconds: duration(node.deadline, [...path, 'deadline']),
    removeAt,
    reviewAt,
  };
}

function readLexicons(value: unknown): Record<string, string[]> {
  const node = object(value, ['lexicons']);
  return Object.fromEntries(
    Object.entries(node).map(([name, phrases]) => {
      if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new PolicyProblem(['lexicons', name], `lexicon name "${name}" must be lower-case letters, digits and _`);
      const entries = list(phrases, ['lexicons', name]).map((p, i) => text(p, ['lexicons', name, i]));
      if (entries.length === 0) throw new PolicyProblem(['lexicons', name], 'a lexicon needs at least one phrase');
      return [name, entries];
    }),
  );
}

function readRule(value: unknown, path: Path): RulePolicy {
  const node = object(value, path);
  allowOnly(node, path, ['id', 'category', 'score', 'match', 'near', 'description']);
  const rule: RulePolicy = {
    id: identifier(node.id, [...path, 'id']),
    category: category(node.category, [...path, 'category']),
    score: fraction(node.score, [...path, 'score']),
    match: text(node.match, [...path, 'match']),
  };
  if (node.near !== undefined) {
    const near = object(node.near, [...path, 'near']);
    allowOnly(near, [...path, 'near'], ['match', 'within']);
    rule.near = { match: text(near.match, [...path, 'near', 'match']), within: wordCount(near.within, [...path, 'near', 'within']) };
  }
  if (node.description !== undefined) rule.description = text(node.description, [...path, 'description']);
  return rule;
}

function readException(value: unknown, path: Path): ExceptionPolicy {
  const node = object(value, path);
  allowOnly(node, path, ['id', 'match', 'within', 'factor', 'categories', 'scope', 'description']);
  return {
    id: identifier(node.id, [...path, 'id']),
    match: text(node.match, [...path, 'match']),
    within: node.within === undefined ? 0 : wordCount(node.within, [...path, 'within']),
    factor: node.factor === undefined ? 0 : fraction(node.factor, [...path, 'factor']),
    scope: scope(node.scope, [...path, 'scope']),
    categories:
      node.categories === undefined
        ? [...CATEGORIES]
        : list(node.categories, [...path, 'categories']).map((c, i) => category(c, [...path, 'categories', i])),
    ...(node.description === undefined ? {} : { description: text(node.description, [...path, 'description']) }),
  };
}

function scope(value: unknown, path: Path): 'hit' | 'post' {
  if (value === undefined) return 'hit';
  if (value !== 'hit' && value !== 'post') throw new PolicyProblem(path, 'scope must be "hit" or "post"');
  return value;
}

function object(value: unknown, path: Path): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new PolicyProblem(path, 'expected a mapping');
  return value as Record<string, unknown>;
}

function list(value: unknown, path: Path): unknown[] {
  if (!Array.isArray(value)) throw new PolicyProblem(path, 'expected a list');
  return value;
}

function text(value: unknown, path: Path): string {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string' || value.trim() === '') throw new PolicyProblem(path, 'expected a non-empty string');
  return value;
}

function identifier(value: unknown, path: Path): string {
  const id = text(value, path);
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(id)) throw new PolicyProblem(path, `id "${id}" must be lower-case letters, digits, ".", "_" or "-"`);
  return id;
}

function category(value: unknown, path: Path): Category {
  if (!CATEGORIES.includes(value as Category)) throw new PolicyProblem(path, `category must be one of ${CATEGORIES.join(', ')}`);
  return value as Category;
}

function fraction(value: unknown, path: Path): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new PolicyProblem(path, 'expected a number between 0 and 1');
  return value;
}

function positive(value: unknown, path: Path): number {
  if (typeof value !== 'number' || !(value > 0)) throw new PolicyProblem(path, 'expected a positive number');
  return value;
}

function wordCount(value: unknown, path: Path): number {
  if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 50) throw new PolicyProblem(path, 'expected a whole number of words from 0 to 50');
  return value as number;
}

// A lease shorter than this expires while the reviewer is still reading the post.
function leaseDuration(value: unknown, path: Path): number {
  const seconds = duration(value, path);
  if (seconds < 10) throw new PolicyProblem(path, 'a lease must last at least 10s');
  return seconds;
}

function wholeNumber(value: unknown, min: number, max: number, path: Path): number {
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) throw new PolicyProblem(path, `expected a whole number from ${min} to ${max}`);
  return value as number;
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

function duration(value: unknown, path: Path): number {
  const match = typeof value === 'string' ? /^(\d+(?:\.\d+)?)\s*([smhd])$/.exec(value.trim()) : null;
  if (!match) throw new PolicyProblem(path, 'expected a duration such as "45m", "1h" or "2d"');
  return Number(match[1]) * UNIT_SECONDS[match[2]];
}

function allowOnly(node: Record<string, unknown>, path: Path, keys: string[]): void {
  for (const key of Object.keys(node)) {
    if (!keys.includes(key)) throw new PolicyProblem([...path, key], `unknown field "${key}" (expected ${keys.join(', ')})`);
  }
}

function unique(ids: string[], pathOf: (index: number) => Path): void {
  const seen = new Set<string>();
  ids.forEach((id, index) => {
    if (seen.has(id)) throw new PolicyProblem(pathOf(index), `duplicate id "${id}"`);
    seen.add(id);
  });
}
