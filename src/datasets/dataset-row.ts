/**
 * What the dataset readers yield for each data row: the parsed value, or why the row could not be read.
 * `line` is the 1-based line of the file where the row starts (the header is line 1 of a CSV).
 */
export type DatasetRow<T> = { line: number; value: T } | { line: number; error: string };

/** True when the row could not be read. */
export function isRowError<T>(row: DatasetRow<T>): row is { line: number; error: string } {
  return 'error' in row;
}
