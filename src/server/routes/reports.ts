// Report routes: intake (one report, or many at once as JSON or CSV), a report's status, a bulk report as JSON and as
// a page, and the time-to-action figures for the dashboard. Trusted flaggers' and authorities' keys reach these
// routes only, report as themselves and read only their own reports.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { reportView } from '../../act/account-enforcement.js';
import type { Moderation } from '../../act/moderation.js';
import type { Reporter, ReportStatus } from '../../domain/enforcement.js';
import { VigilError } from '../../domain/errors.js';
import type { ReporterKind } from '../../domain/review.js';
import { reportsFromCsv } from '../../reports/csv.js';
import { fileReports, type ReportInput } from '../../reports/intake.js';
import { bulkReportDocument, bulkReportPage } from '../../reports/report-page.js';
import type { Store } from '../../store/index.js';
import { ReportRepository, type StoredReport } from '../../store/reports.js';
import { REPORTER_ROLES } from '../auth.js';
import { checkStorableText } from '../errors.js';
import { bulkQuerySchema, bulkReportBodySchema, idParams, reportBodySchema, reportListQuerySchema, sinceQuerySchema } from '../report-schemas.js';

/** Who is reporting: a flagger's or authority's key reports as itself; a platform key names the reporter. */
function reporterOf(request: FastifyRequest, named: Partial<Reporter> | undefined): Reporter {
  const key = request.apiKey;
  if (key && REPORTER_ROLES.includes(key.role)) {
    const kind = key.role as ReporterKind;
    if (named?.kind !== undefined && named.kind !== kind) throw new VigilError('E_FORBIDDEN', `a ${kind} key cannot report as a ${named.kind}`, 403);
    return { kind, id: named?.id ?? (key.name || key.id) };
  }
  if (!named?.kind || !named.id) throw new VigilError('E_INVALID_REQUEST', 'body.reporter ({"kind", "id"}) is required with a platform key or a console session', 400);
  return { kind: named.kind, id: named.id };
}

/** A flagger's or authority's key sees only the reports it filed. */
function mayRead(request: FastifyRequest, keyId: string | null): boolean {
  const key = request.apiKey;
  return !key || !REPORTER_ROLES.includes(key.role) || key.id === keyId;
}

// Report routes that moderators in the console use too: any reporting key, or a moderator's or admin's session.
const reporterOrModerator = { access: 'reporter', reviewer: 'moderator' } as const;

export function reportRoutes(app: FastifyInstance, deps: { store: Store; moderation: Moderation }): void {
  const { store, moderation } = deps;
  const reports = new ReportRepository(store.sql);

  app.post('/v1/reports', { schema: { body: reportBodySchema }, config: { access: 'reporter' } }, async (request, reply) => {
    const body = request.body as ReportInput & { reporter?: Reporter };
    checkStorableText(body, 'body');
    const reporter = reporterOf(request, body.reporter);
    const { reports: [report] } = await fileReports(store, moderation.policy, reporter, request.apiKey!.id, [{ item: body.item, reason: body.reason, ...(body.details ? { details: body.details } : {}) }]);
    return reply.status(201).send(reportView(report));
  });

  app.post('/v1/reports/bulk', { schema: { body: { anyOf: [bulkReportBodySchema, { type: 'string' }] }, querystring: bulkQuerySchema }, config: reporterOrModerator }, async (request, reply) => {
    checkStorableText(request.body, 'body');
    const query = request.query as { reporter_kind?: ReporterKind; reporter_id?: string };
    let inputs: ReportInput[];
    let named: Partial<Reporter> | undefined;
    if (typeof request.body === 'string') {
      if (!/^text\/csv\b/i.test(request.headers['content-type'] ?? '')) throw new VigilError('E_UNSUPPORTED_MEDIA_TYPE', 'send a bulk report as application/json or text/csv', 415);
      inputs = reportsFromCsv(request.body);
      if (inputs.length === 0) throw new VigilError('E_INVALID_REQUEST', 'the CSV lists no reports', 400);
      named = query.reporter_kind || query.reporter_id ? { kind: query.reporter_kind, id: query.reporter_id } : undefined;
    } else {
      const body = request.body as { reporter?: Reporter; reports: ReportInput[] };
      inputs = body.reports;
      named = body.reporter;
    }
    const reporter = reporterOf(request, named);
    const intake = await fileReports(store, moderation.policy, reporter, request.apiKey?.id ?? null, inputs, true);
    const counts = { received: 0, in_review: 0, actioned: 0, no_violation: 0 };
    for (const report of intake.reports) counts[report.status]++;
    return reply
      .status(202)
      .header('location', `/v1/reports/bulk/${intake.batchId}`)
      .send({ id: intake.batchId, reports: intake.reports.length, counts, page: `/v1/reports/bulk/${intake.batchId}/page` });
  });

  const bulkDocument = async (request: FastifyRequest) => {
    const { id } = request.params as { id: string };
    const batch = await reports.batch(id);
    if (!batch || !mayRead(request, batch.keyId)) throw new VigilError('E_NOT_FOUND', `no bulk report "${id}"`, 404);
    return bulkReportDocument(batch, await reports.inBatch(id));
  };

  app.get('/v1/reports/bulk/:id', { schema: { params: idParams }, config: reporterOrModerator }, async (request) => bulkDocument(request));

  app.get('/v1/reports/bulk/:id/page', { schema: { params: idParams }, config: reporterOrModerator }, async (request, reply) =>
    reply.type('text/html; charset=utf-8').send(bulkReportPage(await bulkDocument(request))),
  );

  // Newest first; a flagger's or authority's key sees only its own reports.
  app.get('/v1/reports', { schema: { querystring: reportListQuerySchema }, config: reporterOrModerator }, async (request) => {
    const query = request.query as { status?: ReportStatus; limit?: string; offset?: string };
    const limit = Math.min(500, Math.max(1, Number(query.limit ?? 50)));
    const offset = Number(query.offset ?? 0);
    const key = request.apiKey;
    const own = key && REPORTER_ROLES.includes(key.role) ? key.id : undefined;
    const page = await reports.list({ ...(own ? { keyId: own } : {}), ...(query.status ? { status: query.status } : {}) }, limit, offset);
    return { reports: page.reports.map(reportView), total: page.total, limit, offset };
  });

  app.get('/v1/reports/:id', { schema: { params: idParams }, config: reporterOrModerator }, async (request) => {
    const { id } = request.params as { id: string };
    const report: StoredReport | undefined = await reports.get(id);
    if (!report || !mayRead(request, report.keyId)) throw new VigilError('E_NOT_FOUND', `no report "${id}"`, 404);
    return reportView(report);
  });

  // Keys (platform, admin) and signed-in moderators alike: the console's dashboard shows these.
  app.get('/v1/stats/time-to-action', { schema: { querystring: sinceQuerySchema }, config: { reviewer: 'moderator' } }, async (request) => {
    const days = Number((request.query as { days?: string }).days ?? 30);
    const since = new Date(Date.now() - days * 86_400_000);
    return { since: since.toISOString(), ...(await reports.timeToAction(since)) };
  });
}
