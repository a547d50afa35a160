/**
 * Typed access to one CSV record by column name. Each accessor throws RowError with a message naming the
 * column and the bad value, e.g. `column "price": "abc" is not a number`.
 */
import { RowError } from './row-error.ts';

const INTEGER = /^-?\d+$/;

/** One CSV record, read by column name. */
export class CsvRow {
  constructor(
    private readonly index: ReadonlyMap<string, number>,
    private readonly fields: readonly string[],
  ) {}

  /** The raw field; '' when empty. */
  raw(column: string): string {
    const at = this.index.get(column);
    if (at === undefined) throw new TypeError(`no column "${column}" in this file's header`);
    return this.fields[at];
  }

  /** A non-empty text field. */
  text(column: string): string {
    const value = this.raw(column);
    if (value.trim() === '') throw new RowError(`column "${column}" is empty`);
    return value;
  }

  /** A whole number ≥ min (default 0). */
  integer(column: string, min = 0): number {
    const value = this.raw(column).trim();
    if (!INTEGER.test(value) || !Number.isSafeInteger(Number(value))) {
      throw new RowError(`column "${column}": ${JSON.stringify(value)} is not an integer`);
    }
    return checkMin(column, Number(value), min);
  }

  /** A whole number ≥ min, or null when the field is empty. */
  optionalInteger(column: string, min = 0): number | null {
    return this.raw(column).trim() === '' ? null : this.integer(column, min);
  }

  /** A finite decimal number ≥ min (default 0). */
  number(column: string, min = 0): number {
    const value = this.raw(column).trim();
    const parsed = value === '' ? Number.NaN : Number(value);
    if (!Number.isFinite(parsed))
      throw new RowError(`column "${column}": ${JSON.stringify(value)} is not a number`);
    return checkMin(column, parsed, min);
  }

  /** A `;`-separated list; [] when the field is empty. */
  list(column: string): string[] {
    const items: string[] = [];
    for (const item of this.raw(column).split(';')) {
      const trimmed = item.trim();
      if (trimmed !== '') items.push(trimmed);
    }
    return items;
  }

  /** A field that must be one of the given values. */
  oneOf<const T extends string>(column: string, values: readonly T[]): T {
    const value = this.raw(column).trim();
    if (!(values as readonly string[]).includes(value)) {
      throw new RowError(`column "${column}": ${JSON.stringify(value)} is not one of ${values.join(', ')}`);
    }
    return value as T;
  }
}

function checkMin(column: string, value: number, min: number): number {
  if (value < min) throw new RowError(`column "${column}": ${value} is below ${min}`);
  return value;
}
