// The review queue and account routes in the OpenAPI document. They accept an API key (an admin key acts as an admin,
// a platform key as a moderator) or the console's session cookie with the X-CSRF-Token header on changes.
import { caseIdParams, caseListQuery, decisionBodySchema, goldCreateBodySchema, loginBodySchema, userCreateBodySchema } from './review-schemas.js';

const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const json = (schema: unknown) => ({ 'application/json': { schema } });
const object = { type: 'object' } as const;
const signedIn = {
  401: error('Neither an API key nor a live session (E_UNAUTHORIZED).'),
  403: error('The role is too low, or a session request that changes something lacks X-CSRF-Token (E_FORBIDDEN).'),
};
const idParameter = [{ name: 'id', in: 'path', required: true, schema: caseIdParams.properties.id }];
const security = [{ bearer: [] }, { session: [] }];

export const sessionSecurityScheme = { type: 'apiKey', in: 'cookie', name: 'vigil_session', description: 'The console session (POST /v1/session).' } as const;

export function reviewPaths() {
  return {
    '/v1/session': {
      post: {
        summary: 'Sign in (console)',
        description: 'Sets the HttpOnly session cookie and the vigil_csrf cookie; echo the CSRF token in X-CSRF-Token on every change. Five attempts per account and address, then one every 12 s.',
        security: [],
        requestBody: { required: true, content: json(loginBodySchema) },
        responses: { 200: { description: 'The account and its CSRF token.', content: json(object) }, 401: error('Wrong name or password.'), 429: error('Too many attempts (E_RATE_LIMITED).') },
      },
      get: { summary: 'Who is signed in', security, responses: { 200: { description: 'The account.', content: json(object) }, ...signedIn } },
      delete: { summary: 'Sign out', security, responses: { 204: { description: 'Signed out.' }, ...signedIn } },
    },
    '/v1/cases': {
      get: {
        summary: 'Cases by status, in queue order (moderator)',
        security,
        parameters: Object.entries(caseListQuery.properties).map(([name, schema]) => ({ name, in: 'query', schema })),
        responses: { 200: { description: 'A page of cases and the total.', content: json(object) }, ...signedIn },
      },
    },
    '/v1/cases/next': {
      post: {
        summary: 'Claim the next case (lease)',
        description: 'The most urgent case this reviewer may take, leased to them (review.lease in the policy). Volunteers get open cases, moderators escalated ones first.',
        security,
        responses: { 200: { description: 'The case as the reviewer may see it.', content: json(object) }, 204: { description: 'Nothing left for this reviewer.' }, ...signedIn },
      },
    },
    '/v1/cases/{id}': {
      get: {
        summary: 'One case',
        description: 'Volunteers only the case they hold, without history or reports; moderators everything, with the history of signals, votes, decisions and actions in order.',
        security,
        parameters: idParameter,
        responses: { 200: { description: 'The case.', content: json(object) }, 404: error('No such case.'), ...signedIn },
      },
    },
    '/v1/cases/{id}/skip': {
      post: { summary: 'Hand a claimed case back', security, parameters: idParameter, responses: { 204: { description: 'Released.' }, 409: error('No live lease (E_LEASE_EXPIRED).'), ...signedIn } },
    },
    '/v1/cases/{id}/lease': {
      post: {
        summary: 'Renew the lease on a claimed case',
        description: 'Keeps the case with the reviewer who holds it for another lease period (review.lease) from now; the console renews the case on screen every minute.',
        security,
        parameters: idParameter,
        responses: { 200: { description: 'The new expiry (leaseExpiresAt, epoch ms, as in the case).', content: json(object) }, 409: error('No live lease (E_LEASE_EXPIRED).'), ...signedIn },
      },
    },
    '/v1/cases/{id}/decisions': {
      post: {
        summary: 'Vote on a case',
        description: 'A volunteer vote counts once N volunteers agree (review.consensus_votes); disagreement escalates; a moderator decides alone. A final remove or allow is sent to the platform through the webhook.',
        security,
        parameters: idParameter,
        requestBody: { required: true, content: json(decisionBodySchema) },
        responses: {
          200: { description: 'pending, decided or escalated, and the platform action queued.', content: json(object) },
          400: error('The reason does not fit the verdict.'),
          409: error('No live lease (E_LEASE_EXPIRED) or already decided (E_CASE_CLOSED).'),
          ...signedIn,
        },
      },
    },
    '/v1/gold': {
      get: { summary: 'Known-answer (gold) cases (moderator)', description: 'Never shown to volunteers.', security, responses: { 200: { description: 'Gold cases, newest first.', content: json(object) }, ...signedIn } },
      post: {
        summary: 'Make a stored post a gold case (moderator)',
        description: 'Volunteers are served gold cases now and then (review.gold_rate) like any case; their answers measure their accuracy.',
        security,
        requestBody: { required: true, content: json(goldCreateBodySchema) },
        responses: { 201: { description: 'The gold case.', content: json(object) }, 400: error('The reason does not fit the answer.'), 404: error('No such post.'), ...signedIn },
      },
    },
    '/v1/dashboard': {
      get: { summary: 'Queue health and reviewer accuracy (moderator)', security, responses: { 200: { description: 'Backlog by category, deadlines, decisions, reviewers.', content: json(object) }, ...signedIn } },
    },
    '/v1/users': {
      get: { summary: 'Reviewer accounts (admin)', security, responses: { 200: { description: 'Accounts, without password hashes.', content: json(object) }, ...signedIn } },
      post: {
        summary: 'Create a reviewer account (admin)',
        security,
        requestBody: { required: true, content: json(userCreateBodySchema) },
        responses: { 201: { description: 'The account.', content: json(object) }, 409: error('The name is taken.'), ...signedIn },
      },
    },
    '/v1/users/{id}/disable': {
      post: { summary: 'Disable an account and end its sessions (admin)', security, parameters: idParameter, responses: { 204: { description: 'Disabled.' }, 404: error('No such active account.'), ...signedIn } },
    },
  };
}
