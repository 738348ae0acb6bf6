// Report intake: every report, from anyone, is stored and put in front of a person. A report about a post Vigil has
// never seen still opens a case (the post is recorded without text until the platform sends it); reports about the
// same post join its open case and raise its priority (src/review/priority ranks trusted flaggers and authorities
// above users). A reporter repeating a report they already made gets that same report back.
import { CATEGORIES, type Category } from '../domain/decision.js';
import type { Reporter } from '../domain/enforcement.js';
import type { Policy } from '../domain/policy.js';
import { EnforcementRepository } from '../store/enforcement.js';
import type { Store } from '../store/index.js';
import { ReportRepository, type StoredReport } from '../store/reports.js';

export interface ReportInput {
  item: { id?: string; url?: string };
  /** A policy category, or the reporter's own words. */
  reason: string;
  details?: string;
}

/** A free-text reason is ranked as incitement: above glorification, below an explicit threat report. */
export const FREE_TEXT_CATEGORY: Category = 'incitement';

export function reportCategory(reason: string): Category {
  const normalised = reason.trim().toLowerCase();
  return (CATEGORIES as readonly string[]).includes(normalised) ? (normalised as Category) : FREE_TEXT_CATEGORY;
}

/** The post a report names: its id, or (for a URL alone) the URL as the id until the platform says otherwise. */
export function reportedItemId(item: ReportInput['item']): string {
  return item.id ?? `url:${item.url}`;
}

export interface Intake {
  batchId?: string;
  reports: StoredReport[];
}

/**
 * Files reports in one transaction, with a handful of statements however many there are (a bulk report of thousands
 * must not hold the database for long); `bulk` gives them one tracking id. Answers the reports in the order given.
 */
export async function fileReports(store: Store, policy: Policy, reporter: Reporter, keyId: string | null, inputs: ReportInput[], bulk = false): Promise<Intake> {
  return store.transaction(async (tx) => {
    const reports = new ReportRepository(tx.sql);
    const batchId = bulk ? await reports.createBatch(reporter, keyId) : undefined;
    const keyOf = (itemId: string) => `${reporter.kind}:${reporter.id}:${itemId}`;
    const itemIds = inputs.map((input) => reportedItemId(input.item));
    const unique = [...new Set(itemIds)];
    const repeated = await reports.openReportsBy(unique.map((itemId) => ({ reporter, itemId })));
    // A post named twice in one request is one report; a post this reporter already reported is that report.
    const fresh = new Map<string, ReportInput>();
    inputs.forEach((input, i) => {
      if (!repeated.has(keyOf(itemIds[i])) && !fresh.has(itemIds[i])) fresh.set(itemIds[i], input);
    });
    const freshIds = [...fresh.keys()];
    // Cases refer to posts: an unseen post is recorded without text, as already assessed, so nothing queues it; the
    // platform's later POST /v1/items or /v1/assess brings the text and an assessment.
    await tx.sql.query(`INSERT INTO items (id, text, status) SELECT unnest($1::text[]), '', 'assessed' ON CONFLICT (id) DO NOTHING`, [freshIds]);
    const removed = new Set(
      (await tx.sql.query<{ id: string }>(`SELECT id FROM items WHERE id = ANY($1::text[]) AND enforcement = 'removed'`, [freshIds])).map((row) => row.id),
    );
    const reviewed = freshIds.filter((itemId) => !removed.has(itemId));
    const cases = await tx.cases.submit(
      reviewed.map((itemId) => ({ kind: 'report' as const, itemId, reporter: reporter.kind, category: reportCategory(fresh.get(itemId)!.reason) })),
      policy,
      Date.now(),
    );
    const caseOf = new Map(cases.map((reviewCase) => [reviewCase.itemId, reviewCase.id]));
    await reports.startClock(
      reviewed.map((itemId) => {
        const category = reportCategory(fresh.get(itemId)!.reason);
        return { itemId, signal: 'report' as const, category, deadlineSeconds: policy.categories[category].deadlineSeconds, caseId: caseOf.get(itemId) ?? null };
      }),
    );
    const enforcement = new EnforcementRepository(tx.sql);
    const entries = [];
    for (const itemId of freshIds) {
      const input = fresh.get(itemId)!;
      const report = { reporter, keyId, itemId, itemUrl: input.item.url ?? null, reason: input.reason, category: reportCategory(input.reason), details: input.details ?? null, batchId: batchId ?? null };
      if (removed.has(itemId)) {
        // Already removed: the report is actioned at once, with the removal that answered it.
        const removal = await enforcement.standingRemoval(itemId);
        const outcome = { action: 'removed' as const, at: (removal?.createdAt ?? new Date()).toISOString(), ...(removal ? { decisionId: removal.id } : {}) };
        entries.push({ report, status: 'actioned' as const, caseId: null, outcome });
      } else {
        const caseId = caseOf.get(itemId) ?? null;
        entries.push({ report, status: caseId ? ('in_review' as const) : ('received' as const), caseId, outcome: null });
      }
    }
    const filed = new Map((await reports.insertMany(entries)).map((report) => [report.itemId, report]));
    return { ...(batchId ? { batchId } : {}), reports: itemIds.map((itemId) => filed.get(itemId) ?? repeated.get(keyOf(itemId))!) };
  });
}
