import type { FastifyServerOptions } from 'fastify';
import type { DestinationStream } from 'pino';

/** How the app logs: a pino level, optionally where to (tests capture it), and the secrets to keep out. */
export interface AppLogOptions {
  level: string;
  /** Defaults to stdout. */
  stream?: DestinationStream;
  /** Values that must never be written (the Steam key, the admin token), wherever they turn up. */
  secrets?: readonly (string | undefined)[];
}

const CENSOR = '[Redacted]';

/** Fields that hold credentials, wherever code logs a request, its headers or the configuration. */
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-admin-token"]',
  'request.headers.authorization',
  'request.headers.cookie',
  'request.headers["x-admin-token"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-admin-token"]',
  'STEAM_API_KEY',
  'ADMIN_TOKEN',
  'apiKey',
  'adminToken',
  '*.STEAM_API_KEY',
  '*.ADMIN_TOKEN',
  '*.apiKey',
  '*.adminToken',
];

// Steam Web API URLs carry the key as ?key=…; in any logged text (a URL field, an error message or stack)
// its value is replaced, plain or percent-encoded.
const KEY_PARAM = /([?&]key=)[^&#\s"'\\]+/gi;
const ENCODED_KEY_PARAM = /(%3F|%26)(key%3D)[^&%\s"'\\]+/gi;

// A feedback undo token in a DELETE URL is a credential too: whoever reads it can undo that event.
const UNDO_TOKEN_PATH = /(\/api\/v1\/feedback\/)[A-Za-z0-9_-]{20,}/g;

/** Short values would also match ordinary text; paths and the key parameter still cover them. */
const MIN_SECRET_LENGTH = 8;

/**
 * Fastify logger options that keep secrets out of every line: pino `redact` for known fields, and a last
 * pass over each serialised line for Steam's `key=` parameter and the literal secret values (so an error
 * message quoting a URL, or a config object logged whole, is covered too).
 */
export function redactingLoggerOptions(options: AppLogOptions): FastifyServerOptions['logger'] {
  const secrets = [...new Set(options.secrets ?? [])].filter(
    (secret): secret is string => secret !== undefined && secret.length >= MIN_SECRET_LENGTH,
  );
  const literal =
    secrets.length === 0
      ? undefined
      : new RegExp(
          // A secret may appear as written or JSON-escaped inside a string.
          secrets
            .flatMap((s) => [s, JSON.stringify(s).slice(1, -1)])
            .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
            .join('|'),
          'g',
        );
  return {
    level: options.level,
    ...(options.stream ? { stream: options.stream } : {}),
    redact: { paths: REDACT_PATHS, censor: CENSOR },
    hooks: {
      streamWrite: (line: string) => {
        const scrubbed = line
          .replace(KEY_PARAM, `$1${CENSOR}`)
          .replace(ENCODED_KEY_PARAM, `$1$2${CENSOR}`)
          .replace(UNDO_TOKEN_PATH, `$1${CENSOR}`);
        return literal ? scrubbed.replace(literal, CENSOR) : scrubbed;
      },
    },
  };
}
