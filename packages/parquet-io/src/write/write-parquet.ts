import * as arrow from 'apache-arrow';
import { ParquetWriteError } from '../errors/parquet-error.js';
import { toWasmTable, wasm } from '../wasm/parquet-wasm.js';
import { plainColumns } from './dictionary-choice.js';

/** Compression codecs for data pages. */
export type ParquetCompression = 'snappy' | 'zstd' | 'gzip' | 'lz4' | 'brotli' | 'uncompressed';

/** Options of {@link writeParquet}. */
export interface WriteParquetOptions {
  /** Page compression. Default `'snappy'`, as Spark and delta-rs write. */
  compression?: ParquetCompression;
  /** Most rows in one row group. Default 1,048,576 (arrow-rs's default). */
  rowGroupSize?: number;
  /** Key-value metadata stored in the file footer. */
  keyValueMetadata?: Record<string, string>;
  /** `created_by` in the footer. Default `silt parquet-io`. */
  createdBy?: string;
  /**
   * Dictionary encoding. `true`: every column; `false`: none; `'auto'` (the default): every column
   * except the flat ones whose dictionary cannot pay off, judged from a sample of the first batch
   * (nearly unique values, or a dictionary that would outgrow its 1 MiB page), which are written
   * plain from the start instead of falling back to plain after building a dictionary.
   */
  dictionary?: boolean | 'auto';
}

const codecs: Record<ParquetCompression, wasm.Compression> = {
  snappy: wasm.Compression.SNAPPY,
  zstd: wasm.Compression.ZSTD,
  gzip: wasm.Compression.GZIP,
  lz4: wasm.Compression.LZ4_RAW,
  brotli: wasm.Compression.BROTLI,
  uncompressed: wasm.Compression.UNCOMPRESSED,
};

/**
 * Builds parquet-wasm writer properties; the returned object is consumed by the write call.
 * `sample` (the first batch) and `rows` (the rows to write, when known) inform the per-column
 * dictionary choice of `dictionary: 'auto'`.
 */
export function writerProperties(
  options: WriteParquetOptions = {},
  sample?: arrow.RecordBatch,
  rows?: number,
): wasm.WriterProperties {
  const compression = options.compression ?? 'snappy';
  const codec = codecs[compression];
  if (codec === undefined) {
    throw new ParquetWriteError({
      reason: `unknown compression "${compression}"; use one of ${Object.keys(codecs).join(', ')}`,
    });
  }
  const rowGroupSize = options.rowGroupSize ?? 1024 * 1024;
  if (!Number.isInteger(rowGroupSize) || rowGroupSize < 1) {
    throw new ParquetWriteError({
      reason: `rowGroupSize must be a positive integer, got ${rowGroupSize}`,
    });
  }
  const dictionary = options.dictionary ?? 'auto';
  if (dictionary !== true && dictionary !== false && dictionary !== 'auto') {
    throw new ParquetWriteError({
      reason: `dictionary must be true, false or 'auto', got ${String(dictionary)}`,
    });
  }
  let builder = new wasm.WriterPropertiesBuilder()
    .setCompression(codec)
    .setMaxRowGroupSize(rowGroupSize)
    .setCreatedBy(options.createdBy ?? 'silt parquet-io')
    .setDictionaryEnabled(dictionary !== false)
    .setStatisticsEnabled(wasm.EnabledStatistics.Chunk);
  if (dictionary === 'auto' && sample) {
    const rowsPerGroup = Math.min(rowGroupSize, rows ?? rowGroupSize);
    for (const name of plainColumns(sample, rowsPerGroup))
      builder = builder.setColumnDictionaryEnabled(name, false);
  }
  if (options.keyValueMetadata)
    builder = builder.setKeyValueMetadata(new Map(Object.entries(options.keyValueMetadata)));
  return builder.build();
}

/** Arrow IPC bytes above which a table is written batch by batch rather than in one call. */
const ONE_CALL_LIMIT = 64 * 1024 * 1024;

/**
 * Writes an Arrow table as one Parquet file and returns its bytes.
 *
 * Large tables are streamed into the writer batch by batch, so wasm memory (32-bit, at most
 * 4 GiB) holds one batch and the encoded output at a time, never the whole input.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from 'apache-arrow';
 * import { writeParquet, readParquet } from '@silt/parquet-io';
 * const bytes = await writeParquet(tableFromArrays({ id: Int32Array.of(1, 2) }), { compression: 'zstd' });
 * readParquet(bytes).numRows; // 2
 * ```
 * @throws {ParquetWriteError} when an option is invalid or the data cannot be encoded.
 */
export async function writeParquet(
  table: arrow.Table,
  options: WriteParquetOptions = {},
): Promise<Uint8Array> {
  if (table.batches.length === 0) return encodeAll(table, options);
  const chunks: Uint8Array[] = [];
  for await (const chunk of writeParquetStream(table.batches, options)) chunks.push(chunk);
  return concat(chunks);
}

/**
 * Encodes record batches as one Parquet file, yielding its bytes in order as they are produced.
 * Input batches are consumed lazily, so an async source of any size is written in bounded memory.
 *
 * @throws {ParquetWriteError} when the batches do not share one schema or cannot be encoded.
 */
export async function* writeParquetStream(
  batches: Iterable<arrow.RecordBatch> | AsyncIterable<arrow.RecordBatch>,
  options: WriteParquetOptions = {},
): AsyncGenerator<Uint8Array> {
  const iterator = (
    Symbol.asyncIterator in batches ? batches[Symbol.asyncIterator]() : batches[Symbol.iterator]()
  ) as AsyncIterator<arrow.RecordBatch> | Iterator<arrow.RecordBatch>;
  let first = await iterator.next();
  if (first.done)
    throw new ParquetWriteError({
      reason:
        'no record batches to write (pass at least one, possibly empty, batch for the schema)',
    });
  const schema = first.value.schema;
  // Small inputs take the one-call path: fewer wasm round trips.
  const pending: arrow.RecordBatch[] = [];
  let pendingBytes = 0;
  while (!first.done) {
    const batch = first.value;
    if (!schemasMatch(schema, batch.schema)) {
      throw new ParquetWriteError({ reason: 'record batches of one file must share one schema' });
    }
    pending.push(batch);
    pendingBytes += batchBytes(batch);
    if (pendingBytes > ONE_CALL_LIMIT) break;
    first = await iterator.next();
  }
  if (first.done) {
    yield encodeAll(new arrow.Table(schema, pending), options);
    return;
  }
  yield* encodeStreaming(schema, pending, iterator, options);
}

function encodeAll(table: arrow.Table, options: WriteParquetOptions): Uint8Array {
  const properties = writerProperties(options, firstRows(table.batches), table.numRows);
  try {
    // writeParquet takes ownership of both wasm objects and frees them itself.
    return wasm.writeParquet(toWasmTable(table), properties);
  } catch (cause) {
    throw new ParquetWriteError({ reason: describeWasmError(cause), cause });
  }
}

async function* encodeStreaming(
  schema: arrow.Schema,
  head: arrow.RecordBatch[],
  rest: AsyncIterator<arrow.RecordBatch> | Iterator<arrow.RecordBatch>,
  options: WriteParquetOptions,
): AsyncGenerator<Uint8Array> {
  const queue = [...head];
  // parquet-wasm ends its output normally when its input stream errors, writing a valid file of
  // the batches read so far: the failure is kept here and thrown once the output is drained.
  let failure: { error: unknown } | undefined;
  const source = new ReadableStream<wasm.RecordBatch>({
    async pull(controller) {
      try {
        let batch = queue.shift();
        if (!batch) {
          const next = await rest.next();
          if (next.done) {
            controller.close();
            return;
          }
          batch = next.value;
          if (!schemasMatch(schema, batch.schema)) {
            throw new ParquetWriteError({
              reason: 'record batches of one file must share one schema',
            });
          }
        }
        let wasmTable: wasm.Table;
        try {
          wasmTable = toWasmTable(new arrow.Table(schema, [batch]));
        } catch (cause) {
          throw new ParquetWriteError({ reason: describeWasmError(cause), cause });
        }
        try {
          for (const wasmBatch of wasmTable.recordBatches()) controller.enqueue(wasmBatch);
        } finally {
          wasmTable.free();
        }
      } catch (error) {
        failure ??= { error };
        controller.error(error);
      }
    },
  });
  let output: ReadableStream<Uint8Array>;
  try {
    output = await wasm.transformParquetStream(source, writerProperties(options, firstRows(head)));
  } catch (cause) {
    throw new ParquetWriteError({ reason: describeWasmError(cause), cause });
  }
  const reader = output.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield value;
    }
  } catch (cause) {
    if (failure) throw failure.error;
    if (cause instanceof ParquetWriteError) throw cause;
    throw new ParquetWriteError({ reason: describeWasmError(cause), cause });
  } finally {
    reader.releaseLock();
  }
  // The source failed, or sent a batch of another schema: the bytes yielded so far end in a
  // valid footer but do not hold every batch, so they must not pass for the file asked for.
  if (failure) throw failure.error;
}

/** The first batch holding rows: the sample for the dictionary choice. */
function firstRows(batches: readonly arrow.RecordBatch[]): arrow.RecordBatch | undefined {
  return batches.find((batch) => batch.numRows > 0);
}

function schemasMatch(a: arrow.Schema, b: arrow.Schema): boolean {
  return (
    a === b ||
    (a.fields.length === b.fields.length &&
      a.fields.every(
        (f, k) => f.name === b.fields[k]!.name && String(f.type) === String(b.fields[k]!.type),
      ))
  );
}

function batchBytes(batch: arrow.RecordBatch): number {
  let total = 0;
  const visit = (data: arrow.Data): void => {
    for (const buffer of [data.values, data.valueOffsets, data.nullBitmap] as (
      | ArrayBufferView
      | undefined
    )[])
      total += buffer?.byteLength ?? 0;
    for (const child of data.children) visit(child);
  };
  visit(batch.data);
  return total;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

function describeWasmError(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
