// A tiny, made-up labelled set for tests: obvious threats, calls to violence, glorification and benign posts, built
// from templates so that the tests run without ../shared and in well under a second.
import type { Label } from '../../domain/decision.js';
import { normalize } from '../../normalize/index.js';
import type { LabelledPost } from './train.js';

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
