import * as arrow from 'apache-arrow';
import { deltaSchemaToArrow, deltaTypeToArrow } from '../types/arrow-schema.js';
import { type DeltaType, decimalParts, type StructType } from '../types/delta-type.js';
import { parseDecimal, toDaysSinceEpoch, toMicrosSinceEpoch } from './values.js';

/**
 * Builds one Arrow column of a Delta type from JavaScript values, exactly: 64-bit integers and
 * microsecond timestamps as bigint, decimals from strings without passing through floats.
 * (apache-arrow's own builders round timestamps through milliseconds, which loses microseconds.)
 *
 * Accepted values per type:
 * - `long`: bigint or a safe-integer number; `byte` / `short` / `integer`: number in range
 * - `timestamp` / `timestamp_ntz`: bigint microseconds since the epoch, a `Date`, or an ISO 8601 string
 * - `date`: days since the epoch (number), a `Date`, or `YYYY-MM-DD`
 * - `decimal(p,s)`: a decimal string, a bigint of the unscaled value, or a number
 * - `binary`: `Uint8Array`; `struct`: object; `array`: array; `map`: `Map` or array of `[key, value]`
 * - `null` / `undefined` everywhere (nullable or not: nullability is checked by the caller)
 */
export interface ColumnBuilder {
  readonly type: DeltaType;
  readonly length: number;
  append(value: unknown): void;
  finish(): arrow.Data;
}

class Validity {
  private readonly bits: boolean[] = [];
  nullCount = 0;
  push(valid: boolean): void {
    this.bits.push(valid);
    if (!valid) this.nullCount++;
  }
  get length(): number {
    return this.bits.length;
  }
  bitmap(): Uint8Array | undefined {
    if (this.nullCount === 0) return undefined;
    const out = new Uint8Array(Math.ceil(this.bits.length / 8));
    this.bits.forEach((valid, index) => {
      if (valid) out[index >> 3]! |= 1 << (index & 7);
    });
    return out;
  }
}

type Convert = (value: unknown) => unknown;

class FixedWidthBuilder implements ColumnBuilder {
  private readonly values: unknown[] = [];
  private readonly validity = new Validity();
  constructor(
    readonly type: DeltaType,
    private readonly arrowType: arrow.DataType,
    private readonly convert: Convert,
    private readonly zero: unknown,
    private readonly makeArray: (values: unknown[]) => ArrayBufferView,
  ) {}
  get length(): number {
    return this.validity.length;
  }
  append(value: unknown): void {
    const isNull = value === null || value === undefined;
    this.validity.push(!isNull);
    this.values.push(isNull ? this.zero : this.convert(value));
  }
  finish(): arrow.Data {
    return arrow.makeData({
      type: this.arrowType,
      length: this.length,
      nullCount: this.validity.nullCount,
      nullBitmap: this.validity.bitmap(),
      data: this.makeArray(this.values),
    } as never);
  }
}

class BooleanBuilder implements ColumnBuilder {
  readonly type = 'boolean' as const;
  private readonly values: boolean[] = [];
  private readonly validity = new Validity();
  get length(): number {
    return this.validity.length;
  }
  append(value: unknown): void {
    const isNull = value === null || value === undefined;
    if (!isNull && typeof value !== 'boolean')
      throw new TypeError(`expected a boolean, got ${describe(value)}`);
    this.validity.push(!isNull);
    this.values.push(value === true);
  }
  finish(): arrow.Data {
    const bits = new Uint8Array(Math.ceil(this.values.length / 8));
    this.values.forEach((v, index) => {
      if (v) bits[index >> 3]! |= 1 << (index & 7);
    });
    return arrow.makeData({
      type: new arrow.Bool(),
      length: this.length,
      nullCount: this.validity.nullCount,
      nullBitmap: this.validity.bitmap(),
      data: bits,
    });
  }
}

const encoder = new TextEncoder();

class VariableWidthBuilder implements ColumnBuilder {
  private readonly chunks: Uint8Array[] = [];
  private readonly validity = new Validity();
  private bytes = 0;
  private readonly offsets: number[] = [0];
  constructor(readonly type: 'string' | 'binary') {}
  get length(): number {
    return this.validity.length;
  }
  append(value: unknown): void {
    const isNull = value === null || value === undefined;
    this.validity.push(!isNull);
    if (!isNull) {
      let bytes: Uint8Array;
      if (this.type === 'string') {
        if (typeof value !== 'string')
          throw new TypeError(`expected a string, got ${describe(value)}`);
        bytes = encoder.encode(value);
      } else {
        if (!(value instanceof Uint8Array))
          throw new TypeError(`expected a Uint8Array, got ${describe(value)}`);
        bytes = value;
      }
      this.chunks.push(bytes);
      this.bytes += bytes.length;
      if (this.bytes > 0x7fffffff)
        throw new RangeError(
          'a string or binary column chunk holds over 2 GiB; write it in smaller batches',
        );
    }
    this.offsets.push(this.bytes);
  }
  finish(): arrow.Data {
    const data = new Uint8Array(this.bytes);
    let at = 0;
    for (const chunk of this.chunks) {
      data.set(chunk, at);
      at += chunk.length;
    }
    return arrow.makeData({
      type: this.type === 'string' ? new arrow.Utf8() : new arrow.Binary(),
      length: this.length,
      nullCount: this.validity.nullCount,
      nullBitmap: this.validity.bitmap(),
      valueOffsets: Int32Array.from(this.offsets),
      data,
    } as never);
  }
}

class StructBuilder implements ColumnBuilder {
  private readonly validity = new Validity();
  private readonly children: { name: string; builder: ColumnBuilder }[];
  constructor(
    readonly type: StructType,
    private readonly arrowType: arrow.Struct = deltaTypeToArrow(type) as arrow.Struct,
  ) {
    this.children = type.fields.map((f) => ({
      name: f.name,
      builder: createColumnBuilder(f.type),
    }));
  }
  get length(): number {
    return this.validity.length;
  }
  append(value: unknown): void {
    const isNull = value === null || value === undefined;
    if (!isNull && (typeof value !== 'object' || Array.isArray(value)))
      throw new TypeError(`expected an object, got ${describe(value)}`);
    this.validity.push(!isNull);
    const record = (value ?? {}) as Record<string, unknown>;
    for (const child of this.children) child.builder.append(isNull ? null : record[child.name]);
  }
  finish(): arrow.Data {
    return arrow.makeData({
      type: this.arrowType,
      length: this.length,
      nullCount: this.validity.nullCount,
      nullBitmap: this.validity.bitmap(),
      children: this.children.map((c) => c.builder.finish()),
    });
  }
}

class ListBuilder implements ColumnBuilder {
  private readonly validity = new Validity();
  private readonly offsets: number[] = [0];
  private readonly child: ColumnBuilder;
  constructor(readonly type: Extract<DeltaType, { type: 'array' | 'map' }>) {
    this.child =
      type.type === 'array'
        ? createColumnBuilder(type.elementType)
        : createColumnBuilder({
            type: 'struct',
            fields: [
              { name: 'key', type: type.keyType, nullable: false, metadata: {} },
              {
                name: 'value',
                type: type.valueType,
                nullable: type.valueContainsNull,
                metadata: {},
              },
            ],
          });
  }
  get length(): number {
    return this.validity.length;
  }
  append(value: unknown): void {
    const isNull = value === null || value === undefined;
    this.validity.push(!isNull);
    if (!isNull) {
      if (this.type.type === 'array') {
        if (!Array.isArray(value)) throw new TypeError(`expected an array, got ${describe(value)}`);
        for (const item of value) this.child.append(item);
      } else {
        const entries =
          value instanceof Map ? [...value.entries()] : Array.isArray(value) ? value : undefined;
        if (!entries)
          throw new TypeError(`expected a Map or [key, value] pairs, got ${describe(value)}`);
        for (const entry of entries) {
          const [key, item] = entry as [unknown, unknown];
          if (key === null || key === undefined) throw new TypeError('a map key cannot be null');
          this.child.append({ key, value: item });
        }
      }
    }
    this.offsets.push(this.child.length);
  }
  finish(): arrow.Data {
    const arrowType = deltaTypeToArrow(this.type);
    return arrow.makeData({
      type: arrowType,
      length: this.length,
      nullCount: this.validity.nullCount,
      nullBitmap: this.validity.bitmap(),
      valueOffsets: Int32Array.from(this.offsets),
      child: this.child.finish(),
    } as never);
  }
}

function intConverter(bits: 8 | 16 | 32): Convert {
  const min = -(2 ** (bits - 1));
  const max = 2 ** (bits - 1) - 1;
  return (value) => {
    const n = typeof value === 'bigint' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
      throw new RangeError(`expected an integer in [${min}, ${max}], got ${describe(value)}`);
    }
    return n;
  };
}

function toBigInt64(value: unknown): bigint {
  if (typeof value === 'bigint') {
    if (value < -(2n ** 63n) || value >= 2n ** 63n)
      throw new RangeError(`${value} does not fit a 64-bit integer`);
    return value;
  }
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  throw new RangeError(`expected a bigint or a safe integer, got ${describe(value)}`);
}

function toFloat(value: unknown): number {
  if (typeof value !== 'number') throw new TypeError(`expected a number, got ${describe(value)}`);
  return value;
}

/** The builder for one column of `type`. */
export function createColumnBuilder(type: DeltaType): ColumnBuilder {
  if (typeof type !== 'string') {
    if (type.type === 'struct') return new StructBuilder(type);
    return new ListBuilder(type);
  }
  const arrowType = deltaTypeToArrow(type);
  switch (type) {
    case 'boolean':
      return new BooleanBuilder();
    case 'byte':
      return new FixedWidthBuilder(type, arrowType, intConverter(8), 0, (v) =>
        Int8Array.from(v as number[]),
      );
    case 'short':
      return new FixedWidthBuilder(type, arrowType, intConverter(16), 0, (v) =>
        Int16Array.from(v as number[]),
      );
    case 'integer':
      return new FixedWidthBuilder(type, arrowType, intConverter(32), 0, (v) =>
        Int32Array.from(v as number[]),
      );
    case 'long':
      return new FixedWidthBuilder(type, arrowType, toBigInt64, 0n, (v) =>
        BigInt64Array.from(v as bigint[]),
      );
    case 'float':
      return new FixedWidthBuilder(type, arrowType, toFloat, 0, (v) =>
        Float32Array.from(v as number[]),
      );
    case 'double':
      return new FixedWidthBuilder(type, arrowType, toFloat, 0, (v) =>
        Float64Array.from(v as number[]),
      );
    case 'string':
    case 'binary':
      return new VariableWidthBuilder(type);
    case 'variant':
      return new StructBuilder(
        {
          type: 'struct',
          fields: [
            { name: 'metadata', type: 'binary', nullable: false, metadata: {} },
            { name: 'value', type: 'binary', nullable: false, metadata: {} },
          ],
        },
        arrowType as arrow.Struct,
      );
    case 'date':
      return new FixedWidthBuilder(type, arrowType, toDaysSinceEpoch, 0, (v) =>
        Int32Array.from(v as number[]),
      );
    case 'timestamp':
    case 'timestamp_ntz':
      return new FixedWidthBuilder(
        type,
        arrowType,
        (v) => toMicrosSinceEpoch(v, type === 'timestamp'),
        0n,
        (v) => BigInt64Array.from(v as bigint[]),
      );
    default: {
      const decimal = decimalParts(type)!;
      return new FixedWidthBuilder(
        type,
        arrowType,
        (v) => parseDecimal(v, decimal.precision, decimal.scale),
        0n,
        (values) => {
          const words = new Uint32Array(values.length * 4);
          values.forEach((unscaled, index) => {
            writeInt128(words, index * 4, unscaled as bigint);
          });
          return words;
        },
      );
    }
  }
}

/** Writes a 128-bit two's complement little-endian integer as four 32-bit words. */
function writeInt128(words: Uint32Array, at: number, value: bigint): void {
  let v = BigInt.asUintN(128, value);
  for (let k = 0; k < 4; k++) {
    words[at + k] = Number(v & 0xffffffffn);
    v >>= 32n;
  }
}

/**
 * Builds an Arrow table of a Delta schema from plain row objects, exactly (see {@link ColumnBuilder}).
 *
 * @example
 * ```ts
 * import { tableFromRows, parseDdl } from '@silt/parquet-io';
 * const table = tableFromRows(parseDdl('id BIGINT, at TIMESTAMP'), [{ id: 1n, at: '2024-01-01T00:00:00.000001Z' }]);
 * ```
 */
export function tableFromRows(
  schema: StructType,
  rows: Iterable<Record<string, unknown>>,
): arrow.Table {
  const builders = schema.fields.map((f) => ({ field: f, builder: createColumnBuilder(f.type) }));
  let line = 0;
  for (const row of rows) {
    for (const { field, builder } of builders) {
      const value = row[field.name];
      try {
        builder.append(value);
      } catch (error) {
        throw new TypeError(`row ${line}, column ${field.name}: ${(error as Error).message}`);
      }
    }
    line++;
  }
  return tableFromData(
    schema,
    builders.map((b) => b.builder.finish()),
    line,
  );
}

/** Assembles finished column data into a one-batch table with the Arrow schema of `schema`. */
export function tableFromData(
  schema: StructType,
  columns: arrow.Data[],
  length: number,
): arrow.Table {
  const arrowSchema = deltaSchemaToArrow(schema);
  const structData = arrow.makeData({
    type: new arrow.Struct(arrowSchema.fields),
    length,
    nullCount: 0,
    children: columns,
  });
  return new arrow.Table(arrowSchema, [new arrow.RecordBatch(arrowSchema, structData)]);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return `${typeof value} ${String(value)}`;
}
