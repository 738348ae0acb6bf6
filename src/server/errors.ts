// Maps every failure to the one error body, {"error": {"code", "message"}}, with a 4xx status for anything the client
// sent wrong. Only a fault of Vigil's own is a 500, and its details go to the log, not to the client.
import type { FastifyError, FastifyInstance } from 'fastify';
import { VigilError } from '../domain/errors.js';

interface AjvError {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

export function toVigilError(error: unknown): VigilError {
  if (error instanceof VigilError) return error;
  const fastifyError = error as Partial<FastifyError> & { validation?: AjvError[] };
  if (Array.isArray(fastifyError.validation)) return fromValidation(fastifyError.validation, fastifyError.validationContext ?? 'body');
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new VigilError('E_PAYLOAD_TOO_LARGE', 'the request body is larger than the limit (limits.bodyBytes)', 413);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new VigilError('E_UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json', 415);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new VigilError('E_INVALID_JSON', 'the request body is empty', 400);
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new VigilError('E_INVALID_REQUEST', 'the Content-Length header does not match the body', 400);
  }
  // PostgreSQL's "data exception" class: a value the schema let through but the database cannot take. The client's
  // input, so a 4xx, whatever check missed it.
  const sqlState = (error as { code?: unknown }).code;
  if (typeof sqlState === 'string' && /^22[0-9A-Z]{3}$/.test(sqlState)) {
    return new VigilError('E_INVALID_REQUEST', `a value cannot be stored: ${(error as Error).message}`, 400);
  }
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (fastifyError.name === 'SyntaxError' || /JSON/.test(fastifyError.message ?? '')) return new VigilError('E_INVALID_JSON', `the request body is not valid JSON: ${fastifyError.message}`, 400);
    return new VigilError('E_INVALID_REQUEST', fastifyError.message ?? 'bad request', status);
  }
  return new VigilError('E_INTERNAL', 'internal error; the server log has the details', 500);
}

function fromValidation(errors: AjvError[], context: string): VigilError {
  // if/then/else reports the branch's error and then an "if" error that says nothing more.
  const first = errors.find((e) => e.keyword !== 'if') ?? errors[0];
  const where = `${context}${first.instancePath.replace(/\/(\d+)/g, '[$1]').replace(/\//g, '.')}`;
  if (first.keyword === 'maxLength' && first.instancePath.endsWith('/text')) {
    return new VigilError('E_TEXT_TOO_LONG', `${where} is longer than ${first.params.limit} characters (limits.textLength)`, 400);
  }
  if (first.keyword === 'maxItems' && first.instancePath === '/items') {
    return new VigilError('E_BATCH_TOO_LARGE', `a batch holds at most ${first.params.limit} items (limits.batchSize)`, 400);
  }
  if (first.keyword === 'additionalProperties') {
    return new VigilError('E_INVALID_REQUEST', `${where} has an unknown field "${first.params.additionalProperty}"`, 400);
  }
  return new VigilError('E_INVALID_REQUEST', `${where} ${first.message ?? 'is invalid'}`, 400);
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const vigilError = toVigilError(error);
    if (vigilError.status >= 500) request.log.error({ err: error }, 'request failed');
    void reply.status(vigilError.status).send({ error: vigilError.toJSON() });
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({ error: { code: 'E_NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}` } });
  });
}

const MAX_DEPTH = 32;

/**
 * Text that PostgreSQL cannot store (NUL) or that is not Unicode (lone surrogates) is refused before it gets there,
 * and so is nesting deeper than 32 levels (metadata). Walks iteratively: a hostile document cannot overflow the stack.
 */
export function checkStorableText(value: unknown, where: string): void {
  const stack: [unknown, string, number][] = [[value, where, 0]];
  while (stack.length > 0) {
    const [current, path, depth] = stack.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) throw new VigilError('E_INVALID_REQUEST', `${path} contains a NUL character`, 400);
      if (!(current as string & { isWellFormed(): boolean }).isWellFormed()) throw new VigilError('E_INVALID_UTF8', `${path} contains an unpaired UTF-16 surrogate (not valid Unicode)`, 400);
    } else if (typeof current === 'object' && current !== null) {
      if (depth >= MAX_DEPTH) throw new VigilError('E_INVALID_REQUEST', `${path} nests deeper than ${MAX_DEPTH} levels`, 400);
      if (Array.isArray(current)) current.forEach((element, index) => stack.push([element, `${path}[${index}]`, depth + 1]));
      else
        for (const [key, element] of Object.entries(current)) {
          stack.push([key, `${path} key`, depth + 1], [element, `${path}.${key}`, depth + 1]);
        }
    }
  }
}
