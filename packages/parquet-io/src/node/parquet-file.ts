import { type FileHandle, mkdir, open, rename, rm } from 'node:fs/promises';
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
import { fileHandleBlob } from './file-blob.js';

/** Opens a file for reading, with the reasons it cannot be opened said plainly. */
async function openFile(path: string): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, 'r');
    const info = await handle.stat();
    if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    return { handle, size: info.size };
  } catch (cause) {
    await handle?.close();
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

/** Runs `read` over a lazy Blob of the file (positioned reads), closing the file after. */
async function withFileBlob<T>(path: string, read: (blob: Blob) => Promise<T>): Promise<T> {
  const { handle, size } = await openFile(path);
  try {
    return await read(fileHandleBlob(handle, 0, size));
  } finally {
    await handle.close();
  }
}

/**
 * Reads a Parquet file on disk into an Arrow table. A whole-file read loads the file in one
 * read; a projection or row-group selection reads only the byte ranges it needs.
 *
 * @throws {ParquetReadError} when the file is missing or not readable Parquet.
 */
export async function readParquetFile(
  path: string,
  options: ReadParquetOptions = {},
): Promise<arrow.Table> {
  if (options.columns || options.rowGroups)
    return withFileBlob(path, (blob) => readParquet(blob, options, path));
  const { handle } = await openFile(path);
  let bytes: Uint8Array;
  try {
    const buffer = await handle.readFile();
    bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } finally {
    await handle.close();
  }
  return readParquet(bytes, options, path);
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
  const { handle, size } = await openFile(path);
  try {
    yield* readParquetBatches(fileHandleBlob(handle, 0, size), options, path);
  } finally {
    await handle.close();
  }
}

/** Reads the Arrow schema of a Parquet file on disk from its footer. */
export async function readParquetFileSchema(path: string): Promise<arrow.Schema> {
  return withFileBlob(path, (blob) => readParquetSchema(blob, path));
}

/** Reads the footer metadata (rows, row groups, key-value metadata) of a Parquet file on disk. */
export async function readParquetFileMetadata(path: string): Promise<ParquetFileMetadata> {
  return withFileBlob(path, (blob) => readParquetMetadata(blob, path));
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
