// The contract every detector fulfils: normalised text in, evidence out. Detectors never decide; the policy does.
import type { Evidence } from '../domain/decision.js';
import type { NormalizedText } from '../normalize/index.js';

export interface Detector {
  /** Stable name shown in reasons, e.g. "rules" or "classifier". */
  readonly name: string;
  detect(text: NormalizedText): Evidence[];
}
