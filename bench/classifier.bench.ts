// The violence model: how long the shipped artifact takes to load, and how many posts per second one core scores
// with it, on posts already normalised (the model's own cost) and from raw text through the whole assessment.
import { createAssessor, loadDefaultPolicy } from '../src/decide/index.js';
import { ClassifierDetector, loadShippedModel, predict, SHIPPED_MODEL_PATH } from '../src/detect/classifier/index.js';
import { FeatureBuffer } from '../src/detect/classifier/features.js';
import { defaultDetectors } from '../src/detect/default-detectors.js';
import { normalize } from '../src/normalize/index.js';
import { loadPoolTexts } from './datasets.js';

/** Best of five passes: on a shared machine the fastest pass is the closest to what one free core does. */
function postsPerSecond<T>(inputs: T[], work: (input: T) => unknown): number {
  for (let i = 0; i < Math.min(inputs.length, 5000); i++) work(inputs[i]); // warm-up
  let best = 0;
  for (let pass = 0; pass < 5; pass++) {
    const started = performance.now();
    for (const input of inputs) work(input);
    best = Math.max(best, inputs.length / ((performance.now() - started) / 1000));
  }
  return Math.round(best);
}

export function bench(): void {
  const loads: number[] = [];
  let model = loadShippedModel();
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    model = loadShippedModel();
    loads.push(performance.now() - started);
  }
  loads.sort((a, b) => a - b);
  console.log(`model ${model.version} (${SHIPPED_MODEL_PATH}): load ${loads[2].toFixed(0)} ms (median of 5)`);

  // A fixed sample of 30,000 posts keeps three passes of each measure short.
  const texts = loadPoolTexts()?.filter((_, i) => i % 3 === 0);
  if (!texts) return;
  const normalized = texts.map(normalize);
  const detector = new ClassifierDetector(model);
  const loaded = loadDefaultPolicy();
  const assessor = createAssessor(loaded.policy, defaultDetectors(loaded, model));
  console.log(`${texts.length} posts (every third) from ../shared/datasets/pool.jsonl, one core, best of 5 passes`);
  const features = new FeatureBuffer(); // reused from post to post, as the detector does
  console.log(`model probability only (normalised posts):        ${postsPerSecond(normalized, (n) => predict(model, n, features))} posts/s`);
  console.log(`classifier detector with explanations (normalised): ${postsPerSecond(normalized, (n) => detector.detect(n))} posts/s`);
  console.log(`whole assessment from raw text (normalise + rules + model + decide): ${postsPerSecond(texts, (t) => assessor.assess(t))} posts/s`);
}
