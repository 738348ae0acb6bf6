// Loads a policy file and proves it usable: parsed, validated and its rules compiled, or a VigilError naming the line.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { VigilError } from '../domain/errors.js';
import type { Policy } from '../domain/policy.js';
import { RuleCompileError, RuleDetector } from '../detect/rules/rule-detector.js';
import { parsePolicy, policyProblem } from './policy-file.js';

export const DEFAULT_POLICY_PATH = fileURLToPath(new URL('../../../policies/default.yaml', import.meta.url));

export interface LoadedPolicy {
  policy: Policy;
  rules: RuleDetector;
}

/** Parses, validates and compiles a policy given as YAML text. */
export function compilePolicy(yamlText: string, source: string): LoadedPolicy {
  const policy = parsePolicy(yamlText, source);
  try {
    return { policy, rules: new RuleDetector(policy) };
  } catch (error) {
    if (!(error instanceof RuleCompileError)) throw error;
    throw policyProblem(yamlText, source, error.path, error.message);
  }
}

export function loadPolicy(path: string): LoadedPolicy {
  let yamlText: string;
  try {
    yamlText = readFileSync(path, 'utf8');
  } catch (error) {
    throw new VigilError('E_INVALID_POLICY', `cannot read policy ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  return compilePolicy(yamlText, path);
}

export function loadDefaultPolicy(): LoadedPolicy {
  return loadPolicy(DEFAULT_POLICY_PATH);
}
