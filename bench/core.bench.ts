// Throughput of the pure core on one core: normalise, then rules, then the full assess (all default detectors).
import { createAssessor, loadDefaultPolicy } from '../src/decide/index.js';
import { defaultDetectors } from '../src/detect/default-detectors.js';
import { normalize } from '../src/normalize/index.js';
import { loadPoolTexts } from './datasets.js';

function postsPerSecond(texts: string[], work: (text: string) => unknown): number {
  for (let i = 0; i < Math.min(texts.length, 5000); i++) work(texts[i]); // warm-up
  const started = performance.now();
  for (const text of texts) work(text);
  return Math.round(texts.length / ((performance.now() - started) / 1000));
}

export function bench(): void {
  const texts = loadPoolTexts();
  if (!texts) return;
  const loaded = loadDefaultPolicy();
  const assessor = createAssessor(loaded.policy, defaultDetectors(loaded));
  console.log(`${texts.length} posts from ../shared/datasets/pool.jsonl, one core`);
  console.log(`normalise:                 ${postsPerSecond(texts, normalize)} posts/s`);
  console.log(`normalise + rules:         ${postsPerSecond(texts, (text) => loaded.rules.detect(normalize(text)))} posts/s`);
  console.log(`normalise + detect + decide (${defaultDetectors(loaded).map((d) => d.name).join(' + ')}): ${postsPerSecond(texts, (text) => assessor.assess(text))} posts/s`);
}
