// The shipped policy on a hand-written set of posts (test/fixtures/posts.jsonl): every category, the contexts
// POLICY.md allows, and the evasion tricks. Each post states the label a moderator would give it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { defaultDetectors } from '../detect/default-detectors.js';
import { createAssessor, loadDefaultPolicy } from './index.js';

const fixtures = readFileSync(new URL('../../../test/fixtures/posts.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as { id: string; text: string; expect: string });

const loaded = loadDefaultPolicy();
const assessor = createAssessor(loaded.policy, defaultDetectors(loaded));

describe('default policy on hand-written posts', () => {
  for (const post of fixtures) {
    it(`${post.id}: ${post.expect}`, () => {
      const decision = assessor.assess(post.text);
      if (post.expect === 'none') {
        assert.equal(decision.action, 'allow', `${JSON.stringify(post.text)} should be allowed: ${JSON.stringify(decision.reasons)}`);
      } else {
        assert.notEqual(decision.action, 'allow', `${JSON.stringify(post.text)} should be flagged`);
        assert.equal(decision.category, post.expect);
        assert.ok(decision.reasons.length > 0, 'a flagged post carries its reasons');
      }
    });
  }

  it('explains with spans of the original text and the policy version', () => {
    const text = 'ok, so I will 𝐤𝐢𝐥𝐥 you';
    const decision = assessor.assess(text);
    assert.equal(decision.policyVersion, loaded.policy.version);
    const reason = decision.reasons.find((r) => r.detector === 'rules');
    assert.ok(reason);
    assert.equal(text.slice(reason.start, reason.end), reason.excerpt);
    assert.match(reason.excerpt, /𝐤𝐢𝐥𝐥/);
  });

  it('scores a violating post above a benign one', () => {
    assert.ok(assessor.assess('hang the traitors').score > assessor.assess('hang the pictures').score);
  });
});
