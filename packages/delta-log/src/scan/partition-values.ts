/**
 * Partition values as the Delta log stores them (strings; PROTOCOL.md, "Partition Value
 * Serialization"), read into the exact value forms of @silt/parquet-io's column builders, and the
 * constant Arrow columns that put them back beside the data columns of a scan.
 */

import {
  createColumnBuilder,
  type DeltaType,
  decimalParts,
  deltaTypeToArrow,
  formatDecimal,
  parseDecimal,
  parseIsoInstant,
  type StructType,
} from '@silt/parquet-io';
import * as arrow from 'apache-arrow';
import type { ScalarValue } from '../expr/expression.js';
import { InvalidPartitionValue } from './invalid-partition-value.js';

/**
 * A partition value in exact form, the same forms as literals ({@link ScalarValue}): boolean;
 * number (byte, short, integer, float, double; date as days since the epoch); bigint (long;
 * timestamp and timestamp_ntz as microseconds since the epoch); string (string; decimal as its
 * text with exactly `scale` digits); Uint8Array (binary); null.
 */
export type PartitionValue = ScalarValue;

const integerPattern = /^[+-]?\d+$/;
const floatPattern = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const specialFloats: Record<string, number> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '+Infinity': Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};
const integerRanges = {
  byte: [-128, 127],
  short: [-32_768, 32_767],
  integer: [-2_147_483_648, 2_147_483_647],
} as const;
const MICROS_PER_MINUTE = 60_000_000n;

/**
 * Reads one partition value. `null` and the empty string are null, for every type (PROTOCOL.md:
 * "An empty string for any type translates to a null partition value").
 *
 * - numbers: their decimal text (`-12`, `1.5`, `1.0E10`, `NaN`, `Infinity`); `long` as bigint
 * - boolean: `true` / `false` (any case, as Spark's cast reads them)
 * - date: `YYYY-MM-DD` → days since the epoch
 * - timestamp: `YYYY-MM-DD HH:MM:SS[.ffffff]` read as UTC (Silt does not know the writer's time
 *   zone, and modern writers write UTC), or ISO 8601 with `Z` or an offset → microseconds
 * - timestamp_ntz: `YYYY-MM-DD HH:MM:SS[.ffffff]` (no offset) → microseconds
 * - decimal(p,s): its text, exactly, normalized to `s` digits after the point
 * - binary: the string's UTF-8 bytes (Spark writes binary partition values cast to string)
 *
 * @example
 * ```ts
 * import { parsePartitionValue } from '@silt/delta-log';
 * parsePartitionValue('2021-09-08 11:11:11', 'timestamp'); // 1631099471000000n
 * parsePartitionValue('1.5', 'decimal(5,2)'); // '1.50'
 * ```
 * @throws {InvalidPartitionValue} when the text is not a value of the type.
 */
export function parsePartitionValue(
  text: string | null | undefined,
  type: DeltaType,
  column = '<partition column>',
): PartitionValue {
  if (text === null || text === undefined || text === '') return null;
  const fail = (reason?: string): never => {
    throw new InvalidPartitionValue({
      column,
      value: text,
      type: typeof type === 'string' ? type : type.type,
      ...(reason ? { reason } : {}),
    });
  };
  if (typeof type !== 'string') return fail('only primitive columns can be partition columns');
  switch (type) {
    case 'string':
      return text;
    case 'binary':
      return new TextEncoder().encode(text);
    case 'boolean': {
      const lower = text.toLowerCase();
      return lower === 'true' ? true : lower === 'false' ? false : fail();
    }
    case 'byte':
    case 'short':
    case 'integer': {
      if (!integerPattern.test(text)) return fail();
      const value = Number(text);
      const [min, max] = integerRanges[type];
      return value >= min && value <= max ? value : fail(`out of range [${min}, ${max}]`);
    }
    case 'long': {
      if (!integerPattern.test(text)) return fail();
      const value = BigInt(text);
      return BigInt.asIntN(64, value) === value ? value : fail('out of the 64-bit range');
    }
    case 'float':
    case 'double': {
      const special = specialFloats[text];
      if (special === undefined && !floatPattern.test(text)) return fail();
      const value = special ?? Number(text);
      return type === 'float' ? Math.fround(value) : value;
    }
    case 'date': {
      const parsed = parseIsoInstant(text);
      if (
        !parsed ||
        parsed.hasTime ||
        parsed.offsetMinutes !== undefined ||
        !/^[+-]?\d{4,6}-\d{2}-\d{2}$/.test(text)
      ) {
        return fail('expected YYYY-MM-DD');
      }
      return parsed.days;
    }
    case 'timestamp':
    case 'timestamp_ntz': {
      const parsed = parseIsoInstant(text);
      if (!parsed) return fail('expected YYYY-MM-DD HH:MM:SS[.ffffff]');
      if (parsed.offsetMinutes === undefined) return parsed.micros;
      if (type === 'timestamp_ntz') return fail('a timestamp_ntz cannot carry a time zone offset');
      return parsed.micros - BigInt(parsed.offsetMinutes) * MICROS_PER_MINUTE;
    }
    default: {
      const decimal = decimalParts(type);
      if (!decimal) return fail('unknown type');
      try {
        return formatDecimal(parseDecimal(text, decimal.precision, decimal.scale), decimal.scale);
      } catch (error) {
        return fail((error as Error).message);
      }
    }
  }
}

/**
 * Reads the `partitionValues` of an `add` action for the columns of `partitionSchema`, whose field
 * names are the keys of the map (the physical names when the table uses column mapping). A column
 * the map lacks is null.
 *
 * @throws {InvalidPartitionValue} for a value that is not of its column's type.
 */
export function parsePartitionValues(
  partitionValues: Readonly<Record<string, string | null>>,
  partitionSchema: StructType,
): Record<string, PartitionValue> {
  const parsed: Record<string, PartitionValue> = {};
  for (const field of partitionSchema.fields) {
    parsed[field.name] = parsePartitionValue(partitionValues[field.name], field.type, field.name);
  }
  return parsed;
}

/**
 * An Arrow column of `length` rows that all hold `value` (a {@link PartitionValue} of `type`), in
 * the Arrow type @silt/parquet-io uses for `type`. Primitive types fill their buffers directly,
 * without a per-row builder.
 *
 * @example
 * ```ts
 * import { constantColumn } from '@silt/delta-log';
 * const year = constantColumn('integer', 2024, batch.numRows);
 * ```
 * @throws {TypeError} when `value` is not of `type`.
 */
export function constantColumn(type: DeltaType, value: PartitionValue, length: number): arrow.Data {
  if (typeof type !== 'string' || length === 0) return repeatWithBuilder(type, value, length);
  const arrowType = deltaTypeToArrow(type);
  if (value === null) return nullColumn(arrowType, length);
  switch (type) {
    case 'boolean': {
      if (typeof value !== 'boolean')
        throw new TypeError(`expected a boolean, got ${typeof value}`);
      return arrow.makeData({
        type: new arrow.Bool(),
        length,
        nullCount: 0,
        data: new Uint8Array(Math.ceil(length / 8)).fill(value ? 0xff : 0),
      });
    }
    case 'byte':
      return fixedWidth(arrowType, length, new Int8Array(length).fill(checkNumber(value)));
    case 'short':
      return fixedWidth(arrowType, length, new Int16Array(length).fill(checkNumber(value)));
    case 'integer':
    case 'date':
      return fixedWidth(arrowType, length, new Int32Array(length).fill(checkNumber(value)));
    case 'float':
      return fixedWidth(arrowType, length, new Float32Array(length).fill(checkNumber(value)));
    case 'double':
      return fixedWidth(arrowType, length, new Float64Array(length).fill(checkNumber(value)));
    case 'long':
    case 'timestamp':
    case 'timestamp_ntz':
      if (typeof value !== 'bigint') throw new TypeError(`expected a bigint, got ${typeof value}`);
      return fixedWidth(arrowType, length, new BigInt64Array(length).fill(value));
    case 'string':
    case 'binary': {
      const bytes =
        type === 'string' && typeof value === 'string' ? new TextEncoder().encode(value) : value;
      if (!(bytes instanceof Uint8Array))
        throw new TypeError(
          `expected a ${type === 'string' ? 'string' : 'Uint8Array'}, got ${typeof value}`,
        );
      if (bytes.length * length > 0x7fffffff)
        throw new RangeError('a constant column over 2 GiB; read the file in smaller batches');
      const data = new Uint8Array(bytes.length * length);
      for (let row = 0; row < length; row++) data.set(bytes, row * bytes.length);
      const valueOffsets = Int32Array.from({ length: length + 1 }, (_, row) => row * bytes.length);
      return arrow.makeData({ type: arrowType, length, nullCount: 0, valueOffsets, data } as never);
    }
    default:
      // Decimals: the builder converts the text exactly once; repeating its 128-bit words is cheap.
      return repeatFirstRow(repeatWithBuilder(type, value, 1), length);
  }
}

function checkNumber(value: PartitionValue): number {
  if (typeof value !== 'number') throw new TypeError(`expected a number, got ${typeof value}`);
  return value;
}

function fixedWidth(type: arrow.DataType, length: number, data: ArrayBufferView): arrow.Data {
  return arrow.makeData({ type, length, nullCount: 0, data } as never);
}

/** All-null data of a primitive type: zeroed values and a validity bitmap of zeros. */
function nullColumn(type: arrow.DataType, length: number): arrow.Data {
  const nullBitmap = new Uint8Array(Math.ceil(length / 8));
  if (arrow.DataType.isUtf8(type) || arrow.DataType.isBinary(type)) {
    return arrow.makeData({
      type,
      length,
      nullCount: length,
      nullBitmap,
      valueOffsets: new Int32Array(length + 1),
      data: new Uint8Array(0),
    } as never);
  }
  if (arrow.DataType.isBool(type)) {
    return arrow.makeData({
      type,
      length,
      nullCount: length,
      nullBitmap,
      data: new Uint8Array(Math.ceil(length / 8)),
    } as never);
  }
  const data = new (type.ArrayType as new (size: number) => ArrayBufferView)(
    arrow.DataType.isDecimal(type) ? length * 4 : length,
  );
  return arrow.makeData({ type, length, nullCount: length, nullBitmap, data } as never);
}

function repeatWithBuilder(type: DeltaType, value: PartitionValue, length: number): arrow.Data {
  const builder = createColumnBuilder(type);
  for (let row = 0; row < length; row++) builder.append(value);
  return builder.finish();
}

/** Repeats the 128-bit words of a one-row decimal column. */
function repeatFirstRow(single: arrow.Data, length: number): arrow.Data {
  const words = (single.values as Uint32Array).subarray(0, 4);
  const data = new Uint32Array(length * 4);
  for (let row = 0; row < length; row++) data.set(words, row * 4);
  return arrow.makeData({ type: single.type, length, nullCount: 0, data } as never);
}
