import type { FastifyError, FastifyReply, FastifyRequest, FastifySchemaValidationError } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isCoplayError } from '../errors.ts';
import { asDatabaseUnavailable } from './database-errors.ts';
import { explainIssue, type IssueLike } from './explain-issue.ts';

type SchemaContext = NonNullable<FastifyError['validationContext']>;
type ErrorHandler = (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => FastifyReply;

interface ErrorBody {
  code: string;
  message: string;
  details?: Record<string, unknown> | undefined;
}

/**
 * Turns every failure into `{ code, message, details? }`: CoplayErrors keep their code and status, schema
 * violations become INVALID_INPUT naming the field (a union's through the form the value was meant for: see
 * explainIssue), a body over the limit says the limit, anything unexpected is a 500 with no stack or internals.
 * `onError` hears the code of every error response (the metrics count them).
 */
export function createErrorHandler(onError: (code: string) => void = () => undefined): ErrorHandler {
  return (error, request, reply) => {
    error = asDatabaseUnavailable(error);
    const { status, body } = toResponse(error, request);
    const retryAfter = isCoplayError(error) ? error.details?.retryAfterSeconds : undefined;
    if (typeof retryAfter === 'number') void reply.header('retry-after', String(Math.ceil(retryAfter)));
    onError(body.code);
    return reply.status(status).send(body);
  };
}

/** The handler for apps that count nothing. */
export const errorHandler: ErrorHandler = createErrorHandler();

function toResponse(error: FastifyError, request: FastifyRequest): { status: number; body: ErrorBody } {
  if (isCoplayError(error)) {
    return {
      status: error.status,
      body: { code: error.code, message: error.message, details: error.details },
    };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = error.validationContext;
    const first = error.validation[0];
    const { path, message } = first
      ? explainIssue(issueOf(first), context === undefined ? undefined : validatedInput(request, context))
      : { path: [], message: 'invalid value' };
    const where = [context ?? 'request', ...path.map(String)].join('.');
    return { status: 400, body: { code: 'INVALID_INPUT', message: `${where}: ${message}` } };
  }
  const status = error.statusCode ?? 500;
  if (status === 413)
    return { status, body: { code: 'PAYLOAD_TOO_LARGE', message: tooLarge(request, error) } };
  if (status >= 400 && status < 500) {
    const code = status === 429 ? 'RATE_LIMITED' : status === 404 ? 'NOT_FOUND' : 'INVALID_INPUT';
    return { status, body: { code, message: error.message } };
  }
  // Only the log gets the error itself: its message and stack may name files, SQL or internals.
  request.log.error({ err: error }, 'unhandled error');
  return {
    status: 500,
    body: { code: 'INTERNAL', message: 'Something went wrong on our side; please try again.' },
  };
}

/**
 * The zod issue back from fastify-type-provider-zod's form of it, which keeps the code as `keyword`, the path
 * as `instancePath` ("/members/1", "/" at the root) and every other field (a union's `errors`) in `params`.
 */
function issueOf(entry: FastifySchemaValidationError): IssueLike {
  return {
    ...(entry.params as Partial<IssueLike>),
    code: entry.keyword,
    message: entry.message ?? 'invalid value',
    path: entry.instancePath === '/' ? [] : entry.instancePath.split('/').slice(1),
  };
}

/** Where a validation context's value is on the request (the value as received: validation failed). */
function validatedInput(request: FastifyRequest, context: SchemaContext): unknown {
  switch (context) {
    case 'body':
      return request.body;
    case 'querystring':
      return request.query;
    case 'params':
      return request.params;
    case 'headers':
      return request.headers;
  }
}

/** Fastify's own words ("Request body is too large") leave the caller guessing how much is allowed. */
function tooLarge(request: FastifyRequest, error: FastifyError): string {
  const limit = request.routeOptions.bodyLimit;
  if (typeof limit !== 'number') return error.message;
  const megabytes = limit / 1024 / 1024;
  const inMegabytes = megabytes >= 0.1 ? ` (${Number(megabytes.toFixed(1))} MB)` : '';
  return (
    `The request body is larger than this server accepts: at most ${limit.toLocaleString('en')} bytes` +
    `${inMegabytes}. Send fewer or smaller pasted libraries, or ask the operator to raise BODY_LIMIT_BYTES.`
  );
}
