import type { DeltaType, StructField, StructType } from '@silt/parquet-io';
import { COLUMN_ID_KEY, PHYSICAL_NAME_KEY } from '../scan/column-mapping.js';

/** The table property holding the highest column id handed out. */
export const MAX_COLUMN_ID_KEY = 'delta.columnMapping.maxColumnId';

/**
 * Gives every field without one (nested fields included) a column id and a physical name, as
 * Spark does when column mapping is on: ids count up from the table's `maxColumnId`; physical
 * names are `col-<uuid>` for new fields of a table created with column mapping, or the field's
 * own name when column mapping is turned on for an existing table (`keepNames`), so that its
 * data files keep being read by name.
 */
export function assignColumnIds(
  schema: StructType,
  maxColumnId: number,
  options: { keepNames?: boolean } = {},
): { schema: StructType; maxColumnId: number } {
  let next = maxColumnId;
  const assignField = (field: StructField): StructField => {
    const metadata = { ...field.metadata };
    if (metadata[COLUMN_ID_KEY] === undefined) metadata[COLUMN_ID_KEY] = ++next;
    if (metadata[PHYSICAL_NAME_KEY] === undefined) {
      metadata[PHYSICAL_NAME_KEY] = options.keepNames
        ? field.name
        : `col-${globalThis.crypto.randomUUID()}`;
    }
    return { ...field, metadata, type: assignType(field.type) };
  };
  const assignType = (type: DeltaType): DeltaType => {
    if (typeof type === 'string') return type;
    switch (type.type) {
      case 'struct':
        return { ...type, fields: type.fields.map(assignField) };
      case 'array':
        return { ...type, elementType: assignType(type.elementType) };
      case 'map':
        return {
          ...type,
          keyType: assignType(type.keyType),
          valueType: assignType(type.valueType),
        };
    }
  };
  const assigned = assignType(schema) as StructType;
  return { schema: assigned, maxColumnId: next };
}
