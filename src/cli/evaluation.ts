// What `vigil eval` measures: for each system (Vigil, its model alone, its rules alone, a keyword filter), how its
// decisions on labelled posts compare with the labels. Pure: posts and decisions in, a report out.
import { CATEGORIES, LABELS, type Action, type Category, type Label } from '../domain/decision.js';
import {
  averagePrecision,
  countAt,
  precisionRecallCurve,
  precisionRecallF1,
  rocAuc,
  type CurvePoint,
} from '../detect/classifier/metrics.js';

export interface EvaluatedPost {
  id: string;
  label: Label;
}

/** One system's verdict on one post. */
export interface Verdict {
  action: Action;
  category: Label;
  score: number;
  categoryScores?: Record<Category, number>;
}

export interface Rates {
  precision: number;
  recall: number;
  f1: number;
}

export interface SystemReport {
  name: string;
  posts: number;
  violating: number;
  rocAuc: number;
  prAuc: number;
  /** Flagged = sent to review or removed. */
  flagged: Rates;
  removed: Rates;
  /** Share of posts labelled none that were flagged, overall and among Parler posts. */
  benignFlagged: number;
  benignParlerFlagged: number;
}

export interface CategoryReport extends Rates {
  category: Category;
  posts: number;
  rocAuc: number;
  prAuc: number;
}

export interface ThresholdRow {
  threshold: number;
  precision: number;
  recall: number;
  benignFlagged: number;
}

export interface Report {
  systems: SystemReport[];
  /** The rest is about the first system (Vigil as configured). */
  categories: CategoryReport[];
  /** confusion[label][decided], labels and decisions in LABELS order (an allowed post is decided "none"). */
  confusion: number[][];
  thresholds: ThresholdRow[];
  curve: CurvePoint[];
  histogram: { bins: number; violating: number[]; benign: number[] };
}

const THRESHOLDS = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95];
const HISTOGRAM_BINS = 20;

export function evaluate(posts: EvaluatedPost[], systems: { name: string; verdicts: Verdict[] }[]): Report {
  const violating = posts.map((p) => p.label !== 'none');
  const main = systems[0].verdicts;
  const scores = main.map((v) => v.score);
  return {
    systems: systems.map(({ name, verdicts }) => systemReport(name, posts, violating, verdicts)),
    categories: CATEGORIES.map((category) => categoryReport(category, posts, main)),
    confusion: LABELS.map((label) => LABELS.map((decided) => posts.filter((p, i) => p.label === label && decidedLabel(main[i]) === decided).length)),
    thresholds: THRESHOLDS.map((threshold) => thresholdRow(threshold, posts, violating, scores)),
    curve: precisionRecallCurve(scores, violating),
    histogram: histogram(scores, violating),
  };
}

function systemReport(name: string, posts: EvaluatedPost[], violating: boolean[], verdicts: Verdict[]): SystemReport {
  const scores = verdicts.map((v) => v.score);
  const flagged = verdicts.map((v) => v.action !== 'allow');
  return {
    name,
    posts: posts.length,
    violating: violating.filter(Boolean).length,
    rocAuc: rocAuc(scores, violating),
    prAuc: averagePrecision(scores, violating),
    flagged: precisionRecallF1(countAt(flagged, violating)),
    removed: precisionRecallF1(countAt(verdicts.map((v) => v.action === 'remove'), violating)),
    benignFlagged: benignShare(posts, flagged, () => true),
    benignParlerFlagged: benignShare(posts, flagged, (p) => p.id.startsWith('parler-')),
  };
}

function categoryReport(category: Category, posts: EvaluatedPost[], verdicts: Verdict[]): CategoryReport {
  const actual = posts.map((p) => p.label === category);
  const scores = verdicts.map((v) => v.categoryScores?.[category] ?? (v.category === category ? v.score : 0));
  return {
    category,
    posts: actual.filter(Boolean).length,
    rocAuc: rocAuc(scores, actual),
    prAuc: averagePrecision(scores, actual),
    ...precisionRecallF1(countAt(verdicts.map((v) => decidedLabel(v) === category), actual)),
  };
}

function thresholdRow(threshold: number, posts: EvaluatedPost[], violating: boolean[], scores: number[]): ThresholdRow {
  const flagged = scores.map((s) => s >= threshold);
  const { precision, recall } = precisionRecallF1(countAt(flagged, violating));
  return { threshold, precision, recall, benignFlagged: benignShare(posts, flagged, () => true) };
}

function benignShare(posts: EvaluatedPost[], flagged: boolean[], include: (post: EvaluatedPost) => boolean): number {
  let benign = 0;
  let benignFlagged = 0;
  posts.forEach((post, i) => {
    if (post.label !== 'none' || !include(post)) return;
    benign++;
    if (flagged[i]) benignFlagged++;
  });
  return benign === 0 ? NaN : benignFlagged / benign;
}

function decidedLabel(verdict: Verdict): Label {
  return verdict.action === 'allow' ? 'none' : verdict.category;
}

function histogram(scores: number[], violating: boolean[]): Report['histogram'] {
  const result = { bins: HISTOGRAM_BINS, violating: new Array<number>(HISTOGRAM_BINS).fill(0), benign: new Array<number>(HISTOGRAM_BINS).fill(0) };
  scores.forEach((score, i) => {
    const bin = Math.min(HISTOGRAM_BINS - 1, Math.max(0, Math.floor(score * HISTOGRAM_BINS)));
    (violating[i] ? result.violating : result.benign)[bin]++;
  });
  return result;
}
