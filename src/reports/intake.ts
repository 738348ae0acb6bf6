// Report intake: every report, from anyone, is stored and put in front of a person. A report about a post Vigil has
// never seen still opens a case (the post is recorded without text until the platform sends it); reports about the
// same post join its open case and raise its priority (src/review/priority ranks trusted flaggers and authorities
// above users). A reporter repeating a report they already made gets that same report back.
import { CATEGORIES, type Category } from '../domain/decision.js';
import type { Reporter } from '../domain/enforcement.js';
import type { Policy } from '../domain/policy.js';
import { EnforcementRepository } from '../store/enforcement.js';
import type { Repositories, Store } from '../store/index.js';
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

/** Files reports in one transaction; `bulk` gives them one tracking id. */
export async function fileReports(store: Store, policy: Policy, reporter: Reporter, keyId: string | null, inputs: ReportInput[], bulk = false): Promise<Intake> {
  return store.transaction(async (tx) => {
    const reports = new ReportRepository(tx.sql);
    const batchId = bulk ? await reports.createBatch(reporter, keyId) : undefined;
    const filed: StoredReport[] = [];
    for (const input of inputs) filed.push(await fileOne(tx, reports, policy, reporter, keyId, input, batchId ?? null));
    return { ...(batchId ? { batchId } : {}), reports: filed };
  });
}

async function fileOne(tx: Repositories, reports: ReportRepository, policy: Policy, reporter: Reporter, keyId: string | null, input: ReportInput, batchId: string | null): Promise<StoredReport> {
  const itemId = reportedItemId(input.item);
  const repeated = await reports.openReportBy(reporter, itemId);
  if (repeated) return repeated;
  const category = reportCategory(input.reason);
  const report = { reporter, keyId, itemId, itemUrl: input.item.url ?? null, reason: input.reason, category, details: input.details ?? null, batchId };
  // Cases refer to posts: an unseen post is recorded without text, as already assessed, so nothing queues it; the
  // platform's later POST /v1/items or /v1/assess brings the text and an assessment.
  await tx.sql.query(`INSERT INTO items (id, text, status) VALUES ($1, '', 'assessed') ON CONFLICT (id) DO NOTHING`, [itemId]);
  const [post] = await tx.sql.query<{ enforcement: string }>('SELECT enforcement FROM items WHERE id = $1', [itemId]);
  if (post.enforcement === 'removed') {
    const removal = await new EnforcementRepository(tx.sql).standingRemoval(itemId);
    const outcome = { action: 'removed' as const, at: (removal?.createdAt ?? new Date()).toISOString(), ...(removal ? { decisionId: removal.id } : {}) };
    return reports.insert(report, 'actioned', null, outcome);
  }
  const [reviewCase] = await tx.cases.submit([{ kind: 'report', itemId, reporter: reporter.kind, category }], policy, Date.now());
  await reports.startClock([{ itemId, signal: 'report', category, deadlineSeconds: policy.categories[category].deadlineSeconds, caseId: reviewCase?.id ?? null }]);
  return reports.insert(report, reviewCase ? 'in_review' : 'received', reviewCase?.id ?? null, null);
}
