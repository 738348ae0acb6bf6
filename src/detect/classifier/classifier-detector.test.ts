import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAssessor, loadDefaultPolicy } from '../../decide/index.js';
import { normalize, originalSpan } from '../../normalize/index.js';
import { defaultDetectors } from '../default-detectors.js';
import { ClassifierDetector } from './classifier-detector.js';
import { predict } from './model.js';
import { loadShippedModel } from './model-file.js';
import { syntheticPosts, testTrainingOptions } from './synthetic-posts.js';
import { trainViolenceModel } from './train.js';

const posts = syntheticPosts();
const { model } = trainViolenceModel(posts, posts, testTrainingOptions({ seed: 3, maxIterations: 40 }));

describe('classifier detector', () => {
  it('reports a calibrated probability per category and the n-grams behind it, located in the canonical text', () => {
    const text = normalize('Honestly  I WILL K1LL   the mayor!!');
    const evidence = new ClassifierDetector(model).detect(text);
    const wholePost = evidence.filter((e) => e.start === undefined);
    const located = evidence.filter((e) => e.start !== undefined);
    assert.ok(wholePost.length > 0 && wholePost.every((e) => e.rule === 'violence@0.0.1-test'));
    const probability = wholePost.reduce((sum, e) => sum + e.score, 0);
    assert.ok(Math.abs(probability - predict(model, text).violating) < 1e-9);
    assert.ok(located.length > 0 && located.length <= 3);
    for (const e of located) {
      const ngram = text.text.slice(e.start, e.end);
      assert.equal(e.rule, `violence@0.0.1-test:${JSON.stringify(ngram)}`);
      assert.ok(text.words.join(' ').includes(ngram));
    }
  });

  it('explains with spans of the ORIGINAL text, as rule hits are, through the decision', () => {
    const original = 'Honestly  I WILL K1LL   the mayor!!';
    const loaded = loadDefaultPolicy();
    const decision = createAssessor(loaded.policy, [new ClassifierDetector(model)]).assess(original);
    const located = decision.reasons.filter((r) => r.rule.includes(':'));
    assert.ok(located.length > 0);
    for (const reason of located) {
      assert.ok(reason.start >= 0 && reason.end <= original.length && reason.start < reason.end);
      assert.equal(reason.excerpt, original.slice(reason.start, reason.end));
      // The excerpt, normalised again, is the n-gram named in the rule.
      const ngram = JSON.parse(reason.rule.slice(reason.rule.indexOf(':') + 1)) as string;
      assert.equal(normalize(reason.excerpt).words.join(' '), ngram);
    }
    const k1ll = located.find((r) => r.excerpt.includes('K1LL'));
    assert.ok(k1ll, `no explanation covers "K1LL": ${JSON.stringify(located)}`);
  });

  it('maps canonical spans of evaded words back to what the author typed', () => {
    const text = normalize('i will k.i.l.l you');
    const word = text.words.indexOf('kill');
    assert.deepEqual(originalSpan(text, text.wordStart[word], text.wordEnd[word]), { start: 7, end: 14 });
  });

  it('gives no evidence for a benign post beyond a negligible probability', () => {
    const evidence = new ClassifierDetector(model).detect(normalize('had lunch with the mayor today'));
    assert.ok(evidence.every((e) => e.start === undefined && e.score < 0.5));
  });
});

describe('shipped model', () => {
  const shipped = loadShippedModel();

  it('loads from models/ without the research datasets', () => {
    assert.match(shipped.version, /^\d+\.\d+\.\d+$/);
    assert.equal(shipped.weights.length, (1 << shipped.features.hashBits) * 4);
  });

  it("scores POLICY.md's own examples: violating ones far above benign ones", () => {
    const score = (text: string) => predict(shipped, normalize(text)).violating;
    const threat = score('if they certify this we will drag them out and hang them');
    const benign = score('police say two people were shot downtown');
    assert.ok(threat > 0.5 && benign < 0.1, `threat ${threat}, benign ${benign}`);
    const violating = ["keep talking, I know where you live", "we're coming for you on the 19th, armed", 'someone needs to take him out',
      'traitors should face a firing squad', 'bring your rifles to DC', 'hang them all', 'the shooter is a hero', 'I hope she dies of cancer',
      'would love to see them all burn'].map(score);
    const benignExamples = ['violence is never the answer', 'the 2nd amendment protects our right to bear arms',
      'we must fight this election fraud in the courts', 'I killed it at the gym today'].map(score);
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    assert.ok(mean(violating) > 3 * mean(benignExamples), `violating ${mean(violating)}, benign ${mean(benignExamples)}`);
    assert.ok(benignExamples.every((p) => p < 0.5));
  });

  it('is one of the default detectors, so decisions use it', () => {
    const loaded = loadDefaultPolicy();
    const detectors = defaultDetectors(loaded);
    assert.deepEqual(detectors.map((d) => d.name), ['rules', 'classifier']);
    const decision = createAssessor(loaded.policy, detectors).assess('Someone needs to hang that traitor from the nearest tree.');
    assert.notEqual(decision.action, 'allow');
    assert.ok(decision.reasons.some((r) => r.detector === 'classifier'));
  });
});
