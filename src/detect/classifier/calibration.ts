// Platt scaling: class weighting and regularisation distort a model's probabilities; a one-dimensional logistic fit
// of held-out log-odds against the true outcome (at the data's real base rate) makes them honest again.
import { sigmoid } from './model.js';

export interface Calibration {
  slope: number;
  intercept: number;
}

/**
 * Fits P(y = 1 | score) = sigmoid(slope * score + intercept) with Platt's smoothed targets, by Newton's method with
 * backtracking (Lin, Lin & Weng 2007): a plain Newton step from a poor start diverges when the scores span a wide
 * range, because the curvature vanishes where the sigmoid saturates.
 */
export function fitPlatt(scores: ArrayLike<number>, outcomes: ArrayLike<boolean>): Calibration {
  let positives = 0;
  for (let i = 0; i < outcomes.length; i++) if (outcomes[i]) positives++;
  const negatives = outcomes.length - positives;
  // Smoothed targets keep the fit finite when the classes separate perfectly.
  const high = (positives + 1) / (positives + 2);
  const low = 1 / (negatives + 2);
  const target = (i: number) => (outcomes[i] ? high : low);
  const loss = (slope: number, intercept: number) => {
    let total = 0;
    for (let i = 0; i < scores.length; i++) {
      const z = slope * scores[i] + intercept;
      // Cross-entropy against the smoothed target, written to stay finite for large |z|.
      total += (1 - target(i)) * z + softplus(-z);
    }
    return total;
  };
  // Start where every post gets the base rate: the curvature there is well away from zero.
  let slope = 0;
  let intercept = Math.log((positives + 1) / (negatives + 1));
  let current = loss(slope, intercept);
  for (let iteration = 0; iteration < 100; iteration++) {
    let gSlope = 0, gIntercept = 0, hSS = 1e-12, hSI = 0, hII = 1e-12;
    for (let i = 0; i < scores.length; i++) {
      const p = sigmoid(slope * scores[i] + intercept);
      const error = p - target(i);
      const curvature = Math.max(p * (1 - p), 1e-12);
      gSlope += error * scores[i];
      gIntercept += error;
      hSS += curvature * scores[i] * scores[i];
      hSI += curvature * scores[i];
      hII += curvature;
    }
    const determinant = hSS * hII - hSI * hSI;
    if (!(Math.abs(determinant) > 1e-18)) break;
    const dSlope = (hII * gSlope - hSI * gIntercept) / determinant;
    const dIntercept = (hSS * gIntercept - hSI * gSlope) / determinant;
    let step = 1;
    let next = loss(slope - dSlope, intercept - dIntercept);
    while (next > current + 1e-12 && step > 1e-10) {
      step /= 2;
      next = loss(slope - step * dSlope, intercept - step * dIntercept);
    }
    if (next > current + 1e-12) break;
    slope -= step * dSlope;
    intercept -= step * dIntercept;
    const converged = current - next < 1e-12 * Math.max(1, Math.abs(current));
    current = next;
    if (converged) break;
  }
  return { slope, intercept };
}

function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}
