// The policy's `enforcement:` section and the ladder it configures.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_ENFORCEMENT_SETTINGS } from '../domain/enforcement.js';
import { VigilError } from '../domain/errors.js';
import { ladderStep } from './ladder.js';
import { parsePolicy } from './policy-file.js';
import { missingStatementFields, postStatement } from './statement-of-reasons.js';

const base = `version: "1"
categories:
  threat: { severity: 3, deadline: 1h, remove_at: 0.9, review_at: 0.5 }
  incitement: { severity: 2, deadline: 4h, remove_at: 0.9, review_at: 0.5 }
  glorification: { severity: 1, deadline: 24h, remove_at: 0.9, review_at: 0.5 }
rules:
  - { id: r1, category: threat, score: 0.9, match: "i will kill you" }
`;

function problem(yamlText: string): string {
  try {
    parsePolicy(yamlText, 'test.yaml');
  } catch (error) {
    assert.ok(error instanceof VigilError);
    assert.equal(error.code, 'E_INVALID_POLICY');
    return error.message;
  }
  assert.fail('policy was accepted');
}

describe('the enforcement section of a policy', () => {
  it('is optional: without it the policy has none and the defaults apply', () => {
    assert.equal(parsePolicy(base).enforcement, undefined);
  });

  it('states only what it changes; the rest are defaults', () => {
    const policy = parsePolicy(`${base}enforcement:\n  strike_expiry: 30d\n  strike_weights: { threat: 5 }\n`);
    assert.equal(policy.enforcement?.strikeExpirySeconds, 30 * 86400);
    assert.equal(policy.enforcement?.strikeWeights.threat, 5);
    assert.equal(policy.enforcement?.strikeWeights.glorification, 1);
    assert.deepEqual(policy.enforcement?.ladder, DEFAULT_ENFORCEMENT_SETTINGS.ladder);
  });

  it('reads a ladder with durations', () => {
    const policy = parsePolicy(`${base}enforcement:
  ladder:
    - { at: 2, action: warn }
    - { at: 4, action: suspend, duration: 3d }
    - { at: 8, action: ban }
  credible_threat: { min_score: 0.97, action: ban }
`);
    assert.deepEqual(policy.enforcement?.ladder, [
      { at: 2, action: 'warn' },
      { at: 4, action: 'suspend', durationSeconds: 3 * 86400 },
      { at: 8, action: 'ban' },
    ]);
    assert.deepEqual(policy.enforcement?.credibleThreat, { minScore: 0.97, action: 'ban' });
  });

  it('names the line of an unknown action', () => {
    assert.match(problem(`${base}enforcement:\n  ladder:\n    - { at: 1, action: warn }\n    - { at: 2, action: shadowban }\n`), /^test\.yaml:11: action must be one of warn, limit_posting, suspend, ban \(enforcement\.ladder\[1\]\.action\)/);
  });

  it('names the line of a suspension without a duration', () => {
    assert.match(problem(`${base}enforcement:\n  ladder:\n    - { at: 3, action: suspend }\n`), /^test\.yaml:10: a "suspend" step needs a duration/);
  });

  it('refuses steps out of order and unknown fields', () => {
    assert.match(problem(`${base}enforcement:\n  ladder:\n    - { at: 3, action: warn }\n    - { at: 2, action: ban }\n`), /test\.yaml:11: steps must be listed with growing "at" points/);
    assert.match(problem(`${base}enforcement:\n  strike_expiry: 30d\n  appeals: 3d\n`), /test\.yaml:10: unknown field "appeals"/);
    assert.match(problem(`${base}enforcement:\n  appeal_window: soon\n`), /test\.yaml:9: expected a duration/);
  });
});

describe('the enforcement ladder', () => {
  const settings = DEFAULT_ENFORCEMENT_SETTINGS;
  const glorification = { category: 'glorification' as const, score: 0.9 };

  it('climbs with active strike points', () => {
    assert.equal(ladderStep(settings, 0, glorification), undefined);
    assert.equal(ladderStep(settings, 1, glorification)?.action, 'warn');
    assert.equal(ladderStep(settings, 3, glorification)?.action, 'limit_posting');
    assert.equal(ladderStep(settings, 6, glorification)?.action, 'suspend');
    assert.equal(ladderStep(settings, 12, glorification)?.action, 'ban');
  });

  it('lets a credible threat skip steps, and only a credible one', () => {
    assert.equal(ladderStep(settings, 3, { category: 'threat', score: 0.99 })?.action, 'suspend');
    assert.equal(ladderStep(settings, 3, { category: 'threat', score: 0.9 })?.action, 'limit_posting');
    assert.equal(ladderStep(settings, 12, { category: 'threat', score: 0.99 })?.action, 'ban');
  });
});

describe('statements of reasons', () => {
  it('have every DSA Art. 17 field for an automated removal', () => {
    const statement = postStatement(DEFAULT_ENFORCEMENT_SETTINGS, {
      action: 'remove',
      decision: { category: 'threat', score: 0.99, policyVersion: 'p1', reasons: [{ detector: 'rules', rule: 'r1', category: 'threat', score: 0.99, start: 0, end: 15, excerpt: 'I will kill you' }] },
      decidedAt: new Date('2026-01-01T00:00:00Z'),
    });
    assert.deepEqual(missingStatementFields(statement), []);
    assert.equal(statement.automatedDecision, true);
    assert.deepEqual(statement.ground.rules, ['r1']);
    assert.equal(statement.redress.appealBy, new Date(Date.parse('2026-01-01T00:00:00Z') + DEFAULT_ENFORCEMENT_SETTINGS.appealWindowSeconds * 1000).toISOString());
  });
});
