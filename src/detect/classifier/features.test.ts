import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalize } from '../../normalize/index.js';
import { extractFeatures, type FeatureConfig } from './features.js';

const CONFIG: FeatureConfig = { hashBits: 16, maxWordNgram: 3, minCharNgram: 3, maxCharNgram: 5, maxClassNgram: 0, classWindow: 0, idioms: true };

function features(text: string, config = CONFIG): [number, number, number, number][] {
  const buffer = extractFeatures(normalize(text), config);
  return Array.from({ length: buffer.count }, (_, f) => [buffer.rows[f], buffer.values[f], buffer.firstWord[f], buffer.lastWord[f]]);
}

describe('feature extraction', () => {
  it('gives the same features, in the same order, every time', () => {
    const text = 'We will hang the traitors on the 19th. Be ready!';
    assert.deepEqual(features(text), features(text));
  });

  it('reads the normalised text, so evasion spellings give the features of the plain words', () => {
    assert.deepEqual(features('I will K1LL you'), features('i will kill you'));
    assert.deepEqual(features('i will k.i.l.l you'), features('i will kill you'));
  });

  it('emits every word n-gram and character n-gram, each block scaled to unit length', () => {
    const found = features('kill you');
    const wordNgrams = found.filter(([, , first, last]) => last > first);
    assert.equal(wordNgrams.length, 1); // "kill you"; unigrams have first === last like character n-grams
    const words = 3; // "kill", "you", "kill you"
    const chars = (4 + 2 - 2) + (4 + 2 - 3) + (4 + 2 - 4) + (3 + 2 - 2) + (3 + 2 - 3) + (3 + 2 - 4); // 3..5-grams of <kill>, <you>
    assert.equal(found.length, words + chars);
    const norm = (values: number[]) => values.reduce((sum, v) => sum + v * v, 0);
    assert.ok(Math.abs(norm(found.slice(0, words).map(([, v]) => v)) - 1) < 1e-12);
    assert.ok(Math.abs(norm(found.slice(words).map(([, v]) => v)) - 1) < 1e-12);
  });

  it('keeps every row inside the table', () => {
    for (const [row] of features('An ordinary post about lunch, with a link https://example.com/abc?x=1', { ...CONFIG, hashBits: 10 })) {
      assert.ok(row >= 0 && row < 1 << 10);
    }
  });

  it('reads the harm verb of an idiom as another word: "hang" in "hang out" shares no feature with "hang them"', () => {
    const firstWordRows = (text: string, idioms: boolean) =>
      new Set(features(text, { ...CONFIG, idioms }).filter(([, , first, last]) => first === 0 && last === 0).map(([row]) => row));
    const shared = (a: Set<number>, b: Set<number>) => [...a].filter((row) => b.has(row)).length;
    assert.equal(shared(firstWordRows('hang out', true), firstWordRows('hang them', true)), 0);
    // Without: the unigram and the 4 + 3 + 2 character 3- to 5-grams of <hang>.
    assert.equal(shared(firstWordRows('hang out', false), firstWordRows('hang them', false)), 10);
  });

  it('has no features for a post without words', () => {
    assert.deepEqual(features('!!! ...'), []);
  });
});
