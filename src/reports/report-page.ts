// A bulk report as the reporter reads it: one JSON document and one self-contained HTML page listing each post, its
// outcome and the time from report to action.
import type { Reporter } from '../domain/enforcement.js';
import type { StoredReport } from '../store/reports.js';

export interface BulkReportEntry {
  reportId: string;
  itemId: string;
  url: string | null;
  reason: string;
  status: StoredReport['status'];
  outcome: StoredReport['outcome'];
  reportedAt: string;
  resolvedAt: string | null;
  /** From this report to the post's removal; null while the post is up (or when it was found allowed). */
  secondsToAction: number | null;
}

export interface BulkReportDocument {
  id: string;
  reporter: Reporter;
  createdAt: string;
  total: number;
  counts: Record<StoredReport['status'], number>;
  posts: BulkReportEntry[];
}

export function bulkReportDocument(batch: { id: string; reporter: Reporter; createdAt: Date }, reports: StoredReport[]): BulkReportDocument {
  const counts = { received: 0, in_review: 0, actioned: 0, no_violation: 0 };
  const posts = reports.map((report): BulkReportEntry => {
    counts[report.status]++;
    const removedAt = report.outcome?.action === 'removed' ? Date.parse(report.outcome.at) : undefined;
    return {
      reportId: report.id,
      itemId: report.itemId,
      url: report.itemUrl,
      reason: report.reason,
      status: report.status,
      outcome: report.outcome,
      reportedAt: report.createdAt.toISOString(),
      resolvedAt: report.resolvedAt?.toISOString() ?? null,
      // A post already removed when reported was actioned at once.
      secondsToAction: removedAt === undefined ? null : Math.max(0, Math.round((removedAt - report.createdAt.getTime()) / 1000)),
    };
  });
  return { id: batch.id, reporter: batch.reporter, createdAt: batch.createdAt.toISOString(), total: reports.length, counts, posts };
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const STATUS_TEXT: Record<StoredReport['status'], string> = { received: 'Received', in_review: 'In review', actioned: 'Removed', no_violation: 'No violation found' };

function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} d`;
}

/** A page with no scripts and nothing fetched: it can be saved, printed or attached to an email as it is. */
export function bulkReportPage(document: BulkReportDocument): string {
  const rows = document.posts
    .map(
      (post) => `<tr class="${post.status}"><td><code>${escape(post.itemId)}</code>${post.url ? `<br><a href="${escape(post.url)}">${escape(post.url)}</a>` : ''}</td>
<td>${escape(post.reason)}</td><td>${STATUS_TEXT[post.status]}</td><td>${escape(post.reportedAt)}</td><td>${duration(post.secondsToAction)}</td></tr>`,
    )
    .join('\n');
  const { counts } = document;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bulk report ${escape(document.id)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}
tr.actioned td:nth-child(3){color:#060;font-weight:600}tr.in_review td:nth-child(3),tr.received td:nth-child(3){color:#a60}</style></head>
<body><h1>Bulk report <code>${escape(document.id)}</code></h1>
<p>From ${escape(document.reporter.kind.replace('_', ' '))} <b>${escape(document.reporter.id)}</b>, received ${escape(document.createdAt)}.
${document.total} posts: ${counts.actioned} removed, ${counts.no_violation} found not violating, ${counts.in_review + counts.received} still in review.</p>
<table><thead><tr><th>Post</th><th>Reason</th><th>Outcome</th><th>Reported</th><th>Time to action</th></tr></thead>
<tbody>
${rows}
</tbody></table></body></html>`;
}
