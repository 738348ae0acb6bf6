export { createAssessor, decide, type Assessor } from './assess.js';
export { parsePolicy } from './policy-file.js';
export { loadPolicy, loadDefaultPolicy, DEFAULT_POLICY_PATH } from './load.js';
