import type * as arrow from 'apache-arrow';
import { type ColumnBuilder, createColumnBuilder, tableFromData } from '../arrow/column-builder.js';
import { MalformedRecord } from '../errors/malformed-record.js';
import { InvalidSchema } from '../errors/schema-error.js';
import type { StructType } from '../types/delta-type.js';

/** The name of the string column that rescue mode appends to hold what did not fit the schema. */
export const RESCUED_DATA_COLUMN = '_rescued_data';

/** The rescued-data key that holds a whole record that could not be split into fields. */
export const CORRUPT_RECORD_KEY = '_corrupt_record';

/** The rescued-data key that holds the file name (from the `fileName` option), as in Spark. */
export const FILE_PATH_KEY = '_file_path';

/** What to do with a record that does not fit the declared schema. */
export type OnMalformed = 'fail' | 'rescue';

/** Options shared by the CSV and JSON-lines readers. */
export interface TextReadOptions {
  /**
   * `fail` (the default) throws {@link MalformedRecord} at the first record that does not fit the
   * schema. `rescue` keeps such records: the fields that do not fit become null and their raw
   * text goes, as a JSON object, into an extra `_rescued_data` string column.
   */
  onMalformed?: OnMalformed;
  /** The name of the file being read, for error messages and the `_file_path` rescued key. */
  fileName?: string;
}

/** Options of the streaming readers. */
export interface BatchReadOptions {
  /** Rows per record batch; 8192 when not given. */
  batchSize?: number;
}

/** Where text comes from for the streaming readers: chunks of UTF-8 bytes or of text. */
export type TextSource = AsyncIterable<Uint8Array | string> | ReadableStream<Uint8Array | string>;

export const DEFAULT_BATCH_SIZE = 8192;

/**
 * The schema of the rows that a text reader returns in rescue mode: the declared columns, all
 * nullable (a rescued row holds null where its field did not fit, NOT NULL columns included;
 * the table writer enforces NOT NULL), then `_rescued_data STRING`.
 *
 * @example
 * ```ts
 * import { parseDdl, rescuedSchema } from '@silt/parquet-io';
 * rescuedSchema(parseDdl('id INT NOT NULL')).fields.map((f) => f.name); // ['id', '_rescued_data']
 * ```
 *
 * @throws {InvalidSchema} when the schema already has a column named `_rescued_data`.
 */
export function rescuedSchema(schema: StructType): StructType {
  if (schema.fields.some((f) => f.name.toLowerCase() === RESCUED_DATA_COLUMN)) {
    throw new InvalidSchema({
      reason: `the schema declares a column ${RESCUED_DATA_COLUMN}, which rescue mode adds itself; rename it`,
    });
  }
  return {
    type: 'struct',
    fields: [
      ...schema.fields.map((f) => ({ ...f, nullable: true })),
      { name: RESCUED_DATA_COLUMN, type: 'string', nullable: true, metadata: {} },
    ],
  };
}

/** Validates the options shared by both readers, so that a typo fails before any reading. */
export function checkTextOptions(options: TextReadOptions & BatchReadOptions): void {
  const mode = options.onMalformed ?? 'fail';
  if (mode !== 'fail' && mode !== 'rescue') {
    throw new TypeError(`onMalformed must be 'fail' or 'rescue', got ${JSON.stringify(mode)}`);
  }
  const size = options.batchSize;
  if (size !== undefined && (!Number.isSafeInteger(size) || size < 1)) {
    throw new RangeError(`batchSize must be a positive integer, got ${size}`);
  }
}

/** One way in which a record does not fit the schema. */
export interface Problem {
  /** The column it concerns, when one does. */
  column?: string;
  reason: string;
  /** What rescue mode keeps of it: keys and raw texts for `_rescued_data`. */
  rescued: [key: string, raw: string | null][];
}

/**
 * Accumulates rows into column builders and hands them out as Arrow record batches; applies the
 * `onMalformed` policy to the problems of each row.
 */
export class RowAssembler {
  readonly outputSchema: StructType;
  readonly rescue: boolean;
  private builders: ColumnBuilder[];
  private rows = 0;

  constructor(
    readonly schema: StructType,
    private readonly options: TextReadOptions,
  ) {
    this.rescue = options.onMalformed === 'rescue';
    this.outputSchema = this.rescue ? rescuedSchema(schema) : schema;
    this.builders = this.freshBuilders();
  }

  private freshBuilders(): ColumnBuilder[] {
    return this.outputSchema.fields.map((f) => createColumnBuilder(f.type));
  }

  get length(): number {
    return this.rows;
  }

  /**
   * Appends one row (values in schema order). With problems, fail mode throws and rescue mode
   * writes them to `_rescued_data`.
   *
   * @throws {MalformedRecord} in fail mode when `problems` is not empty.
   */
  append(values: readonly unknown[], problems: readonly Problem[], line: number): void {
    if (problems.length > 0 && !this.rescue) throw this.malformed(problems[0]!, line);
    this.schema.fields.forEach((_, index) => {
      this.builders[index]!.append(values[index] ?? null);
    });
    if (this.rescue) this.builders[this.schema.fields.length]!.append(this.rescuedJson(problems));
    this.rows++;
  }

  /** The error of one problem at `line`, naming the file. */
  malformed(problem: Problem, line: number): MalformedRecord {
    return new MalformedRecord({
      file: this.options.fileName,
      line,
      column: problem.column,
      reason: problem.reason,
    });
  }

  /** Spark's rescued-data shape: `{"column": "raw text", …, "_file_path": "…"}`; null for a good row. */
  private rescuedJson(problems: readonly Problem[]): string | null {
    if (problems.length === 0) return null;
    const entries = problems.flatMap((p) => p.rescued);
    if (this.options.fileName !== undefined) entries.push([FILE_PATH_KEY, this.options.fileName]);
    return `{${entries.map(([key, raw]) => `${JSON.stringify(key)}:${JSON.stringify(raw)}`).join(',')}}`;
  }

  /** The rows so far as one table (one batch, or an empty one). */
  finishTable(): arrow.Table {
    const table = tableFromData(
      this.outputSchema,
      this.builders.map((b) => b.finish()),
      this.rows,
    );
    this.builders = this.freshBuilders();
    this.rows = 0;
    return table;
  }

  /** The rows so far as one record batch; the assembler starts afresh. */
  finishBatch(): arrow.RecordBatch {
    return this.finishTable().batches[0]!;
  }
}

function isReadableStream(source: TextSource): source is ReadableStream<Uint8Array | string> {
  return typeof (source as ReadableStream).getReader === 'function';
}

async function* chunksOf(source: TextSource): AsyncGenerator<Uint8Array | string> {
  if (!isReadableStream(source)) {
    yield* source;
    return;
  }
  const reader = source.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      yield value;
    }
  } finally {
    // A consumer that stops early must not leave the producer running.
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/**
 * The text of a source, chunk by chunk. Bytes are decoded as UTF-8 across chunk boundaries
 * (invalid sequences become U+FFFD, as Spark reads them) and a leading byte-order mark is dropped.
 */
export async function* textChunks(source: TextSource): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let first = true;
  let pendingBytes = false;
  for await (const chunk of chunksOf(source)) {
    let text: string;
    if (typeof chunk === 'string') {
      text = pendingBytes ? decoder.decode() + chunk : chunk;
      pendingBytes = false;
    } else {
      text = decoder.decode(chunk, { stream: true });
      pendingBytes = true;
    }
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    if (text.length > 0) yield text;
  }
  const tail = pendingBytes ? decoder.decode() : '';
  if (tail.length > 0) yield tail;
}

/** The text of a whole input: bytes are decoded as UTF-8 and a leading byte-order mark is dropped. */
export function wholeText(input: string | Uint8Array): string {
  const text = typeof input === 'string' ? input : new TextDecoder('utf-8').decode(input);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
