import * as arrow from 'apache-arrow';
import { formatDate, formatDecimal, formatTimestamp } from './values.js';

/**
 * Reads values out of Arrow data exactly, following apache-arrow's own buffer conventions
 * (fixed-width values relative to the slice, booleans and validity by bit offset), but without
 * its lossy conversions: 64-bit integers and timestamps stay bigint, decimals stay unscaled.
 *
 * Value forms: boolean; number (8/16/32-bit integers, floats, dates as days since the epoch);
 * bigint (long; timestamps as microseconds since the epoch; decimals unscaled); string;
 * Uint8Array (binary); object (struct); array (list); array of [key, value] (map); null.
 */
export function exactValue(data: arrow.Data, index: number): unknown {
  if (!data.getValid(index)) return null;
  const type = data.type as arrow.DataType;
  switch (type.typeId) {
    case arrow.Type.Bool: {
      const position = data.offset + index;
      return ((data.values as Uint8Array)[position >> 3]! & (1 << (position & 7))) !== 0;
    }
    case arrow.Type.Int:
    case arrow.Type.Float: {
      const value = (data.values as ArrayLike<number | bigint>)[index]!;
      if (
        (type as arrow.Float).precision === arrow.Precision.HALF &&
        type.typeId === arrow.Type.Float
      ) {
        return arrow.util.uint16ToFloat64(value as number);
      }
      if ((type as arrow.Int).bitWidth === 64 && typeof value === 'number') return BigInt(value);
      return value;
    }
    case arrow.Type.Date: {
      const value = (data.values as ArrayLike<number | bigint>)[index]!;
      return (type as arrow.Date_).unit === arrow.DateUnit.DAY
        ? Number(value)
        : Math.floor(Number(value) / 86_400_000);
    }
    case arrow.Type.Timestamp: {
      const raw = BigInt((data.values as ArrayLike<bigint | number>)[index]!);
      switch ((type as arrow.Timestamp).unit) {
        case arrow.TimeUnit.SECOND:
          return raw * 1_000_000n;
        case arrow.TimeUnit.MILLISECOND:
          return raw * 1000n;
        case arrow.TimeUnit.MICROSECOND:
          return raw;
        default:
          return floorDiv(raw, 1000n);
      }
    }
    case arrow.Type.Decimal: {
      const bitWidth = (type as arrow.Decimal).bitWidth;
      const words = bitWidth / 32;
      const values = data.values as Uint32Array;
      let value = 0n;
      for (let k = words - 1; k >= 0; k--)
        value = (value << 32n) | BigInt(values[index * words + k]!);
      return BigInt.asIntN(bitWidth, value);
    }
    case arrow.Type.Utf8:
    case arrow.Type.LargeUtf8:
    case arrow.Type.Binary:
    case arrow.Type.LargeBinary: {
      const offsets = data.valueOffsets as ArrayLike<number | bigint>;
      const bytes = (data.values as Uint8Array).subarray(
        Number(offsets[index]!),
        Number(offsets[index + 1]!),
      );
      return type.typeId === arrow.Type.Utf8 || type.typeId === arrow.Type.LargeUtf8
        ? decoder.decode(bytes)
        : bytes.slice();
    }
    case arrow.Type.FixedSizeBinary: {
      const width = (type as arrow.FixedSizeBinary).byteWidth;
      return (data.values as Uint8Array).slice(index * width, (index + 1) * width);
    }
    case arrow.Type.Struct: {
      const record: Record<string, unknown> = {};
      (type as arrow.Struct).children.forEach((field, k) => {
        record[field.name] = exactValue(data.children[k]!, index);
      });
      return record;
    }
    case arrow.Type.List:
    case arrow.Type.LargeList:
    case arrow.Type.Map: {
      const offsets = data.valueOffsets as ArrayLike<number | bigint>;
      const child = data.children[0]!;
      const out: unknown[] = [];
      for (let k = Number(offsets[index]!); k < Number(offsets[index + 1]!); k++) {
        if (type.typeId === arrow.Type.Map) {
          out.push([exactValue(child.children[0]!, k), exactValue(child.children[1]!, k)]);
        } else out.push(exactValue(child, k));
      }
      return out;
    }
    case arrow.Type.FixedSizeList: {
      const size = (type as arrow.FixedSizeList).listSize;
      const out: unknown[] = [];
      for (let k = index * size; k < (index + 1) * size; k++)
        out.push(exactValue(data.children[0]!, k));
      return out;
    }
    case arrow.Type.Dictionary: {
      const key = Number((data.values as ArrayLike<number | bigint>)[index]!);
      const dictionary = data.dictionary!;
      return exactVectorValue(dictionary, key);
    }
    default:
      throw new TypeError(`reading ${String(type)} values is not supported`);
  }
}

const decoder = new TextDecoder();

/** Base64 without node's Buffer, so that this module stays browser-safe. */
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let k = 0; k < bytes.length; k += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(k, k + 0x8000));
  return btoa(binary);
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** The exact value at `index` of a (possibly chunked) vector. */
export function exactVectorValue(vector: arrow.Vector, index: number): unknown {
  let at = index;
  for (const data of vector.data) {
    if (at < data.length) return exactValue(data, at);
    at -= data.length;
  }
  throw new RangeError(`index ${index} is out of range`);
}

/**
 * The JSON form Silt uses in the CLI's `--format jsonl` and in interop tests: exact integers,
 * "NaN"/"Infinity"/"-Infinity" for non-finite floats, decimals as strings with the column's scale,
 * dates `YYYY-MM-DD`, timestamps `YYYY-MM-DDTHH:MM:SS.ffffff` (+`Z` when UTC-adjusted), binary
 * as base64, structs as objects, arrays as arrays, maps as arrays of [key, value].
 * Integers are returned as `JsonInteger` so that {@link stringifyJson} writes every digit.
 */
export function toJsonValue(value: unknown, type: arrow.DataType): unknown {
  if (value === null || value === undefined) return null;
  switch (type.typeId) {
    case arrow.Type.Dictionary:
      return toJsonValue(value, (type as arrow.Dictionary).dictionary);
    case arrow.Type.Int:
      return new JsonInteger(BigInt(value as number | bigint));
    case arrow.Type.Float: {
      const n = value as number;
      if (Number.isNaN(n)) return 'NaN';
      if (n === Number.POSITIVE_INFINITY) return 'Infinity';
      if (n === Number.NEGATIVE_INFINITY) return '-Infinity';
      return n;
    }
    case arrow.Type.Decimal:
      return formatDecimal(value as bigint, (type as arrow.Decimal).scale);
    case arrow.Type.Date:
      return formatDate(value as number);
    case arrow.Type.Timestamp:
      return formatTimestamp(value as bigint, Boolean((type as arrow.Timestamp).timezone));
    case arrow.Type.Binary:
    case arrow.Type.LargeBinary:
    case arrow.Type.FixedSizeBinary:
      return toBase64(value as Uint8Array);
    case arrow.Type.Struct: {
      const out: Record<string, unknown> = {};
      for (const child of (type as arrow.Struct).children) {
        out[child.name] = toJsonValue((value as Record<string, unknown>)[child.name], child.type);
      }
      return out;
    }
    case arrow.Type.List:
    case arrow.Type.LargeList:
    case arrow.Type.FixedSizeList: {
      const element = type.children[0]!.type;
      return (value as unknown[]).map((item) => toJsonValue(item, element));
    }
    case arrow.Type.Map: {
      const [key, item] = (type.children[0]!.type as arrow.Struct).children as [
        arrow.Field,
        arrow.Field,
      ];
      return (value as [unknown, unknown][]).map(([k, v]) => [
        toJsonValue(k, key.type),
        toJsonValue(v, item.type),
      ]);
    }
    default:
      return value;
  }
}

/** An integer that JSON must carry with all its digits, beyond 2^53 too. */
export class JsonInteger {
  constructor(readonly value: bigint) {}
}

/** JSON text in which {@link JsonInteger}s are written as plain numbers with every digit. */
export function stringifyJson(value: unknown): string {
  if (value instanceof JsonInteger) return value.value.toString();
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(stringifyJson).join(',')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${JSON.stringify(k)}:${stringifyJson(v)}`)
      .join(',')}}`;
  }
  if (typeof value === 'bigint') return value.toString();
  return JSON.stringify(value);
}

/**
 * Each row of `table` as an object of Silt's JSON values (see {@link toJsonValue}); serialize
 * one with {@link stringifyJson} to keep every digit of 64-bit integers.
 */
export function* tableToJsonRecords(table: arrow.Table): Generator<Record<string, unknown>> {
  const fields = table.schema.fields;
  for (const batch of table.batches) {
    const columns = fields.map((_, k) => batch.data.children[k]!);
    for (let row = 0; row < batch.numRows; row++) {
      const record: Record<string, unknown> = {};
      fields.forEach((field, k) => {
        record[field.name] = toJsonValue(exactValue(columns[k]!, row), field.type);
      });
      yield record;
    }
  }
}

/**
 * Each row of `table` as one line of Silt's JSON form (see {@link toJsonValue}).
 *
 * @example
 * ```ts
 * import { tableToJsonLines } from '@silt/parquet-io';
 * for (const line of tableToJsonLines(table)) console.log(line); // {"id":1,"at":"2024-01-01T00:00:00.000000Z"}
 * ```
 */
export function* tableToJsonLines(table: arrow.Table): Generator<string> {
  for (const record of tableToJsonRecords(table)) yield stringifyJson(record);
}
