/**
 * A minimal table reader for tests, built from the scan pieces: replay of the JSON commits,
 * column mapping, partition values and deletion vectors. It stands in for the real scan (which
 * uses snapshots) so that the pieces can be checked together against delta-rs.
 */

import {
  conformBatch,
  type DeltaType,
  decimalParts,
  exactValue,
  formatDecimal,
  parseSchemaJson,
  readParquet,
  readParquetSchema,
  type StructType,
  tableToJsonLines,
} from '@silt/parquet-io';
import * as arrow from 'apache-arrow';
import type { AddAction, MetadataAction, RemoveAction } from '../../protocol/actions.js';
import { deletionVectorUniqueId } from '../../protocol/logical-file-key.js';
import type { LocalStorage } from '../../storage/local-storage.js';
import { columnMappingMode, createLogicalReader, physicalName } from '../column-mapping.js';
import { readDeletionVector } from '../deletion-vector/read-deletion-vector.js';
import { constantColumn, parsePartitionValue } from '../partition-values.js';
import { commitActions } from './conformance.js';

const fileKey = (action: AddAction | RemoveAction) =>
  `${action.path}\u0000${action.deletionVector ? deletionVectorUniqueId(action.deletionVector) : ''}`;

/** The canonical JSON lines (parquet-io's `tableToJsonLines`) of a table's latest version, sorted. */
export async function readTableLines(storage: LocalStorage): Promise<string[]> {
  let metadata: MetadataAction | undefined;
  const files = new Map<string, AddAction>();
  for (const action of await commitActions(storage)) {
    if (action.metaData) metadata = action.metaData as MetadataAction;
    if (action.add) files.set(fileKey(action.add as AddAction), action.add as AddAction);
    if (action.remove) files.delete(fileKey(action.remove as RemoveAction));
  }
  if (!metadata) throw new Error('no metaData in the JSON commits');
  const mode = columnMappingMode(metadata.configuration);
  const schema = parseSchemaJson(metadata.schemaString);
  const dataSchema: StructType = {
    type: 'struct',
    fields: schema.fields.filter((field) => !metadata!.partitionColumns.includes(field.name)),
  };
  const lines: string[] = [];
  for (const add of files.values()) {
    const path = add.path.split('/').map(decodeURIComponent).join('/');
    const bytes = await storage.read(path);
    const reader = createLogicalReader(await readParquetSchema(bytes), dataSchema, mode);
    const read = await readParquet(
      bytes,
      reader.fileColumns.length > 0 ? { columns: reader.fileColumns } : {},
    );
    // Column mapping gives logical names; conformBatch then brings the file's types (INT96
    // timestamps, narrower integers) to the table's, as the scan does.
    const logical = new arrow.Table(
      reader.toLogicalTable(read).batches.map((batch) => conformBatch(batch, dataSchema)),
    );
    const rows = logical.numRows;
    const columns = schema.fields.map((field) => {
      if (!metadata!.partitionColumns.includes(field.name)) {
        const index = logical.schema.fields.findIndex((candidate) => candidate.name === field.name);
        return { field: logical.schema.fields[index]!, vector: logical.getChildAt(index)! };
      }
      const value = parsePartitionValue(
        add.partitionValues[physicalName(field, mode)],
        field.type,
        field.name,
      );
      const data = constantColumn(field.type, value, rows);
      return {
        field: new arrow.Field(field.name, data.type, true),
        vector: arrow.makeVector(data),
      };
    });
    const table = new arrow.Table(
      Object.fromEntries(columns.map(({ field, vector }) => [field.name, vector])),
    );
    const deleted = add.deletionVector
      ? await readDeletionVector(storage, add.deletionVector)
      : undefined;
    let rowIndex = 0;
    for (const line of tableToJsonLines(table)) {
      if (!deleted?.has(rowIndex)) lines.push(line);
      rowIndex++;
    }
  }
  return lines.sort();
}

/** One active file of a table with its rows (logical names, exact values; decimals as text). */
export interface FileRows {
  add: AddAction;
  rows: Record<string, unknown>[];
}

/** The schema, column mapping mode and active files (with their rows) of a table's latest version. */
export async function readTableFiles(storage: LocalStorage) {
  let metadata: MetadataAction | undefined;
  const active = new Map<string, AddAction>();
  for (const action of await commitActions(storage)) {
    if (action.metaData) metadata = action.metaData as MetadataAction;
    if (action.add) active.set(fileKey(action.add as AddAction), action.add as AddAction);
    if (action.remove) active.delete(fileKey(action.remove as RemoveAction));
  }
  if (!metadata) throw new Error('no metaData in the JSON commits');
  const mode = columnMappingMode(metadata.configuration);
  const schema = parseSchemaJson(metadata.schemaString);
  const partitionColumns = metadata.partitionColumns;
  const dataSchema: StructType = {
    type: 'struct',
    fields: schema.fields.filter((field) => !partitionColumns.includes(field.name)),
  };
  const files: FileRows[] = [];
  for (const add of active.values()) {
    const bytes = await storage.read(add.path.split('/').map(decodeURIComponent).join('/'));
    const reader = createLogicalReader(await readParquetSchema(bytes), dataSchema, mode);
    const read = reader.toLogicalTable(await readParquet(bytes));
    const rows: Record<string, unknown>[] = [];
    for (const batch of read.batches) {
      const conformed = conformBatch(batch, dataSchema);
      for (let index = 0; index < conformed.numRows; index++) {
        const row: Record<string, unknown> = {};
        dataSchema.fields.forEach((field, k) => {
          row[field.name] = exactForm(exactValue(conformed.data.children[k]!, index), field.type);
        });
        for (const field of schema.fields.filter((candidate) =>
          partitionColumns.includes(candidate.name),
        )) {
          row[field.name] = parsePartitionValue(
            add.partitionValues[physicalName(field, mode)],
            field.type,
            field.name,
          );
        }
        rows.push(row);
      }
    }
    files.push({ add, rows });
  }
  return { schema, mode, partitionColumns, files };
}

/** Decimals come out of Arrow unscaled; the exact form of a decimal is its text. */
function exactForm(value: unknown, type: DeltaType): unknown {
  const decimal = decimalParts(type);
  if (decimal && typeof value === 'bigint') return formatDecimal(value, decimal.scale);
  if (
    typeof type !== 'string' &&
    type.type === 'struct' &&
    value !== null &&
    typeof value === 'object'
  ) {
    return Object.fromEntries(
      type.fields.map((field) => [
        field.name,
        exactForm((value as Record<string, unknown>)[field.name], field.type),
      ]),
    );
  }
  return value;
}
