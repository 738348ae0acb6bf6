// The model artifact: one JSON file, models/violence.<version>.json, that holds everything needed to score a post
// (feature settings, quantised weights as base64, biases, calibration) and how it was trained. Validated on load.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { VigilError } from '../../domain/errors.js';
import { MAX_SPAN_WORDS, type FeatureConfig } from './features.js';
import { CLASS_COUNT, MODEL_LABELS, type ViolenceModel } from './model.js';

export const MODEL_FORMAT = 'vigil-violence-model/1';

/** The model that ships with Vigil; bump with each retrained model committed under models/. */
export const SHIPPED_MODEL_VERSION = '1.2.0';
export const SHIPPED_MODEL_PATH = fileURLToPath(new URL(`../../../../models/violence.${SHIPPED_MODEL_VERSION}.json`, import.meta.url));

interface ModelFile {
  format: typeof MODEL_FORMAT;
  version: string;
  labels: string[];
  features: FeatureConfig;
  weights: { encoding: 'int8-base64'; scales: number[]; data: string };
  bias: number[];
  calibration: { slope: number; intercept: number };
  training: Record<string, unknown>;
}

export function serializeModel(model: ViolenceModel): string {
  const file: ModelFile = {
    format: MODEL_FORMAT,
    version: model.version,
    labels: [...MODEL_LABELS],
    features: model.features,
    weights: {
      encoding: 'int8-base64',
      scales: Array.from(model.scales),
      data: Buffer.from(model.weights.buffer, model.weights.byteOffset, model.weights.byteLength).toString('base64'),
    },
    bias: Array.from(model.bias),
    calibration: model.calibration,
    training: model.training,
  };
  return JSON.stringify(file, null, 2) + '\n';
}

export function parseModel(json: string, source = 'model'): ViolenceModel {
  let file: Partial<ModelFile>;
  try {
    file = JSON.parse(json) as Partial<ModelFile>;
  } catch {
    throw invalid(source, 'not valid JSON');
  }
  if (file.format !== MODEL_FORMAT) throw invalid(source, `format must be "${MODEL_FORMAT}"`);
  if (typeof file.version !== 'string' || !/^[0-9A-Za-z.+-]+$/.test(file.version)) throw invalid(source, 'version must be a string such as "1.0.0"');
  if (JSON.stringify(file.labels) !== JSON.stringify(MODEL_LABELS)) throw invalid(source, `labels must be ${JSON.stringify(MODEL_LABELS)}`);
  const features = file.features;
  if (
    !features ||
    !isInteger(features.hashBits, 8, 24) ||
    !isInteger(features.maxWordNgram, 1, 5) ||
    !isInteger(features.minCharNgram, 1, 8) ||
    !isInteger(features.maxCharNgram, features.minCharNgram, 8) ||
    !isInteger(features.maxClassNgram, 0, 5) ||
    !isInteger(features.classWindow, 0, MAX_SPAN_WORDS - 1) ||
    !(features.idioms === undefined || typeof features.idioms === 'boolean')
  ) {
    throw invalid(source, `features must give hashBits (8-24), maxWordNgram (1-5), minCharNgram <= maxCharNgram (1-8), maxClassNgram (0-5), classWindow (0-${MAX_SPAN_WORDS - 1}), idioms (true/false)`);
  }
  const weights = file.weights;
  if (!weights || weights.encoding !== 'int8-base64' || typeof weights.data !== 'string' || !isNumbers(weights.scales, CLASS_COUNT)) {
    throw invalid(source, 'weights must be {"encoding": "int8-base64", "scales": [4 numbers], "data": base64}');
  }
  const bytes = Buffer.from(weights.data, 'base64');
  if (bytes.length !== (1 << features.hashBits) * CLASS_COUNT) throw invalid(source, `weights hold ${bytes.length} bytes, expected 2^hashBits * ${CLASS_COUNT}`);
  if (!isNumbers(file.bias, CLASS_COUNT)) throw invalid(source, 'bias must be 4 numbers');
  const calibration = file.calibration;
  if (!calibration || !Number.isFinite(calibration.slope) || !Number.isFinite(calibration.intercept)) throw invalid(source, 'calibration must give slope and intercept');
  return {
    version: file.version,
    features: {
      hashBits: features.hashBits,
      maxWordNgram: features.maxWordNgram,
      minCharNgram: features.minCharNgram,
      maxCharNgram: features.maxCharNgram,
      maxClassNgram: features.maxClassNgram,
      classWindow: features.classWindow,
      // Models made before idioms were features (1.1.0 and older) hashed every word as itself.
      idioms: features.idioms ?? false,
    },
    weights: new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length),
    scales: Float64Array.from(weights.scales),
    bias: Float64Array.from(file.bias as number[]),
    calibration: { slope: calibration.slope, intercept: calibration.intercept },
    training: typeof file.training === 'object' && file.training !== null ? file.training : {},
  };
}

export function loadModel(path: string): ViolenceModel {
  let json: string;
  try {
    json = readFileSync(path, 'utf8');
  } catch (error) {
    throw new VigilError('E_INVALID_MODEL', `cannot read model ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  return parseModel(json, path);
}

export function loadShippedModel(): ViolenceModel {
  return loadModel(SHIPPED_MODEL_PATH);
}

function invalid(source: string, message: string): VigilError {
  return new VigilError('E_INVALID_MODEL', `${source}: ${message}`);
}

function isInteger(value: unknown, min: number, max: number): value is number {
  return Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
}

function isNumbers(value: unknown, length: number): value is number[] {
  return Array.isArray(value) && value.length === length && value.every((v) => Number.isFinite(v));
}
