/**
 * Coded errors spoken at the edges (HTTP, CLI). Core and model code throw plain RangeError/TypeError for
 * programming mistakes; only code that talks to users, files, databases or Steam throws CoplayError.
 * The catalogue is the single list of codes: the HTTP error handler maps `status`, the CLI prints `message`.
 */
export const ERROR_CATALOGUE = {
  INVALID_INPUT: { status: 400, summary: 'The request or command arguments are malformed.' },
  GROUP_SIZE_OUT_OF_RANGE: { status: 400, summary: 'A group has 2 to 8 members.' },
  MEMBER_UNKNOWN: { status: 404, summary: 'A sample player named in the group does not exist.' },
  UNAUTHORIZED: { status: 401, summary: 'An admin route was called without the right ADMIN_TOKEN.' },
  NOT_FOUND: { status: 404, summary: 'The thing asked for does not exist.' },
  GAME_NOT_FOUND: { status: 404, summary: 'No game with that appid is in the catalog.' },
  DATASET_MALFORMED: { status: 422, summary: 'A data file has rows that cannot be read.' },
  DATASET_NOT_FOUND: { status: 400, summary: 'A data file given to the importer does not exist.' },
  DATABASE_URL_INVALID: { status: 500, summary: 'DATABASE_URL is not a sqlite: or postgres:// URL.' },
  CONFIG_INVALID: { status: 500, summary: 'An environment variable has a value Coplay cannot use.' },
  ARTIFACT_CORRUPT: { status: 500, summary: 'A model artifact failed its checksum or is truncated.' },
  ARTIFACT_NOT_FOUND: { status: 404, summary: 'No model artifact with that version exists.' },
  MODEL_NOT_READY: { status: 503, summary: 'No trained model is published yet.' },
  STEAM_ID_INVALID: {
    status: 400,
    summary: 'A member is not a valid SteamID64, profile URL or vanity name.',
  },
  STEAM_ID_UNRESOLVED: { status: 404, summary: 'No Steam profile has that vanity name.' },
  STEAM_PROFILE_PRIVATE: { status: 422, summary: "A member's game details are private." },
  STEAM_FRIENDS_PRIVATE: { status: 422, summary: "A member's friend list is private." },
  STEAM_KEY_MISSING: { status: 400, summary: 'A Steam member was asked for but STEAM_API_KEY is not set.' },
  STEAM_UNAVAILABLE: { status: 503, summary: 'The Steam Web API is down, rate-limited or timing out.' },
  STEAM_BAD_RESPONSE: {
    status: 502,
    summary: 'Steam answered with something that is not the expected JSON.',
  },
  RATE_LIMITED: { status: 429, summary: 'Too many requests from this address; wait and retry.' },
  PAYLOAD_TOO_LARGE: { status: 413, summary: 'The request body is larger than the server accepts.' },
  INTERNAL: {
    status: 500,
    summary: 'An unexpected error; the response carries no internals, the log has them.',
  },
  NOT_ENOUGH_DATA: { status: 422, summary: 'There are too few interactions to train or evaluate a model.' },
  PIPELINE_BUSY: { status: 409, summary: 'A pipeline run is already going; wait for it to finish.' },
  PIPELINE_UNAVAILABLE: { status: 503, summary: 'This server has no pipeline to start a run on.' },
  DATABASE_UNAVAILABLE: {
    status: 503,
    summary: 'The database cannot be reached right now (restarting or unreachable); retry shortly.',
  },
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** An error a user can act on: a stable code, an HTTP status and a message that says what to do. */
export class CoplayError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CoplayError';
    this.code = code;
    this.status = ERROR_CATALOGUE[code].status;
    this.details = options?.details;
  }
}

export function isCoplayError(error: unknown): error is CoplayError {
  return error instanceof CoplayError;
}
