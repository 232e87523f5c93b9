import { openAsBlob } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type * as arrow from 'apache-arrow';
import { ParquetReadError } from '../errors/parquet-error.js';
import {
  type ParquetFileMetadata,
  type ReadParquetOptions,
  readParquet,
  readParquetBatches,
  readParquetMetadata,
  readParquetSchema,
} from '../read/read-parquet.js';
import {
  type WriteParquetOptions,
  writeParquet,
  writeParquetStream,
} from '../write/write-parquet.js';

/** A lazy Blob over a file on disk: parquet-wasm reads only the byte ranges it needs. */
async function fileBlob(path: string): Promise<Blob> {
  try {
    // openAsBlob's own error has no errno code; stat says why the file cannot be opened.
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    return await openAsBlob(path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new ParquetReadError({
      path,
      reason:
        code === 'ENOENT'
          ? 'no such file'
          : code === 'EISDIR'
            ? 'it is a directory'
            : String(cause),
      hint: 'Check the path',
      cause,
    });
  }
}

/**
 * Reads a Parquet file on disk into an Arrow table.
 *
 * @throws {ParquetReadError} when the file is missing or not readable Parquet.
 */
export async function readParquetFile(
  path: string,
  options: ReadParquetOptions = {},
): Promise<arrow.Table> {
  return readParquet(await fileBlob(path), options, path);
}

/**
 * Streams a Parquet file on disk as Arrow record batches, reading only the byte ranges of the
 * requested row groups and columns: the whole file is never loaded.
 *
 * @example
 * ```ts
 * import { readParquetFileBatches } from '@silt/parquet-io';
 * for await (const batch of readParquetFileBatches('data.parquet', { columns: ['id'] })) console.log(batch.numRows);
 * ```
 * @throws {ParquetReadError} when the file is missing or not readable Parquet.
 */
export async function* readParquetFileBatches(
  path: string,
  options: ReadParquetOptions = {},
): AsyncGenerator<arrow.RecordBatch> {
  yield* readParquetBatches(await fileBlob(path), options, path);
}

/** Reads the Arrow schema of a Parquet file on disk from its footer. */
export async function readParquetFileSchema(path: string): Promise<arrow.Schema> {
  return readParquetSchema(await fileBlob(path), path);
}

/** Reads the footer metadata (rows, row groups, key-value metadata) of a Parquet file on disk. */
export async function readParquetFileMetadata(path: string): Promise<ParquetFileMetadata> {
  return readParquetMetadata(await fileBlob(path), path);
}

/**
 * Writes record batches (an Arrow table, or any sync or async iterable of batches) to a Parquet
 * file, streaming: memory holds one batch and the pending row group, not the whole input. The
 * file appears at `path` only once it is complete (written beside it, then renamed).
 *
 * @returns the number of bytes written.
 * @throws {ParquetWriteError} when the data cannot be encoded; no file is left behind.
 */
export async function writeParquetFile(
  path: string,
  data: arrow.Table | Iterable<arrow.RecordBatch> | AsyncIterable<arrow.RecordBatch>,
  options: WriteParquetOptions = {},
): Promise<number> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  const handle = await open(temporary, 'w');
  let bytes = 0;
  try {
    if (isTable(data) && data.batches.length === 0) {
      const encoded = await writeParquet(data, options);
      await handle.write(encoded);
      bytes = encoded.length;
    } else {
      for await (const chunk of writeParquetStream(isTable(data) ? data.batches : data, options)) {
        await handle.write(chunk);
        bytes += chunk.length;
      }
    }
    await handle.close();
    await rename(temporary, path);
    return bytes;
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}

function isTable(data: unknown): data is arrow.Table {
  return (
    typeof data === 'object' &&
    data !== null &&
    'batches' in data &&
    'schema' in data &&
    'numRows' in data
  );
}
