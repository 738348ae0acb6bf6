// Platt scaling: class weighting and regularisation distort a model's probabilities; a one-dimensional logistic fit
// of held-out log-odds against the true outcome (at the data's real base rate) makes them honest again.
import { sigmoid } from './model.js';

export interface Calibration {
  slope: number;
  intercept: number;
}

/** Fits P(y = 1 | score) = sigmoid(slope * score + intercept) by Newton's method, with Platt's smoothed targets. */
export function fitPlatt(scores: ArrayLike<number>, outcomes: ArrayLike<boolean>): Calibration {
  let positives = 0;
  for (let i = 0; i < outcomes.length; i++) if (outcomes[i]) positives++;
  const negatives = outcomes.length - positives;
  // Smoothed targets keep the fit finite when the classes separate perfectly.
  const high = (positives + 1) / (positives + 2);
  const low = 1 / (negatives + 2);
  let slope = 1;
  let intercept = 0;
  for (let iteration = 0; iteration < 100; iteration++) {
    let gSlope = 0, gIntercept = 0, hSS = 1e-9, hSI = 0, hII = 1e-9;
    for (let i = 0; i < scores.length; i++) {
      const p = sigmoid(slope * scores[i] + intercept);
      const error = p - (outcomes[i] ? high : low);
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
    slope -= dSlope;
    intercept -= dIntercept;
    if (Math.abs(dSlope) + Math.abs(dIntercept) < 1e-10) break;
  }
  return { slope, intercept };
}
