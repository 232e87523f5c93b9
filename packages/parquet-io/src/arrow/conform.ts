import * as arrow from 'apache-arrow';
import { IncompatibleType } from '../errors/incompatible-type.js';
import { deltaSchemaToArrow } from '../types/arrow-schema.js';
import { type DeltaType, decimalParts, type StructType } from '../types/delta-type.js';
import { createColumnBuilder } from './column-builder.js';
import { exactValue } from './exact-values.js';

/**
 * Brings a record batch read from a data file to the Arrow form of a Delta schema: columns in
 * schema order, found by name (exact, then case-insensitive, as Delta names are); a column the
 * file lacks (added to the table later) becomes all nulls; types are widened the ways Delta
 * allows (integers to wider integers, float to double, integers to double or decimal, date to
 * timestamp_ntz, decimal precision and scale up), timestamps of any unit become microseconds
 * (INT96 files come back as nanoseconds), and string views, large strings and dictionaries
 * become plain strings.
 *
 * @throws {IncompatibleType} when a column cannot be converted without losing values.
 */
export function conformBatch(batch: arrow.RecordBatch, schema: StructType): arrow.RecordBatch {
  const target = deltaSchemaToArrow(schema);
  const length = batch.numRows;
  const children = schema.fields.map((field, index) => {
    const sourceIndex = findField(batch.schema.fields, field.name);
    const arrowField = target.fields[index]!;
    if (sourceIndex < 0) return nullData(field.type, length);
    const source = batch.data.children[sourceIndex]!;
    return conformData(source, field.type, arrowField.type, field.name);
  });
  return new arrow.RecordBatch(
    target,
    arrow.makeData({ type: new arrow.Struct(target.fields), length, nullCount: 0, children }),
  );
}

function findField(fields: arrow.Field[], name: string): number {
  const exact = fields.findIndex((f) => f.name === name);
  if (exact >= 0) return exact;
  const lower = name.toLowerCase();
  return fields.findIndex((f) => f.name.toLowerCase() === lower);
}

/** An all-null column of `type`. */
export function nullData(type: DeltaType, length: number): arrow.Data {
  const builder = createColumnBuilder(type);
  for (let k = 0; k < length; k++) builder.append(null);
  return builder.finish();
}

function sameType(a: arrow.DataType, b: arrow.DataType): boolean {
  return a.typeId === b.typeId && String(a) === String(b);
}

function conformData(
  data: arrow.Data,
  type: DeltaType,
  targetType: arrow.DataType,
  column: string,
): arrow.Data {
  const source = data.type as arrow.DataType;
  if (typeof type === 'string' && sameType(source, targetType)) {
    // The Arrow type carries no zone difference for these, so a relabel keeps the values.
    return data;
  }
  if (typeof type === 'string') {
    const fast = convertFixedWidth(data, type, targetType);
    if (fast) return fast;
  }
  if (typeof type !== 'string' && type.type === 'struct' && source.typeId === arrow.Type.Struct) {
    const sourceFields = (source as arrow.Struct).children;
    const targetFields = (targetType as arrow.Struct).children;
    const children = type.fields.map((field, index) => {
      const sourceIndex = findField(sourceFields, field.name);
      if (sourceIndex < 0) return nullData(field.type, data.length);
      return conformData(
        data.children[sourceIndex]!,
        field.type,
        targetFields[index]!.type,
        `${column}.${field.name}`,
      );
    });
    return arrow.makeData({
      type: targetType as arrow.Struct,
      offset: data.offset,
      length: data.length,
      nullCount: data.nullCount,
      nullBitmap: data.nullBitmap,
      children,
    });
  }
  return rebuild(data, type, column);
}

/** Element-wise conversions of fixed-width columns, straight on the typed arrays. */
function convertFixedWidth(
  data: arrow.Data,
  type: DeltaType,
  targetType: arrow.DataType,
): arrow.Data | undefined {
  const source = data.type as arrow.DataType;
  const values = data.values as ArrayLike<number | bigint> | undefined;
  if (!values) return undefined;
  const n = data.length;
  let out: ArrayBufferView | undefined;
  if (
    source.typeId === arrow.Type.Timestamp &&
    (type === 'timestamp' || type === 'timestamp_ntz')
  ) {
    const unit = (source as arrow.Timestamp).unit;
    const micros = new BigInt64Array(n);
    for (let k = 0; k < n; k++) {
      const raw = BigInt(values[k]!);
      micros[k] =
        unit === arrow.TimeUnit.NANOSECOND
          ? floorDivide(raw, 1000n)
          : unit === arrow.TimeUnit.MILLISECOND
            ? raw * 1000n
            : unit === arrow.TimeUnit.SECOND
              ? raw * 1_000_000n
              : raw;
    }
    out = micros;
  } else if (
    source.typeId === arrow.Type.Int &&
    (type === 'short' || type === 'integer' || type === 'byte')
  ) {
    const Target = type === 'byte' ? Int8Array : type === 'short' ? Int16Array : Int32Array;
    if ((source as arrow.Int).bitWidth > (type === 'byte' ? 8 : type === 'short' ? 16 : 32))
      return undefined;
    out = Target.from(values as ArrayLike<number>);
  } else if (source.typeId === arrow.Type.Int && type === 'long') {
    out = BigInt64Array.from(values as ArrayLike<number | bigint>, (v) => BigInt(v));
  } else if (
    (source.typeId === arrow.Type.Int || source.typeId === arrow.Type.Float) &&
    type === 'double'
  ) {
    if (
      source.typeId === arrow.Type.Float &&
      (source as arrow.Float).precision === arrow.Precision.HALF
    )
      return undefined;
    out = Float64Array.from(values as ArrayLike<number | bigint>, (v) => Number(v));
  } else if (source.typeId === arrow.Type.Date && type === 'timestamp_ntz') {
    const micros = new BigInt64Array(n);
    const unitIsDay = (source as arrow.Date_).unit === arrow.DateUnit.DAY;
    for (let k = 0; k < n; k++) {
      micros[k] = unitIsDay ? BigInt(values[k]!) * 86_400_000_000n : BigInt(values[k]!) * 1000n;
    }
    out = micros;
  } else if (
    source.typeId === arrow.Type.Date &&
    type === 'date' &&
    (source as arrow.Date_).unit === arrow.DateUnit.MILLISECOND
  ) {
    out = Int32Array.from(values as ArrayLike<number | bigint>, (v) =>
      Math.floor(Number(v) / 86_400_000),
    );
  }
  if (!out) return undefined;
  return arrow.makeData({
    type: targetType,
    offset: data.offset,
    length: n,
    nullCount: data.nullCount,
    nullBitmap: data.nullBitmap,
    data: out,
  } as never);
}

function floorDivide(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

/** The general path: value by value through the exact readers and builders. */
function rebuild(data: arrow.Data, type: DeltaType, column: string): arrow.Data {
  const builder = createColumnBuilder(type);
  const source = data.type as arrow.DataType;
  for (let k = 0; k < data.length; k++) {
    builder.append(convertValue(exactValue(data, k), source, type, column));
  }
  return builder.finish();
}

/** Converts one exact value (see exactValue) of an Arrow type to the form the Delta type's builder takes. */
function convertValue(
  value: unknown,
  source: arrow.DataType,
  type: DeltaType,
  column: string,
): unknown {
  if (value === null || value === undefined) return null;
  if (source.typeId === arrow.Type.Dictionary)
    return convertValue(value, (source as arrow.Dictionary).dictionary, type, column);
  const fail = () =>
    new IncompatibleType({
      column,
      from: String(source),
      to: typeof type === 'string' ? type : type.type,
    });
  if (typeof type === 'string') {
    const decimal = decimalParts(type);
    if (decimal) {
      if (source.typeId === arrow.Type.Decimal) {
        const scale = (source as arrow.Decimal).scale;
        if (scale > decimal.scale) throw fail();
        return (value as bigint) * 10n ** BigInt(decimal.scale - scale);
      }
      if (source.typeId === arrow.Type.Int)
        return BigInt(value as number | bigint) * 10n ** BigInt(decimal.scale);
      throw fail();
    }
    switch (type) {
      case 'string':
        if (typeof value === 'string') return value;
        throw fail();
      case 'binary':
        if (value instanceof Uint8Array) return value;
        throw fail();
      case 'long':
        if (typeof value === 'bigint' || typeof value === 'number') return BigInt(value);
        throw fail();
      case 'timestamp':
      case 'timestamp_ntz':
        if (typeof value === 'bigint') return value;
        throw fail();
      default:
        return value;
    }
  }
  if (type.type === 'struct') {
    const record = value as Record<string, unknown>;
    const sourceFields = (source as arrow.Struct).children ?? [];
    const out: Record<string, unknown> = {};
    for (const field of type.fields) {
      const index = findField(sourceFields, field.name);
      out[field.name] =
        index < 0
          ? null
          : convertValue(
              record[sourceFields[index]!.name],
              sourceFields[index]!.type,
              field.type,
              `${column}.${field.name}`,
            );
    }
    return out;
  }
  if (type.type === 'array') {
    const element = source.children[0]!.type;
    return (value as unknown[]).map((item) =>
      convertValue(item, element, type.elementType, `${column}.element`),
    );
  }
  const [key, item] = (source.children[0]!.type as arrow.Struct).children as [
    arrow.Field,
    arrow.Field,
  ];
  return (value as [unknown, unknown][]).map(([k, v]) => [
    convertValue(k, key.type, type.keyType, `${column}.key`),
    convertValue(v, item.type, type.valueType, `${column}.value`),
  ]);
}
