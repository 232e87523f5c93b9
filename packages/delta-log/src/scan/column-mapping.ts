/**
 * Column mapping (PROTOCOL.md, "Column Mapping"): with mode `name` or `id` the data files name
 * their columns by physical names (`col-5f422f40-…`) and carry the column ids as Parquet field
 * ids, so that renaming or dropping a column never rewrites data. The reader resolves each
 * logical column in a file by its physical name (`name`) or its field id (`id`), and returns
 * nulls for columns a file does not have.
 *
 * parquet-wasm exposes Parquet field ids as the Arrow field metadata `PARQUET:field_id`.
 */

import {
  type DeltaType,
  deltaTypeToArrow,
  type StructField,
  type StructType,
} from '@silt/parquet-io';
import * as arrow from 'apache-arrow';
import type { ColumnMappingMode } from '../protocol/table-properties.js';
import { InvalidColumnMapping } from './invalid-column-mapping.js';
import { constantColumn } from './partition-values.js';

/** How data files name columns: by display name (`none`), by physical name, or by field id. */
export type { ColumnMappingMode };

/** Table property holding the mode. */
export const COLUMN_MAPPING_MODE_KEY = 'delta.columnMapping.mode';
/** Field metadata key of the physical name. */
export const PHYSICAL_NAME_KEY = 'delta.columnMapping.physicalName';
/** Field metadata key of the column id. */
export const COLUMN_ID_KEY = 'delta.columnMapping.id';
/** Arrow field metadata key under which parquet-wasm exposes a Parquet field id. */
export const PARQUET_FIELD_ID_KEY = 'PARQUET:field_id';

/**
 * The column mapping mode of a table's configuration (`delta.columnMapping.mode`, default
 * `none`). The caller decides whether the protocol lets the property count (reader version 2, or
 * 3 with the `columnMapping` feature).
 *
 * @throws {InvalidColumnMapping} for a mode other than none, name and id.
 */
export function columnMappingMode(
  configuration: Readonly<Record<string, string>> | undefined,
): ColumnMappingMode {
  const mode = configuration?.[COLUMN_MAPPING_MODE_KEY] ?? 'none';
  if (mode === 'none' || mode === 'name' || mode === 'id') return mode;
  throw new InvalidColumnMapping({
    reason: `the table property ${COLUMN_MAPPING_MODE_KEY} is "${mode}" (expected none, name or id)`,
  });
}

/**
 * The name of a field in data files, statistics and partition values: its physical name in
 * `name` and `id` mode, its display name in `none` mode.
 *
 * @throws {InvalidColumnMapping} when the mode needs a physical name the field does not have.
 */
export function physicalName(field: StructField, mode: ColumnMappingMode): string {
  if (mode === 'none') return field.name;
  const name = field.metadata[PHYSICAL_NAME_KEY];
  if (typeof name !== 'string' || name === '') {
    throw new InvalidColumnMapping({
      column: field.name,
      reason: `the field has no ${PHYSICAL_NAME_KEY} in ${mode} mode`,
    });
  }
  return name;
}

/**
 * The column id of a field (`delta.columnMapping.id`).
 *
 * @throws {InvalidColumnMapping} when the field has none.
 */
export function columnId(field: StructField): number {
  const id = field.metadata[COLUMN_ID_KEY];
  const value = typeof id === 'string' ? Number(id) : id;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new InvalidColumnMapping({
      column: field.name,
      reason: `the field has no integer ${COLUMN_ID_KEY} in id mode`,
    });
  }
  return value;
}

/**
 * The schema with every field (nested ones in structs, arrays and maps included) renamed to its
 * physical name: the schema of the data files, of `stats` and of `partitionValues`. Field
 * metadata is kept (the ids stay available).
 */
export function physicalSchema(schema: StructType, mode: ColumnMappingMode): StructType {
  if (mode === 'none') return schema;
  return physicalType(schema, mode) as StructType;
}

function physicalType(type: DeltaType, mode: ColumnMappingMode): DeltaType {
  if (typeof type === 'string') return type;
  switch (type.type) {
    case 'struct':
      return {
        type: 'struct',
        fields: type.fields.map((field) => ({
          ...field,
          name: physicalName(field, mode),
          type: physicalType(field.type, mode),
        })),
      };
    case 'array':
      return { ...type, elementType: physicalType(type.elementType, mode) };
    case 'map':
      return {
        ...type,
        keyType: physicalType(type.keyType, mode),
        valueType: physicalType(type.valueType, mode),
      };
  }
}

/**
 * The physical path of a (nested) logical column, such as `['address', 'city']` →
 * `['col-1…', 'col-2…']`; undefined when the schema has no such column. Only structs are
 * walked (a field inside an array or map has no single value per row).
 */
export function physicalColumnPath(
  schema: StructType,
  path: readonly string[],
  mode: ColumnMappingMode,
): string[] | undefined {
  const physical: string[] = [];
  let current: DeltaType = schema;
  for (const part of path) {
    if (typeof current === 'string' || current.type !== 'struct') return undefined;
    const field: StructField | undefined = current.fields.find(
      (candidate) => candidate.name === part,
    );
    if (!field) return undefined;
    physical.push(physicalName(field, mode));
    current = field.type;
  }
  return physical;
}

/** How one logical field is found in a file's Arrow data and relabelled. */
type Plan =
  | { kind: 'keep' }
  | { kind: 'struct'; type: arrow.Struct; children: ChildPlan[] }
  | { kind: 'nested'; type: arrow.DataType; child: Plan };

interface ChildPlan {
  /** Index among the file's children, or undefined when the file lacks the column (→ nulls). */
  source: number | undefined;
  logical: StructField;
  plan: Plan;
}

/**
 * Reads data files of a table with column mapping: resolves the logical schema against one
 * file's Arrow schema once, then relabels each batch read from that file.
 *
 * @example
 * ```ts
 * import { readParquet, readParquetSchema } from '@silt/parquet-io';
 * import { createLogicalReader } from '@silt/delta-log';
 * const reader = createLogicalReader(await readParquetSchema(bytes), snapshot.schema, 'name');
 * const table = reader.toLogicalTable(await readParquet(bytes, { columns: reader.fileColumns }));
 * ```
 */
export interface LogicalReader {
  /** The file's top-level column names that hold a column of the logical schema (what to read). */
  readonly fileColumns: string[];
  /** The Arrow schema of the relabelled data: logical names, the file's types, nulls where missing. */
  readonly schema: arrow.Schema;
  /** Relabels a batch read from the file (with {@link fileColumns} or all columns). */
  toLogicalBatch(batch: arrow.RecordBatch): arrow.RecordBatch;
  /** Relabels every batch of a table read from the file. */
  toLogicalTable(table: arrow.Table): arrow.Table;
}

/**
 * Plans the physical-to-logical relabelling of one data file.
 *
 * @param fileSchema the file's Arrow schema (`readParquetSchema`)
 * @param schema the logical schema to produce (a table's schema, or a selection of its columns)
 * @throws {InvalidColumnMapping} in `id` mode when the file has no field ids, or when a column of
 * the file has another shape than the schema (a struct where the schema has an array).
 */
export function createLogicalReader(
  fileSchema: arrow.Schema,
  schema: StructType,
  mode: ColumnMappingMode,
): LogicalReader {
  if (
    mode === 'id' &&
    fileSchema.fields.length > 0 &&
    !fileSchema.fields.some((field) => field.metadata.has(PARQUET_FIELD_ID_KEY))
  ) {
    // PROTOCOL.md: a reader in id mode must refuse such a file or return all nulls; refusing is
    // the answer that cannot be mistaken for data.
    throw new InvalidColumnMapping({
      reason: 'the data file has no Parquet field ids, which id mode resolves columns by',
    });
  }
  const top = planStruct(fileSchema.fields, schema.fields, mode, '');
  const fileColumns = top.children.flatMap((child) =>
    child.source === undefined ? [] : [fileSchema.fields[child.source]!.name],
  );
  const arrowSchema = new arrow.Schema(top.type.children);

  const toLogicalBatch = (batch: arrow.RecordBatch): arrow.RecordBatch => {
    // The batch may hold all of the file's columns or only `fileColumns`: resolve by name.
    const byName = new Map(batch.schema.fields.map((field, index) => [field.name, index]));
    const children = top.children.map((child) => {
      const index =
        child.source === undefined ? undefined : byName.get(fileSchema.fields[child.source]!.name);
      return index === undefined
        ? nullData(child.logical.type, batch.numRows)
        : apply(child.plan, batch.data.children[index]!);
    });
    const data = arrow.makeData({ type: top.type, length: batch.numRows, nullCount: 0, children });
    return new arrow.RecordBatch(arrowSchema, data);
  };
  return {
    fileColumns,
    schema: arrowSchema,
    toLogicalBatch,
    toLogicalTable: (table) => new arrow.Table(arrowSchema, table.batches.map(toLogicalBatch)),
  };
}

function fieldKey(logical: StructField, mode: ColumnMappingMode): (field: arrow.Field) => boolean {
  switch (mode) {
    case 'none':
      return (field) => field.name === logical.name;
    case 'name': {
      const name = physicalName(logical, mode);
      return (field) => field.name === name;
    }
    case 'id': {
      const id = String(columnId(logical));
      return (field) => field.metadata.get(PARQUET_FIELD_ID_KEY) === id;
    }
  }
}

function planStruct(
  fileFields: readonly arrow.Field[],
  logicalFields: readonly StructField[],
  mode: ColumnMappingMode,
  path: string,
) {
  const children: ChildPlan[] = logicalFields.map((logical) => {
    const matches = fieldKey(logical, mode);
    const index = fileFields.findIndex(matches);
    if (index < 0) return { source: undefined, logical, plan: { kind: 'keep' } as Plan };
    return {
      source: index,
      logical,
      plan: planType(fileFields[index]!.type, logical.type, mode, `${path}${logical.name}`),
    };
  });
  const fields = children.map((child) => {
    const file = child.source === undefined ? undefined : fileFields[child.source]!;
    const type =
      file === undefined ? deltaTypeToArrow(child.logical.type) : planned(child.plan, file.type);
    return new arrow.Field(child.logical.name, type, file?.nullable ?? true);
  });
  return { kind: 'struct' as const, type: new arrow.Struct(fields), children };
}

function planned(plan: Plan, fileType: arrow.DataType): arrow.DataType {
  return plan.kind === 'keep' ? fileType : plan.type;
}

function planType(
  fileType: arrow.DataType,
  logical: DeltaType,
  mode: ColumnMappingMode,
  path: string,
): Plan {
  if (typeof logical === 'string') return { kind: 'keep' };
  const mismatch = (): never => {
    throw new InvalidColumnMapping({
      column: path,
      reason: `the data file holds ${String(fileType)} where the schema has a ${logical.type}`,
    });
  };
  switch (logical.type) {
    case 'struct':
      if (!arrow.DataType.isStruct(fileType)) return mismatch();
      return planStruct(fileType.children, logical.fields, mode, `${path}.`);
    case 'array': {
      if (!arrow.DataType.isList(fileType)) return mismatch();
      const element = fileType.children[0]!;
      const child = planType(element.type, logical.elementType, mode, `${path}[]`);
      const type = new arrow.List(element.clone({ type: planned(child, element.type) }));
      return { kind: 'nested', type, child };
    }
    case 'map': {
      if (!arrow.DataType.isMap(fileType)) return mismatch();
      const entries = fileType.children[0]!;
      const [key, value] = (entries.type as arrow.Struct).children as [arrow.Field, arrow.Field];
      const keyPlan = planType(key.type, logical.keyType, mode, `${path}.key`);
      const valuePlan = planType(value.type, logical.valueType, mode, `${path}.value`);
      // Key and value are matched by position: they carry no column mapping of their own.
      const entriesType = new arrow.Struct([
        key.clone({ type: planned(keyPlan, key.type) }),
        value.clone({ type: planned(valuePlan, value.type) }),
      ]);
      const child: Plan = {
        kind: 'struct',
        type: entriesType,
        children: [
          {
            source: 0,
            logical: { name: key.name, type: logical.keyType, nullable: false, metadata: {} },
            plan: keyPlan,
          },
          {
            source: 1,
            logical: { name: value.name, type: logical.valueType, nullable: true, metadata: {} },
            plan: valuePlan,
          },
        ],
      };
      const type = new arrow.Map_(
        entries.clone({ type: entriesType }) as never,
        fileType.keysSorted,
      );
      return { kind: 'nested', type, child };
    }
  }
}

function apply(plan: Plan, data: arrow.Data): arrow.Data {
  switch (plan.kind) {
    case 'keep':
      return data;
    case 'struct': {
      // Struct children are as long as the struct (sliced with it), so a missing child is
      // `data.length` nulls.
      const children = plan.children.map((child) =>
        child.source === undefined
          ? nullData(child.logical.type, data.length)
          : apply(child.plan, data.children[child.source]!),
      );
      return data.clone(plan.type, data.offset, data.length, data.nullCount, undefined, children);
    }
    case 'nested':
      return data.clone(plan.type, data.offset, data.length, data.nullCount, undefined, [
        apply(plan.child, data.children[0]!),
      ]);
  }
}

function nullData(type: DeltaType, length: number): arrow.Data {
  return constantColumn(type, null, length);
}
