// The decision flow shared by every entry point: assess posts, record post + assessment + platform actions in one
// transaction, and tell the webhook worker there is work. Synchronous assessment (POST /v1/assess) and background
// assessment of accepted posts (POST /v1/items) both go through `record`, so they behave the same.
//
// Extension seam: `hooks.onAssessed` runs inside that same transaction with the transaction's repositories, so a
// later stage (review cases for `review` decisions) commits atomically with the decision that caused it.
import { randomUUID } from 'node:crypto';
import type { Assessor } from '../decide/index.js';
import type { Decision } from '../domain/decision.js';
import { GroupCommit } from '../store/group-commit.js';
import type { AssessmentMode, IncomingItem, OutboxMessage, PendingItem, PlatformAction, Repositories, Store } from '../store/index.js';
import { actionFor, enforcementFor } from './enforcement.js';
import { enforcementSettings } from './account-enforcement.js';
import { postStatement } from '../decide/statement-of-reasons.js';
import type { Policy } from '../domain/policy.js';

export interface AssessedPost {
  item: IncomingItem;
  decision: Decision;
  mode: AssessmentMode;
  /** The action sent to the platform because of this decision, if any. */
  action?: PlatformAction;
}

export interface ModerationHooks {
  /** Inside the recording transaction, after posts, assessments and outbox rows are written. */
  onAssessed?: (posts: AssessedPost[], tx: Repositories) => Promise<void>;
  /**
   * The decisions onAssessed acts on (all, when absent). A group with none of them is recorded without onAssessed, in
   * one statement that is atomic by itself: most posts are allowed, and on PGlite a transaction around that statement
   * costs two more round trips to the database thread.
   */
  concerns?: (decision: Decision) => boolean;
  /** After the transaction committed (metrics, waking the webhook worker). */
  afterCommit?: (posts: AssessedPost[]) => void;
}

interface Entry {
  item: IncomingItem;
  decision: Decision;
  mode: AssessmentMode;
  /** For background assessment: the queue position the decision was made for; a post re-queued since is skipped. */
  queuedSeq?: number;
}

export class Moderation {
  private readonly recorder: GroupCommit<Entry[]>;
  private readonly acceptor: GroupCommit<IncomingItem[]>;

  constructor(
    private readonly store: Store,
    private assessor: Assessor,
    private readonly hooks: ModerationHooks = {},
    private readonly onAccepted: () => void = () => {},
  ) {
    const concurrency = store.driver.kind === 'pglite' ? 1 : 4;
    // Groups of at most a few thousand posts keep each statement's JSON document a few megabytes at most.
    this.recorder = new GroupCommit((groups) => this.record(groups.flat()), concurrency, 2000, (entries) => entries.length);
    // One INSERT statement is atomic by itself: no explicit transaction (two fewer round trips).
    this.acceptor = new GroupCommit(async (groups) => void (await store.items.accept(groups.flat())), concurrency, 5000, (items) => items.length);
  }

  get policy(): Assessor['policy'] {
    return this.assessor.policy;
  }

  /** Switches to a new policy for every assessment from now on. */
  useAssessor(assessor: Assessor): void {
    this.assessor = assessor;
  }

  /** Assesses posts now and resolves with their decisions once post, assessment and actions are committed. */
  async assessNow(items: IncomingItem[]): Promise<Decision[]> {
    const entries = items.map((item) => ({ item, decision: this.assessSafely(item.text), mode: 'sync' as const }));
    await this.recorder.submit(entries);
    return entries.map((entry) => entry.decision);
  }

  /** Durably queues posts for background assessment; resolves only after the commit. */
  async accept(items: IncomingItem[]): Promise<void> {
    await this.acceptor.submit(items);
    this.onAccepted();
  }

  /** Assesses up to `limit` queued posts, oldest first, and waits until they are recorded; returns how many. */
  async assessPending(limit: number): Promise<number> {
    const taken = await this.takeQueued(limit, 0);
    await taken.recorded;
    return taken.count;
  }

  /**
   * Takes up to `limit` queued posts after queue position `afterSeq`, assesses them and hands them to the recorder
   * without waiting for the commit (`recorded` settles then), so the next batch can be assessed meanwhile.
   */
  async takeQueued(limit: number, afterSeq: number): Promise<{ count: number; lastSeq: number; recorded: Promise<void> }> {
    const pending: PendingItem[] = await this.store.items.pending(limit, afterSeq);
    if (pending.length === 0) return { count: 0, lastSeq: afterSeq, recorded: Promise.resolve() };
    const entries = pending.map(({ queuedSeq, ...item }) => ({ item, decision: this.assessSafely(item.text), mode: 'async' as const, queuedSeq }));
    return { count: pending.length, lastSeq: pending[pending.length - 1].queuedSeq, recorded: this.recorder.submit(entries) };
  }

  /** Waits for queued writes to finish (shutdown). */
  async flush(): Promise<void> {
    await Promise.all([this.recorder.idle(), this.acceptor.idle()]);
  }

  /** A post the assessor cannot handle (a bug) goes to a person rather than blocking the queue or passing unseen. */
  private assessSafely(text: string): Decision {
    try {
      return this.assessor.assess(text);
    } catch {
      return {
        action: 'review',
        category: 'none',
        score: 0,
        categoryScores: { threat: 0, incitement: 0, glorification: 0 },
        reasons: [],
        policyVersion: this.assessor.policy.version,
      };
    }
  }

  private async record(entries: Entry[]): Promise<void> {
    const prepared = entries.map((entry) => {
      const enforcement = enforcementFor(entry.decision.action);
      return { ...entry, enforcement, message: actionMessage(entry.item.id, actionFor(enforcement), entry.decision, this.assessor.policy) };
    });
    const write = async (db: Repositories): Promise<AssessedPost[]> => {
      const posts: AssessedPost[] = [];
      // A post named twice in one group is recorded in two rounds, so its second decision sees the first.
      for (const round of rounds(prepared)) {
        const recorded = await db.items.recordAssessments(round);
        round.forEach((entry, index) => {
          if (!recorded.has(index)) return;
          const action = recorded.get(index);
          posts.push({ item: entry.item, decision: entry.decision, mode: entry.mode, ...(action ? { action } : {}) });
        });
      }
      if (hooked) await this.hooks.onAssessed!(posts, db);
      return posts;
    };
    const concerns = this.hooks.concerns ?? (() => true);
    const hooked = this.hooks.onAssessed !== undefined && prepared.some((entry) => concerns(entry.decision));
    // One call is atomic by itself; rounds and hooks need a transaction around them.
    const single = !hooked && new Set(prepared.map((e) => e.item.id)).size === prepared.length;
    const posts = single ? await write(this.store) : await this.store.transaction(write);
    this.hooks.afterCommit?.(posts);
  }
}

/** Splits entries into rounds in which each post appears once, keeping each post's entries in order. */
function rounds<T extends { item: { id: string } }>(entries: T[]): T[][] {
  const result: T[][] = [];
  const seen = new Map<string, number>();
  for (const entry of entries) {
    const round = seen.get(entry.item.id) ?? 0;
    seen.set(entry.item.id, round + 1);
    (result[round] ??= []).push(entry);
  }
  return result;
}

/**
 * The webhook body for one action (Standard Webhooks payload shape: type, timestamp, data). A restriction (remove,
 * hold) carries its statement of reasons when the policy is given.
 */
export function actionMessage(itemId: string, action: PlatformAction, decision: Decision, policy?: Policy): OutboxMessage {
  const restricts = action === 'remove' || action === 'hold';
  const statementOfReasons = policy && restricts ? postStatement(enforcementSettings(policy), { action, decision, decidedAt: new Date() }) : undefined;
  const body = {
    type: `item.${action}`,
    timestamp: new Date().toISOString(),
    data: {
      itemId,
      action,
      decision: { action: decision.action, category: decision.category, score: decision.score, reasons: decision.reasons, policyVersion: decision.policyVersion },
      ...(statementOfReasons ? { statementOfReasons } : {}),
    },
  };
  return { messageId: `msg_${randomUUID()}`, itemId, action, payload: JSON.stringify(body) };
}
