/**
 * The shape of a shredded Variant as a data file holds it (apache/parquet-format
 * VariantShredding.md), read from the Arrow type of its group: where `metadata`, `value` and
 * `typed_value` are, and what `typed_value` holds — a primitive, an array of shredded elements,
 * or an object of shredded fields.
 */

import * as arrow from 'apache-arrow';
import { ProtocolNotSupported } from '../../protocol/errors/protocol-not-supported.js';
import { InvalidShreddedVariant } from './invalid-shredded-variant.js';

/** The primitive types `typed_value` may hold, by the Variant type they rebuild to. */
export type ScalarKind =
  | 'boolean'
  | 'integer'
  | 'float'
  | 'double'
  | 'decimal'
  | 'date'
  | 'timestamp'
  | 'timestamp_ntz'
  | 'timestamp_nanos'
  | 'timestamp_ntz_nanos'
  | 'time'
  | 'string'
  | 'binary'
  | 'uuid';

export type TypedSchema =
  | { kind: 'scalar'; scalar: ScalarKind; scale: number }
  | { kind: 'array'; element: ValueSchema }
  | { kind: 'object'; fields: { name: string; index: number; schema: ValueSchema }[] };

/** A `value` / `typed_value` pair: the Variant group itself, an array element or an object field. */
export interface ValueSchema {
  /** Child index of `value`, when the group has one. */
  value: number | undefined;
  /** Child index of `typed_value` and what it holds, when the group has one. */
  typed: { index: number; schema: TypedSchema } | undefined;
}

/** A Variant column's group: a {@link ValueSchema} plus the `metadata` every value shares. */
export interface VariantSchema extends ValueSchema {
  metadata: number;
}

/** The reader feature a shredded Variant needs, named in refusals. */
const SHREDDING_FEATURE = 'variantShredding';

/** True when a Variant column's group in a file is shredded (has `typed_value`). */
export function isShredded(type: arrow.DataType): boolean {
  return (
    arrow.DataType.isStruct(type) && type.children.some((child) => child.name === 'typed_value')
  );
}

/**
 * The shredding layout of a Variant column's Arrow type.
 *
 * @param column the column, for errors.
 * @throws {InvalidShreddedVariant} when the group lacks `metadata`, or a field group is not a
 * struct of `value` / `typed_value`.
 * @throws {ProtocolNotSupported} when a `typed_value` has a type the shredding specification
 * does not define (Silt cannot know the Variant value it stands for).
 */
export function variantSchema(type: arrow.DataType, column: string): VariantSchema {
  if (!arrow.DataType.isStruct(type)) {
    throw new InvalidShreddedVariant({
      column,
      reason: `the Variant column is stored as ${String(type)}, not as a group`,
    });
  }
  const metadata = type.children.findIndex((child) => child.name === 'metadata');
  if (metadata < 0 || !isBinary(type.children[metadata]!.type)) {
    throw new InvalidShreddedVariant({
      column,
      reason: 'the Variant group has no binary metadata',
    });
  }
  return { metadata, ...valueSchema(type, column) };
}

function valueSchema(type: arrow.Struct, path: string): ValueSchema {
  const fields = type.children;
  const value = fields.findIndex((child) => child.name === 'value');
  const typed = fields.findIndex((child) => child.name === 'typed_value');
  if (value >= 0 && !isBinary(fields[value]!.type)) {
    throw new InvalidShreddedVariant({
      column: path,
      reason: `its value is ${String(fields[value]!.type)}, not binary`,
    });
  }
  if (value < 0 && typed < 0) {
    throw new InvalidShreddedVariant({
      column: path,
      reason: 'a shredded group has neither value nor typed_value',
    });
  }
  return {
    value: value < 0 ? undefined : value,
    typed:
      typed < 0
        ? undefined
        : { index: typed, schema: typedSchema(fields[typed]!.type, `${path}.typed_value`) },
  };
}

function typedSchema(type: arrow.DataType, path: string): TypedSchema {
  if (arrow.DataType.isStruct(type)) {
    return {
      kind: 'object',
      fields: type.children.map((field, index) => {
        if (!arrow.DataType.isStruct(field.type)) {
          throw new InvalidShreddedVariant({
            column: `${path}.${field.name}`,
            reason: `a shredded object field is ${String(field.type)}, not a group of value and typed_value`,
          });
        }
        return {
          name: field.name,
          index,
          schema: valueSchema(field.type, `${path}.${field.name}`),
        };
      }),
    };
  }
  if (arrow.DataType.isList(type) || type.typeId === arrow.Type.LargeList) {
    const element = type.children[0]!;
    if (!arrow.DataType.isStruct(element.type)) {
      throw new InvalidShreddedVariant({
        column: `${path}.element`,
        reason: `a shredded array element is ${String(element.type)}, not a group of value and typed_value`,
      });
    }
    return { kind: 'array', element: valueSchema(element.type, `${path}.element`) };
  }
  const scalar = scalarKind(type);
  if (scalar === undefined) {
    throw new ProtocolNotSupported({
      readerVersion: 3,
      features: [SHREDDING_FEATURE],
      reason: `a shredded Variant whose ${path} has the type ${String(type)}, which the Variant shredding specification does not define (so the value it stands for is unknown)`,
    });
  }
  return {
    kind: 'scalar',
    scalar,
    scale: arrow.DataType.isDecimal(type) ? type.scale : 0,
  };
}

function scalarKind(type: arrow.DataType): ScalarKind | undefined {
  switch (type.typeId) {
    case arrow.Type.Bool:
      return 'boolean';
    case arrow.Type.Int:
      return (type as arrow.Int).isSigned ? 'integer' : undefined;
    case arrow.Type.Float:
      switch ((type as arrow.Float).precision) {
        case arrow.Precision.SINGLE:
          return 'float';
        case arrow.Precision.DOUBLE:
          return 'double';
        default:
          return undefined;
      }
    case arrow.Type.Decimal:
      return 'decimal';
    case arrow.Type.Date:
      return (type as arrow.Date_).unit === arrow.DateUnit.DAY ? 'date' : undefined;
    case arrow.Type.Timestamp: {
      const { unit, timezone } = type as arrow.Timestamp;
      const utc = timezone !== null && timezone !== undefined && timezone !== '';
      if (unit === arrow.TimeUnit.MICROSECOND) return utc ? 'timestamp' : 'timestamp_ntz';
      if (unit === arrow.TimeUnit.NANOSECOND)
        return utc ? 'timestamp_nanos' : 'timestamp_ntz_nanos';
      return undefined;
    }
    case arrow.Type.Time:
      return (type as arrow.Time).unit === arrow.TimeUnit.MICROSECOND ? 'time' : undefined;
    case arrow.Type.Utf8:
    case arrow.Type.LargeUtf8:
      return 'string';
    case arrow.Type.Binary:
    case arrow.Type.LargeBinary:
      return 'binary';
    case arrow.Type.FixedSizeBinary:
      return (type as arrow.FixedSizeBinary).byteWidth === 16 ? 'uuid' : undefined;
    default:
      return undefined;
  }
}

function isBinary(type: arrow.DataType): boolean {
  return type.typeId === arrow.Type.Binary || type.typeId === arrow.Type.LargeBinary;
}
