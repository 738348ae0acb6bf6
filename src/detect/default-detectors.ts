// The detectors Vigil runs out of the box for a loaded policy.
import type { LoadedPolicy } from '../decide/load.js';
import type { Detector } from './detector.js';

export function defaultDetectors(loaded: LoadedPolicy): Detector[] {
  return [loaded.rules];
}
