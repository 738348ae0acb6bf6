// Shared by the review tests: a small policy with the deadlines the issue names, and signal and reviewer builders.
import type { Policy } from '../domain/policy.js';
import { DEFAULT_REVIEW_SETTINGS, type Reach, type ReporterKind, type Reviewer, type ReviewSettings, type ReviewSignal } from '../domain/review.js';
import type { Category } from '../domain/decision.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
/** An arbitrary fixed "now" so tests never read the clock. */
export const T0 = Date.UTC(2026, 0, 1, 12);

export function reviewPolicy(review: Partial<ReviewSettings> = {}): Policy {
  return {
    version: 'test-1',
    name: 'review test policy',
    categories: {
      threat: { severity: 3, deadlineSeconds: 3600, removeAt: 0.85, reviewAt: 0.5 },
      incitement: { severity: 2, deadlineSeconds: 4 * 3600, removeAt: 0.85, reviewAt: 0.5 },
      glorification: { severity: 1, deadlineSeconds: 24 * 3600, removeAt: 0.9, reviewAt: 0.5 },
    },
    lexicons: {},
    rules: [{ id: 'threat.first-person-harm', category: 'threat', score: 0.9, match: 'i will kill you' }],
    exceptions: [{ id: 'news.reporting', match: 'reported', within: 3, factor: 0, categories: ['threat'], scope: 'hit' }],
    review: { ...DEFAULT_REVIEW_SETTINGS, ...review },
    source: 'testing.ts',
  };
}

type DetectionSignal = Extract<ReviewSignal, { kind: 'detection' }>;

export function detection(itemId: string, category: Category = 'threat', score = 0.6, reach?: Reach): DetectionSignal {
  return { kind: 'detection', itemId, action: 'review', category, score, ...(reach ? { reach } : {}) };
}

export function report(itemId: string, reporter: ReporterKind = 'user', category: Category = 'threat', reach?: Reach): ReviewSignal {
  return { kind: 'report', itemId, reporter, category, ...(reach ? { reach } : {}) };
}

export function volunteer(id: string): Reviewer {
  return { id, role: 'volunteer' };
}

export function moderator(id: string): Reviewer {
  return { id, role: 'moderator' };
}
