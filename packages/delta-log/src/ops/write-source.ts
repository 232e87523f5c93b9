import { deltaSchemaToArrow, parseSchema, type StructType, tableFromRows } from '@silt/parquet-io';
import * as arrow from 'apache-arrow';

/** Plain row objects with the schema they follow (a Delta schema, DDL or schema JSON). */
export interface RowsWithSchema {
  rows: Iterable<Record<string, unknown>>;
  schema: StructType | string;
}

/**
 * What a write takes: an Arrow table, a record batch, record batches (sync or async — written
 * in bounded memory), or plain rows with a schema.
 */
export type WriteData =
  | arrow.Table
  | arrow.RecordBatch
  | Iterable<arrow.RecordBatch>
  | AsyncIterable<arrow.RecordBatch>
  | RowsWithSchema;

/** The data of a write, opened: its Arrow schema and its batches. */
export interface WriteSource {
  /** The schema of the data; undefined for an empty stream with no schema to tell. */
  schema: arrow.Schema | undefined;
  batches: AsyncIterable<arrow.RecordBatch>;
}

/**
 * Opens the data of a write. A stream of batches is peeked at for its schema (the first batch
 * is kept, not read twice); an empty stream has none, and the table's schema stands in.
 */
export async function openWriteSource(data: WriteData): Promise<WriteSource> {
  if (isRowsWithSchema(data)) {
    const schema = typeof data.schema === 'string' ? parseSchema(data.schema) : data.schema;
    const table = tableFromRows(schema, data.rows);
    return { schema: table.schema, batches: fromIterable(table.batches) };
  }
  if (data instanceof arrow.Table || isArrowLike(data, 'Table')) {
    const table = data as arrow.Table;
    return { schema: table.schema, batches: fromIterable(table.batches) };
  }
  if (data instanceof arrow.RecordBatch || isArrowLike(data, 'RecordBatch')) {
    const batch = data as arrow.RecordBatch;
    return { schema: batch.schema, batches: fromIterable([batch]) };
  }
  const iterator =
    Symbol.asyncIterator in data
      ? (data as AsyncIterable<arrow.RecordBatch>)[Symbol.asyncIterator]()
      : toAsyncIterator((data as Iterable<arrow.RecordBatch>)[Symbol.iterator]());
  const first = await iterator.next();
  if (first.done) return { schema: undefined, batches: fromIterable([]) };
  return {
    schema: first.value.schema,
    batches: {
      async *[Symbol.asyncIterator]() {
        yield first.value;
        for (let next = await iterator.next(); !next.done; next = await iterator.next())
          yield next.value;
      },
    },
  };
}

/** An empty Arrow schema for a Delta schema (the data of an empty write). */
export function arrowSchemaOf(schema: StructType): arrow.Schema {
  return deltaSchemaToArrow(schema);
}

function isRowsWithSchema(data: WriteData): data is RowsWithSchema {
  return (
    typeof data === 'object' &&
    data !== null &&
    'rows' in data &&
    'schema' in data &&
    !(data instanceof arrow.Table)
  );
}

/** Tables and batches from another copy of apache-arrow fail instanceof; recognise them by shape. */
function isArrowLike(data: unknown, kind: 'Table' | 'RecordBatch'): boolean {
  if (typeof data !== 'object' || data === null) return false;
  const candidate = data as {
    schema?: unknown;
    batches?: unknown;
    data?: unknown;
    numRows?: unknown;
  };
  if (typeof candidate.numRows !== 'number' || typeof candidate.schema !== 'object') return false;
  return kind === 'Table' ? Array.isArray(candidate.batches) : typeof candidate.data === 'object';
}

async function* fromIterable(
  batches: Iterable<arrow.RecordBatch>,
): AsyncIterable<arrow.RecordBatch> {
  yield* batches;
}

function toAsyncIterator<T>(iterator: Iterator<T>): AsyncIterator<T> {
  return {
    next: async () => iterator.next(),
  };
}
