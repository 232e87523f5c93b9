import {
  type DeltaType,
  decimalParts,
  type StructField,
  type StructType,
  typeToDdl,
} from '@silt/parquet-io';
import { SchemaMismatch } from './errors/schema-mismatch.js';

/** How a write may change the table schema (as `write_deltalake`'s `schema_mode`). */
export type SchemaMode = 'merge' | 'overwrite';

/** The outcome of checking a write's data schema against the table. */
export interface WriteSchema {
  /** The table schema after the write. */
  schema: StructType;
  /** True when it differs from the table's (a metadata action is due). */
  changed: boolean;
}

const INTEGER_RANK: Partial<Record<string, number>> = { byte: 1, short: 2, integer: 3, long: 4 };
const INTEGER_DIGITS: Partial<Record<string, number>> = {
  byte: 3,
  short: 5,
  integer: 10,
  long: 20,
};

/**
 * True when every value of type `from` can be written into a column of type `to` without loss —
 * the widenings Delta's type widening allows and Spark's store assignment performs: integers to
 * wider integers, to double and to decimals with room for their digits; float to double; date to
 * timestamp_ntz; decimals to decimals with at least as many integer and fraction digits; the same
 * rules inside structs (fields matched by name, case-insensitively), arrays and maps.
 */
export function canWrite(from: DeltaType, to: DeltaType): boolean {
  if (to === 'variant' && isVariantStruct(from)) return true;
  if (typeof from === 'string' && typeof to === 'string') {
    if (from === to) return true;
    const fromRank = INTEGER_RANK[from];
    if (fromRank !== undefined) {
      const toRank = INTEGER_RANK[to];
      if (toRank !== undefined) return toRank >= fromRank;
      if (to === 'double') return from !== 'long';
      const decimal = decimalParts(to);
      return decimal !== undefined && decimal.precision - decimal.scale >= INTEGER_DIGITS[from]!;
    }
    if (from === 'float') return to === 'double';
    if (from === 'date') return to === 'timestamp_ntz';
    const fromDecimal = decimalParts(from);
    const toDecimal = decimalParts(to);
    if (fromDecimal && toDecimal) {
      return (
        toDecimal.scale >= fromDecimal.scale &&
        toDecimal.precision - toDecimal.scale >= fromDecimal.precision - fromDecimal.scale
      );
    }
    return false;
  }
  if (typeof from === 'string' || typeof to === 'string' || from.type !== to.type) return false;
  switch (from.type) {
    case 'struct': {
      const target = to as StructType;
      return from.fields.every((field) => {
        const match = findField(target.fields, field.name);
        return match !== undefined && canWrite(field.type, match.type);
      });
    }
    case 'array':
      return canWrite(from.elementType, (to as typeof from).elementType);
    case 'map':
      return (
        canWrite(from.keyType, (to as typeof from).keyType) &&
        canWrite(from.valueType, (to as typeof from).valueType)
      );
  }
}

/** The physical form of a variant (as a scan returns it): `struct<metadata: binary, value: binary>`. */
function isVariantStruct(type: DeltaType): boolean {
  if (typeof type === 'string' || type.type !== 'struct' || type.fields.length !== 2) return false;
  const names = type.fields.map((field) => `${field.name}:${String(field.type)}`).sort();
  return names[0] === 'metadata:binary' && names[1] === 'value:binary';
}

/**
 * Checks the schema of the data against the table's and works out the schema after the write.
 *
 * - Columns are matched by name, case-insensitively (as Spark does); the table's spelling stays.
 * - A data column the table lacks: added (nullable, at the end) with `schemaMode: 'merge'`, else
 *   {@link SchemaMismatch}.
 * - A type that widens into the column's type is written widened; a wider type widens the
 *   column with `schemaMode: 'merge'` when the table allows type widening
 *   (`delta.enableTypeWidening`), recording `delta.typeChanges`; anything else is a mismatch.
 * - A table column missing from the data is written as nulls, unless it is non-nullable.
 * - `schemaMode: 'overwrite'` (with an overwrite) makes the data schema the table schema.
 *
 * @throws {SchemaMismatch} naming the column and what to do.
 */
export function resolveWriteSchema(
  table: StructType,
  data: StructType,
  options: { schemaMode?: SchemaMode; typeWidening?: boolean } = {},
): WriteSchema {
  checkDuplicates(data, '');
  if (options.schemaMode === 'overwrite') {
    return { schema: data, changed: JSON.stringify(data) !== JSON.stringify(table) };
  }
  const merged = mergeStruct(
    table,
    data,
    '',
    options.schemaMode === 'merge',
    options.typeWidening === true,
  );
  return { schema: merged, changed: JSON.stringify(merged) !== JSON.stringify(table) };
}

function mergeStruct(
  table: StructType,
  data: StructType,
  prefix: string,
  merge: boolean,
  typeWidening: boolean,
): StructType {
  const fields: StructField[] = table.fields.map((field) => {
    const incoming = findField(data.fields, field.name);
    const column = prefix + field.name;
    if (!incoming) {
      if (!field.nullable) {
        throw new SchemaMismatch({
          column,
          reason: `the non-nullable column "${column}" is missing from the data`,
          hint: 'Add the column to the data.',
        });
      }
      return field;
    }
    return { ...field, type: mergeType(field.type, incoming.type, column, merge, typeWidening) };
  });
  for (const field of data.fields) {
    if (findField(table.fields, field.name)) continue;
    const column = prefix + field.name;
    if (!merge) {
      throw new SchemaMismatch({
        column,
        reason: `the column "${column}" (${typeToDdl(field.type)}) is not in the table (columns: ${table.fields.map((f) => f.name).join(', ')})`,
        hint: "Pass schemaMode: 'merge' (--schema-mode merge) to add it, or leave it out of the data.",
      });
    }
    fields.push({ ...field, nullable: true });
  }
  return { type: 'struct', fields };
}

function mergeType(
  table: DeltaType,
  data: DeltaType,
  column: string,
  merge: boolean,
  typeWidening: boolean,
): DeltaType {
  if (typeof table !== 'string' && typeof data !== 'string' && table.type === data.type) {
    switch (table.type) {
      case 'struct':
        return mergeStruct(table, data as StructType, `${column}.`, merge, typeWidening);
      case 'array': {
        const element = (data as typeof table).elementType;
        return {
          ...table,
          elementType: mergeType(
            table.elementType,
            element,
            `${column}.element`,
            merge,
            typeWidening,
          ),
        };
      }
      case 'map': {
        const other = data as typeof table;
        return {
          ...table,
          keyType: mergeType(table.keyType, other.keyType, `${column}.key`, merge, typeWidening),
          valueType: mergeType(
            table.valueType,
            other.valueType,
            `${column}.value`,
            merge,
            typeWidening,
          ),
        };
      }
    }
  }
  if (canWrite(data, table)) return table;
  if (merge && typeWidening && canWrite(table, data) && typeof data === 'string') return data;
  const widenHint =
    canWrite(table, data) && typeof data === 'string'
      ? "To widen the column, enable type widening (property delta.enableTypeWidening = true) and pass schemaMode: 'merge'."
      : 'Cast the data to the column type first.';
  throw new SchemaMismatch({
    column,
    reason: `the column "${column}" is ${typeToDdl(table)} in the table but ${typeToDdl(data)} in the data`,
    hint: widenHint,
  });
}

/**
 * Records widened column types as Delta's type widening asks (`delta.typeChanges` in the field
 * metadata: `fromType`, `toType`), comparing the schema before and after a write.
 */
export function recordTypeChanges(before: StructType, after: StructType): StructType {
  return {
    type: 'struct',
    fields: after.fields.map((field) => {
      const old = findField(before.fields, field.name);
      if (!old) return field;
      if (
        typeof old.type === 'string' &&
        typeof field.type === 'string' &&
        old.type !== field.type
      ) {
        const previous = Array.isArray(field.metadata['delta.typeChanges'])
          ? (field.metadata['delta.typeChanges'] as unknown[])
          : [];
        return {
          ...field,
          metadata: {
            ...field.metadata,
            'delta.typeChanges': [...previous, { fromType: old.type, toType: field.type }],
          },
        };
      }
      if (
        typeof old.type !== 'string' &&
        old.type.type === 'struct' &&
        typeof field.type !== 'string' &&
        field.type.type === 'struct'
      ) {
        return { ...field, type: recordTypeChanges(old.type, field.type) };
      }
      return field;
    }),
  };
}

function checkDuplicates(struct: StructType, prefix: string): void {
  const seen = new Set<string>();
  for (const field of struct.fields) {
    const key = field.name.toLowerCase();
    if (seen.has(key)) {
      throw new SchemaMismatch({
        column: prefix + field.name,
        reason: `the data has the column "${prefix + field.name}" twice (names are case-insensitive)`,
      });
    }
    seen.add(key);
    if (typeof field.type !== 'string' && field.type.type === 'struct')
      checkDuplicates(field.type, `${prefix}${field.name}.`);
  }
}

/** The field named `name`: exactly, else case-insensitively. */
export function findField(fields: readonly StructField[], name: string): StructField | undefined {
  const exact = fields.find((field) => field.name === name);
  if (exact) return exact;
  const lower = name.toLowerCase();
  return fields.find((field) => field.name.toLowerCase() === lower);
}
