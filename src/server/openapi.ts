// The OpenAPI 3.1 document (GET /openapi.json) and a readable page of it (GET /docs), built from the same schemas
// the routes validate with.
import { reportPaths } from './openapi-reports.js';
import { reviewPaths, sessionSecurityScheme } from './openapi-review.js';
import * as schemas from './schemas.js';
import type { Limits } from './schemas.js';

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const json = (schema: unknown) => ({ 'application/json': { schema } });
const auth = { 401: errorResponse('No key, or an unknown or revoked key (E_UNAUTHORIZED).'), 429: errorResponse('Rate limit for this key exceeded (E_RATE_LIMITED); see Retry-After.') };
const admin = { ...auth, 403: errorResponse('The key is not an admin key (E_FORBIDDEN).') };
const bad = { 400: errorResponse('Invalid JSON, bad UTF-8, wrong or unknown fields, text too long, batch too large.'), 413: errorResponse('Body over limits.bodyBytes (E_PAYLOAD_TOO_LARGE).') };

export function openApiDocument(limits: Limits, version: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Vigil',
      version,
      description:
        'Moderation API for content that threatens, incites or glorifies violence. Every /v1 route needs "Authorization: Bearer <key>". ' +
        'Errors are {"error": {"code", "message"}}. Platform actions (remove, hold, restore) are delivered to the configured webhook, ' +
        'signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A Vigil API key (role platform or admin).' }, session: sessionSecurityScheme },
      schemas: { Error: schemas.errorSchema, Item: schemas.itemSchema(limits), Decision: schemas.itemDecisionSchema },
    },
    security: [{ bearer: [] }],
    paths: {
      '/v1/assess': {
        post: {
          summary: 'Assess posts now',
          description: `One post, or {"items": [...]} with up to ${limits.batchSize}. Answers with the decision for each once post, assessment and actions are stored.`,
          requestBody: { required: true, content: json(schemas.assessBodySchema(limits)) },
          responses: { 200: { description: 'Decisions, in the order sent.', content: json(schemas.assessResponseSchema) }, ...bad, ...auth },
        },
      },
      '/v1/items': {
        post: {
          summary: 'Accept posts for background assessment',
          description: 'Answers 202 only after the batch is durably stored. Decisions are acted on through the webhook.',
          requestBody: { required: true, content: json(schemas.batchSchema(limits)) },
          responses: { 202: { description: 'Stored and queued.', content: json(schemas.acceptedSchema) }, ...bad, ...auth },
        },
      },
      '/v1/items/{id}': {
        get: {
          summary: "A post's current state",
          parameters: [{ name: 'id', in: 'path', required: true, schema: schemas.itemIdParams.properties.id }],
          responses: { 200: { description: 'Assessments, actions and review status.', content: json(schemas.itemStateSchema) }, 404: errorResponse('Unknown post (E_NOT_FOUND).'), ...auth },
        },
      },
      '/v1/policy': {
        get: { summary: 'The active policy', responses: { 200: { description: 'Version and YAML.', content: json(schemas.policySchema) }, ...auth } },
        put: {
          summary: 'Activate a new policy version (admin)',
          description: 'Validated before it is activated; every version is kept. 201 when activated, 200 when it was already active.',
          requestBody: { required: true, content: { 'application/yaml': { schema: { type: 'string' } }, ...json(schemas.policyUploadBodySchema) } },
          responses: {
            200: { description: 'Already active.', content: json(schemas.policySchema) },
            201: { description: 'Activated.', content: json(schemas.policySchema) },
            400: errorResponse('Invalid policy (E_INVALID_POLICY, with the line).'),
            409: errorResponse('The version exists with other content (E_POLICY_CONFLICT).'),
            ...admin,
          },
        },
      },
      '/v1/policy/history': { get: { summary: 'Every policy version activated, newest first', responses: { 200: { description: 'Versions.', content: json(schemas.policyHistorySchema) }, ...auth } } },
      '/v1/keys': {
        get: { summary: 'API keys (admin)', responses: { 200: { description: 'Keys, without secrets.', content: json(schemas.keyListSchema) }, ...admin } },
        post: {
          summary: 'Create an API key (admin)',
          requestBody: { required: true, content: json(schemas.keyCreateBodySchema) },
          responses: { 201: { description: 'The key; its secret is shown only here.', content: json(schemas.createdKeySchema) }, ...bad, ...admin },
        },
      },
      '/v1/keys/{id}': {
        delete: {
          summary: 'Revoke an API key (admin)',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { 204: { description: 'Revoked.' }, 404: errorResponse('No such active key.'), ...admin },
        },
      },
      ...reviewPaths(),
      ...reportPaths(),
      '/healthz': { get: { summary: 'Liveness', security: [], responses: { 200: { description: 'The process is up.' } } } },
      '/readyz': { get: { summary: 'Readiness', security: [], responses: { 200: { description: 'The store answers.' }, 503: errorResponse('Not ready or shutting down.') } } },
      '/metrics': { get: { summary: 'Prometheus metrics (any key)', responses: { 200: { description: 'Prometheus text format.', content: { 'text/plain': { schema: { type: 'string' } } } }, ...auth } } },
    },
  };
}

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

/** A self-contained HTML page (no scripts, nothing fetched) listing every operation with its schemas. */
export function docsPage(document: ReturnType<typeof openApiDocument>): string {
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods as Record<string, { summary: string; description?: string; requestBody?: { content: Record<string, { schema: unknown }> }; responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }> }>).map(
      ([method, op]) => `
<section>
  <h2><span class="method">${method.toUpperCase()}</span> <code>${escape(path)}</code> — ${escape(op.summary)}</h2>
  ${op.description ? `<p>${escape(op.description)}</p>` : ''}
  ${op.requestBody ? `<details><summary>Request body</summary><pre>${escape(JSON.stringify(Object.values(op.requestBody.content).at(-1)?.schema, null, 2))}</pre></details>` : ''}
  <ul>${Object.entries(op.responses)
    .map(([status, response]) => `<li><b>${status}</b> ${escape(response.description)}${response.content ? `<details><summary>schema</summary><pre>${escape(JSON.stringify(Object.values(response.content)[0]?.schema, null, 2))}</pre></details>` : ''}</li>`)
    .join('')}</ul>
</section>`,
    ),
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Vigil API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h2{font-size:1.05rem;border-top:1px solid #ddd;padding-top:1rem}.method{display:inline-block;min-width:4rem;color:#fff;background:#365;border-radius:3px;padding:0 .4rem;text-align:center}
pre{background:#f5f5f5;padding:.5rem;overflow:auto;font-size:13px}</style></head>
<body><h1>Vigil API ${escape(document.info.version)}</h1><p>${escape(document.info.description)}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
${operations.join('\n')}
</body></html>`;
}
