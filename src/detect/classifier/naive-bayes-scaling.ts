// Naive-Bayes feature scaling (Wang & Manning 2012, "NBSVM"): before the fit, each column is multiplied by
// 1 + strength * |log-count ratio| of violating against none in the rows being fitted. The L2 penalty then costs less
// on features that separate the classes, which helps a linear model most when positives are few (here ~6 %).
// The scale is folded back into the fitted weights, so the shipped model scores raw features exactly as before.
import { CLASS_COUNT, MODEL_LABELS } from './model.js';
import type { LinearWeights } from './softmax-regression.js';
import type { SparseRows } from './vectors.js';

const NONE = MODEL_LABELS.indexOf('none');
/** Add-one smoothing of the per-class feature counts. */
const SMOOTHING = 1;

/** One scale per column; all 1 when `strength` is 0. */
export function naiveBayesScales(rows: SparseRows, columnCount: number, labels: Uint8Array, strength: number): Float64Array {
  const scales = new Float64Array(columnCount).fill(1);
  if (strength === 0) return scales;
  const violating = new Float64Array(columnCount);
  const none = new Float64Array(columnCount);
  for (let i = 0; i < labels.length; i++) {
    const counts = labels[i] === NONE ? none : violating;
    for (let j = rows.rowStart[i]; j < rows.rowStart[i + 1]; j++) counts[rows.columns[j]] += 1;
  }
  let violatingTotal = 0;
  let noneTotal = 0;
  for (let c = 0; c < columnCount; c++) {
    violatingTotal += violating[c] + SMOOTHING;
    noneTotal += none[c] + SMOOTHING;
  }
  for (let c = 0; c < columnCount; c++) {
    const ratio = Math.log((violating[c] + SMOOTHING) / violatingTotal / ((none[c] + SMOOTHING) / noneTotal));
    scales[c] = 1 + strength * Math.abs(ratio);
  }
  return scales;
}

/** The same rows with every value multiplied by its column's scale. */
export function scaleColumns(rows: SparseRows, scales: Float64Array): SparseRows {
  return { ...rows, values: Float32Array.from(rows.values, (value, j) => value * scales[rows.columns[j]]) };
}

/** Weights fitted on scaled columns, turned into weights for the unscaled ones. */
export function foldScales(fitted: LinearWeights, scales: Float64Array): LinearWeights {
  const weights = Float64Array.from(fitted.weights, (weight, i) => weight * scales[Math.floor(i / CLASS_COUNT)]);
  return { weights, bias: fitted.bias };
}
