// Report, appeal, account enforcement and statistics routes in the OpenAPI document.
import { appealBodySchema, appealDecisionBodySchema, bulkReportBodySchema, reportBodySchema, reportListQuerySchema, sinceQuerySchema } from './report-schemas.js';

const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const json = (schema: unknown) => ({ 'application/json': { schema } });
const object = { type: 'object' } as const;
const keyed = { 401: error('No key, or an unknown or revoked key (E_UNAUTHORIZED).'), 403: error('This key may not use the route (E_FORBIDDEN).') };
const id = [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }];
const days = [{ name: 'days', in: 'query', schema: sinceQuerySchema.properties.days }];
const reviewer = [{ bearer: [] }, { session: [] }];

export function reportPaths() {
  return {
    '/v1/reports': {
      post: {
        summary: 'File a report (platform, trusted flagger, authority)',
        description:
          'Opens or joins the post\'s review case, also for a post Vigil has not seen. A platform key names the reporter; a trusted_flagger or authority key reports as itself. A repeated report by the same reporter returns the first.',
        requestBody: { required: true, content: json(reportBodySchema) },
        responses: { 201: { description: 'The report and its status (received, in_review, actioned).', content: json(object) }, 400: error('Invalid report.'), ...keyed },
      },
      get: {
        summary: 'Reports with their status, newest first (moderator, admin; a trusted_flagger or authority key sees only its own)',
        security: [{ bearer: [] }, { session: [] }],
        parameters: Object.entries(reportListQuerySchema.properties).map(([name, schema]) => ({ name, in: 'query', schema })),
        responses: { 200: { description: '{"reports", "total", "limit", "offset"}.', content: json(object) }, 400: error('Invalid query.'), ...keyed },
      },
    },
    '/v1/reports/bulk': {
      post: {
        summary: 'File many reports at once, as JSON or a CSV upload',
        description: 'CSV: a header row naming item_id and/or url, reason, details; with a platform key, ?reporter_kind=&reporter_id= name the reporter. Answers the tracking id.',
        requestBody: { required: true, content: { ...json(bulkReportBodySchema), 'text/csv': { schema: { type: 'string' } } } },
        responses: { 202: { description: 'Tracking id, count and statuses.', content: json(object) }, 400: error('Invalid report or CSV.'), ...keyed },
      },
    },
    '/v1/reports/{id}': { get: { summary: "A report's status and outcome", parameters: id, responses: { 200: { description: 'The report.', content: json(object) }, 404: error('No such report (or not yours).'), ...keyed } } },
    '/v1/reports/bulk/{id}': {
      get: { summary: 'A bulk report: each post, its outcome and time to action', parameters: id, responses: { 200: { description: 'The document.', content: json(object) }, 404: error('No such bulk report.'), ...keyed } },
    },
    '/v1/reports/bulk/{id}/page': {
      get: { summary: 'A bulk report as an HTML page', parameters: id, responses: { 200: { description: 'Self-contained HTML.', content: { 'text/html': { schema: { type: 'string' } } } }, ...keyed } },
    },
    '/v1/appeals': {
      post: {
        summary: "Appeal a removal or account action for its author (platform)",
        description: "Within the policy's enforcement.appeal_window. Name itemId (a removed post) or decisionId (from an account action's webhook).",
        requestBody: { required: true, content: json(appealBodySchema) },
        responses: { 201: { description: 'The pending appeal.', content: json(object) }, ...keyed, 403: error('Not a platform key, or the decision does not concern this account.'), 404: error('No standing decision.'), 409: error('The window closed (E_APPEAL_WINDOW_CLOSED).') },
      },
      get: { summary: 'Pending appeals this reviewer may decide', security: reviewer, responses: { 200: { description: 'Appeals, oldest first.', content: json(object) }, ...keyed } },
    },
    '/v1/appeals/{id}': { get: { summary: 'An appeal', parameters: id, responses: { 200: { description: 'The appeal.', content: json(object) }, 404: error('No such appeal.'), ...keyed } } },
    '/v1/appeals/{id}/decision': {
      post: {
        summary: 'Uphold or reverse an appeal (a reviewer other than the original decider; moderator for account actions)',
        security: reviewer,
        parameters: id,
        requestBody: { required: true, content: json(appealDecisionBodySchema) },
        responses: {
          200: { description: 'Decided; the platform is told (restore and account.reinstate on reversal).', content: json(object) },
          ...keyed,
          403: error('The original decider (E_SAME_REVIEWER), or a volunteer on an account action.'),
          409: error('Already decided (E_APPEAL_CLOSED).'),
        },
      },
    },
    '/v1/accounts/{id}/enforcement': {
      get: { summary: "An account's active strikes and every decision about it, with statements of reasons", parameters: id, responses: { 200: { description: 'Standing.', content: json(object) }, ...keyed } },
    },
    '/v1/stats/time-to-action': {
      get: { summary: 'First report or detection to removal: median, 95th percentile, deadline breaches (moderator)', security: reviewer, parameters: days, responses: { 200: { description: 'Figures.', content: json(object) }, ...keyed } },
    },
    '/v1/stats/overturns': {
      get: { summary: 'Decisions overturned on appeal, per detector and reviewer (moderator)', security: reviewer, parameters: days, responses: { 200: { description: 'Per decider.', content: json(object) }, ...keyed } },
    },
  };
}
