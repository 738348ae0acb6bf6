// The violence model: how long the shipped artifact takes to load, and how many posts per second one core scores
// with it, on posts already normalised (the model's own cost) and from raw text through the whole assessment.
import { createAssessor, loadDefaultPolicy } from '../src/decide/index.js';
import { ClassifierDetector, loadShippedModel, predict, SHIPPED_MODEL_PATH } from '../src/detect/classifier/index.js';
import { defaultDetectors } from '../src/detect/default-detectors.js';
import { normalize } from '../src/normalize/index.js';
import { loadPoolTexts } from './datasets.js';

function postsPerSecond<T>(inputs: T[], work: (input: T) => unknown): number {
  for (let i = 0; i < Math.min(inputs.length, 5000); i++) work(inputs[i]); // warm-up
  const started = performance.now();
  for (const input of inputs) work(input);
  return Math.round(inputs.length / ((performance.now() - started) / 1000));
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

  const texts = loadPoolTexts();
  if (!texts) return;
  const normalized = texts.map(normalize);
  const detector = new ClassifierDetector(model);
  const loaded = loadDefaultPolicy();
  const assessor = createAssessor(loaded.policy, defaultDetectors(loaded, model));
  console.log(`${texts.length} posts from ../shared/datasets/pool.jsonl, one core`);
  console.log(`model probability only (normalised posts):        ${postsPerSecond(normalized, (n) => predict(model, n))} posts/s`);
  console.log(`classifier detector with explanations (normalised): ${postsPerSecond(normalized, (n) => detector.detect(n))} posts/s`);
  console.log(`whole assessment from raw text (normalise + rules + model + decide): ${postsPerSecond(texts, (t) => assessor.assess(t))} posts/s`);
}
