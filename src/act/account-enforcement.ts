// What follows a removal beyond the post itself: the decision is recorded with its statement of reasons, the reports
// about the post are resolved (and their reporters told, through the platform), the clock from first flag to removal
// stops, and the author gets a strike that may move their account up the enforcement ladder. Every function runs
// inside the caller's transaction, so all of it commits with the removal that caused it.
import { randomUUID } from 'node:crypto';
import { CATEGORIES, type Category, type Decision } from '../domain/decision.js';
import { DEFAULT_ENFORCEMENT_SETTINGS, type EnforcementSettings, type StatementOfReasons } from '../domain/enforcement.js';
import type { Policy } from '../domain/policy.js';
import { isCredibleThreat, ladderStep, strikeWeight } from '../decide/ladder.js';
import { accountStatement, postStatement } from '../decide/statement-of-reasons.js';
import { EnforcementRepository, newDecisionId } from '../store/enforcement.js';
import type { Repositories } from '../store/index.js';
import type { OutboxKind, OutboxMessage } from '../store/outbox.js';
import { ReportRepository, type StoredReport } from '../store/reports.js';
import type { AssessedPost } from './moderation.js';

export function enforcementSettings(policy: Policy): EnforcementSettings {
  return policy.enforcement ?? { ...DEFAULT_ENFORCEMENT_SETTINGS };
}

/** A webhook message for the outbox. `key` orders delivery: a post id, or "account:<id>". */
export function webhookMessage(key: string, kind: OutboxKind, type: string, data: Record<string, unknown>): OutboxMessage {
  return { messageId: `msg_${randomUUID()}`, itemId: key, action: kind, payload: JSON.stringify({ type, timestamp: new Date().toISOString(), data }) };
}

export const accountKey = (accountId: string) => `account:${accountId}`;

export function reportView(report: StoredReport) {
  return {
    id: report.id,
    status: report.status,
    reporter: report.reporter,
    item: { id: report.itemId, ...(report.itemUrl ? { url: report.itemUrl } : {}) },
    reason: report.reason,
    category: report.category,
    ...(report.details ? { details: report.details } : {}),
    ...(report.batchId ? { bulkId: report.batchId } : {}),
    caseId: report.caseId,
    outcome: report.outcome,
    reportedAt: report.createdAt.toISOString(),
    resolvedAt: report.resolvedAt?.toISOString() ?? null,
  };
}

/** Tells the platform that these reports changed status, so it can tell the people who filed them. */
export function reportStatusMessages(reports: StoredReport[]): OutboxMessage[] {
  return reports.map((report) => webhookMessage(report.itemId, 'report', 'report.status', reportView(report)));
}

export interface PostRemoval {
  itemId: string;
  author: string | null;
  decision: Pick<Decision, 'category' | 'score' | 'reasons' | 'policyVersion'>;
  /** The reviewer who removed it; absent when the machine did. */
  reviewerId?: string;
}

/** The detector or reviewer a decision is counted against when it is overturned. */
export function decidedBy(removal: PostRemoval): string {
  return removal.reviewerId ?? `vigil:${removal.decision.reasons[0]?.detector ?? 'detectors'}`;
}

/**
 * Records removals and all that follows them; returns the outbox messages queued (0 means nothing to deliver). A
 * handful of statements for the whole group, however many posts it removes: it runs inside the recording transaction.
 */
export async function recordRemovals(tx: Repositories, policy: Policy, removals: PostRemoval[], now = new Date()): Promise<number> {
  if (removals.length === 0) return 0;
  const settings = enforcementSettings(policy);
  const enforcement = new EnforcementRepository(tx.sql);
  const reports = new ReportRepository(tx.sql);
  const decisionIds = removals.map(() => newDecisionId());
  await reports.stopClock(removals.map((r) => r.itemId));
  const resolved = await reports.resolveEach(
    removals.map((removal, i) => ({ itemId: removal.itemId, status: 'actioned' as const, outcome: { action: 'removed' as const, at: now.toISOString(), decisionId: decisionIds[i] } })),
  );
  const reported = new Set(resolved.map((report) => report.itemId));
  const decisions: Parameters<EnforcementRepository['addDecisions']>[0] = removals.map((removal, i) => ({
    id: decisionIds[i],
    subject: 'post',
    itemId: removal.itemId,
    accountId: removal.author,
    action: 'remove',
    category: removal.decision.category,
    decidedBy: decidedBy(removal),
    automated: removal.reviewerId === undefined,
    until: null,
    statement: postStatement(settings, { action: 'remove', decision: removal.decision, reviewerId: removal.reviewerId, reported: reported.has(removal.itemId), decidedAt: now }),
  }));
  const messages = reportStatusMessages(resolved);

  // Strikes, in the order of the removals, each moving its author's points and perhaps up the ladder.
  const striking = removals.map((removal, i) => ({ ...removal, decisionId: decisionIds[i] })).filter((r): r is typeof r & { author: string } => r.author !== null && r.decision.category !== 'none');
  const points = await enforcement.activePoints([...new Set(striking.map((r) => r.author))], now);
  const strikes: Parameters<EnforcementRepository['addStrikes']>[0] = [];
  for (const removal of striking) {
    const category = removal.decision.category as Category;
    const weight = strikeWeight(settings, category);
    strikes.push({ accountId: removal.author, itemId: removal.itemId, decisionId: removal.decisionId, category, weight, expiresAt: new Date(now.getTime() + settings.strikeExpirySeconds * 1000) });
    const total = (points.get(removal.author) ?? 0) + weight;
    points.set(removal.author, total);
    const action = accountAction(settings, { ...removal, category }, total, now);
    if (action) {
      decisions.push(action.decision);
      messages.push(action.message);
    }
  }
  await enforcement.addDecisions(decisions, now);
  await enforcement.addStrikes(strikes, now);
  await tx.outbox.enqueue(messages);
  return messages.length;
}

/** A person found no violation: the reports are resolved as such and the clock stops. */
export async function recordAllowed(tx: Repositories, itemIds: string[]): Promise<number> {
  const reports = new ReportRepository(tx.sql);
  await reports.stopClock(itemIds, false);
  const messages = reportStatusMessages(await reports.resolve(itemIds, 'no_violation', { action: 'allowed', at: new Date().toISOString() }));
  await tx.outbox.enqueue(messages);
  return messages.length;
}

/** The account action the ladder calls for at `points`, with its decision and webhook, if any. */
function accountAction(settings: EnforcementSettings, removal: PostRemoval & { author: string; category: Category }, points: number, now: Date) {
  const { author, category, itemId } = removal;
  // Credibility is the machine's score for the post; a reviewer's removal confirms the violation, not that a threat is
  // credible enough to skip steps.
  const violation = { category, score: removal.decision.score };
  const step = ladderStep(settings, points, violation);
  if (!step) return undefined;
  const until = step.durationSeconds === undefined ? undefined : new Date(now.getTime() + step.durationSeconds * 1000);
  const statement = accountStatement(settings, {
    action: step.action,
    until,
    points,
    category,
    itemId,
    policyVersion: removal.decision.policyVersion,
    automated: removal.reviewerId === undefined,
    credibleThreat: isCredibleThreat(settings, violation),
    decidedAt: now,
  });
  const id = newDecisionId();
  return {
    decision: { id, subject: 'account' as const, itemId, accountId: author, action: step.action, category, decidedBy: 'vigil:enforcement-ladder', automated: true, until: until ?? null, statement },
    message: webhookMessage(accountKey(author), 'account', `account.${step.action}`, {
      accountId: author,
      action: step.action,
      until: until?.toISOString() ?? null,
      decisionId: id,
      strikePoints: points,
      statementOfReasons: statement,
    }),
  };
}

/**
 * The moderation hook (inside the recording transaction): machine removals are recorded and followed up, and the
 * clock starts for every post the machine flags (review or remove).
 */
export function enforcementHook(policy: () => Policy): (posts: AssessedPost[], tx: Repositories) => Promise<void> {
  return async (posts, tx) => {
    const current = policy();
    const flagged = posts.filter((post) => post.decision.action !== 'allow' && post.decision.category !== 'none');
    if (flagged.length === 0) return;
    await new ReportRepository(tx.sql).startClock(
      flagged.map((post) => {
        const category = post.decision.category as Category;
        return { itemId: post.item.id, signal: 'detection' as const, category, deadlineSeconds: current.categories[category].deadlineSeconds };
      }),
    );
    const removals = posts.filter((post) => post.action === 'remove').map((post) => ({ itemId: post.item.id, author: post.item.author ?? null, decision: post.decision }));
    await recordRemovals(tx, current, removals);
    // A case open for a post the machine has now removed is closed as the detector's decision, not handed to a reviewer.
    await tx.cases.closeRemoved(removals.map((removal) => ({ itemId: removal.itemId, decidedBy: decidedBy(removal) })), Date.now());
  };
}

type MachineDecision = Pick<Decision, 'category' | 'score' | 'reasons' | 'policyVersion'>;

/** A reviewer's removal: their reason (a category or a rule of the policy) is the ground, the machine's evidence the facts. */
export function reviewedRemoval(policy: Policy, reasonId: string, machine?: MachineDecision): MachineDecision {
  const ruleCategory = policy.rules.find((rule) => rule.id === reasonId)?.category;
  const category = (CATEGORIES as readonly string[]).includes(reasonId) ? (reasonId as Category) : (ruleCategory ?? machine?.category ?? 'none');
  return { score: 0, reasons: [], ...machine, policyVersion: policy.version, category };
}

/** The statement of reasons for a removal a reviewer decided. */
export function reviewStatement(policy: Policy, input: { reviewerId: string; reasonId: string; machine?: MachineDecision }): StatementOfReasons {
  const decision = reviewedRemoval(policy, input.reasonId, input.machine);
  return postStatement(enforcementSettings(policy), { action: 'remove', decision, reviewerId: input.reviewerId, decidedAt: new Date() });
}

/**
 * After a reviewer's final decision (inside its transaction, after the platform action is queued): a removal is
 * recorded and followed up like a machine one, but decided by the reviewer; an allow resolves the reports as no
 * violation. Returns how many messages were queued.
 */
export async function afterReviewDecision(
  tx: Repositories,
  policy: Policy,
  input: { itemId: string; action: 'remove' | 'allow'; reviewerId: string; reasonId: string; removedNow: boolean; machine?: MachineDecision },
): Promise<number> {
  if (input.action === 'allow') return recordAllowed(tx, [input.itemId]);
  if (!input.removedNow) return 0;
  const item = await tx.items.get(input.itemId, 0);
  const decision = reviewedRemoval(policy, input.reasonId, input.machine);
  return recordRemovals(tx, policy, [{ itemId: input.itemId, author: item?.author ?? null, decision, reviewerId: input.reviewerId }]);
}
