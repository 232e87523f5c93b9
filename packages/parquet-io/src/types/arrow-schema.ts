import * as arrow from 'apache-arrow';
import { UnsupportedType } from '../errors/schema-error.js';
import { type DeltaType, decimalParts, type StructField, type StructType } from './delta-type.js';

/** The physical struct of a variant column: metadata, then value, both binary. */
export function VARIANT_FIELDS(): arrow.Field[] {
  return [
    new arrow.Field('metadata', new arrow.Binary(), false),
    new arrow.Field('value', new arrow.Binary(), false),
  ];
}

/** Arrow field metadata key under which Delta field metadata travels, as JSON. */
export const DELTA_METADATA_KEY = 'delta.metadata';

/**
 * The Arrow type that holds a Delta type. Timestamps are microseconds (UTC-adjusted for
 * `timestamp`, zone-less for `timestamp_ntz`), dates are days, decimals are 128-bit.
 *
 * @throws {UnsupportedType} for a type name Silt does not know.
 */
export function deltaTypeToArrow(type: DeltaType): arrow.DataType {
  if (typeof type === 'string') {
    switch (type) {
      case 'boolean':
        return new arrow.Bool();
      case 'byte':
        return new arrow.Int8();
      case 'short':
        return new arrow.Int16();
      case 'integer':
        return new arrow.Int32();
      case 'long':
        return new arrow.Int64();
      case 'float':
        return new arrow.Float32();
      case 'double':
        return new arrow.Float64();
      case 'string':
        return new arrow.Utf8();
      case 'binary':
        return new arrow.Binary();
      case 'variant':
        return new arrow.Struct(VARIANT_FIELDS());
      case 'date':
        return new arrow.DateDay();
      case 'timestamp':
        return new arrow.TimestampMicrosecond('UTC');
      case 'timestamp_ntz':
        return new arrow.TimestampMicrosecond();
      default: {
        const decimal = decimalParts(type);
        if (decimal) return new arrow.Decimal(decimal.scale, decimal.precision, 128);
        throw new UnsupportedType({ type, context: 'in a Delta schema' });
      }
    }
  }
  switch (type.type) {
    case 'struct':
      return new arrow.Struct(type.fields.map(deltaFieldToArrow));
    case 'array':
      return new arrow.List(
        new arrow.Field('element', deltaTypeToArrow(type.elementType), type.containsNull),
      );
    case 'map': {
      const entries = new arrow.Struct([
        new arrow.Field('key', deltaTypeToArrow(type.keyType), false),
        new arrow.Field('value', deltaTypeToArrow(type.valueType), type.valueContainsNull),
      ] as arrow.Field[]);
      return new arrow.Map_(new arrow.Field('key_value', entries, false) as never);
    }
  }
}

/** The Arrow field for a Delta struct field; Delta field metadata rides along as JSON. */
export function deltaFieldToArrow(field: StructField): arrow.Field {
  const metadata = new Map<string, string>();
  if (Object.keys(field.metadata).length > 0)
    metadata.set(DELTA_METADATA_KEY, JSON.stringify(field.metadata));
  return new arrow.Field(field.name, deltaTypeToArrow(field.type), field.nullable, metadata);
}

/** The Arrow schema of a Delta table schema. */
export function deltaSchemaToArrow(schema: StructType): arrow.Schema {
  return new arrow.Schema(schema.fields.map(deltaFieldToArrow));
}

/**
 * The Delta type of an Arrow type. Narrower Arrow encodings map onto the Delta type that holds
 * them (large strings, string views and dictionaries to `string`, any timestamp unit to
 * `timestamp`/`timestamp_ntz` by whether it has a zone).
 *
 * @throws {UnsupportedType} for Arrow types Delta cannot store (unsigned integers, unions, durations…).
 */
export function arrowTypeToDelta(type: arrow.DataType): DeltaType {
  if (arrow.DataType.isDictionary(type)) return arrowTypeToDelta(type.dictionary);
  if (arrow.DataType.isBool(type)) return 'boolean';
  if (arrow.DataType.isInt(type)) {
    if (!type.isSigned)
      throw new UnsupportedType({ type: String(type), context: 'by Delta (unsigned integers)' });
    switch (type.bitWidth) {
      case 8:
        return 'byte';
      case 16:
        return 'short';
      case 32:
        return 'integer';
      default:
        return 'long';
    }
  }
  if (arrow.DataType.isFloat(type)) {
    if (type.precision === arrow.Precision.HALF) return 'float';
    return type.precision === arrow.Precision.SINGLE ? 'float' : 'double';
  }
  if (
    arrow.DataType.isUtf8(type) ||
    arrow.DataType.isLargeUtf8(type) ||
    type.typeId === arrow.Type.Utf8View
  )
    return 'string';
  if (
    arrow.DataType.isBinary(type) ||
    arrow.DataType.isLargeBinary(type) ||
    arrow.DataType.isFixedSizeBinary(type) ||
    type.typeId === arrow.Type.BinaryView
  ) {
    return 'binary';
  }
  if (arrow.DataType.isDate(type)) return 'date';
  if (arrow.DataType.isTimestamp(type)) return type.timezone ? 'timestamp' : 'timestamp_ntz';
  if (arrow.DataType.isDecimal(type)) return `decimal(${type.precision},${type.scale})`;
  if (
    arrow.DataType.isList(type) ||
    arrow.DataType.isFixedSizeList(type) ||
    type.typeId === arrow.Type.LargeList
  ) {
    const child = (type as arrow.List).children[0]!;
    return {
      type: 'array',
      elementType: arrowTypeToDelta(child.type),
      containsNull: child.nullable,
    };
  }
  if (arrow.DataType.isStruct(type))
    return { type: 'struct', fields: type.children.map(arrowFieldToDelta) };
  if (arrow.DataType.isMap(type)) {
    const entries = type.children[0]!.type as arrow.Struct;
    const [key, value] = entries.children as [arrow.Field, arrow.Field];
    return {
      type: 'map',
      keyType: arrowTypeToDelta(key.type),
      valueType: arrowTypeToDelta(value.type),
      valueContainsNull: value.nullable,
    };
  }
  throw new UnsupportedType({ type: String(type), context: 'by Delta' });
}

/** The Delta struct field of an Arrow field, restoring Delta field metadata carried as JSON. */
export function arrowFieldToDelta(field: arrow.Field): StructField {
  const raw = field.metadata.get(DELTA_METADATA_KEY);
  return {
    name: field.name,
    type: arrowTypeToDelta(field.type),
    nullable: field.nullable,
    metadata: raw ? (JSON.parse(raw) as Record<string, unknown>) : {},
  };
}

/** The Delta schema of an Arrow schema. */
export function arrowSchemaToDelta(schema: arrow.Schema): StructType {
  return { type: 'struct', fields: schema.fields.map(arrowFieldToDelta) };
}
