// Which policy the server enforces. The store keeps every version ever activated; the newest is active. At first
// start the shipped default policy (or the configured file) becomes version one of that history.
import { createAssessor, type Assessor } from '../decide/index.js';
import { compilePolicy, DEFAULT_POLICY_PATH, type LoadedPolicy } from '../decide/load.js';
import { defaultDetectors } from '../detect/default-detectors.js';
import { VigilError } from '../domain/errors.js';
import type { Store, StoredPolicy } from '../store/index.js';
import { readFileSync } from 'node:fs';

export interface ActivePolicy {
  stored: StoredPolicy;
  assessor: Assessor;
  changed: boolean;
}

export function assessorFor(loaded: LoadedPolicy): Assessor {
  return createAssessor(loaded.policy, defaultDetectors(loaded));
}

/** Validates YAML as a policy and makes it the active version (a VigilError E_INVALID_POLICY names the line). */
export async function activatePolicy(store: Store, yaml: string, source: string, uploadedBy: string | null): Promise<ActivePolicy> {
  const loaded = compilePolicy(yaml, source);
  const { policy, changed } = await store.policies.activate(loaded.policy.version, loaded.policy.name, yaml, uploadedBy);
  return { stored: policy, assessor: assessorFor(loaded), changed };
}

/**
 * The policy to enforce at start: `configuredPath` when given (activated if it differs from the active one), else the
 * stored active policy, else the shipped default.
 */
export async function startupPolicy(store: Store, configuredPath?: string): Promise<ActivePolicy> {
  const active = await store.policies.active();
  if (configuredPath === undefined && active) {
    return { stored: active, assessor: assessorFor(compilePolicy(active.yaml, `stored policy ${active.version}`)), changed: false };
  }
  const path = configuredPath ?? DEFAULT_POLICY_PATH;
  let yaml: string;
  try {
    yaml = readFileSync(path, 'utf8');
  } catch (error) {
    throw new VigilError('E_INVALID_POLICY', `cannot read policy ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  if (active && active.yaml === yaml) return { stored: active, assessor: assessorFor(compilePolicy(yaml, path)), changed: false };
  return activatePolicy(store, yaml, path, null);
}

/**
 * Servers sharing one PostgreSQL see a policy activated through any of them: this returns the assessor for the
 * stored active policy when it is not `currentVersion`, else undefined.
 */
export async function newerPolicy(store: Store, currentVersion: string): Promise<Assessor | undefined> {
  const active = await store.policies.active();
  if (!active || active.version === currentVersion) return undefined;
  return assessorFor(compilePolicy(active.yaml, `stored policy ${active.version}`));
}
