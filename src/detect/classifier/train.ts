// Training, start to finish: vectorise, choose regularisation and class weighting on the dev split, fit the final
// model on the training split, calibrate it on out-of-fold predictions, and quantise it for shipping.
// Pure and deterministic: the same posts, options and seed give the same model, byte for byte.
import type { Label } from '../../domain/decision.js';
import type { NormalizedText } from '../../normalize/index.js';
import { fitPlatt } from './calibration.js';
import { foldScales, naiveBayesScales, scaleColumns } from './naive-bayes-scaling.js';
import type { FeatureConfig } from './features.js';
import { averagePrecision, rocAuc } from './metrics.js';
import { CLASS_COUNT, MODEL_LABELS, violatingLogOdds, type ViolenceModel } from './model.js';
import { fitSoftmax, rowLogits, type LinearWeights } from './softmax-regression.js';
import { seededRandom } from './split.js';
import { selectRows, vectorize, Vocabulary, type SparseRows } from './vectors.js';

export interface LabelledPost {
  id: string;
  normalized: NormalizedText;
  label: Label;
}

export interface TrainingOptions {
  version: string;
  seed: number;
  features: FeatureConfig;
  /**
   * Candidate L2 strengths, class-weight exponents (0 = unweighted, 1 = balanced) and naive-Bayes scaling strengths
   * (0 = none; see naive-bayes-scaling.ts); the best combination on dev wins.
   */
  l2: number[];
  classWeightPower: number[];
  naiveBayes: number[];
  maxIterations: number;
  calibrationFolds: number;
  onProgress?: (done: number, total: number, stage: string) => void;
}

export interface Candidate {
  l2: number;
  classWeightPower: number;
  naiveBayes: number;
  devAveragePrecision: number;
  devRocAuc: number;
}

export interface TrainingResult {
  model: ViolenceModel;
  candidates: Candidate[];
  chosen: Candidate;
}

/** A feature must occur in this many training posts to get a weight. */
const MIN_POSTS_PER_FEATURE = 2;

export const DEFAULT_FEATURES: FeatureConfig = { hashBits: 17, maxWordNgram: 3, minCharNgram: 3, maxCharNgram: 5, maxClassNgram: 3, classWindow: 6, idioms: true };

export function trainViolenceModel(train: LabelledPost[], dev: LabelledPost[], options: TrainingOptions): TrainingResult {
  const vocabulary = new Vocabulary();
  const trainRows = vocabulary.prune(vectorize(train.map((p) => p.normalized), options.features, vocabulary, true), MIN_POSTS_PER_FEATURE);
  const devRows = vectorize(dev.map((p) => p.normalized), options.features, vocabulary, false);
  const labels = Uint8Array.from(train, (p) => MODEL_LABELS.indexOf(p.label));
  const devViolating = dev.map((p) => p.label !== 'none');

  const grid = options.l2.flatMap((l2) =>
    options.classWeightPower.flatMap((classWeightPower) => options.naiveBayes.map((naiveBayes) => ({ l2, classWeightPower, naiveBayes }))),
  );
  const totalFits = grid.length + options.calibrationFolds + 1;
  let fitsDone = 0;
  type Settings = Pick<Candidate, 'l2' | 'classWeightPower' | 'naiveBayes'>;
  const fit = (rows: SparseRows, rowLabels: Uint8Array, settings: Settings, stage: string): LinearWeights => {
    const scales = naiveBayesScales(rows, vocabulary.size, rowLabels, settings.naiveBayes);
    const fitted = fitSoftmax(settings.naiveBayes > 0 ? scaleColumns(rows, scales) : rows, vocabulary.size, rowLabels, classWeights(rowLabels, settings.classWeightPower), {
      l2: settings.l2,
      maxIterations: options.maxIterations,
      onIteration: (iteration) => options.onProgress?.(fitsDone + iteration / options.maxIterations, totalFits, stage),
    });
    return foldScales(fitted, scales);
  };
  const finishFit = (stage: string) => options.onProgress?.(++fitsDone, totalFits, stage);

  const candidates: Candidate[] = grid.map((settings) => {
    const weights = fit(trainRows, labels, settings, `l2=${settings.l2} weights^${settings.classWeightPower} nb=${settings.naiveBayes}`);
    finishFit('choosing');
    const scores = violatingScores(rowLogits(devRows, weights));
    return { ...settings, devAveragePrecision: averagePrecision(scores, devViolating), devRocAuc: rocAuc(scores, devViolating) };
  });
  const chosen = [...candidates].sort((a, b) => b.devAveragePrecision - a.devAveragePrecision || b.devRocAuc - a.devRocAuc)[0];

  // Out-of-fold log-odds for every training post, for the calibration.
  const folds = stratifiedFolds(labels, options.calibrationFolds, seededRandom(options.seed));
  const heldOutScores = new Float64Array(train.length);
  for (let fold = 0; fold < options.calibrationFolds; fold++) {
    const inFold: number[] = [];
    const outOfFold: number[] = [];
    folds.forEach((f, i) => (f === fold ? inFold : outOfFold).push(i));
    const weights = fit(selectRows(trainRows, outOfFold), Uint8Array.from(outOfFold, (i) => labels[i]), chosen, `calibration fold ${fold + 1}`);
    finishFit('calibrating');
    const scores = violatingScores(rowLogits(selectRows(trainRows, inFold), weights));
    inFold.forEach((row, i) => (heldOutScores[row] = scores[i]));
  }
  const calibration = fitPlatt(heldOutScores, Array.from(labels, (label) => MODEL_LABELS[label] !== 'none'));

  const final = fit(trainRows, labels, chosen, 'final model');
  finishFit('done');
  const { weights, scales } = quantise(final, vocabulary, options.features.hashBits);
  const model: ViolenceModel = {
    version: options.version,
    features: options.features,
    weights,
    scales,
    bias: Float64Array.from(final.bias),
    calibration,
    training: {
      seed: options.seed,
      trainPosts: train.length,
      devPosts: dev.length,
      labelCounts: countLabels(train),
      features: vocabulary.size,
      l2: chosen.l2,
      classWeightPower: chosen.classWeightPower,
      naiveBayes: chosen.naiveBayes,
      candidates,
    },
  };
  return { model, candidates, chosen };
}

/** Per-example weights: each class weighted by (n / (classes * count))^power. */
function classWeights(labels: Uint8Array, power: number): Float64Array {
  const counts = new Array<number>(CLASS_COUNT).fill(0);
  for (const label of labels) counts[label]++;
  const present = counts.filter((c) => c > 0).length;
  return Float64Array.from(labels, (label) => Math.pow(labels.length / (present * counts[label]), power));
}

function violatingScores(logits: Float64Array): Float64Array {
  const count = logits.length / CLASS_COUNT;
  return Float64Array.from({ length: count }, (_, i) => violatingLogOdds(logits.subarray(i * CLASS_COUNT, (i + 1) * CLASS_COUNT)));
}

/** Assigns each example to a fold, shuffled by the seed, every label spread evenly over the folds. */
function stratifiedFolds(labels: Uint8Array, folds: number, random: () => number): Int32Array {
  const assignment = new Int32Array(labels.length);
  for (let label = 0; label < CLASS_COUNT; label++) {
    const members: number[] = [];
    labels.forEach((l, i) => l === label && members.push(i));
    for (let i = members.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [members[i], members[j]] = [members[j], members[i]];
    }
    members.forEach((member, i) => (assignment[member] = i % folds));
  }
  return assignment;
}

/** Scatters the compact weights into the hashed table as signed bytes, one scale per class. */
function quantise(fitted: LinearWeights, vocabulary: Vocabulary, hashBits: number): { weights: Int8Array; scales: Float64Array } {
  const scales = new Float64Array(CLASS_COUNT);
  for (let i = 0; i < fitted.weights.length; i++) {
    const k = i % CLASS_COUNT;
    scales[k] = Math.max(scales[k], Math.abs(fitted.weights[i]) / 127);
  }
  const weights = new Int8Array((1 << hashBits) * CLASS_COUNT);
  vocabulary.hashedRows.forEach((row, column) => {
    for (let k = 0; k < CLASS_COUNT; k++) {
      weights[row * CLASS_COUNT + k] = scales[k] > 0 ? Math.round(fitted.weights[column * CLASS_COUNT + k] / scales[k]) : 0;
    }
  });
  return { weights, scales };
}

function countLabels(posts: LabelledPost[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const post of posts) counts[post.label] = (counts[post.label] ?? 0) + 1;
  return counts;
}
