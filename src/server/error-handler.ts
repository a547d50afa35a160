import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isCoplayError } from '../errors.ts';

/**
 * Turns every failure into `{ code, message, details? }`: CoplayErrors keep their code and status, schema
 * violations become INVALID_INPUT naming the field, anything unexpected is a 500 with no stack or internals.
 */
export function errorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (isCoplayError(error)) {
    const retryAfter = error.details?.retryAfterSeconds;
    if (typeof retryAfter === 'number') void reply.header('retry-after', String(Math.ceil(retryAfter)));
    return reply
      .status(error.status)
      .send({ code: error.code, message: error.message, details: error.details });
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issue = error.validation[0];
    const where = issue?.instancePath
      ? `${error.validationContext ?? 'body'}${issue.instancePath.replaceAll('/', '.')}`
      : (error.validationContext ?? 'request');
    return reply
      .status(400)
      .send({ code: 'INVALID_INPUT', message: `${where}: ${issue?.message ?? 'invalid value'}` });
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
    return reply.status(status).send({ code, message: error.message });
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply
    .status(500)
    .send({ code: 'INTERNAL', message: 'Something went wrong on our side; please try again.' });
}
