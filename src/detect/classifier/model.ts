// A trained violence model: a softmax over the four labels of POLICY.md on hashed n-gram features, with its weights
// quantised to 8 bits (as shipped) and a calibration that turns its raw output into an honest probability.
import type { Category, Label } from '../../domain/decision.js';
import type { NormalizedText } from '../../normalize/index.js';
import { extractFeatures, FeatureBuffer, MAX_SPAN_WORDS, type FeatureConfig } from './features.js';

/** The classes in the order of the weight table's columns; `none` last. */
export const MODEL_LABELS = ['threat', 'incitement', 'glorification', 'none'] as const satisfies readonly Label[];
export const CLASS_COUNT = MODEL_LABELS.length;
const NONE = CLASS_COUNT - 1;

export interface ViolenceModel {
  version: string;
  features: FeatureConfig;
  /** 2^hashBits rows of CLASS_COUNT signed bytes; weight = byte * scales[class]. */
  weights: Int8Array;
  scales: Float64Array;
  bias: Float64Array;
  /** Platt scaling of the log-odds of "violating" (any label but none), fitted on held-out predictions. */
  calibration: { slope: number; intercept: number };
  /** How the model was made and measured; carried along for the model card and `vigil eval`. */
  training: Record<string, unknown>;
}

export interface Prediction {
  /** Calibrated probability that the post violates the policy (any category). */
  violating: number;
  /** Calibrated probability of each category; they add up to `violating`. */
  categories: Record<Category, number>;
  /** The most likely violating category (even when `violating` is low). */
  top: Category;
}

export interface Contribution {
  /** Words first..last (inclusive) of the normalised text. */
  firstWord: number;
  lastWord: number;
  /** How much these words moved the log-odds of `top` against none. */
  weight: number;
}

/** Scores a post. `features` is scratch space a caller may pass to reuse between posts. */
export function predict(model: ViolenceModel, normalized: NormalizedText, features = new FeatureBuffer()): Prediction {
  extractFeatures(normalized, model.features, features);
  const { weights } = model;
  const { rows, values, count } = features;
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (let f = 0; f < count; f++) {
    const base = rows[f] * CLASS_COUNT;
    const value = values[f];
    s0 += value * weights[base];
    s1 += value * weights[base + 1];
    s2 += value * weights[base + 2];
    s3 += value * weights[base + 3];
  }
  const { bias, scales } = model;
  return fromLogits(model, [bias[0] + s0 * scales[0], bias[1] + s1 * scales[1], bias[2] + s2 * scales[2], bias[3] + s3 * scales[3]]);
}

/**
 * For the top category of a post just scored, the n-grams that pushed it most against none, strongest first.
 * `features` must still hold the post's features as `predict` left them (no second extraction). One pass: each
 * feature's weights are added to the sums of its span of words.
 */
export function topContributions(model: ViolenceModel, normalized: NormalizedText, prediction: Prediction, features: FeatureBuffer, limit: number): Contribution[] {
  const top = MODEL_LABELS.indexOf(prediction.top);
  const { weights, scales } = model;
  const { rows, values, firstWord, lastWord, count } = features;
  // Sums per span, indexed by first word and span length (spans are at most MAX_SPAN_WORDS long).
  const bySpan = new Float64Array(normalized.words.length * MAX_SPAN_WORDS);
  const topScale = scales[top];
  const noneScale = scales[NONE];
  for (let f = 0; f < count; f++) {
    const base = rows[f] * CLASS_COUNT;
    bySpan[firstWord[f] * MAX_SPAN_WORDS + lastWord[f] - firstWord[f]] += values[f] * (weights[base + top] * topScale - weights[base + NONE] * noneScale);
  }
  const contributions: Contribution[] = [];
  for (let i = 0; i < bySpan.length; i++) {
    if (bySpan[i] <= 0) continue;
    const first = Math.floor(i / MAX_SPAN_WORDS);
    contributions.push({ firstWord: first, lastWord: first + (i % MAX_SPAN_WORDS), weight: bySpan[i] });
  }
  contributions.sort((a, b) => b.weight - a.weight || a.firstWord - b.firstWord || a.lastWord - b.lastWord);
  return contributions.slice(0, limit);
}

/** Raw (uncalibrated) softmax over the four labels; training and calibration work on these. */
export function softmax(logits: ArrayLike<number>, into: Float64Array = new Float64Array(CLASS_COUNT)): Float64Array {
  let max = -Infinity;
  for (let k = 0; k < CLASS_COUNT; k++) max = Math.max(max, logits[k]);
  let total = 0;
  for (let k = 0; k < CLASS_COUNT; k++) total += into[k] = Math.exp(logits[k] - max);
  for (let k = 0; k < CLASS_COUNT; k++) into[k] /= total;
  return into;
}

/** Log-odds of "violating" from raw logits: log(sum of violating exp) - log(exp none), computed stably. */
export function violatingLogOdds(logits: ArrayLike<number>): number {
  let max = -Infinity;
  for (let k = 0; k < NONE; k++) max = Math.max(max, logits[k]);
  let total = 0;
  for (let k = 0; k < NONE; k++) total += Math.exp(logits[k] - max);
  return max + Math.log(total) - logits[NONE];
}

export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

function fromLogits(model: ViolenceModel, logits: number[]): Prediction {
  const violating = sigmoid(model.calibration.slope * violatingLogOdds(logits) + model.calibration.intercept);
  let max = -Infinity;
  for (let k = 0; k < NONE; k++) max = Math.max(max, logits[k]);
  let total = 0;
  const shares = [0, 0, 0];
  for (let k = 0; k < NONE; k++) total += shares[k] = Math.exp(logits[k] - max);
  let top = 0;
  for (let k = 1; k < NONE; k++) if (shares[k] > shares[top]) top = k;
  return {
    violating,
    categories: { threat: (violating * shares[0]) / total, incitement: (violating * shares[1]) / total, glorification: (violating * shares[2]) / total },
    top: MODEL_LABELS[top] as Category,
  };
}
