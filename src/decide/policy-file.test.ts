import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { VigilError } from '../domain/errors.js';
import { DEFAULT_POLICY_PATH } from './index.js';
import { compilePolicy } from './load.js';

const valid = `version: "1"
categories:
  threat: { severity: 3, deadline: 1h, remove_at: 0.9, review_at: 0.5 }
  incitement: { severity: 2, deadline: 4h, remove_at: 0.9, review_at: 0.5 }
  glorification: { severity: 1, deadline: 24h, remove_at: 0.9, review_at: 0.5 }
rules:
  - id: r1
    category: threat
    score: 0.9
    match: "i will kill you"
`;

function problem(yamlText: string): string {
  try {
    compilePolicy(yamlText, 'test.yaml');
  } catch (error) {
    assert.ok(error instanceof VigilError);
    assert.equal(error.code, 'E_INVALID_POLICY');
    return error.message;
  }
  assert.fail('policy was accepted');
}

describe('policy files', () => {
  it('accept a minimal valid policy', () => {
    const { policy } = compilePolicy(valid, 'test.yaml');
    assert.equal(policy.version, '1');
    assert.equal(policy.categories.threat.deadlineSeconds, 3600);
    assert.equal(policy.rules[0].id, 'r1');
  });

  it('accept the shipped default policy', () => {
    const { policy } = compilePolicy(readFileSync(DEFAULT_POLICY_PATH, 'utf8'), 'default.yaml');
    assert.ok(policy.rules.length >= 20);
  });

  it('name the line of a bad value', () => {
    assert.equal(problem(valid.replace('score: 0.9', 'score: 1.5')), 'test.yaml:9: expected a number between 0 and 1 (rules[0].score)');
  });

  it('name the line of an unknown category', () => {
    assert.match(problem(valid.replace('category: threat', 'category: hate')), /^test\.yaml:8: category must be one of threat, incitement, glorification/);
  });

  it('name the line of a pattern that does not compile', () => {
    assert.match(problem(valid.replace('"i will kill you"', '"(i will kill you"')), /^test\.yaml:10: missing "\)".*\(rules\[0\]\.match\)/);
  });

  it('report YAML syntax errors with their line', () => {
    assert.match(problem(valid.replace('  - id: r1', '  - id: [r1')), /^test\.yaml:\d+: /);
  });

  it('reject unknown fields, missing categories, duplicate ids and bad durations', () => {
    assert.match(problem(valid.replace('    score: 0.9', '    score: 0.9\n    sore: 1')), /unknown field "sore"/);
    assert.match(problem(valid.replace(/  glorification:.*\n/, '')), /:2: expected a mapping \(categories\.glorification\)|glorification/);
    assert.match(problem(valid + '  - { id: r1, category: threat, score: 0.5, match: "x y" }\n'), /duplicate id "r1"/);
    assert.match(problem(valid.replace('deadline: 1h', 'deadline: soon')), /:3: expected a duration/);
  });

  it('reject review_at above remove_at', () => {
    assert.match(problem(valid.replace('remove_at: 0.9, review_at: 0.5 }\n  incitement', 'remove_at: 0.4, review_at: 0.5 }\n  incitement')), /review_at must not be above remove_at/);
  });

  it('fill review settings the file leaves out with defaults, and leave review out when the section is absent', () => {
    assert.equal(compilePolicy(valid, 'test.yaml').policy.review, undefined);
    const { policy } = compilePolicy(valid + 'review:\n  consensus_votes: 3\n  lease: 2m\n', 'test.yaml');
    assert.deepEqual(policy.review, { consensusVotes: 3, leaseSeconds: 120, goldRate: 0.05, accuracyThreshold: 0.8, minimumGoldAnswers: 10 });
  });

  it('name the line of a bad review setting', () => {
    const review = 'review:\n  gold_rate: 0.1\n  consensus_votes: 0\n';
    assert.equal(problem(valid + review), 'test.yaml:13: expected a whole number from 1 to 10 (review.consensus_votes)');
  });

  it('reject unknown review settings', () => {
    assert.match(problem(valid + 'review:\n  votes: 2\n'), /:12: unknown field "votes"/);
  });

  it('reject a review lease too short to decide in', () => {
    assert.match(problem(valid + 'review:\n  lease: 5s\n'), /:12: a lease must last at least 10s \(review\.lease\)/);
  });
});
