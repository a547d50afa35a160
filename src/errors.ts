/**
 * Coded errors spoken at the edges (HTTP, CLI). Core and model code throw plain RangeError/TypeError for
 * programming mistakes; only code that talks to users, files, databases or Steam throws CoplayError.
 * The catalogue is the single list of codes: the HTTP error handler maps `status`, the CLI prints `message`.
 */
export const ERROR_CATALOGUE = {
  INVALID_INPUT: { status: 400, summary: 'The request or command arguments are malformed.' },
  NOT_FOUND: { status: 404, summary: 'The thing asked for does not exist.' },
  GAME_NOT_FOUND: { status: 404, summary: 'No game with that appid is in the catalog.' },
  DATASET_MALFORMED: { status: 422, summary: 'A data file has rows that cannot be read.' },
  DATASET_NOT_FOUND: { status: 400, summary: 'A data file given to the importer does not exist.' },
  DATABASE_URL_INVALID: { status: 500, summary: 'DATABASE_URL is not a sqlite: or postgres:// URL.' },
  CONFIG_INVALID: { status: 500, summary: 'An environment variable has a value Coplay cannot use.' },
  ARTIFACT_CORRUPT: { status: 500, summary: 'A model artifact failed its checksum or is truncated.' },
  ARTIFACT_NOT_FOUND: { status: 404, summary: 'No model artifact with that version exists.' },
  MODEL_NOT_READY: { status: 503, summary: 'No trained model is published yet.' },
  NOT_ENOUGH_DATA: { status: 422, summary: 'There are too few interactions to train or evaluate a model.' },
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** An error a user can act on: a stable code, an HTTP status and a message that says what to do. */
export class CoplayError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
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
