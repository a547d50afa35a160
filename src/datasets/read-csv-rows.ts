/**
 * The shared CSV loop: streams a (gzipped or plain) CSV through csv-parse, checks the header, and yields one
 * DatasetRow per record. A record that is malformed (wrong column count, a bad field, broken quoting) becomes
 * `{ line, error }` and the loop goes on; only a missing file, a bad header or a corrupt gzip stop it.
 */
import { parse } from 'csv-parse';
import type { Info } from 'csv-parse';
import { pipeline } from 'node:stream';
import { CoplayError } from '../errors.ts';
import { CsvRow } from './csv-row.ts';
import type { DatasetRow } from './dataset-row.ts';
import { failuresAsMalformed, openDataset } from './open-dataset.ts';
import { RowError } from './row-error.ts';

/** Yields every data record of the CSV at `path`, converted by `toValue`. */
export async function* readCsvRows<T>(
  path: string,
  columns: readonly string[],
  toValue: (row: CsvRow) => T,
): AsyncGenerator<DatasetRow<T>> {
  const input = await openDataset(path);
  // csv-parse reports skipped records through a callback, ahead of the records still buffered, so they wait
  // here and are yielded in line order.
  const skipped: { line: number; error: string }[] = [];
  const parser = parse({
    bom: true,
    info: true,
    relax_column_count: true,
    // A stray quote inside a field is kept as text instead of swallowing the rest of the file.
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      const line = typeof error?.lines === 'number' ? error.lines : 0;
      skipped.push({ line, error: `unreadable CSV record: ${error?.message ?? 'unknown error'}` });
      return undefined;
    },
  });
  const records = pipeline(input, parser, () => {}) as AsyncIterable<{ record: string[]; info: Info }>;

  let index: Map<string, number> | null = null;
  let width = 0;
  for await (const { record, info } of failuresAsMalformed(path, records)) {
    const newlines = newlinesIn(record);
    const line = info.lines - newlines;
    if (index === null) {
      index = headerIndex(path, record, columns);
      width = record.length;
      continue;
    }
    while (skipped.length > 0 && skipped[0].line < line) {
      yield skipped.shift() as { line: number; error: string };
    }
    if (newlines > 0) {
      yield { line, error: `a quoted field runs over lines ${line}–${info.lines} (is a quote not closed?)` };
    } else if (record.length !== width) {
      yield { line, error: `expected ${width} columns, found ${record.length}` };
    } else {
      yield rowOf(line, () => toValue(new CsvRow(index as Map<string, number>, record)));
    }
  }
  if (index === null) throw new CoplayError('DATASET_MALFORMED', `${path} is empty: no header line`);
  yield* skipped;
}

function newlinesIn(record: string[]): number {
  let count = 0;
  for (const field of record) {
    for (let at = field.indexOf('\n'); at !== -1; at = field.indexOf('\n', at + 1)) count += 1;
  }
  return count;
}

function rowOf<T>(line: number, convert: () => T): DatasetRow<T> {
  try {
    return { line, value: convert() };
  } catch (error) {
    if (error instanceof RowError) return { line, error: error.message };
    throw error;
  }
}

function headerIndex(path: string, header: string[], columns: readonly string[]): Map<string, number> {
  const index = new Map(header.map((name, at) => [name.trim(), at]));
  const missing = columns.filter((name) => !index.has(name));
  if (missing.length > 0) {
    throw new CoplayError(
      'DATASET_MALFORMED',
      `${path}: header lacks ${missing.map((name) => `"${name}"`).join(', ')}; found ${header.join(',')}`,
    );
  }
  return index;
}
