import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VigilError } from '../../domain/errors.js';
import { normalize } from '../../normalize/index.js';
import { predict } from './model.js';
import { parseModel, serializeModel } from './model-file.js';
import { syntheticPosts, testTrainingOptions } from './synthetic-posts.js';
import { trainViolenceModel } from './train.js';

const posts = syntheticPosts();
const { model } = trainViolenceModel(
  posts,
  posts.slice(0, 20),
  testTrainingOptions({ features: { ...testTrainingOptions().features, hashBits: 10 }, l2: [1e-2], maxIterations: 20 }),
);

describe('model file', () => {
  it('round-trips: a parsed model scores every post exactly as the one serialised', () => {
    const copy = parseModel(serializeModel(model));
    assert.equal(copy.version, model.version);
    assert.deepEqual(copy.features, model.features);
    for (const text of ['i will kill you', 'lovely day at the beach', 'someone should hang them', '']) {
      assert.deepEqual(predict(copy, normalize(text)), predict(model, normalize(text)));
    }
    assert.equal(serializeModel(copy), serializeModel(model));
  });

  it('rejects what is not a model with E_INVALID_MODEL', () => {
    const valid = JSON.parse(serializeModel(model)) as Record<string, unknown>;
    const broken: unknown[] = [
      'not json',
      { ...valid, format: 'something-else' },
      { ...valid, labels: ['none', 'threat'] },
      { ...valid, weights: { ...(valid.weights as object), data: 'AAAA' } },
      { ...valid, bias: [1, 2] },
      { ...valid, calibration: { slope: 'steep' } },
      { ...valid, features: { ...(valid.features as object), hashBits: 40 } },
    ];
    for (const file of broken) {
      assert.throws(
        () => parseModel(typeof file === 'string' ? file : JSON.stringify(file), 'test-model'),
        (error: unknown) => error instanceof VigilError && error.code === 'E_INVALID_MODEL' && error.message.startsWith('test-model: '),
      );
    }
  });
});
