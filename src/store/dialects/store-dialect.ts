import type { ColumnDataType, ColumnDefinitionBuilder, Expression, RawBuilder } from 'kysely';

/** Column types a migration asks the dialect for, where SQLite and PostgreSQL disagree. */
export interface DialectColumnTypes {
  json: ColumnDataType;
  timestamp: ColumnDataType;
  boolean: ColumnDataType;
  bytes: ColumnDataType;
  double: ColumnDataType;
}

/**
 * Everything that differs between the SQLite and PostgreSQL backends, so repositories and migrations stay
 * backend-neutral. Values are written in a shape both drivers accept and read back through `read*`.
 */
export interface StoreDialect {
  readonly name: 'sqlite' | 'postgres';
  /** Most bound parameters one statement may carry. */
  readonly maxParameters: number;
  readonly columnTypes: DialectColumnTypes;
  /** The operator that matches a LIKE pattern ignoring case. */
  readonly likeIgnoringCase: 'like' | 'ilike';
  /** Makes an integer column an auto-incrementing primary key. */
  autoIncrementPrimaryKey(column: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
  /** Rows of `columnsPerRow` parameters that fit in one statement. */
  rowsPerStatement(columnsPerRow: number): number;
  /**
   * One JSON array per row built in SQL: reading wide rows this way costs one parse instead of one JS
   * property per column (better-sqlite3 builds row objects slowly). Read it back with `readJson`.
   */
  jsonArray(items: readonly Expression<unknown>[]): RawBuilder<unknown[] | string>;
  /** A JSON column as an element of `jsonArray` (embedded as JSON, not as a string of JSON). */
  embedJson(column: Expression<unknown>): Expression<unknown>;
  writeJson(value: unknown): string;
  readJson<T>(value: T | string): T;
  writeDate(value: Date): string;
  readDate(value: Date | string): Date;
  writeBool(value: boolean): boolean | number;
  readBool(value: boolean | number): boolean;
  writeBytes(value: Uint8Array): Uint8Array;
  readBytes(value: Uint8Array): Uint8Array;
}
