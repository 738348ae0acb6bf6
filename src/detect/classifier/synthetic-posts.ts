// A tiny, made-up labelled set for tests: obvious threats, calls to violence, glorification and benign posts, built
// from templates so that the tests run without ../shared and in well under a second.
import type { Label } from '../../domain/decision.js';
import { normalize } from '../../normalize/index.js';
import type { LabelledPost, TrainingOptions } from './train.js';

const TARGETS = ['you', 'him', 'her', 'them', 'the mayor', 'that reporter'];
const TEMPLATES: Record<Label, string[]> = {
  threat: ['i will kill {t} tonight', 'we are going to hang {t}', 'i know where {t} live and i will shoot {t}'],
  incitement: ['someone should shoot {t}', '{t} must be executed', 'grab your rifles and go after {t}'],
  glorification: ['i hope {t} dies', 'the shooter who got {t} is a hero', 'would love to see {t} burn'],
  none: ['i love {t} so much', 'had lunch with {t} today', 'this workout killed me lol', 'police say two were shot downtown', 'the game with {t} was great'],
};

export function syntheticPosts(): LabelledPost[] {
  const posts: LabelledPost[] = [];
  for (const [label, templates] of Object.entries(TEMPLATES) as [Label, string[]][]) {
    templates.forEach((template, i) =>
      TARGETS.forEach((target, j) => {
        const text = template.replaceAll('{t}', target);
        posts.push({ id: `${label}-${i}-${j}`, label, normalized: normalize(text) });
      }),
    );
  }
  return posts;
}

/** Training options small enough for tests: a tiny table, one candidate, few iterations. */
export function testTrainingOptions(overrides: Partial<TrainingOptions> = {}): TrainingOptions {
  return {
    version: '0.0.1-test',
    seed: 1,
    features: { hashBits: 12, maxWordNgram: 2, minCharNgram: 3, maxCharNgram: 4, maxClassNgram: 2, classWindow: 3, idioms: true },
    l2: [1e-3],
    classWeightPower: [1],
    naiveBayes: [0],
    maxIterations: 30,
    calibrationFolds: 2,
    ...overrides,
  };
}
