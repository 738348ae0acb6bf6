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

export function enforcementAfter(previous: Enforcement, decision: Action): EnforcementChange {
  switch (decision) {
    case 'remove':
      return previous === 'removed' ? { enforcement: 'removed' } : { enforcement: 'removed', action: 'remove' };
    case 'review':
      // Held: kept from wider view until a person decides. A removed post whose new assessment only asks for review
      // is held rather than restored.
      return previous === 'held' ? { enforcement: 'held' } : { enforcement: 'held', action: 'hold' };
    case 'allow':
      return previous === 'none' ? { enforcement: 'none' } : { enforcement: 'none', action: 'restore' };
  }
}
