import { ApiError } from '../api/api-error.ts';

/** A sentence an admin can act on for a failed admin call. */
export function describeAdminError(error: unknown): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  switch (error.code) {
    case 'UNAUTHORIZED':
      // The server says the same for a wrong token and for admin routes disabled; its message tells which.
      return /ADMIN_TOKEN on the server/.test(error.message)
        ? 'Admin is disabled on this server: set ADMIN_TOKEN and restart it.'
        : 'Wrong admin token: check ADMIN_TOKEN and enter it again.';
    case 'PIPELINE_BUSY':
      return `A run is already going: ${error.message}`;
    case 'PIPELINE_UNAVAILABLE':
      return 'This server cannot start pipeline runs.';
    default:
      return error.message;
  }
}
