// JSON Schemas of the HTTP API. Fastify validates requests and serialises responses with them, and the OpenAPI
// document is built from the same objects, so the documentation cannot drift from what the server enforces.
import { ACTIONS, CATEGORIES, LABELS } from '../domain/decision.js';
import type { ServerConfig } from './config.js';

export type Limits = ServerConfig['limits'];

export function itemSchema(limits: Limits) {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'text'],
    properties: {
      id: { type: ['string', 'integer'], minLength: 1, maxLength: 256, description: "The platform's id of the post (a number is turned into a string)." },
      text: { type: 'string', maxLength: limits.textLength, description: 'The text of the post.' },
      author: { type: 'string', minLength: 1, maxLength: 256, description: "The platform's id of the author." },
      reach: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'How many people the post can reach (followers, members).' },
      createdAt: { type: 'string', format: 'date-time', pattern: '^(?!0000)', description: 'When the post was published (year 0001 or later).' },
      metadata: { type: 'object', maxProperties: 64, description: "The platform's own fields, stored and returned as given." },
    },
  } as const;
}

export function batchSchema(limits: Limits) {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['items'],
    properties: { items: { type: 'array', minItems: 1, maxItems: limits.batchSize, items: itemSchema(limits) } },
  } as const;
}

/** POST /v1/assess takes one post, or a batch under "items". */
export function assessBodySchema(limits: Limits) {
  return { type: 'object', if: { required: ['items'] }, then: batchSchema(limits), else: itemSchema(limits) } as const;
}

const reasonSchema = {
  type: 'object',
  required: ['detector', 'rule', 'category', 'score', 'start', 'end', 'excerpt'],
  properties: {
    detector: { type: 'string' },
    rule: { type: 'string' },
    category: { type: 'string', enum: [...CATEGORIES] },
    score: { type: 'number' },
    start: { type: 'integer', description: 'UTF-16 offset into the text, inclusive.' },
    end: { type: 'integer', description: 'UTF-16 offset into the text, exclusive.' },
    excerpt: { type: 'string' },
  },
} as const;

const decisionProperties = {
  action: { type: 'string', enum: [...ACTIONS] },
  category: { type: 'string', enum: [...LABELS] },
  score: { type: 'number', description: 'How likely the post violates the policy, 0..1.' },
  reasons: { type: 'array', items: reasonSchema },
  policyVersion: { type: 'string' },
} as const;

/** One decision, in the shape `vigil scan` prints. */
export const itemDecisionSchema = {
  type: 'object',
  required: ['id', 'action', 'category', 'score', 'reasons', 'policyVersion'],
  properties: { id: { type: 'string' }, ...decisionProperties },
} as const;

export const assessResponseSchema = {
  description: 'The decision (for one post) or {"items": [decisions]} (for a batch), in the order sent.',
  anyOf: [itemDecisionSchema, { type: 'object', required: ['items'], properties: { items: { type: 'array', items: itemDecisionSchema } } }],
} as const;

export const acceptedSchema = {
  type: 'object',
  required: ['accepted'],
  properties: { accepted: { type: 'integer', description: 'Posts durably stored and queued for assessment.' } },
} as const;

export const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string', description: 'Stable, e.g. E_INVALID_JSON.' }, message: { type: 'string' } },
    },
  },
} as const;

export const itemIdParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 256, pattern: '^[^\\u0000]+$' } },
} as const;

export const itemStateSchema = {
  type: 'object',
  required: ['id', 'text', 'status', 'enforcement', 'review', 'assessments', 'actions'],
  properties: {
    id: { type: 'string' },
    text: { type: 'string' },
    author: { type: 'string' },
    reach: { type: 'integer' },
    createdAt: { type: 'string' },
    metadata: { type: 'object', additionalProperties: true },
    status: { type: 'string', enum: ['pending', 'assessed'], description: 'pending: accepted, not yet assessed.' },
    enforcement: { type: 'string', enum: ['none', 'held', 'removed'], description: 'What the platform was last told to do.' },
    review: {
      type: 'object',
      properties: { status: { type: 'string', enum: ['none', 'requested'], description: 'requested: the latest decision asks for a person.' } },
    },
    receivedAt: { type: 'string' },
    updatedAt: { type: 'string' },
    decision: { type: ['object', 'null'], properties: decisionProperties, description: 'The latest assessment, or null while pending.' },
    assessments: {
      type: 'array',
      description: 'Newest first (at most 20).',
      items: {
        type: 'object',
        properties: { id: { type: 'integer' }, mode: { type: 'string', enum: ['sync', 'async'] }, assessedAt: { type: 'string' }, ...decisionProperties },
      },
    },
    actions: {
      type: 'array',
      description: 'Actions sent (or being sent) to the platform webhook, oldest first.',
      items: {
        type: 'object',
        properties: {
          messageId: { type: 'string', description: 'The webhook-id header of its deliveries.' },
          action: { type: 'string', enum: ['remove', 'restore', 'hold'] },
          createdAt: { type: 'string' },
          attempts: { type: 'integer' },
          deliveredAt: { type: ['string', 'null'] },
          lastError: { type: ['string', 'null'] },
        },
      },
    },
  },
} as const;

export const policySchema = {
  type: 'object',
  required: ['version', 'name', 'activatedAt', 'yaml'],
  properties: {
    version: { type: 'string' },
    name: { type: 'string' },
    activatedAt: { type: 'string' },
    uploadedBy: { type: ['string', 'null'], description: 'The API key id that uploaded it; null for the policy loaded at start.' },
    yaml: { type: 'string' },
  },
} as const;

export const policyHistorySchema = {
  type: 'object',
  properties: {
    versions: {
      type: 'array',
      items: { type: 'object', properties: { version: { type: 'string' }, name: { type: 'string' }, activatedAt: { type: 'string' }, uploadedBy: { type: ['string', 'null'] } } },
    },
  },
} as const;

export const policyUploadBodySchema = {
  description: 'The policy YAML as the body (Content-Type: application/yaml or text/plain), or JSON {"yaml": "..."}.',
  anyOf: [{ type: 'string', minLength: 1 }, { type: 'object', additionalProperties: false, required: ['yaml'], properties: { yaml: { type: 'string', minLength: 1 } } }],
} as const;

export const keyCreateBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['role'],
  properties: { role: { type: 'string', enum: ['platform', 'admin', 'trusted_flagger', 'authority'] }, name: { type: 'string', maxLength: 200 } },
} as const;

const keyProperties = {
  id: { type: 'string' },
  role: { type: 'string', enum: ['platform', 'admin', 'trusted_flagger', 'authority'] },
  name: { type: 'string' },
  createdAt: { type: 'string' },
  revokedAt: { type: ['string', 'null'] },
} as const;

export const keySchema = { type: 'object', properties: keyProperties } as const;
export const createdKeySchema = {
  type: 'object',
  properties: { ...keyProperties, key: { type: 'string', description: 'The secret, shown this once.' } },
} as const;
export const keyListSchema = { type: 'object', properties: { keys: { type: 'array', items: keySchema } } } as const;
export const keyIdParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[^\\u0000]+$' } } } as const;
