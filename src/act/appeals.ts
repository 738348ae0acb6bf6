// Appeals against removals and account actions. An appeal is decided by a person who did not take the decision
// appealed (a moderator or admin for account actions). Upheld: nothing changes and the author is told. Reversed: the
// post is restored (or the account reinstated), the strike withdrawn, and the decision marked overturned, which
// counts against the detector or reviewer that took it.
import { VigilError } from '../domain/errors.js';
import type { Policy } from '../domain/policy.js';
import type { Reviewer } from '../domain/review.js';
import { EnforcementRepository, type Appeal, type EnforcementDecision } from '../store/enforcement.js';
import type { Repositories } from '../store/index.js';
import type { OutboxMessage } from '../store/outbox.js';
import { accountKey, enforcementSettings, webhookMessage } from './account-enforcement.js';

export interface AppealInput {
  accountId: string;
  /** The post whose removal is appealed, or the id of the decision (a removal or an account action). */
  itemId?: string;
  decisionId?: string;
  statement?: string;
}

export function appealView(appeal: Appeal, decision?: EnforcementDecision) {
  return {
    id: appeal.id,
    status: appeal.status,
    accountId: appeal.accountId,
    decisionId: appeal.decisionId,
    ...(decision ? { decision: { subject: decision.subject, action: decision.action, itemId: decision.itemId, decidedAt: decision.createdAt.toISOString(), overturned: decision.overturnedAt !== null } } : {}),
    statement: appeal.statement,
    needsRole: appeal.needsRole,
    reviewerId: appeal.reviewerId,
    note: appeal.note,
    createdAt: appeal.createdAt.toISOString(),
    decidedAt: appeal.decidedAt?.toISOString() ?? null,
  };
}

export async function fileAppeal(tx: Repositories, policy: Policy, input: AppealInput, now = new Date()): Promise<{ appeal: Appeal; decision: EnforcementDecision }> {
  const enforcement = new EnforcementRepository(tx.sql);
  const decision = input.decisionId ? await enforcement.decision(input.decisionId) : await enforcement.standingRemoval(input.itemId ?? '');
  if (!decision || decision.overturnedAt) {
    throw new VigilError('E_NOT_FOUND', input.decisionId ? `no standing decision "${input.decisionId}"` : `post "${input.itemId}" has no standing removal to appeal`, 404);
  }
  if (decision.accountId !== input.accountId) throw new VigilError('E_FORBIDDEN', `the decision does not concern account "${input.accountId}"`, 403);
  const closesAt = decision.createdAt.getTime() + enforcementSettings(policy).appealWindowSeconds * 1000;
  if (now.getTime() > closesAt) throw new VigilError('E_APPEAL_WINDOW_CLOSED', `the appeal window closed at ${new Date(closesAt).toISOString()}`, 409);
  const appeal = await enforcement.addAppeal({
    decisionId: decision.id,
    accountId: input.accountId,
    statement: input.statement ?? null,
    needsRole: decision.subject === 'account' ? 'moderator' : 'volunteer',
    excludedReviewer: decision.automated ? null : decision.decidedBy,
  });
  return { appeal, decision };
}

export async function decideAppeal(
  tx: Repositories,
  appealId: string,
  reviewer: Reviewer,
  outcome: 'upheld' | 'reversed',
  note: string | null,
  now = new Date(),
): Promise<{ appeal: Appeal; decision: EnforcementDecision; queued: number }> {
  const enforcement = new EnforcementRepository(tx.sql);
  const pending = await enforcement.appeal(appealId, true);
  if (!pending) throw new VigilError('E_NOT_FOUND', `no appeal "${appealId}"`, 404);
  if (pending.status !== 'pending') throw new VigilError('E_APPEAL_CLOSED', `appeal ${appealId} was already ${pending.status}`, 409);
  if (pending.excludedReviewer === reviewer.id) throw new VigilError('E_SAME_REVIEWER', 'the reviewer who took a decision cannot decide its appeal', 403);
  if (pending.needsRole === 'moderator' && reviewer.role === 'volunteer') throw new VigilError('E_FORBIDDEN', 'appeals against account actions are decided by a moderator', 403);
  const decision = (await enforcement.decision(pending.decisionId))!;
  const appeal = await enforcement.decideAppeal(appealId, outcome, reviewer.id, note, now);
  const key = decision.subject === 'post' && decision.itemId ? decision.itemId : accountKey(appeal.accountId);
  const messages: OutboxMessage[] = [];
  if (outcome === 'reversed') {
    await enforcement.overturn(decision.id, appeal.id, now);
    await enforcement.withdrawStrikes(decision.id, now);
    if (decision.subject === 'post' && decision.itemId) {
      await tx.sql.query(`UPDATE items SET enforcement = 'none', updated_at = now() WHERE id = $1`, [decision.itemId]);
      messages.push(webhookMessage(decision.itemId, 'restore', 'item.restore', { itemId: decision.itemId, action: 'restore', appeal: { id: appeal.id, decisionId: decision.id } }));
      // Without its strike the account would not have reached the step this removal took it to: lift it.
      for (const accountAction of await enforcement.accountActionsFrom(decision.itemId, decision.createdAt)) {
        await enforcement.overturn(accountAction.id, appeal.id, now);
        messages.push(reinstatement(appeal, accountAction));
      }
    } else {
      messages.push(reinstatement(appeal, decision));
    }
  }
  messages.push(webhookMessage(key, 'appeal', `appeal.${outcome}`, { ...appealView(appeal, decision), ...(outcome === 'reversed' ? { decisionOverturned: true } : {}) }));
  await tx.outbox.enqueue(messages);
  return { appeal, decision: (await enforcement.decision(decision.id))!, queued: messages.length };
}

function reinstatement(appeal: Appeal, decision: EnforcementDecision): OutboxMessage {
  return webhookMessage(accountKey(appeal.accountId), 'account', 'account.reinstate', {
    accountId: appeal.accountId,
    action: 'reinstate',
    reverses: decision.action,
    decisionId: decision.id,
    appealId: appeal.id,
  });
}
