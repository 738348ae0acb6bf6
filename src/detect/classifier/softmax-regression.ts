// Weighted, L2-regularised softmax (multinomial logistic) regression on sparse rows, fitted by L-BFGS.
import { minimize } from './lbfgs.js';
import { CLASS_COUNT, softmax } from './model.js';

// The inner loops are written out for exactly four classes; this line stops the build if that ever changes.
const FOUR_CLASSES: 4 = CLASS_COUNT;
void FOUR_CLASSES;
import type { SparseRows } from './vectors.js';

export interface LinearWeights {
  /** columns x CLASS_COUNT, column-major by feature: weights[column * CLASS_COUNT + class]. */
  weights: Float64Array;
  bias: Float64Array;
}

export interface FitOptions {
  /** Strength of the L2 penalty on the weights (not the biases), per unit of total example weight. */
  l2: number;
  maxIterations: number;
  onIteration?: (iteration: number) => void;
}

/**
 * Minimises sum_i w_i * crossEntropy(x_i, y_i) / sum_i w_i + l2/2 * |W|^2 over weights and biases.
 * `labels[i]` is a class index; `exampleWeights[i]` carries the class weighting.
 */
export function fitSoftmax(rows: SparseRows, columnCount: number, labels: Uint8Array, exampleWeights: Float64Array, options: FitOptions): LinearWeights {
  const weightCount = columnCount * CLASS_COUNT;
  let totalWeight = 0;
  for (const w of exampleWeights) totalWeight += w;
  const logits = new Float64Array(CLASS_COUNT);
  const probabilities = new Float64Array(CLASS_COUNT);
  const { rowStart, columns, values } = rows;

  const objective = (x: Float64Array, gradient: Float64Array): number => {
    gradient.fill(0);
    let loss = 0;
    for (let i = 0; i < labels.length; i++) {
      // The four classes are written out: this loop is most of the training time.
      let z0 = x[weightCount], z1 = x[weightCount + 1], z2 = x[weightCount + 2], z3 = x[weightCount + 3];
      for (let j = rowStart[i]; j < rowStart[i + 1]; j++) {
        const base = columns[j] * CLASS_COUNT;
        const value = values[j];
        z0 += value * x[base];
        z1 += value * x[base + 1];
        z2 += value * x[base + 2];
        z3 += value * x[base + 3];
      }
      logits[0] = z0;
      logits[1] = z1;
      logits[2] = z2;
      logits[3] = z3;
      softmax(logits, probabilities);
      const weight = exampleWeights[i] / totalWeight;
      loss -= weight * Math.log(Math.max(probabilities[labels[i]], 1e-300));
      probabilities[labels[i]] -= 1;
      const g0 = probabilities[0] * weight, g1 = probabilities[1] * weight, g2 = probabilities[2] * weight, g3 = probabilities[3] * weight;
      gradient[weightCount] += g0;
      gradient[weightCount + 1] += g1;
      gradient[weightCount + 2] += g2;
      gradient[weightCount + 3] += g3;
      for (let j = rowStart[i]; j < rowStart[i + 1]; j++) {
        const base = columns[j] * CLASS_COUNT;
        const value = values[j];
        gradient[base] += value * g0;
        gradient[base + 1] += value * g1;
        gradient[base + 2] += value * g2;
        gradient[base + 3] += value * g3;
      }
    }
    let penalty = 0;
    for (let p = 0; p < weightCount; p++) {
      penalty += x[p] * x[p];
      gradient[p] += options.l2 * x[p];
    }
    return loss + (options.l2 / 2) * penalty;
  };

  const start = new Float64Array(weightCount + CLASS_COUNT);
  const { x } = minimize(objective, start, {
    maxIterations: options.maxIterations,
    tolerance: 1e-6,
    onIteration: options.onIteration,
  });
  return { weights: x.subarray(0, weightCount), bias: x.slice(weightCount) };
}

/** Raw logits of each row under fitted weights, CLASS_COUNT per row. */
export function rowLogits(rows: SparseRows, model: LinearWeights): Float64Array {
  const count = rows.rowStart.length - 1;
  const logits = new Float64Array(count * CLASS_COUNT);
  for (let i = 0; i < count; i++) {
    for (let k = 0; k < CLASS_COUNT; k++) logits[i * CLASS_COUNT + k] = model.bias[k];
    for (let j = rows.rowStart[i]; j < rows.rowStart[i + 1]; j++) {
      const base = rows.columns[j] * CLASS_COUNT;
      for (let k = 0; k < CLASS_COUNT; k++) logits[i * CLASS_COUNT + k] += rows.values[j] * model.weights[base + k];
    }
  }
  return logits;
}
