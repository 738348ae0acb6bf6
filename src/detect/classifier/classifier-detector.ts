// The trained model as a detector. It reports, for each category, the calibrated probability of the whole post
// (evidence without a span) and, to explain it, the n-grams that pushed the top category most, located in the text
// like rule hits. The policy counts the probabilities; the located n-grams only show why.
import { CATEGORIES, type Evidence } from '../../domain/decision.js';
import type { NormalizedText } from '../../normalize/index.js';
import type { Detector } from '../detector.js';
import { FeatureBuffer } from './features.js';
import { predict, topContributions, type ViolenceModel } from './model.js';

export const CLASSIFIER_DETECTOR = 'classifier';

export interface ClassifierOptions {
  /** How many n-grams explain a score; 0 to skip explanations. */
  explanations?: number;
  /** Below this probability of violating, the post is not worth explaining. */
  explainFrom?: number;
}

export class ClassifierDetector implements Detector {
  readonly name = CLASSIFIER_DETECTOR;
  private readonly explanations: number;
  private readonly explainFrom: number;
  // Scratch space for one post's features, reused: detection is synchronous, so posts never share it at once.
  private readonly features = new FeatureBuffer();

  constructor(
    readonly model: ViolenceModel,
    options: ClassifierOptions = {},
  ) {
    this.explanations = options.explanations ?? 3;
    this.explainFrom = options.explainFrom ?? 0.05;
  }

  detect(text: NormalizedText): Evidence[] {
    const prediction = predict(this.model, text, this.features);
    const rule = `violence@${this.model.version}`;
    const evidence: Evidence[] = CATEGORIES.map((category) => ({ detector: this.name, rule, category, score: prediction.categories[category] }));
    if (this.explanations === 0 || prediction.violating < this.explainFrom) return evidence;
    // The same n-gram may occur twice; it is shown once, where it counted most.
    const contributions = topContributions(this.model, text, prediction, this.features, this.explanations * 3);
    const shown = new Map<string, (typeof contributions)[number]>();
    for (const contribution of contributions) {
      const ngram = text.text.slice(text.wordStart[contribution.firstWord], text.wordEnd[contribution.lastWord]);
      if (!shown.has(ngram) && shown.size < this.explanations) shown.set(ngram, contribution);
    }
    const total = [...shown.values()].reduce((sum, c) => sum + c.weight, 0);
    for (const [ngram, { firstWord, weight, lastWord }] of shown) {
      const start = text.wordStart[firstWord];
      const end = text.wordEnd[lastWord];
      evidence.push({
        detector: this.name,
        rule: `${rule}:${JSON.stringify(ngram)}`,
        category: prediction.top,
        // The share of the top category's probability this n-gram accounts for, among those shown.
        score: (prediction.categories[prediction.top] * weight) / total,
        start,
        end,
      });
    }
    return evidence;
  }
}
