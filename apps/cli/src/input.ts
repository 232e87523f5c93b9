import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import {
  arrowSchemaToDelta,
  type DeltaType,
  type OnMalformed,
  RESCUED_DATA_COLUMN,
  readCsvBatches,
  readJsonLinesBatches,
  readParquetFileBatches,
  readParquetFileMetadata,
  readParquetFileSchema,
  rescuedSchema,
  type StructType,
  tableFromRows,
} from '@silt/parquet-io';
import type * as arrow from 'apache-arrow';
import { CommandFailure, UsageError } from './errors.js';
import type { ProgressState } from './output/progress.js';

/** The input files `silt write` reads. */
export type InputFormat = 'parquet' | 'csv' | 'jsonl';

export const INPUT_FORMATS: readonly InputFormat[] = ['parquet', 'csv', 'jsonl'];

const EXTENSIONS: Record<string, InputFormat> = {
  '.parquet': 'parquet',
  '.csv': 'csv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
};

/** The format of `file`: the declared one, else the one its extension names. */
export function inputFormatOf(file: string, declared: InputFormat | undefined): InputFormat {
  if (declared) return declared;
  const format = EXTENSIONS[extname(file).toLowerCase()];
  if (!format)
    throw new UsageError(
      `cannot tell the format of ${file} from its extension (expected .parquet, .csv, .jsonl or .ndjson); pass --input-format parquet|csv|jsonl`,
    );
  return format;
}

/** Options of {@link openInput}. */
export interface InputOptions {
  format: InputFormat;
  /** The schema CSV and JSON lines are parsed with; Parquet carries its own. */
  schema?: StructType;
  /** CSV: the first record names the columns. */
  header: boolean;
  onMalformed: OnMalformed;
}

/** An input opened for writing: its batches, read lazily, and how far reading has got. */
export interface OpenedInput {
  /**
   * The record batches, one at a time (bounded memory). An input without rows yields one empty
   * batch, so that its schema still reaches the writer (a new table gets its columns).
   */
  batches: AsyncIterable<arrow.RecordBatch>;
  progress(): ProgressState;
}

/**
 * Opens an input file for `silt write`.
 *
 * @throws {CommandFailure} when the file is missing or not a file.
 */
export async function openInput(file: string, options: InputOptions): Promise<OpenedInput> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile())
      throw new CommandFailure(`Cannot read ${file}: it is not a file. Pass a file to --from.`);
    size = info.size;
  } catch (error) {
    if (error instanceof CommandFailure) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new CommandFailure(
      `Cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : ((error as Error).message ?? code)}. Check the path.`,
    );
  }
  const state: ProgressState = { rows: 0, bytesRead: 0, totalBytes: size };

  if (options.format === 'parquet') {
    // The footer tells the rows (for progress) and checks that the file is Parquet at all.
    state.totalRows = (await readParquetFileMetadata(file)).numRows;
    delete state.totalBytes;
    delete state.bytesRead;
    return {
      batches: counted(
        readParquetFileBatches(file),
        async () => arrowSchemaToDelta(await readParquetFileSchema(file)),
        state,
      ),
      progress: () => ({ ...state }),
    };
  }

  const declared = options.schema;
  if (!declared) throw new UsageError(`--schema is required to read ${options.format} input`);
  const schema =
    options.onMalformed === 'rescue'
      ? // The reader adds _rescued_data itself; a table written in rescue mode already has it.
        { ...declared, fields: declared.fields.filter((f) => f.name !== RESCUED_DATA_COLUMN) }
      : declared;
  async function* bytes(): AsyncGenerator<Uint8Array> {
    for await (const chunk of createReadStream(file)) {
      state.bytesRead! += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
  }
  const textOptions = { fileName: file, onMalformed: options.onMalformed };
  const batches =
    options.format === 'csv'
      ? readCsvBatches(bytes(), schema, { ...textOptions, header: options.header })
      : readJsonLinesBatches(bytes(), schema, textOptions);
  const rescued = options.onMalformed === 'rescue';
  return {
    batches: counted(batches, async () => (rescued ? rescuedSchema(schema) : schema), state),
    progress: () => ({ ...state }),
  };
}

/** Passes batches on, counting rows; yields one empty batch of `schemaOf()` for an empty input. */
async function* counted(
  batches: AsyncIterable<arrow.RecordBatch>,
  schemaOf: () => Promise<StructType>,
  state: ProgressState,
): AsyncGenerator<arrow.RecordBatch> {
  let any = false;
  for await (const batch of batches) {
    any = true;
    state.rows += batch.numRows;
    yield batch;
  }
  if (!any) yield* tableFromRows(await schemaOf(), []).batches;
}

/** A table schema as a parsing schema: without field metadata (column mapping, invariants). */
export function withoutMetadata(schema: StructType): StructType {
  return {
    type: 'struct',
    fields: schema.fields.map((f) => ({ ...f, type: typeWithoutMetadata(f.type), metadata: {} })),
  };
}

function typeWithoutMetadata(type: DeltaType): DeltaType {
  if (typeof type === 'string') return type;
  switch (type.type) {
    case 'struct':
      return withoutMetadata(type);
    case 'array':
      return { ...type, elementType: typeWithoutMetadata(type.elementType) };
    case 'map':
      return {
        ...type,
        keyType: typeWithoutMetadata(type.keyType),
        valueType: typeWithoutMetadata(type.valueType),
      };
    default:
      return type;
  }
}
