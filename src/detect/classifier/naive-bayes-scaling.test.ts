import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MODEL_LABELS } from './model.js';
import { foldScales, naiveBayesScales, scaleColumns } from './naive-bayes-scaling.js';
import { rowLogits } from './softmax-regression.js';
import type { SparseRows } from './vectors.js';

// Four posts over three columns: column 0 only in violating posts, column 1 in every post, column 2 only in benign.
const rows: SparseRows = {
  rowStart: Int32Array.from([0, 2, 4, 6, 8]),
  columns: Int32Array.from([0, 1, 0, 1, 1, 2, 1, 2]),
  values: Float32Array.from([0.5, 0.5, 0.7, 0.3, 0.6, 0.4, 0.2, 0.8]),
};
const label = (name: string) => MODEL_LABELS.indexOf(name as (typeof MODEL_LABELS)[number]);
const labels = Uint8Array.from(['threat', 'incitement', 'none', 'none'].map(label));

describe('naive-Bayes scaling', () => {
  it('scales up the columns that separate violating from benign posts, and leaves a column common to both at 1', () => {
    const scales = naiveBayesScales(rows, 3, labels, 1);
    assert.ok(scales[0] > 1.5, `${scales[0]}`);
    assert.ok(scales[2] > 1.5, `${scales[2]}`);
    assert.ok(Math.abs(scales[1] - 1) < 1e-9, `${scales[1]}`);
  });

  it('does nothing at strength 0', () => {
    assert.deepEqual(Array.from(naiveBayesScales(rows, 3, labels, 0)), [1, 1, 1]);
  });

  it('folds the scales into the weights: raw rows with folded weights score as scaled rows with fitted weights', () => {
    const scales = naiveBayesScales(rows, 3, labels, 2);
    const fitted = { weights: Float64Array.from({ length: 12 }, (_, i) => Math.sin(i + 1)), bias: Float64Array.from([0.1, -0.2, 0.3, 0]) };
    const onScaled = rowLogits(scaleColumns(rows, scales), fitted);
    const onRaw = rowLogits(rows, foldScales(fitted, scales));
    onScaled.forEach((value, i) => assert.ok(Math.abs(value - onRaw[i]) < 1e-6, `${value} vs ${onRaw[i]}`));
  });
});
