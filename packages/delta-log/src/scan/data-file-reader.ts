import {
  conformBatch,
  deltaSchemaToArrow,
  filterBatch,
  readParquet,
  readParquetBatches,
  readParquetMetadata,
  readParquetSchema,
  SiltError,
  type StructType,
} from '@silt/parquet-io';
import type * as arrow from 'apache-arrow';
import * as arrowModule from 'apache-arrow';
import type { AddAction } from '../protocol/actions.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { FileNotFound } from '../storage/errors.js';
import type { Storage } from '../storage/storage.js';
import {
  type ColumnMappingMode,
  columnMappingMode,
  createLogicalReader,
  physicalName,
} from './column-mapping.js';
import { readDeletionVector } from './deletion-vector/read-deletion-vector.js';
import type { RowIndexSet } from './deletion-vector/row-index-set.js';
import { MissingDataFile } from './missing-data-file.js';
import { constantColumn, parsePartitionValue } from './partition-values.js';
import { unshredVariants } from './variant/unshred.js';

/** What a scan reads of each data file: logical columns in output order, and batch size. */
export interface DataFilePlan {
  /** The output schema: the selected columns of the table schema, in the order asked for. */
  outputSchema: StructType;
  /** Rows per batch read from Parquet. */
  batchSize?: number;
}

/**
 * Reads one data file of a snapshot as record batches of the output schema: physical columns
 * resolved to logical names (column mapping), values brought to the table's types (type
 * widening, INT96, shredded Variants rebuilt), rows deleted by the file's deletion vector dropped, and partition columns
 * filled from the `add` action. Batches come one at a time; the file's bytes are read once.
 *
 * @param pending the read of the file's bytes when the caller started it already (read-ahead).
 * @throws {MissingDataFile} when the file is not in storage.
 * @throws {InvalidDeletionVector} / {InvalidPartitionValue} / {InvalidColumnMapping} when the log's description of the file is wrong.
 * @throws {InvalidShreddedVariant} when a shredded Variant in the file breaks the shredding rules.
 */
export async function* readDataFile(
  storage: Storage,
  snapshot: Snapshot,
  add: AddAction,
  plan: DataFilePlan,
  pending?: Promise<Uint8Array>,
): AsyncGenerator<arrow.RecordBatch> {
  const path = snapshot.filePath(add);
  const mode = columnMappingMode(snapshot.configuration);
  const partitionColumns = new Set(snapshot.partitionColumns);
  const dataSchema: StructType = {
    type: 'struct',
    fields: plan.outputSchema.fields.filter((field) => !partitionColumns.has(field.name)),
  };
  const partitionValues = new Map(
    plan.outputSchema.fields
      .filter((field) => partitionColumns.has(field.name))
      .map((field) => {
        const key = mappedPartitionKey(add, field.name, physicalName(field, mode));
        return [
          field.name,
          parsePartitionValue(add.partitionValues[key], field.type, field.name),
        ] as const;
      }),
  );
  const bytes = await readFile(pending ?? storage.read(path), path, snapshot.version);
  const deleted = add.deletionVector
    ? await readDeletionVector(storage, add.deletionVector)
    : undefined;
  const outputArrow = deltaSchemaToArrow(plan.outputSchema);
  let rowOffset = 0;
  for await (const batch of dataBatches(bytes, dataSchema, mode, plan.batchSize, path)) {
    const rows = batch.numRows;
    const kept = deleted ? filterBatch(batch, keepMask(deleted, rowOffset, rows)) : batch;
    rowOffset += rows;
    if (kept.numRows === 0 && rows > 0) continue;
    const children = plan.outputSchema.fields.map((field) => {
      if (partitionColumns.has(field.name)) {
        return constantColumn(field.type, partitionValues.get(field.name) ?? null, kept.numRows);
      }
      return kept.data.children[dataSchema.fields.findIndex((f) => f.name === field.name)]!;
    });
    yield new arrowModule.RecordBatch(
      outputArrow,
      arrowModule.makeData({
        type: new arrowModule.Struct(outputArrow.fields),
        length: kept.numRows,
        nullCount: 0,
        children,
      }),
    );
  }
}

/** The key of a partition column in `partitionValues`: the physical name, else the logical one. */
function mappedPartitionKey(add: AddAction, logical: string, physical: string): string {
  if (physical in add.partitionValues) return physical;
  if (logical in add.partitionValues) return logical;
  // Partition column names are case-insensitive in Delta.
  const lower = physical.toLowerCase();
  return Object.keys(add.partitionValues).find((key) => key.toLowerCase() === lower) ?? physical;
}

/** The file's bytes, from a read in progress; a missing file is a {@link MissingDataFile}. */
async function readFile(
  read: Promise<Uint8Array>,
  path: string,
  version: number,
): Promise<Uint8Array> {
  try {
    return await read;
  } catch (error) {
    if (SiltError.hasCode(error, FileNotFound.code))
      throw new MissingDataFile({ path, version, cause: error });
    throw error;
  }
}

/** Batches of the data columns, in the table's types, with logical names. */
async function* dataBatches(
  bytes: Uint8Array,
  dataSchema: StructType,
  mode: ColumnMappingMode,
  batchSize: number | undefined,
  path: string,
): AsyncGenerator<arrow.RecordBatch> {
  const fileSchema = await readParquetSchema(bytes, path);
  const reader = createLogicalReader(fileSchema, dataSchema, mode);
  if (reader.fileColumns.length === 0) {
    // No data column is read (only partition columns asked for, or all missing): rows still count.
    const { numRows } = await readParquetMetadata(bytes, path);
    const size = batchSize ?? 65_536;
    for (let start = 0; start < numRows; start += size) {
      yield emptyColumnsBatch(dataSchema, Math.min(size, numRows - start));
    }
    return;
  }
  if (reader.fileColumns.length === fileSchema.fields.length) {
    // Every column of the file: parquet-wasm's whole-file reader is much faster than its
    // projecting one, and a data file is decoded one at a time anyway.
    const table = await readParquet(bytes, batchSize ? { batchSize } : {}, path);
    for (const batch of table.batches) yield toTableTypes(reader.toLogicalBatch(batch), dataSchema);
    return;
  }
  for await (const batch of readParquetBatches(
    bytes,
    { columns: reader.fileColumns, ...(batchSize ? { batchSize } : {}) },
    path,
  )) {
    yield toTableTypes(reader.toLogicalBatch(batch), dataSchema);
  }
}

/**
 * A batch with logical names brought to the table's types: shredded Variants rebuilt
 * (variantShredding), then values conformed (type widening, INT96, struct field order).
 */
function toTableTypes(batch: arrow.RecordBatch, dataSchema: StructType): arrow.RecordBatch {
  return conformBatch(unshredVariants(batch, dataSchema), dataSchema);
}

function emptyColumnsBatch(schema: StructType, length: number): arrow.RecordBatch {
  const empty = new arrowModule.RecordBatch(
    new arrowModule.Schema([]),
    arrowModule.makeData({ type: new arrowModule.Struct([]), length, nullCount: 0, children: [] }),
  );
  return conformBatch(empty, schema);
}

function keepMask(deleted: RowIndexSet, start: number, length: number): Uint8Array {
  const deletedMask = deleted.maskOfRange(start, length);
  const keep = new Uint8Array(length);
  for (let k = 0; k < length; k++) keep[k] = deletedMask[k] ? 0 : 1;
  return keep;
}
