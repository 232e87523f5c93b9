import {
  type DeltaType,
  decimalParts,
  formatDate,
  formatDecimal,
  formatTimestamp,
} from '@silt/parquet-io';

const utf8 = new TextDecoder('utf-8');

/**
 * Serializes one partition value for `add.partitionValues` (PROTOCOL.md, "Partition Value
 * Serialization"), from the exact value forms of @silt/parquet-io's `exactValue` (decimals as
 * unscaled bigint, timestamps as microseconds, dates as days). Null stays null.
 *
 * Timestamps are written as ISO 8601 in UTC with `Z` (`2024-01-02T03:04:05.000000Z`), a form the
 * protocol allows and every reader takes as an instant: the older `YYYY-MM-DD HH:MM:SS` form is
 * read by Spark in its session time zone, so a table written that way means different instants
 * to different readers. timestamp_ntz has no zone: `YYYY-MM-DD HH:MM:SS.ffffff`.
 *
 * @example
 * ```ts
 * formatPartitionValue(19_000, 'date'); // '2022-01-08'
 * formatPartitionValue(12345n, 'decimal(5,2)'); // '123.45'
 * ```
 */
export function formatPartitionValue(value: unknown, type: DeltaType): string | null {
  if (value === null || value === undefined) return null;
  if (typeof type !== 'string') {
    throw new TypeError(`a ${type.type} column cannot be a partition column`);
  }
  switch (type) {
    case 'string':
      // An empty partition value reads as null (PROTOCOL.md), so an empty string is written as
      // null, as Spark writes it: what every reader sees is then what the log says.
      return value === '' ? null : String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'byte':
    case 'short':
    case 'integer':
    case 'long':
      return String(value);
    case 'float':
    case 'double':
      return formatFloat(value as number);
    case 'date':
      return formatDate(value as number);
    case 'timestamp':
      return formatTimestamp(value as bigint, true);
    case 'timestamp_ntz':
      return formatTimestamp(value as bigint, false).replace('T', ' ');
    case 'binary':
      // Spark casts binary partition values to string: the bytes read as UTF-8.
      return (value as Uint8Array).length === 0 ? null : utf8.decode(value as Uint8Array);
    default: {
      const decimal = decimalParts(type);
      if (decimal) return formatDecimal(value as bigint, decimal.scale);
      throw new TypeError(`a ${type} column cannot be a partition column`);
    }
  }
}

function formatFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return 'Infinity';
  if (value === Number.NEGATIVE_INFINITY) return '-Infinity';
  if (Object.is(value, -0)) return '-0.0';
  return Number.isInteger(value) && Math.abs(value) < 1e21 ? `${value}.0` : String(value);
}
