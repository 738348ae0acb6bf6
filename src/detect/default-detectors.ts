// The detectors Vigil runs out of the box for a loaded policy: the policy's rules and the shipped violence model.
import type { LoadedPolicy } from '../decide/load.js';
import { ClassifierDetector, loadShippedModel, type ViolenceModel } from './classifier/index.js';
import type { Detector } from './detector.js';

// The shipped model is an immutable artifact; it is read once per process, however often policies are (re)loaded.
let shippedModel: ViolenceModel | undefined;

export function defaultDetectors(loaded: LoadedPolicy, model: ViolenceModel = (shippedModel ??= loadShippedModel())): Detector[] {
  return [loaded.rules, new ClassifierDetector(model)];
}
