import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalize } from '../../normalize/index.js';
import { predict } from './model.js';
import { serializeModel } from './model-file.js';
import { syntheticPosts, testTrainingOptions } from './synthetic-posts.js';
import { trainViolenceModel } from './train.js';

const OPTIONS = testTrainingOptions({ version: 'test.1', seed: 7, l2: [1e-3, 1e-2], calibrationFolds: 3 });

const posts = syntheticPosts();
const train = posts.filter((_, i) => i % 4 !== 0);
const dev = posts.filter((_, i) => i % 4 === 0);

describe('training', () => {
  it('is deterministic: the same posts, options and seed give the same model byte for byte', () => {
    const first = serializeModel(trainViolenceModel(train, dev, OPTIONS).model);
    const second = serializeModel(trainViolenceModel(train, dev, OPTIONS).model);
    assert.equal(first, second);
  });

  it('learns: a threat it has not seen scores above a benign post it has not seen', () => {
    const { model } = trainViolenceModel(train, dev, OPTIONS);
    const threat = predict(model, normalize('i will kill that reporter'));
    const benign = predict(model, normalize('had lunch with the mayor'));
    assert.ok(threat.violating > benign.violating, `${threat.violating} <= ${benign.violating}`);
    assert.ok(threat.violating > 0.5);
    assert.ok(benign.violating < 0.5);
  });

  it('reports every candidate it tried and picks the one with the best dev PR-AUC', () => {
    const { candidates, chosen } = trainViolenceModel(train, dev, { ...OPTIONS, naiveBayes: [0, 1] });
    assert.equal(candidates.length, 4);
    assert.deepEqual(candidates.map((c) => [c.l2, c.naiveBayes]), [[1e-3, 0], [1e-3, 1], [1e-2, 0], [1e-2, 1]]);
    assert.equal(chosen.devAveragePrecision, Math.max(...candidates.map((c) => c.devAveragePrecision)));
  });

  it('reports progress up to completion', () => {
    const seen: number[] = [];
    trainViolenceModel(train, dev, { ...OPTIONS, onProgress: (done, total) => seen.push(done / total) });
    assert.ok(seen.length > 0);
    assert.equal(seen.at(-1), 1);
    assert.ok(seen.every((fraction) => fraction >= 0 && fraction <= 1));
  });
});
