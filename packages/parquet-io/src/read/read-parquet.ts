import type * as arrow from 'apache-arrow';
import { ParquetReadError } from '../errors/parquet-error.js';
import { isUnsupportedArrowType, withoutArrowSchemaHint } from '../footer/arrow-schema-hint.js';
import { hasNanosecondTimestamps, withInt96Hint } from '../footer/int96-hint.js';
import { takeRecordBatch, takeSchema, takeTable, wasm } from '../wasm/parquet-wasm.js';
import { bytesBlob } from './bytes-blob.js';
import { schemaOfBytes } from './footer-schema.js';

/** Options of {@link readParquet} and {@link readParquetBatches}. */
export interface ReadParquetOptions {
  /**
   * Columns to read, by name. A nested field is named by its path (`address.city`): the struct
   * is read with only that child. Default: every column.
   */
  columns?: string[];
  /** Row groups to read, by index. Default: all. */
  rowGroups?: number[];
  /** Rows per record batch. Default 65,536. */
  batchSize?: number;
  /** Most rows to read. */
  limit?: number;
  /** Rows to skip first. */
  offset?: number;
}

/** Parquet in memory (`Uint8Array`) or behind a `Blob` (which a file on disk can be, read lazily). */
export type ParquetSource = Uint8Array | Blob;

const DEFAULT_BATCH_SIZE = 65_536;

/** A parquet-wasm file handle over a source; the caller frees it. */
export async function openParquet(source: ParquetSource, path?: string): Promise<wasm.ParquetFile> {
  const blob = source instanceof Uint8Array ? bytesBlob(source) : source;
  let file: wasm.ParquetFile;
  try {
    file = await wasm.ParquetFile.fromFile(blob);
  } catch (cause) {
    throw new ParquetReadError({ path, reason: describe(cause), cause });
  }
  let schema: arrow.Schema;
  try {
    schema = takeSchema(file.schema());
  } catch (cause) {
    // An Arrow schema hint naming types apache-arrow lacks (view types): read without it.
    const unhinted = isUnsupportedArrowType(cause) ? await withoutArrowSchemaHint(blob) : undefined;
    file.free();
    if (!unhinted) throw new ParquetReadError({ path, reason: describe(cause), cause });
    return openParquet(unhinted, path);
  }
  // INT96 timestamps would wrap around as nanoseconds; reopen with a footer hint to read microseconds.
  const hinted = await withInt96Hint(blob, schema).catch(() => undefined);
  if (!hinted) return file;
  file.free();
  try {
    return await wasm.ParquetFile.fromFile(hinted);
  } catch (cause) {
    throw new ParquetReadError({ path, reason: describe(cause), cause });
  }
}

function readerOptions(
  file: wasm.ParquetFile,
  options: ReadParquetOptions,
  path?: string,
): wasm.ReaderOptions {
  if (options.columns) checkColumns(options.columns, takeSchema(file.schema()), path);
  if (options.rowGroups) {
    const metadata = file.metadata();
    const count = metadata.numRowGroups();
    metadata.free();
    const bad = options.rowGroups.find(
      (group) => !Number.isInteger(group) || group < 0 || group >= count,
    );
    if (bad !== undefined) {
      throw new ParquetReadError({
        path,
        reason: `row group ${bad} does not exist`,
        hint: `The file has ${count} row groups, numbered from 0`,
      });
    }
  }
  return {
    batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
    ...(options.rowGroups ? { rowGroups: options.rowGroups } : {}),
    ...(options.columns ? { columns: options.columns } : {}),
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
    ...(options.offset !== undefined ? { offset: options.offset } : {}),
  };
}

function checkColumns(columns: string[], schema: arrow.Schema, path?: string): void {
  for (const column of columns) {
    let fields = schema.fields;
    for (const part of column.split('.')) {
      const found = fields.find((f) => f.name === part);
      if (!found || found.type.typeId === undefined) {
        throw new ParquetReadError({
          path,
          reason: `the file has no column "${column}"`,
          hint: `Its columns are ${schema.fields.map((f) => f.name).join(', ')} (name a nested field by its path, as in a.b)`,
        });
      }
      fields = found.type.children ?? [];
    }
  }
}

/**
 * Reads Parquet into an Arrow table.
 *
 * @example
 * ```ts
 * import { readParquet } from '@silt/parquet-io';
 * const table = await readParquet(bytes, { columns: ['id', 'address.city'], rowGroups: [0] });
 * ```
 * @throws {ParquetReadError} when the source is not a readable Parquet file, or names a column or row group it lacks.
 */
export async function readParquet(
  source: ParquetSource,
  options: ReadParquetOptions = {},
  path?: string,
): Promise<arrow.Table> {
  if (source instanceof Uint8Array && !options.columns && !options.rowGroups) {
    return readWholeBytes(source, options, path);
  }
  const file = await openParquet(source, path);
  try {
    const table = await file.read(readerOptions(file, options, path)).catch((cause: unknown) => {
      throw new ParquetReadError({ path, reason: describe(cause), cause });
    });
    return takeTable(table);
  } finally {
    file.free();
  }
}

/**
 * Bytes already in memory without projection: parquet-wasm's synchronous reader, three times
 * faster than its async file reader on the same bytes (which, though, is the one that honours
 * `columns`, so projections take the other path).
 */
async function readWholeBytes(
  bytes: Uint8Array,
  options: ReadParquetOptions,
  path?: string,
): Promise<arrow.Table> {
  let input = bytes;
  try {
    // Only files with nanosecond timestamps (INT96) need the hint, so look first.
    let schema: arrow.Schema;
    try {
      schema = schemaOfBytes(bytes);
    } catch (cause) {
      // An Arrow schema hint naming types apache-arrow lacks (view types): read without it.
      const unhinted = isUnsupportedArrowType(cause)
        ? await withoutArrowSchemaHint(bytesBlob(bytes))
        : undefined;
      if (!unhinted) throw cause;
      input = new Uint8Array(await unhinted.arrayBuffer());
      schema = schemaOfBytes(input);
    }
    if (hasNanosecondTimestamps(schema)) {
      const hinted = await withInt96Hint(bytesBlob(input), schema);
      if (hinted) input = new Uint8Array(await hinted.arrayBuffer());
    }
  } catch (cause) {
    throw new ParquetReadError({ path, reason: describe(cause), cause });
  }
  let table: wasm.Table;
  try {
    table = wasm.readParquet(input, {
      batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
      ...(options.limit !== undefined ? { limit: options.limit } : {}),
      ...(options.offset !== undefined ? { offset: options.offset } : {}),
    });
  } catch (cause) {
    throw new ParquetReadError({ path, reason: describe(cause), cause });
  }
  return takeTable(table);
}

/**
 * Streams Parquet as Arrow record batches. From a `Blob` (such as `fs.openAsBlob(path)`), only
 * the footer and the byte ranges of the requested row groups and columns are read, batch by
 * batch: the whole file is never loaded.
 *
 * @throws {ParquetReadError} when the source is not readable Parquet.
 */
export async function* readParquetBatches(
  source: ParquetSource,
  options: ReadParquetOptions = {},
  path?: string,
): AsyncGenerator<arrow.RecordBatch> {
  const file = await openParquet(source, path);
  try {
    let stream: ReadableStream<wasm.RecordBatch>;
    try {
      stream = await file.stream(readerOptions(file, options, path));
    } catch (cause) {
      if (cause instanceof ParquetReadError) throw cause;
      throw new ParquetReadError({ path, reason: describe(cause), cause });
    }
    const reader = stream.getReader();
    try {
      for (;;) {
        let next: { done: true; value?: undefined } | { done: false; value: wasm.RecordBatch };
        try {
          next = (await reader.read()) as typeof next;
        } catch (cause) {
          throw new ParquetReadError({ path, reason: describe(cause), cause });
        }
        if (next.done) return;
        yield takeRecordBatch(next.value);
      }
    } finally {
      await reader.cancel().catch(() => undefined);
      reader.releaseLock();
    }
  } finally {
    file.free();
  }
}

/**
 * Reads the Arrow schema of Parquet from its footer, without decoding data.
 *
 * @throws {ParquetReadError} when the source is not readable Parquet.
 */
export async function readParquetSchema(
  source: ParquetSource,
  path?: string,
): Promise<arrow.Schema> {
  if (source instanceof Uint8Array) {
    // Bytes in memory: the synchronous footer reader, unless INT96 needs the hinted file.
    let schema: arrow.Schema | undefined;
    try {
      schema = schemaOfBytes(source);
    } catch (cause) {
      // View types in the Arrow schema hint: the file handle below reads without the hint.
      if (!isUnsupportedArrowType(cause))
        throw new ParquetReadError({ path, reason: describe(cause), cause });
    }
    if (schema && !hasNanosecondTimestamps(schema)) return schema;
  }
  const file = await openParquet(source, path);
  try {
    return takeSchema(file.schema());
  } finally {
    file.free();
  }
}

/** What a Parquet footer says about a file. */
export interface ParquetFileMetadata {
  numRows: number;
  createdBy: string | undefined;
  keyValueMetadata: Record<string, string>;
  rowGroups: { numRows: number; compressedBytes: number; uncompressedBytes: number }[];
}

/**
 * Reads the footer metadata of Parquet: rows, row groups, key-value metadata.
 *
 * @throws {ParquetReadError} when the source is not readable Parquet.
 */
export async function readParquetMetadata(
  source: ParquetSource,
  path?: string,
): Promise<ParquetFileMetadata> {
  const file = await openParquet(source, path);
  const metadata = file.metadata();
  try {
    const footer = metadata.fileMetadata();
    const rowGroups = metadata.rowGroups().map((group) => {
      const out = {
        numRows: group.numRows(),
        compressedBytes: group.compressedSize(),
        uncompressedBytes: group.totalByteSize(),
      };
      group.free();
      return out;
    });
    const keyValues: Record<string, string> = {};
    for (const [key, value] of footer.keyValueMetadata()) keyValues[String(key)] = String(value);
    const out = {
      numRows: footer.numRows(),
      createdBy: footer.createdBy(),
      keyValueMetadata: keyValues,
      rowGroups,
    };
    footer.free();
    return out;
  } finally {
    metadata.free();
    file.free();
  }
}

function describe(cause: unknown): string {
  const text = cause instanceof Error ? cause.message : String(cause);
  return text.replace(/\s+/g, ' ').trim();
}
