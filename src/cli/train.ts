// `vigil train`: fits the violence model on the gold labels (first pass, or adjudicated) of the training split and writes the artifact.
// Regularisation and class weighting are chosen on the dev split; the dev split itself is never fitted on.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { VigilError } from '../domain/errors.js';
import { SHIPPED_MODEL_VERSION, serializeModel } from '../detect/classifier/model-file.js';
import { isDevPost } from '../detect/classifier/split.js';
import { DEFAULT_FEATURES, trainViolenceModel, type LabelledPost } from '../detect/classifier/train.js';
import { normalize } from '../normalize/index.js';
import { parseCommandArgs, type CommandIo } from './io.js';
import { goldLabels, readLabels, withTexts } from './labelled-posts.js';

const USAGE = `Usage: vigil train [--labels DIR|FILE] [--pool FILE] [--out FILE] [--version V] [--seed N]

  --labels   labels directory or JSONL file              (default data/labels)
  --pool     JSONL of {"id","text"} holding the posts     (default ../shared/datasets/pool.jsonl)
  --out      where to write the model                    (default models/violence.<version>.json)
  --version  model version                               (default ${SHIPPED_MODEL_VERSION})
  --seed     seed for the calibration folds              (default 1)
  --l2       comma-separated L2 strengths to try         (default 1e-5,3e-5,1e-4)
  --class-weight-power  comma-separated exponents to try (default 0.5,1)
  --naive-bayes  comma-separated naive-Bayes scaling strengths to try, 0 = none (default 0,1)
  --iterations  L-BFGS iterations per fit                (default 50)
`;

export async function runTrain(args: string[], io: CommandIo): Promise<number> {
  const options = parseOptions(args);
  if (options.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const started = performance.now();
  const labels = readLabels(options.labels);
  const posts = await withTexts(goldLabels(labels), options.pool);
  const labelled: LabelledPost[] = posts.map((p) => ({ id: p.id, label: p.label, normalized: normalize(p.text) }));
  const train = labelled.filter((p) => !isDevPost(p.id));
  const dev = labelled.filter((p) => isDevPost(p.id));
  io.stdout.write(`training on ${train.length} posts, choosing on ${dev.length} dev posts (${options.labels})\n`);

  const progress = progressBar(io, 'training');
  const result = trainViolenceModel(train, dev, {
    version: options.version,
    seed: options.seed,
    features: DEFAULT_FEATURES,
    l2: options.l2,
    classWeightPower: options.classWeightPower,
    naiveBayes: options.naiveBayes,
    maxIterations: options.iterations,
    calibrationFolds: 5,
    onProgress: (done, total, stage) => progress.update(done, total, stage),
  });
  progress.finish();

  for (const c of result.candidates) {
    const mark = c === result.chosen ? ' <- chosen' : '';
    io.stdout.write(`  l2=${c.l2} class-weight-power=${c.classWeightPower} naive-bayes=${c.naiveBayes}: dev PR-AUC ${c.devAveragePrecision.toFixed(4)} ROC-AUC ${c.devRocAuc.toFixed(4)}${mark}\n`);
  }
  // The time is printed, not stored: the same labels and seed must give the same file, byte for byte.
  const seconds = (performance.now() - started) / 1000;
  const json = serializeModel(result.model);
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, json);
  io.stdout.write(`wrote ${options.out} (${(json.length / 1e6).toFixed(1)} MB) in ${seconds.toFixed(0)} s\n`);
  return 0;
}

interface TrainCommandOptions {
  help: boolean;
  labels: string;
  pool: string;
  out: string;
  version: string;
  seed: number;
  l2: number[];
  classWeightPower: number[];
  naiveBayes: number[];
  iterations: number;
}

function parseOptions(args: string[]): TrainCommandOptions {
  const { values } = parseCommandArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      help: { type: 'boolean', short: 'h' },
      labels: { type: 'string' },
      pool: { type: 'string' },
      out: { type: 'string' },
      version: { type: 'string' },
      seed: { type: 'string' },
      l2: { type: 'string' },
      'class-weight-power': { type: 'string' },
      'naive-bayes': { type: 'string' },
      iterations: { type: 'string' },
    },
  }, USAGE);
  const version = values.version ?? SHIPPED_MODEL_VERSION;
  if (!/^[0-9A-Za-z.+-]+$/.test(version)) throw new VigilError('E_USAGE', `--version "${version}" may hold only letters, digits, ".", "+" and "-"`);
  return {
    help: values.help ?? false,
    labels: values.labels ?? 'data/labels',
    pool: values.pool ?? resolve('../shared/datasets/pool.jsonl'),
    out: values.out ?? `models/violence.${version}.json`,
    version,
    seed: integer(values.seed ?? '1', '--seed'),
    l2: numbers(values.l2 ?? '1e-5,3e-5,1e-4', '--l2'),
    classWeightPower: numbers(values['class-weight-power'] ?? '0.5,1', '--class-weight-power'),
    naiveBayes: numbers(values['naive-bayes'] ?? '0,1', '--naive-bayes'),
    iterations: integer(values.iterations ?? '50', '--iterations'),
  };
}

function integer(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new VigilError('E_USAGE', `${flag} must be a whole number, not "${text}"`);
  return value;
}

function numbers(text: string, flag: string): number[] {
  const values = text.split(',').map(Number);
  if (values.length === 0 || values.some((v) => !Number.isFinite(v) || v < 0)) throw new VigilError('E_USAGE', `${flag} must be comma-separated non-negative numbers, not "${text}"`);
  return values;
}

const BAR_WIDTH = 30;

/** A one-line bar on stderr, drawn only when a person is watching (stderr is a terminal). */
function progressBar(io: CommandIo, title: string): { update(done: number, total: number, label: string): void; finish(): void } {
  const stream = io.stderr;
  if (!stream.isTTY) return { update: () => {}, finish: () => {} };
  const started = Date.now();
  let lastDrawn = 0;
  return {
    update(done, total, label) {
      const now = Date.now();
      if (now - lastDrawn < 100 && done < total) return;
      lastDrawn = now;
      const fraction = total > 0 ? Math.min(1, done / total) : 0;
      const filled = Math.round(fraction * BAR_WIDTH);
      const seconds = ((now - started) / 1000).toFixed(0);
      const line = `${title} [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${seconds}s ${label}`;
      // A terminal that reports no width (0) still gets a line of a sensible length.
      stream.write(`\r\x1b[2K${line.slice(0, Math.max(40, (stream.columns || 100) - 1))}`);
    },
    finish() {
      stream.write('\r\x1b[2K');
    },
  };
}
