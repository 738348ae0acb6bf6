import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { enforcementAfter } from './enforcement.js';

describe('what the platform is told after a decision', () => {
  const cases: [Parameters<typeof enforcementAfter>[0], Parameters<typeof enforcementAfter>[1], string][] = [
    ['none', 'allow', 'none'],
    ['none', 'review', 'held hold'],
    ['none', 'remove', 'removed remove'],
    ['held', 'review', 'held'],
    ['held', 'remove', 'removed remove'],
    ['held', 'allow', 'none restore'],
    ['removed', 'remove', 'removed'],
    ['removed', 'review', 'held hold'],
    ['removed', 'allow', 'none restore'],
  ];
  for (const [previous, decision, expected] of cases) {
    it(`${previous} + ${decision} -> ${expected}`, () => {
      const change = enforcementAfter(previous, decision);
      assert.equal([change.enforcement, change.action].filter(Boolean).join(' '), expected);
    });
  }
});
