import * as arrow from 'apache-arrow';

/**
 * The Delta types that carry min/max statistics. Spark's `SkippingEligibleDataType`
 * (delta-io/delta, spark/.../stats/DataSkippingReader.scala) admits numeric types, date,
 * timestamp, timestamp_ntz and string; booleans, binary, arrays and maps get a null count only.
 */
export type MinMaxKind =
  | 'integer'
  | 'long'
  | 'float'
  | 'double'
  | 'decimal'
  | 'date'
  | 'timestamp'
  | 'timestamp_ntz'
  | 'string';

/**
 * The min/max kind of an Arrow type, or undefined when the column gets a null count only.
 * Byte, short and integer share `integer` (their bounds are plain numbers). Unsigned integers
 * and string views are not Delta types (see `arrowTypeToDelta`), so they get no bounds either.
 */
export function minMaxKind(type: arrow.DataType): MinMaxKind | undefined {
  switch (type.typeId) {
    case arrow.Type.Int: {
      const int = type as arrow.Int;
      if (!int.isSigned) return undefined;
      return int.bitWidth === 64 ? 'long' : 'integer';
    }
    case arrow.Type.Float:
      return (type as arrow.Float).precision === arrow.Precision.DOUBLE ? 'double' : 'float';
    case arrow.Type.Decimal:
      return 'decimal';
    case arrow.Type.Date:
      return 'date';
    case arrow.Type.Timestamp:
      return (type as arrow.Timestamp).timezone ? 'timestamp' : 'timestamp_ntz';
    case arrow.Type.Utf8:
    case arrow.Type.LargeUtf8:
      return 'string';
    case arrow.Type.Dictionary:
      return minMaxKind((type as arrow.Dictionary).dictionary);
    default:
      return undefined;
  }
}
