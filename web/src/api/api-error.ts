/** A failed API call: the server's `{code, message, details}`, or NETWORK when the server could not be reached. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  /** Seconds from the Retry-After header, when the server sent one. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    options: { details?: Record<string, unknown>; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** The 0-based index of the group member the error is about, when the server named one. */
  get memberIndex(): number | undefined {
    const member = this.details?.member;
    return typeof member === 'number' && Number.isInteger(member) ? member : undefined;
  }
}

/** True for an error thrown because a request was aborted (a newer request replaced it). */
export function isAbortError(error: unknown): boolean {
  // By name, not instanceof: the DOMException class differs between realms (and test environments).
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}
