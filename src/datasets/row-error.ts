/**
 * Thrown by field parsers for one bad row and caught by the row loop, which turns it into `{ line, error }`.
 * Never escapes a reader.
 */
export class RowError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RowError';
  }
}
