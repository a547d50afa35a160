import { CoplayError } from '../errors.ts';

/** Socket-level failures: the server refused, reset or never answered the connection. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL SQLSTATEs of a server going away or not taking connections: class 08 (connection exception),
 * 57P01–57P03 (terminated by an administrator, crash shutdown, starting up) and 53300 (too many connections).
 */
const SERVER_STATES = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;

/** What node-postgres says when a connection dies under it or cannot be had in time. */
const DRIVER_MESSAGES = [
  /^Connection terminated/,
  /timeout exceeded when trying to connect/,
  /is not queryable/,
];

/** How long a client should wait before retrying: about what a PostgreSQL restart takes. */
const RETRY_AFTER_SECONDS = 5;

function isConnectionFailure(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const { code, message, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SERVER_STATES.test(code))) return true;
  if (typeof message === 'string' && DRIVER_MESSAGES.some((pattern) => pattern.test(message))) return true;
  // Node reports a failed connect to a host with several addresses as an AggregateError of each attempt.
  if (Array.isArray(errors) && errors.some((inner) => isConnectionFailure(inner, depth + 1))) return true;
  return isConnectionFailure(cause, depth + 1);
}

/**
 * A lost or refused database connection as DATABASE_UNAVAILABLE (503 with Retry-After), so a client sees a
 * clear, retryable answer instead of a 500 while PostgreSQL restarts; any other error is returned unchanged.
 */
export function asDatabaseUnavailable<E>(error: E): E | CoplayError {
  if (error instanceof CoplayError || !isConnectionFailure(error)) return error;
  return new CoplayError(
    'DATABASE_UNAVAILABLE',
    `The database cannot be reached right now; try again in ${RETRY_AFTER_SECONDS} s.`,
    { cause: error, details: { retryAfterSeconds: RETRY_AFTER_SECONDS } },
  );
}
