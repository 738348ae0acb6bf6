// JSON Schemas of the report, appeal and statistics routes (validation and the OpenAPI document).
import { REPORTER_KINDS } from '../domain/review.js';

const reporterSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'id'],
  properties: {
    kind: { type: 'string', enum: [...REPORTER_KINDS] },
    id: { type: 'string', minLength: 1, maxLength: 256, description: "The reporter's id on the platform, or the flagger's or authority's name." },
  },
} as const;

const reportedItemSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 256, description: "The platform's id of the post." },
    url: { type: 'string', minLength: 1, maxLength: 2048, pattern: '^https?://', description: 'The address of the post, when its id is not known.' },
  },
} as const;

const reportFields = {
  item: reportedItemSchema,
  reason: { type: 'string', minLength: 1, maxLength: 500, description: 'A policy category (threat, incitement, glorification) or free text.' },
  details: { type: 'string', maxLength: 5000 },
} as const;

export const reportBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['item', 'reason'],
  properties: { reporter: { ...reporterSchema, description: 'Who reports. Required with a platform key; a trusted flagger or authority key reports as itself.' }, ...reportFields },
} as const;

export const bulkReportBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['reports'],
  properties: {
    reporter: reporterSchema,
    reports: { type: 'array', minItems: 1, maxItems: 10_000, items: { type: 'object', additionalProperties: false, required: ['item', 'reason'], properties: reportFields } },
  },
} as const;

export const bulkQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { reporter_kind: { type: 'string', enum: [...REPORTER_KINDS] }, reporter_id: { type: 'string', minLength: 1, maxLength: 256 } },
} as const;

export const reportListQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    status: { type: 'string', enum: ['received', 'in_review', 'actioned', 'no_violation'] },
    limit: { type: 'string', pattern: '^[0-9]{1,3}$', description: 'At most this many (1 to 500, default 50).' },
    offset: { type: 'string', pattern: '^[0-9]{1,7}$', description: 'Skip this many (default 0).' },
  },
} as const;

export const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 256 } } } as const;

export const sinceQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { days: { type: 'string', pattern: '^[0-9]{1,4}$', description: 'Look back this many days (default 30).' } },
} as const;

export const appealBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['accountId'],
  properties: {
    accountId: { type: 'string', minLength: 1, maxLength: 256, description: 'The author appealing (the account the decision concerns).' },
    itemId: { type: 'string', minLength: 1, maxLength: 256, description: 'The removed post, to appeal its removal.' },
    decisionId: { type: 'string', minLength: 1, maxLength: 256, description: 'Or the decision appealed (an account action, from its webhook).' },
    statement: { type: 'string', maxLength: 5000, description: "The author's reasons." },
  },
} as const;

export const appealDecisionBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['outcome'],
  properties: { outcome: { type: 'string', enum: ['upheld', 'reversed'] }, note: { type: 'string', maxLength: 5000 } },
} as const;
