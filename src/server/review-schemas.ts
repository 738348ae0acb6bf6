// Request schemas of the review and account routes, shared by the routes and the OpenAPI document.
import { REVIEWER_ROLES, VERDICTS } from '../domain/review.js';

const id = { type: 'string', minLength: 1, maxLength: 200, pattern: '^[^\\u0000]+$' } as const;

export const caseIdParams = { type: 'object', required: ['id'], properties: { id } } as const;

export const caseListQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    status: { type: 'string', enum: ['open', 'escalated', 'decided'] },
    limit: { type: 'string', pattern: '^[0-9]{1,3}$' },
    offset: { type: 'string', pattern: '^[0-9]{1,7}$' },
  },
} as const;

export const decisionBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['verdict', 'reason'],
  properties: {
    verdict: { type: 'string', enum: [...VERDICTS] },
    reason: { type: 'string', minLength: 1, maxLength: 200, description: 'A category or rule id of the policy to remove; "no-violation" or an exception id to allow.' },
  },
} as const;

export const userCreateBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'password', 'role'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._@-]+$' },
    password: { type: 'string', minLength: 10, maxLength: 200 },
    role: { type: 'string', enum: [...REVIEWER_ROLES] },
  },
} as const;

export const loginBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'password'],
  properties: { name: { type: 'string', minLength: 1, maxLength: 100 }, password: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

export const goldCreateBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['itemId', 'answer', 'reason'],
  properties: {
    itemId: id,
    answer: { type: 'string', enum: ['remove', 'allow'] },
    reason: { type: 'string', minLength: 1, maxLength: 200, description: 'As for a decision: a category or rule id to remove; "no-violation" or an exception id to allow.' },
  },
} as const;
