// Measures of a detector against labels: ranking quality (ROC-AUC, PR-AUC), counts at a threshold, agreement between
// labellers. Pure functions over arrays; `vigil train` uses them to choose, `vigil eval` to report.

/** Area under the ROC curve: the chance a random positive outscores a random negative (ties count half). */
export function rocAuc(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number {
  const order = sortedByScore(scores);
  let positives = 0;
  let negatives = 0;
  for (let i = 0; i < positive.length; i++) positive[i] ? positives++ : negatives++;
  if (positives === 0 || negatives === 0) return NaN;
  // Sum of the ranks of positives, with tied scores sharing their mean rank.
  let rankSum = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && scores[order[j]] === scores[order[i]]) j++;
    const meanRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (positive[order[k]]) rankSum += meanRank;
    i = j;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Area under the precision-recall curve as average precision (the step-wise sum scikit-learn reports). */
export function averagePrecision(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number {
  return precisionRecallCurve(scores, positive).reduce((area, point, i, curve) => area + (point.recall - (i > 0 ? curve[i - 1].recall : 0)) * point.precision, 0);
}

export interface CurvePoint {
  threshold: number;
  precision: number;
  recall: number;
}

/** One point per distinct score, from the highest threshold down. */
export function precisionRecallCurve(scores: ArrayLike<number>, positive: ArrayLike<boolean>): CurvePoint[] {
  const order = sortedByScore(scores).reverse();
  let totalPositives = 0;
  for (let i = 0; i < positive.length; i++) if (positive[i]) totalPositives++;
  const curve: CurvePoint[] = [];
  let truePositives = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && scores[order[j]] === scores[order[i]]) {
      if (positive[order[j]]) truePositives++;
      j++;
    }
    curve.push({ threshold: scores[order[i]], precision: truePositives / j, recall: totalPositives ? truePositives / totalPositives : 0 });
    i = j;
  }
  return curve;
}

export interface BinaryCounts {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
}

export function countAt(predicted: ArrayLike<boolean>, positive: ArrayLike<boolean>): BinaryCounts {
  const counts = { truePositives: 0, falsePositives: 0, falseNegatives: 0, trueNegatives: 0 };
  for (let i = 0; i < positive.length; i++) {
    if (predicted[i]) positive[i] ? counts.truePositives++ : counts.falsePositives++;
    else positive[i] ? counts.falseNegatives++ : counts.trueNegatives++;
  }
  return counts;
}

export function precisionRecallF1(counts: BinaryCounts): { precision: number; recall: number; f1: number } {
  const precision = ratio(counts.truePositives, counts.truePositives + counts.falsePositives);
  const recall = ratio(counts.truePositives, counts.truePositives + counts.falseNegatives);
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

/** Cohen's kappa: agreement between two labellers beyond what their label frequencies give by chance. */
export function cohensKappa<T>(first: readonly T[], second: readonly T[]): number {
  const n = first.length;
  if (n === 0 || n !== second.length) return NaN;
  const countsA = new Map<T, number>();
  const countsB = new Map<T, number>();
  let agreed = 0;
  for (let i = 0; i < n; i++) {
    if (first[i] === second[i]) agreed++;
    countsA.set(first[i], (countsA.get(first[i]) ?? 0) + 1);
    countsB.set(second[i], (countsB.get(second[i]) ?? 0) + 1);
  }
  let chance = 0;
  for (const [label, count] of countsA) chance += (count / n) * ((countsB.get(label) ?? 0) / n);
  return chance === 1 ? 1 : (agreed / n - chance) / (1 - chance);
}

/** Precision with nothing predicted is taken as 1 (nothing wrongly flagged); recall with nothing to find as 1. */
function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 1 : numerator / denominator;
}

function sortedByScore(scores: ArrayLike<number>): number[] {
  return Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b] || a - b);
}
