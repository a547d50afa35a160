/**
 * Opens a bundled data file as a byte stream, gunzipping it when it starts with the gzip magic bytes, so the
 * readers take both `*.gz` files and plain test fixtures.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { CoplayError } from '../errors.ts';

const MISSING = new Set(['ENOENT', 'ENOTDIR', 'EISDIR']);

/** The file's (decompressed) bytes; throws DATASET_NOT_FOUND when there is no such file. */
export async function openDataset(path: string): Promise<Readable> {
  const magic = Buffer.alloc(2);
  let bytesRead: number;
  try {
    const handle = await open(path, 'r');
    try {
      ({ bytesRead } = await handle.read(magic, 0, 2, 0));
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== undefined && MISSING.has(code)) {
      throw new CoplayError('DATASET_NOT_FOUND', `Data file not found: ${path}`, { cause: error });
    }
    throw error;
  }
  const file = createReadStream(path);
  if (bytesRead < 2 || magic[0] !== 0x1f || magic[1] !== 0x8b) return file;
  // pipeline forwards a read or gunzip error to the returned stream, so the reader's loop sees it.
  return pipeline(file, createGunzip(), () => {});
}

// A failure of the whole file (corrupt gzip, I/O error); row errors never get here.
function datasetFailure(path: string, error: unknown): CoplayError {
  const reason = error instanceof Error ? error.message : String(error);
  return new CoplayError('DATASET_MALFORMED', `${path} cannot be read: ${reason}`, { cause: error });
}

/** Re-throws any failure of the underlying stream as DATASET_MALFORMED naming the file. */
export async function* failuresAsMalformed<T>(path: string, items: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = items[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<T>;
      try {
        next = await iterator.next();
      } catch (error) {
        throw datasetFailure(path, error);
      }
      if (next.done === true) return;
      yield next.value;
    }
  } finally {
    await iterator.return?.();
  }
}
