// What the platform must do after a decision, given what it was last told about the post. Only changes are sent:
// a post already removed is not removed twice, and a post that was held or removed and is now allowed (an edit, a
// new policy, later a reviewer) is restored.
import type { Action } from '../domain/decision.js';
import type { Enforcement, PlatformAction } from '../store/index.js';

export interface EnforcementChange {
  enforcement: Enforcement;
  /** The action to send, when the platform must change something. */
  action?: PlatformAction;
}

/** The enforcement a decision calls for. Held: kept from wider view until a person decides. */
export function enforcementFor(decision: Action): Enforcement {
  return decision === 'remove' ? 'removed' : decision === 'review' ? 'held' : 'none';
}

/** The action that tells the platform to move a post to `enforcement`. */
export function actionFor(enforcement: Enforcement): PlatformAction {
  return enforcement === 'removed' ? 'remove' : enforcement === 'held' ? 'hold' : 'restore';
}

/**
 * The enforcement after a decision, and the action to send when it changed. (The store applies the same rule in
 * SQL, against the stored enforcement: vigil_record_assessments.)
 */
export function enforcementAfter(previous: Enforcement, decision: Action): EnforcementChange {
  const enforcement = enforcementFor(decision);
  return enforcement === previous ? { enforcement } : { enforcement, action: actionFor(enforcement) };
}
