/**
 * The vectorised evaluator: an expression over an Arrow record batch, a column at a time, on
 * the typed arrays behind the Arrow data (no per-row objects on the hot paths: comparisons,
 * AND / OR / NOT, IS NULL, integer and floating arithmetic; 64-bit integers compare as pairs of
 * 32-bit words). Everything else (decimals, casts, strings functions, LIKE) goes value by value
 * through the same scalar semantics as the row interpreter.
 *
 * ```
 * expression ─resolve (schema of the batch)─▶ typed tree ─evaluate(node, active rows)─▶ Column
 *                                                              Column ─toVector─▶ arrow.Vector
 * ```
 *
 * `active` is the set of rows a node is evaluated for: all rows, except under CASE, COALESCE,
 * AND and OR, which evaluate an operand only on the rows the earlier ones leave open. Errors
 * (ANSI: bad casts, overflow, division by zero) are raised only for active rows, so that the
 * vectorised evaluator raises exactly when the row interpreter would.
 */
import {
  arrowFieldToDelta,
  deltaTypeToArrow,
  exactValue,
  type StructField,
  type StructType,
} from '@silt/parquet-io';
import * as arrow from 'apache-arrow';
import { type ExpressionLike, toExpression } from './builder.js';
import { compareBytes, compareUtf8, comparisonHolds } from './compare-values.js';
import { EvaluationFailed } from './evaluation-failed.js';
import type {
  ArithmeticOperator,
  ComparisonOperator,
  Expression,
  ScalarType,
} from './expression.js';
import { InvalidPredicate } from './invalid-predicate.js';
import { resolveTyped } from './resolve-expression.js';
import {
  absValue,
  arithmeticValue,
  castValue,
  codePointLength,
  compareValues,
  type InternalValue,
  likeRegExp,
  negateValue,
  toInternal,
} from './scalar-semantics.js';
import { decimalOf, isFractional, isIntegral, isNumeric } from './type-rules.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Strings of a column: UTF-8 bytes with offsets (as Arrow holds them) or JavaScript strings. */
class Strings {
  readonly decoded: (string | undefined)[];

  constructor(
    readonly offsets: Int32Array | undefined,
    readonly bytes: Uint8Array | undefined,
    decoded?: (string | undefined)[],
  ) {
    this.decoded = decoded ?? [];
  }

  get(index: number): string {
    let value = this.decoded[index];
    if (value === undefined) {
      value = decoder.decode(
        this.bytes!.subarray(this.offsets![index]!, this.offsets![index + 1]!),
      );
      this.decoded[index] = value;
    }
    return value;
  }
}

type Values =
  | Uint8Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | bigint[]
  | Strings
  | (Uint8Array | null)[]
  | null;

/** A column of values of one type: storage by type, and which rows are valid (non-null). */
interface Column {
  readonly type: ScalarType;
  readonly values: Values;
  /** 1 where the row holds a value; undefined when every row does. */
  readonly valid: Uint8Array | undefined;
  /** Every row holds the same value (a literal). */
  readonly constant?: InternalValue;
}

/** Rows a node is evaluated for: 1 = evaluated; undefined = every row. */
type Active = Uint8Array | undefined;

/**
 * Evaluates an expression on every row of a batch, giving an Arrow vector of its result type
 * (see `resolveExpression` for the types; a boolean vector for a predicate).
 *
 * @example
 * ```ts
 * import { evaluateExpression, parseExpression } from '@silt/delta-log';
 * const totals = evaluateExpression(parseExpression('price * quantity'), batch);
 * ```
 * @throws {InvalidPredicate} when the expression does not resolve against the batch's columns.
 * @throws {EvaluationFailed} when a value cannot be computed (ANSI mode: a bad cast, an
 *   overflow, a division by zero), on a row where it is evaluated.
 */
export function evaluateExpression(
  expression: ExpressionLike,
  batch: arrow.RecordBatch,
): arrow.Vector {
  return toVector(evaluateColumn(expression, batch), batch.numRows);
}

/**
 * The rows of a batch where a predicate is TRUE: 1 there, 0 where it is FALSE or NULL (SQL's
 * WHERE), ready for `filterBatch`.
 *
 * @example
 * ```ts
 * import { evaluatePredicate, parseExpression } from '@silt/delta-log';
 * import { filterBatch } from '@silt/parquet-io';
 * const kept = filterBatch(batch, evaluatePredicate(parseExpression("country = 'FR'"), batch));
 * ```
 * @throws {InvalidPredicate} when the predicate does not resolve or is not a boolean.
 * @throws {EvaluationFailed} as {@link evaluateExpression}.
 */
export function evaluatePredicate(
  expression: ExpressionLike,
  batch: arrow.RecordBatch,
): Uint8Array {
  const column = evaluateColumn(expression, batch, true);
  const length = batch.numRows;
  const mask = new Uint8Array(length);
  if (column.type === 'void') return mask;
  const values = column.values as Uint8Array;
  const valid = column.valid;
  if (valid) for (let i = 0; i < length; i++) mask[i] = values[i]! & valid[i]!;
  else mask.set(values.subarray(0, length));
  return mask;
}

function evaluateColumn(
  expressionLike: ExpressionLike,
  batch: arrow.RecordBatch,
  predicate = false,
): Column {
  const schema = schemaOf(batch.schema);
  const tree = resolveTyped(toExpression(expressionLike), schema);
  if (predicate && tree.type !== 'boolean' && tree.type !== 'void')
    throw new InvalidPredicate({ reason: `a predicate must be a boolean, not a ${tree.type}` });
  return new VectorEvaluator(tree.types, batch).evaluate(tree.expression, undefined);
}

const schemas = new WeakMap<arrow.Schema, StructType>();

/** The Delta schema of an Arrow schema, leaving out the fields Delta has no type for. */
function schemaOf(schema: arrow.Schema): StructType {
  let delta = schemas.get(schema);
  if (!delta) {
    const fields: StructField[] = [];
    for (const field of schema.fields) {
      try {
        fields.push(arrowFieldToDelta(field));
      } catch {
        // A column of a type Delta does not have cannot be named in an expression.
      }
    }
    delta = { type: 'struct', fields };
    schemas.set(schema, delta);
  }
  return delta;
}

// ---------------------------------------------------------------------------------------------
// Helpers on validity and activity

function and(left: Uint8Array | undefined, right: Uint8Array | undefined, length: number) {
  if (!left) return right;
  if (!right) return left;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = left[i]! & right[i]!;
  return out;
}

function isActive(active: Active, index: number): boolean {
  return active === undefined || active[index] === 1;
}

function storageFor(type: ScalarType, length: number): Values {
  switch (type) {
    case 'boolean':
      return new Uint8Array(length);
    case 'byte':
      return new Int8Array(length);
    case 'short':
      return new Int16Array(length);
    case 'integer':
    case 'date':
      return new Int32Array(length);
    case 'long':
    case 'timestamp':
    case 'timestamp_ntz':
      return new BigInt64Array(length);
    case 'float':
      return new Float32Array(length);
    case 'double':
      return new Float64Array(length);
    case 'string':
      return new Strings(undefined, undefined, new Array<string | undefined>(length));
    case 'binary':
      return new Array<Uint8Array | null>(length).fill(null);
    case 'void':
      return null;
    default:
      return new Array<bigint>(length).fill(0n);
  }
}

/** The value at a row (null when not valid). */
function valueAt(column: Column, index: number): InternalValue {
  if (column.valid && column.valid[index] === 0) return null;
  const values = column.values;
  if (values === null) return null;
  if (values instanceof Strings) return values.get(index);
  if (column.type === 'boolean') return (values as Uint8Array)[index] === 1;
  return (values as ArrayLike<InternalValue>)[index] ?? null;
}

/** A column built value by value; `compute` gives null for NULL. */
function buildColumn(
  type: ScalarType,
  length: number,
  compute: (index: number) => InternalValue,
): Column {
  const values = storageFor(type, length);
  if (values === null) return { type, values, valid: new Uint8Array(length) };
  const valid = new Uint8Array(length);
  const strings = values instanceof Strings ? values.decoded : undefined;
  for (let i = 0; i < length; i++) {
    const value = compute(i);
    if (value === null) continue;
    valid[i] = 1;
    if (strings) strings[i] = value as string;
    else if (type === 'boolean') (values as Uint8Array)[i] = value ? 1 : 0;
    else (values as unknown as InternalValue[])[i] = value;
  }
  return { type, values, valid };
}

// ---------------------------------------------------------------------------------------------
// Loading columns from Arrow

function bitsToBytes(bits: Uint8Array, offset: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const position = offset + i;
    bytes[i] = (bits[position >> 3]! >> (position & 7)) & 1;
  }
  return bytes;
}

function validityOf(data: arrow.Data): Uint8Array | undefined {
  if (data.typeId === arrow.Type.Null) return new Uint8Array(data.length);
  if (data.nullCount === 0 || !data.nullBitmap || data.nullBitmap.length === 0) return undefined;
  return bitsToBytes(data.nullBitmap, data.offset, data.length);
}

function loadColumn(
  data: arrow.Data,
  type: ScalarType,
  parentValid: Uint8Array | undefined,
): Column {
  const length = data.length;
  const valid = and(parentValid, validityOf(data), length);
  const type_ = data.type as arrow.DataType;
  switch (type_.typeId) {
    case arrow.Type.Bool:
      return { type, values: bitsToBytes(data.values as Uint8Array, data.offset, length), valid };
    case arrow.Type.Int:
      if (isIntegral(type)) return { type, values: data.values as Int32Array, valid };
      break;
    case arrow.Type.Float:
      if ((type_ as arrow.Float).precision !== arrow.Precision.HALF)
        return { type, values: data.values as Float64Array, valid };
      break;
    case arrow.Type.Date:
      if ((type_ as arrow.Date_).unit === arrow.DateUnit.DAY)
        return { type, values: data.values as Int32Array, valid };
      break;
    case arrow.Type.Timestamp:
      if ((type_ as arrow.Timestamp).unit === arrow.TimeUnit.MICROSECOND)
        return { type, values: data.values as BigInt64Array, valid };
      break;
    case arrow.Type.Utf8:
      return {
        type,
        values: new Strings(data.valueOffsets as Int32Array, data.values as Uint8Array),
        valid,
      };
    case arrow.Type.Null:
      return { type: 'void', values: null, valid };
  }
  // Everything else, value by value (decimals, dictionaries, large strings, other units).
  return buildColumn(type, length, (index) =>
    valid && valid[index] === 0 ? null : toInternal(exactValue(data, index) as never, type),
  );
}

// ---------------------------------------------------------------------------------------------
// Writing columns to Arrow

function bytesToBits(bytes: Uint8Array, length: number): Uint8Array {
  const bits = new Uint8Array((length + 7) >> 3);
  for (let i = 0; i < length; i++) if (bytes[i]) bits[i >> 3]! |= 1 << (i & 7);
  return bits;
}

function toVector(column: Column, length: number): arrow.Vector {
  const { type } = column;
  if (type === 'void') return arrow.makeVector(arrow.makeData({ type: new arrow.Null(), length }));
  let nullCount = 0;
  if (column.valid) for (let i = 0; i < length; i++) nullCount += 1 - column.valid[i]!;
  const nullBitmap = nullCount > 0 ? bytesToBits(column.valid!, length) : undefined;
  const arrowType = deltaTypeToArrow(type as never);
  const base = { length, nullCount, ...(nullBitmap ? { nullBitmap } : {}) };
  const values = column.values;
  if (type === 'boolean')
    return arrow.makeVector(
      arrow.makeData({
        type: arrowType as arrow.Bool,
        ...base,
        data: bytesToBits(values as Uint8Array, length),
      }),
    );
  if (type === 'string' || type === 'binary') {
    const chunks: Uint8Array[] = [];
    const offsets = new Int32Array(length + 1);
    let total = 0;
    for (let i = 0; i < length; i++) {
      const value = valueAt(column, i);
      if (value !== null) {
        const bytes = typeof value === 'string' ? encoder.encode(value) : (value as Uint8Array);
        chunks.push(bytes);
        total += bytes.length;
      }
      offsets[i + 1] = total;
    }
    const data = new Uint8Array(total);
    let at = 0;
    for (const chunk of chunks) {
      data.set(chunk, at);
      at += chunk.length;
    }
    return arrow.makeVector(
      arrow.makeData({ type: arrowType as arrow.Utf8, ...base, valueOffsets: offsets, data }),
    );
  }
  if (decimalOf(type)) {
    const words = new Uint32Array(length * 4);
    for (let i = 0; i < length; i++) {
      let value = BigInt.asUintN(
        128,
        valueAt(column, i) === null ? 0n : ((values as bigint[])[i] ?? 0n),
      );
      for (let k = 0; k < 4; k++) {
        words[i * 4 + k] = Number(value & 0xffffffffn);
        value >>= 32n;
      }
    }
    return arrow.makeVector(
      arrow.makeData({ type: arrowType as arrow.Decimal, ...base, data: words }),
    );
  }
  return arrow.makeVector(
    arrow.makeData({
      type: arrowType as arrow.Int32,
      ...base,
      data: (values as Int32Array).subarray(0, length),
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Comparison kernels

type NumberArray = Int8Array | Int16Array | Int32Array | Float32Array | Float64Array | Uint8Array;

function isNumberStorage(type: ScalarType): boolean {
  return (
    type === 'boolean' ||
    type === 'byte' ||
    type === 'short' ||
    type === 'integer' ||
    type === 'date' ||
    isFractional(type)
  );
}

function is64Bit(type: ScalarType): boolean {
  return type === 'long' || type === 'timestamp' || type === 'timestamp_ntz';
}

/** The order of every row's left and right values (rows where either is NULL: arbitrary). */
function compareColumns(left: Column, right: Column, length: number): Int8Array {
  const order = new Int8Array(length);
  const a = left.type;
  const b = right.type;
  if (isNumberStorage(a) && isNumberStorage(b)) {
    const x = left.values as NumberArray;
    const y = right.values as NumberArray;
    for (let i = 0; i < length; i++) {
      const p = x[i]!;
      const q = y[i]!;
      order[i] =
        p < q ? -1 : p > q ? 1 : p === q ? 0 : Number.isNaN(p) ? (Number.isNaN(q) ? 0 : 1) : -1;
    }
    return order;
  }
  if (is64Bit(a) && a === b) {
    // Two's complement words: the high words signed, the low words unsigned.
    const x = left.values as BigInt64Array;
    const y = right.values as BigInt64Array;
    const xHigh = new Int32Array(x.buffer, x.byteOffset, length * 2);
    const yHigh = new Int32Array(y.buffer, y.byteOffset, length * 2);
    const xLow = new Uint32Array(x.buffer, x.byteOffset, length * 2);
    const yLow = new Uint32Array(y.buffer, y.byteOffset, length * 2);
    for (let i = 0; i < length; i++) {
      const p = xHigh[2 * i + 1]!;
      const q = yHigh[2 * i + 1]!;
      if (p !== q) order[i] = p < q ? -1 : 1;
      else {
        const r = xLow[2 * i]!;
        const s = yLow[2 * i]!;
        order[i] = r < s ? -1 : r > s ? 1 : 0;
      }
    }
    return order;
  }
  const leftDecimal = decimalOf(a);
  const rightDecimal = decimalOf(b);
  if (leftDecimal && rightDecimal && leftDecimal.scale === rightDecimal.scale) {
    const x = left.values as bigint[];
    const y = right.values as bigint[];
    for (let i = 0; i < length; i++) {
      const p = x[i]!;
      const q = y[i]!;
      order[i] = p < q ? -1 : p > q ? 1 : 0;
    }
    return order;
  }
  if (a === 'string' && b === 'string') return compareStrings(left, right, length);
  if (a === 'binary' && b === 'binary') {
    const x = left.values as (Uint8Array | null)[];
    const y = right.values as (Uint8Array | null)[];
    for (let i = 0; i < length; i++)
      if (x[i] && y[i]) order[i] = Math.sign(compareBytes(x[i]!, y[i]!));
    return order;
  }
  // Mixed numeric types: exactly, value by value.
  for (let i = 0; i < length; i++) {
    const p = valueAt(left, i);
    const q = valueAt(right, i);
    if (p !== null && q !== null) order[i] = Math.sign(compareValues(p, a, q, b));
  }
  return order;
}

function compareStrings(left: Column, right: Column, length: number): Int8Array {
  const order = new Int8Array(length);
  const x = left.values as Strings;
  const y = right.values as Strings;
  // Against a literal, compare UTF-8 bytes in place (their order is Spark's order).
  const literalSide =
    typeof right.constant === 'string' && x.bytes
      ? { column: x, bytes: encoder.encode(right.constant), sign: 1 }
      : typeof left.constant === 'string' && y.bytes
        ? { column: y, bytes: encoder.encode(left.constant), sign: -1 }
        : undefined;
  if (literalSide) {
    const { column, bytes: literal, sign } = literalSide;
    const offsets = column.offsets!;
    const bytes = column.bytes!;
    const literalLength = literal.length;
    for (let i = 0; i < length; i++) {
      const start = offsets[i]!;
      const valueLength = offsets[i + 1]! - start;
      const common = Math.min(valueLength, literalLength);
      let result = 0;
      for (let k = 0; k < common; k++) {
        const difference = bytes[start + k]! - literal[k]!;
        if (difference !== 0) {
          result = difference < 0 ? -1 : 1;
          break;
        }
      }
      if (result === 0)
        result = valueLength < literalLength ? -1 : valueLength > literalLength ? 1 : 0;
      order[i] = result * sign;
    }
    return order;
  }
  const leftValid = left.valid;
  const rightValid = right.valid;
  for (let i = 0; i < length; i++) {
    if ((leftValid && leftValid[i] === 0) || (rightValid && rightValid[i] === 0)) continue;
    order[i] = Math.sign(compareUtf8(x.get(i), y.get(i)));
  }
  return order;
}

/** The values of a number-stored column as doubles (exact for every type stored as numbers). */
function asFloat64(column: Column, length: number): Float64Array {
  const values = column.values as NumberArray;
  return values instanceof Float64Array ? values : new Float64Array(values.subarray(0, length));
}

/**
 * `x <operator> y` on doubles in Spark's order (NaN = NaN, NaN above everything), one loop per
 * operator on Float64Arrays only, so that the engine compiles each loop for one array type.
 */
function compareDoubles(
  operator: ComparisonOperator,
  x: Float64Array,
  y: Float64Array | number,
  length: number,
): Uint8Array {
  const out = new Uint8Array(length);
  if (typeof y === 'number') {
    const q = y;
    const qNaN = Number.isNaN(q);
    switch (operator) {
      case '=':
        for (let i = 0; i < length; i++) {
          const p = x[i]!;
          out[i] = p === q || (qNaN && Number.isNaN(p)) ? 1 : 0;
        }
        break;
      case '!=':
        for (let i = 0; i < length; i++) {
          const p = x[i]!;
          out[i] = p === q || (qNaN && Number.isNaN(p)) ? 0 : 1;
        }
        break;
      case '<':
        for (let i = 0; i < length; i++) {
          const p = x[i]!;
          out[i] = p < q || (qNaN && !Number.isNaN(p)) ? 1 : 0;
        }
        break;
      case '<=':
        for (let i = 0; i < length; i++) out[i] = x[i]! <= q || qNaN ? 1 : 0;
        break;
      case '>':
        for (let i = 0; i < length; i++) {
          const p = x[i]!;
          out[i] = p > q || (Number.isNaN(p) && !qNaN) ? 1 : 0;
        }
        break;
      case '>=':
        for (let i = 0; i < length; i++) {
          const p = x[i]!;
          out[i] = p >= q || Number.isNaN(p) ? 1 : 0;
        }
        break;
    }
    return out;
  }
  for (let i = 0; i < length; i++) {
    const p = x[i]!;
    const q = y[i]!;
    const order =
      p < q ? -1 : p > q ? 1 : p === q ? 0 : Number.isNaN(p) ? (Number.isNaN(q) ? 0 : 1) : -1;
    out[i] = comparisonHolds(operator, order) ? 1 : 0;
  }
  return out;
}

/** `x <operator> constant` on 64-bit integers, compared as (signed high, unsigned low) words. */
function compareInt64Constant(
  operator: ComparisonOperator,
  x: BigInt64Array,
  constant: bigint,
  length: number,
): Uint8Array {
  const out = new Uint8Array(length);
  const words = new Int32Array(x.buffer, x.byteOffset, length * 2);
  const low = new Uint32Array(x.buffer, x.byteOffset, length * 2);
  const qHigh = Number(BigInt.asIntN(32, constant >> 32n));
  const qLow = Number(BigInt.asUintN(32, constant));
  for (let i = 0; i < length; i++) {
    const p = words[2 * i + 1]!;
    let order: number;
    if (p !== qHigh) order = p < qHigh ? -1 : 1;
    else {
      const r = low[2 * i]!;
      order = r < qLow ? -1 : r > qLow ? 1 : 0;
    }
    out[i] = comparisonHolds(operator, order) ? 1 : 0;
  }
  return out;
}

/** `left <operator> right` as 0 / 1 per row (rows where either is NULL: arbitrary). */
function compareToBoolean(
  operator: ComparisonOperator,
  left: Column,
  right: Column,
  length: number,
): Uint8Array {
  if (left.constant !== undefined && right.constant === undefined)
    return compareToBoolean(swap(operator), right, left, length);
  if (isNumberStorage(left.type) && isNumberStorage(right.type)) {
    const x = asFloat64(left, length);
    const y =
      typeof right.constant === 'number'
        ? right.constant
        : typeof right.constant === 'boolean'
          ? Number(right.constant)
          : asFloat64(right, length);
    return compareDoubles(operator, x, y, length);
  }
  if (is64Bit(left.type) && left.type === right.type && typeof right.constant === 'bigint')
    return compareInt64Constant(operator, left.values as BigInt64Array, right.constant, length);
  return orderHolds(operator, compareColumns(left, right, length), length);
}

function swap(operator: ComparisonOperator): ComparisonOperator {
  switch (operator) {
    case '<':
      return '>';
    case '<=':
      return '>=';
    case '>':
      return '<';
    case '>=':
      return '<=';
    default:
      return operator;
  }
}

function orderHolds(operator: ComparisonOperator, order: Int8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  switch (operator) {
    case '=':
      for (let i = 0; i < length; i++) out[i] = order[i] === 0 ? 1 : 0;
      break;
    case '!=':
      for (let i = 0; i < length; i++) out[i] = order[i] !== 0 ? 1 : 0;
      break;
    case '<':
      for (let i = 0; i < length; i++) out[i] = order[i]! < 0 ? 1 : 0;
      break;
    case '<=':
      for (let i = 0; i < length; i++) out[i] = order[i]! <= 0 ? 1 : 0;
      break;
    case '>':
      for (let i = 0; i < length; i++) out[i] = order[i]! > 0 ? 1 : 0;
      break;
    case '>=':
      for (let i = 0; i < length; i++) out[i] = order[i]! >= 0 ? 1 : 0;
      break;
  }
  return out;
}

/** The prefix of a pattern of the form `prefix%` (no other wildcard, no escapeCharacter), else undefined. */
function likePrefixOnly(pattern: string, escapeCharacter = '\\'): string | undefined {
  if (!pattern.endsWith('%')) return undefined;
  const prefix = pattern.slice(0, -1);
  return /[%_]/.test(prefix) || prefix.includes(escapeCharacter) ? undefined : prefix;
}

/** 1 where the UTF-8 value starts with the prefix's bytes (a prefix of bytes is a prefix of characters). */
function startsWith(strings: Strings, prefix: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const offsets = strings.offsets!;
  const bytes = strings.bytes!;
  const prefixLength = prefix.length;
  for (let i = 0; i < length; i++) {
    const start = offsets[i]!;
    if (offsets[i + 1]! - start < prefixLength) continue;
    let match = 1;
    for (let k = 0; k < prefixLength; k++) {
      if (bytes[start + k] !== prefix[k]) {
        match = 0;
        break;
      }
    }
    out[i] = match;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The evaluator

const INT_LIMITS = {
  byte: [-128, 127],
  short: [-32_768, 32_767],
  integer: [-2_147_483_648, 2_147_483_647],
} as const;

class VectorEvaluator {
  private readonly length: number;
  private readonly structData: arrow.Data;

  constructor(
    private readonly types: WeakMap<Expression, ScalarType>,
    batch: arrow.RecordBatch,
  ) {
    this.length = batch.numRows;
    this.structData = batch.data;
  }

  private typeOf(expression: Expression): ScalarType {
    const type = this.types.get(expression);
    if (type === undefined) throw new Error(`unresolved node ${expression.kind}`);
    return type;
  }

  evaluate(expression: Expression, active: Active): Column {
    const length = this.length;
    switch (expression.kind) {
      case 'column':
        return this.column(expression.path, this.typeOf(expression));
      case 'literal':
        return this.literal(toInternal(expression.value, expression.type), expression.type);
      case 'comparison': {
        const [left, right] = this.aligned(
          this.evaluate(expression.left, active),
          this.evaluate(expression.right, active),
        );
        if (left.type === 'void' || right.type === 'void') return this.nulls('boolean');
        const values = compareToBoolean(expression.operator, left, right, length);
        return { type: 'boolean', values, valid: and(left.valid, right.valid, length) };
      }
      case 'nullSafeEqual': {
        const left = this.evaluate(expression.left, active);
        const right = this.evaluate(expression.right, active);
        const values = new Uint8Array(length);
        const order =
          left.type === 'void' || right.type === 'void'
            ? undefined
            : compareColumns(left, right, length);
        for (let i = 0; i < length; i++) {
          const p = left.type !== 'void' && (!left.valid || left.valid[i] === 1);
          const q = right.type !== 'void' && (!right.valid || right.valid[i] === 1);
          values[i] = p && q ? (order![i] === 0 ? 1 : 0) : p === q ? 1 : 0;
        }
        return { type: 'boolean', values, valid: undefined };
      }
      case 'and':
      case 'or':
        return this.junction(expression.kind, expression.operands, active);
      case 'not': {
        const operand = this.evaluate(expression.operand, active);
        if (operand.type === 'void') return operand;
        const input = operand.values as Uint8Array;
        const values = new Uint8Array(length);
        for (let i = 0; i < length; i++) values[i] = input[i]! ^ 1;
        return { type: 'boolean', values, valid: operand.valid };
      }
      case 'isNull':
      case 'isNotNull': {
        const operand = this.evaluate(expression.operand, active);
        const values = new Uint8Array(length);
        const wanted = expression.kind === 'isNull' ? 0 : 1;
        if (operand.type === 'void') values.fill(1 - wanted);
        else if (!operand.valid) values.fill(wanted);
        else for (let i = 0; i < length; i++) values[i] = operand.valid[i] === wanted ? 1 : 0;
        return { type: 'boolean', values, valid: undefined };
      }
      case 'in':
        return this.in(expression.operand, expression.list, active);
      case 'arithmetic':
        return this.arithmetic(expression, active);
      case 'negate': {
        const operand = this.evaluate(expression.operand, active);
        const type = this.typeOf(expression);
        return this.map(operand, type, active, (value) => negateValue(value, type));
      }
      case 'cast': {
        const operand = this.evaluate(expression.operand, active);
        return this.cast(operand, expression.type, active);
      }
      case 'case':
        return this.caseWhen(expression, active);
      case 'like': {
        const operand = this.evaluate(expression.operand, active);
        const pattern = this.evaluate(expression.pattern, active);
        if (operand.type === 'void' || pattern.type === 'void') return this.nulls('boolean');
        const escapeCharacter = expression.escape;
        if (typeof pattern.constant === 'string' && operand.values instanceof Strings) {
          const prefixOnly = likePrefixOnly(pattern.constant, escapeCharacter);
          if (prefixOnly !== undefined && operand.values.bytes)
            return {
              type: 'boolean',
              values: startsWith(operand.values, encoder.encode(prefixOnly), length),
              valid: operand.valid,
            };
        }
        const fixed =
          typeof pattern.constant === 'string'
            ? likeRegExp(pattern.constant, escapeCharacter)
            : undefined;
        return buildColumn('boolean', length, (i) => {
          const value = valueAt(operand, i);
          const text = valueAt(pattern, i);
          if (value === null || text === null || !isActive(active, i)) return null;
          return (fixed ?? likeRegExp(text as string, escapeCharacter)).test(value as string);
        });
      }
      case 'function':
        return this.call(expression, active);
    }
  }

  /**
   * The operands of a comparison with a literal of another numeric type converted to the type of
   * the other side where that is exact (`long_column = 5`), so that the typed-array kernels apply.
   */
  private aligned(left: Column, right: Column): [Column, Column] {
    return [this.alignConstant(left, right), this.alignConstant(right, left)];
  }

  private alignConstant(column: Column, other: Column): Column {
    const value = column.constant;
    if (value === undefined || value === null || column.type === other.type) return column;
    if (!isNumeric(column.type) || !isNumeric(other.type)) return column;
    try {
      const converted = castValue(value, column.type, other.type as never);
      if (compareValues(converted, other.type, value, column.type) !== 0) return column;
      return this.literal(converted, other.type);
    } catch (error) {
      if (error instanceof EvaluationFailed) return column;
      throw error;
    }
  }

  private nulls(type: ScalarType): Column {
    return { type, values: storageFor(type, this.length), valid: new Uint8Array(this.length) };
  }

  private literal(value: InternalValue, type: ScalarType): Column {
    const length = this.length;
    if (value === null || type === 'void') return { ...this.nulls(type), constant: null };
    const values = storageFor(type, length);
    if (values instanceof Strings) {
      values.decoded.fill(value as string);
    } else if (type === 'boolean') (values as Uint8Array).fill(value ? 1 : 0);
    else (values as unknown as { fill(value: InternalValue): void }).fill(value);
    return { type, values, valid: undefined, constant: value };
  }

  private column(path: readonly string[], type: ScalarType): Column {
    let data = this.structData;
    let valid: Uint8Array | undefined;
    for (let depth = 0; depth < path.length; depth++) {
      const structType = data.type as arrow.Struct;
      const index = structType.children.findIndex((field) => field.name === path[depth]);
      if (index < 0)
        throw new InvalidPredicate({ reason: `the batch has no column ${path.join('.')}` });
      if (depth > 0) valid = and(valid, validityOf(data), this.length);
      data = data.children[index]!;
    }
    return loadColumn(data, type, valid);
  }

  private junction(kind: 'and' | 'or', operands: readonly Expression[], active: Active): Column {
    const length = this.length;
    // `decided` rows have met the deciding value (FALSE for AND, TRUE for OR).
    const decisive = kind === 'or' ? 1 : 0;
    const decided = new Uint8Array(length);
    const sawNull = new Uint8Array(length);
    let open: Active = active;
    for (let k = 0; k < operands.length; k++) {
      if (k > 0) {
        const next = new Uint8Array(length);
        for (let i = 0; i < length; i++) next[i] = (active ? active[i]! : 1) & (decided[i]! ^ 1);
        open = next;
      }
      const operand = this.evaluate(operands[k]!, open);
      if (operand.type === 'void') {
        sawNull.fill(1);
        continue;
      }
      const values = operand.values as Uint8Array;
      const valid = operand.valid;
      for (let i = 0; i < length; i++) {
        if (valid && valid[i] === 0) sawNull[i] = 1;
        else if (values[i] === decisive) decided[i] = 1;
      }
    }
    const values = new Uint8Array(length);
    const valid = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      if (decided[i]) {
        values[i] = decisive;
        valid[i] = 1;
      } else if (!sawNull[i]) {
        values[i] = decisive ^ 1;
        valid[i] = 1;
      }
    }
    return { type: 'boolean', values, valid };
  }

  private in(operandExpression: Expression, list: readonly Expression[], active: Active): Column {
    const length = this.length;
    const values = new Uint8Array(length);
    // An empty list matches nothing: FALSE, even for NULL.
    if (list.length === 0) return { type: 'boolean', values, valid: undefined };
    const operand = this.evaluate(operandExpression, active);
    const sawNull = new Uint8Array(length);
    if (operand.type === 'void') sawNull.fill(1);
    else if (operand.valid) for (let i = 0; i < length; i++) sawNull[i] = operand.valid[i]! ^ 1;
    for (const itemExpression of list) {
      const item = this.evaluate(itemExpression, active);
      if (item.type === 'void') {
        sawNull.fill(1);
        continue;
      }
      if (item.valid) for (let i = 0; i < length; i++) sawNull[i]! |= item.valid[i]! ^ 1;
      if (operand.type === 'void') continue;
      const [x, y] = this.aligned(operand, item);
      const equal = compareToBoolean('=', x, y, length);
      const both = and(operand.valid, item.valid, length);
      for (let i = 0; i < length; i++) values[i]! |= equal[i]! & (both ? both[i]! : 1);
    }
    const valid = new Uint8Array(length);
    for (let i = 0; i < length; i++) valid[i] = values[i]! | (sawNull[i]! ^ 1);
    return { type: 'boolean', values, valid };
  }

  /** A column of `type` computed value by value from one operand, NULL staying NULL. */
  private map(
    operand: Column,
    type: ScalarType,
    active: Active,
    compute: (value: InternalValue) => InternalValue,
  ): Column {
    if (operand.type === 'void') return this.nulls(type);
    return buildColumn(type, this.length, (i) => {
      const value = valueAt(operand, i);
      return value === null || !isActive(active, i) ? null : compute(value);
    });
  }

  private arithmetic(expression: Expression & { kind: 'arithmetic' }, active: Active): Column {
    const length = this.length;
    const left = this.evaluate(expression.left, active);
    const right = this.evaluate(expression.right, active);
    const type = this.typeOf(expression);
    if (left.type === 'void' || right.type === 'void') return this.nulls(type);
    const operator = expression.operator;
    const valid = and(left.valid, right.valid, length);
    const live = (i: number) => (!valid || valid[i] === 1) && isActive(active, i);
    if (
      type === 'double' ||
      type === 'float' ||
      type === 'byte' ||
      type === 'short' ||
      type === 'integer'
    ) {
      const x = left.values as NumberArray;
      const y = right.values as NumberArray;
      const out = storageFor(type, length) as NumberArray;
      const float = isFractional(type);
      for (let i = 0; i < length; i++) {
        const p = x[i]!;
        const q = y[i]!;
        let r: number;
        switch (operator) {
          case '+':
            r = p + q;
            break;
          case '-':
            r = p - q;
            break;
          case '*':
            r = p * q;
            break;
          default:
            if (q === 0) {
              if (live(i)) arithmeticValue(operator, p, left.type, q, right.type, type);
              r = 0;
            } else r = operator === '/' ? (float ? p / q : Math.trunc(p / q)) : p % q;
        }
        if (
          !float &&
          (r < INT_LIMITS[type as 'integer'][0] || r > INT_LIMITS[type as 'integer'][1])
        ) {
          // Overflow: raise where the row counts.
          if (live(i)) arithmeticValue(operator, p, left.type, q, right.type, type);
          r = 0;
        }
        out[i] = r;
      }
      return { type, values: out, valid: this.activeValid(valid, active) };
    }
    return buildColumn(type, length, (i) => {
      if (!live(i)) return null;
      return arithmeticValue(
        operator as ArithmeticOperator,
        valueAt(left, i),
        left.type,
        valueAt(right, i),
        right.type,
        type,
      );
    });
  }

  /** Validity restricted to the active rows (values outside them are not computed). */
  private activeValid(valid: Uint8Array | undefined, active: Active): Uint8Array | undefined {
    return active ? and(valid, active, this.length) : valid;
  }

  private cast(operand: Column, type: ScalarType, active: Active): Column {
    const length = this.length;
    const from = operand.type;
    if (from === type) return operand;
    if (from === 'void') return this.nulls(type);
    // Widening without a possible error, on the typed arrays.
    if (
      (type === 'double' ||
        (type === 'integer' && (from === 'byte' || from === 'short')) ||
        (type === 'short' && from === 'byte')) &&
      isNumberStorage(from) &&
      from !== 'boolean' &&
      from !== 'date'
    ) {
      const out = storageFor(type, length) as NumberArray;
      out.set(operand.values as NumberArray);
      return { type, values: out, valid: operand.valid };
    }
    return this.map(operand, type, active, (value) => castValue(value, from, type as never));
  }

  private caseWhen(expression: Expression & { kind: 'case' }, active: Active): Column {
    const length = this.length;
    const type = this.typeOf(expression);
    // The branch each row takes: its index, or -1 while none has (then ELSE).
    const chosen = new Int32Array(length).fill(-1);
    const branchActive = (k: number): Uint8Array => {
      const mask = new Uint8Array(length);
      for (let i = 0; i < length; i++) mask[i] = chosen[i] === k && isActive(active, i) ? 1 : 0;
      return mask;
    };
    expression.branches.forEach((branch, k) => {
      const condition = this.evaluate(branch.when, branchActive(-1));
      if (condition.type === 'void') return;
      const values = condition.values as Uint8Array;
      const valid = condition.valid;
      for (let i = 0; i < length; i++)
        if (
          chosen[i] === -1 &&
          isActive(active, i) &&
          values[i] === 1 &&
          (!valid || valid[i] === 1)
        )
          chosen[i] = k;
    });
    const results = expression.branches.map((branch, k) =>
      this.evaluate(branch.result, branchActive(k)),
    );
    const otherwise =
      expression.otherwise === undefined
        ? undefined
        : this.evaluate(expression.otherwise, branchActive(-1));
    return buildColumn(type, length, (i) => {
      if (!isActive(active, i)) return null;
      const k = chosen[i]!;
      const source = k >= 0 ? results[k]! : otherwise;
      return source ? valueAt(source, i) : null;
    });
  }

  private call(expression: Expression & { kind: 'function' }, active: Active): Column {
    const length = this.length;
    const type = this.typeOf(expression);
    if (expression.name === 'coalesce') {
      const results: Column[] = [];
      // Rows still NULL after the arguments so far.
      let open: Uint8Array | undefined = active ? active.slice() : new Uint8Array(length).fill(1);
      for (const argument of expression.arguments) {
        const result = this.evaluate(argument, open);
        results.push(result);
        const next: Uint8Array = new Uint8Array(length);
        for (let i = 0; i < length; i++)
          next[i] =
            open![i]! & (result.type === 'void' || (result.valid && result.valid[i] === 0) ? 1 : 0);
        open = next;
      }
      return buildColumn(type, length, (i) => {
        if (!isActive(active, i)) return null;
        for (const result of results) {
          const value = valueAt(result, i);
          if (value !== null) return value;
        }
        return null;
      });
    }
    const argument = this.evaluate(expression.arguments[0]!, active);
    switch (expression.name) {
      case 'lower':
        return this.map(argument, type, active, (value) => (value as string).toLowerCase());
      case 'upper':
        return this.map(argument, type, active, (value) => (value as string).toUpperCase());
      case 'length':
        return this.map(argument, type, active, (value) =>
          value instanceof Uint8Array ? value.length : codePointLength(value as string),
        );
      case 'abs':
        return this.map(argument, type, active, (value) => absValue(value, type));
    }
  }
}
