import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isCoplayError } from '../errors.ts';
import { asDatabaseUnavailable } from './database-errors.ts';

type ErrorHandler = (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => FastifyReply;

interface ErrorBody {
  code: string;
  message: string;
  details?: Record<string, unknown> | undefined;
}

/**
 * Turns every failure into `{ code, message, details? }`: CoplayErrors keep their code and status, schema
 * violations become INVALID_INPUT naming the field, anything unexpected is a 500 with no stack or internals.
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
    const issue = error.validation[0];
    const where = issue?.instancePath
      ? `${error.validationContext ?? 'body'}${issue.instancePath.replaceAll('/', '.')}`
      : (error.validationContext ?? 'request');
    return {
      status: 400,
      body: { code: 'INVALID_INPUT', message: `${where}: ${issue?.message ?? 'invalid value'}` },
    };
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const code =
      status === 429
        ? 'RATE_LIMITED'
        : status === 413
          ? 'PAYLOAD_TOO_LARGE'
          : status === 404
            ? 'NOT_FOUND'
            : 'INVALID_INPUT';
    return { status, body: { code, message: error.message } };
  }
  // Only the log gets the error itself: its message and stack may name files, SQL or internals.
  request.log.error({ err: error }, 'unhandled error');
  return {
    status: 500,
    body: { code: 'INTERNAL', message: 'Something went wrong on our side; please try again.' },
  };
}
