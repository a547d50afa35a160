/** Reads an aggregate result: node-postgres returns bigint aggregates (count, sum of int) as strings. */
export function toNumber(value: string | number | bigint | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return Number(value);
}
