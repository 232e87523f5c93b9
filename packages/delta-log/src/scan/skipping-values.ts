/**
 * Values as data skipping compares them: literals, partition values and min / max statistics of
 * a column brought to one comparable form per family of types, and statistics turned into bounds
 * that stay bounds despite what writers do to them (cut strings, millisecond timestamps, longs
 * and decimals rounded through doubles by JSON, NaN left out of float maxima).
 */
import {
  type DecimalTypeName,
  decimalParts,
  type PrimitiveTypeName,
  parseIsoInstant,
} from '@silt/parquet-io';
import {
  compareBytes,
  compareNumeric,
  compareUtf8,
  type NumericValue,
  type Rational,
  rationalOfDecimalText,
  rationalOfDouble,
} from '../expr/compare-values.js';
import type { ScalarType, ScalarValue } from '../expr/expression.js';

/** Types whose values compare with each other. */
export type Family =
  | 'numeric'
  | 'string'
  | 'boolean'
  | 'date'
  | 'timestamp'
  | 'timestamp_ntz'
  | 'binary';

/** A value of a family: NumericValue (numeric; date as days), string, boolean, bigint µs, bytes. */
export type Comparable = NumericValue | string | boolean | bigint | Uint8Array;

/** A bound on the non-null values of a column in one file. */
export interface Bound {
  readonly value: Comparable;
  /** True when the bound is a value of the column exactly, not widened or cut. */
  readonly exact: boolean;
  /**
   * For an upper bound on strings: values starting with this prefix may lie above `value`
   * (the max was cut to a prefix, with or without a tie-breaker character).
   */
  readonly prefix?: string;
}

/** Options of bound conversion. */
export interface BoundOptions {
  /** Float / double maxima count NaN (as Spark writes them). Default false. */
  floatBoundsIncludeNaN?: boolean;
}

const MICROS_PER_MINUTE = 60_000_000n;
/** Timestamp statistics are cut to milliseconds; a bound may be off by up to this much. */
const TIMESTAMP_SLACK = 1000n;
/** Doubles hold 15 significant decimal digits exactly (and back). */
const EXACT_DIGITS = 15;

/** The family of a type, or undefined for `void` and types that are not compared. */
export function familyOf(type: ScalarType): Family | undefined {
  switch (type) {
    case 'byte':
    case 'short':
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      return 'numeric';
    case 'string':
    case 'boolean':
    case 'date':
    case 'timestamp':
    case 'timestamp_ntz':
    case 'binary':
      return type;
    case 'void':
      return undefined;
    default:
      return decimalParts(type) ? 'numeric' : undefined;
  }
}

/** Compares two values of a family. */
export function compareIn(family: Family, left: Comparable, right: Comparable): number {
  switch (family) {
    case 'numeric':
    case 'date':
      return compareNumeric(left as NumericValue, right as NumericValue);
    case 'string':
      return compareUtf8(left as string, right as string);
    case 'boolean':
      return Number(left) - Number(right);
    case 'timestamp':
    case 'timestamp_ntz':
      return (left as bigint) < (right as bigint)
        ? -1
        : (left as bigint) > (right as bigint)
          ? 1
          : 0;
    case 'binary':
      return compareBytes(left as Uint8Array, right as Uint8Array);
  }
}

/**
 * A non-null value of `type` (a literal or partition value in exact form) as a value of
 * `family`, or undefined when Silt does not compare the two (which keeps files). Strings convert
 * to dates and timestamps as Spark casts them (time zone: UTC).
 */
export function toComparable(
  value: Exclude<ScalarValue, null>,
  type: ScalarType,
  family: Family,
): Comparable | undefined {
  const valueFamily = familyOf(type);
  if (valueFamily === family) {
    switch (family) {
      case 'numeric':
        if (typeof value === 'number') return value;
        if (typeof value === 'bigint') return { numerator: value, denominator: 1n };
        return typeof value === 'string' ? rationalOfDecimalText(value) : undefined;
      default:
        return value as Comparable;
    }
  }
  if (valueFamily !== 'string' || typeof value !== 'string') return undefined;
  const parsed = parseIsoInstant(value);
  if (!parsed) return undefined;
  switch (family) {
    case 'date':
      return parsed.hasTime || parsed.offsetMinutes !== undefined ? undefined : parsed.days;
    case 'timestamp':
      return parsed.micros - BigInt(parsed.offsetMinutes ?? 0) * MICROS_PER_MINUTE;
    case 'timestamp_ntz':
      return parsed.offsetMinutes === undefined ? parsed.micros : undefined;
    default:
      return undefined;
  }
}

/** The lower bound a min statistic gives for a column of `type`, or undefined when it gives none. */
export function lowerBound(
  raw: unknown,
  type: PrimitiveTypeName | DecimalTypeName,
): Bound | undefined {
  return statisticBound(raw, type, 'lower', {});
}

/** The upper bound a max statistic gives for a column of `type`, or undefined when it gives none. */
export function upperBound(
  raw: unknown,
  type: PrimitiveTypeName | DecimalTypeName,
  options: BoundOptions = {},
): Bound | undefined {
  return statisticBound(raw, type, 'upper', options);
}

function statisticBound(
  raw: unknown,
  type: PrimitiveTypeName | DecimalTypeName,
  side: 'lower' | 'upper',
  options: BoundOptions,
): Bound | undefined {
  if (raw === null || raw === undefined) return undefined;
  switch (type) {
    case 'byte':
    case 'short':
    case 'integer':
    case 'long':
      return integerBound(raw, side);
    case 'float':
    case 'double': {
      const value = floatingValue(raw);
      if (value === undefined) return undefined;
      // A writer that leaves NaN out of the max (Parquet footers do) hides rows that are above
      // every number in Spark's order: without the promise, the max bounds nothing.
      if (side === 'upper' && !options.floatBoundsIncludeNaN)
        return { value: Number.NaN, exact: false };
      if (type === 'double') return { value, exact: true };
      // Java writes a float's shortest text, which as a double is not the float (0.1 vs
      // 0.100000001490116…): widen by one float step.
      return {
        value: side === 'lower' ? nextFloat32(value, -1) : nextFloat32(value, 1),
        exact: false,
      };
    }
    case 'date': {
      if (typeof raw === 'number' && Number.isInteger(raw)) return { value: raw, exact: true };
      const parsed = typeof raw === 'string' ? parseIsoInstant(raw) : undefined;
      return parsed && !parsed.hasTime && parsed.offsetMinutes === undefined
        ? { value: parsed.days, exact: true }
        : undefined;
    }
    case 'timestamp':
    case 'timestamp_ntz': {
      const micros = timestampMicros(raw, type);
      if (micros === undefined) return undefined;
      return {
        value: side === 'lower' ? micros - TIMESTAMP_SLACK : micros + TIMESTAMP_SLACK,
        exact: false,
      };
    }
    case 'string': {
      if (typeof raw !== 'string') return undefined;
      if (side === 'lower') return { value: raw, exact: false };
      return { value: raw, exact: false, prefix: withoutTieBreaker(raw) };
    }
    case 'boolean':
    case 'binary':
      // Delta does not collect these, and some writers have written wrong boolean bounds.
      return undefined;
    default:
      return decimalParts(type) ? decimalBound(raw, side) : undefined;
  }
}

function integerBound(raw: unknown, side: 'lower' | 'upper'): Bound | undefined {
  if (typeof raw === 'number') {
    if (Number.isSafeInteger(raw)) return { value: raw, exact: true };
    return Number.isInteger(raw) ? roundedDouble(raw, side) : undefined;
  }
  const text = numericText(raw);
  if (text === undefined || !/^[+-]?\d+$/.test(text)) return undefined;
  return { value: { numerator: BigInt(text), denominator: 1n }, exact: true };
}

function decimalBound(raw: unknown, side: 'lower' | 'upper'): Bound | undefined {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return undefined;
    const text = String(raw);
    // The JSON text had at most 15 significant digits exactly when the double's shortest text
    // does; then that text is the decimal. Otherwise the double is near it, not equal.
    if (significantDigits(text) <= EXACT_DIGITS) {
      const exact = rationalOfDecimalText(text);
      return exact === undefined ? undefined : { value: exact, exact: true };
    }
    return roundedDouble(raw, side);
  }
  if (
    typeof raw === 'object' &&
    raw !== null &&
    typeof (raw as { unscaled?: unknown }).unscaled === 'bigint'
  ) {
    const { unscaled, scale } = raw as { unscaled: bigint; scale: number };
    if (!Number.isInteger(scale) || scale < 0) return undefined;
    return { value: { numerator: unscaled, denominator: 10n ** BigInt(scale) }, exact: true };
  }
  const text = numericText(raw);
  const value = text === undefined ? undefined : rationalOfDecimalText(text);
  return value === undefined ? undefined : { value, exact: true };
}

/** Text of an exact number: a bigint, decimal text, or a lossless-JSON number (`{ value: '…' }`). */
function numericText(raw: unknown): string | undefined {
  if (typeof raw === 'bigint') return raw.toString();
  if (typeof raw === 'string') return raw;
  if (
    typeof raw === 'object' &&
    raw !== null &&
    typeof (raw as { value?: unknown }).value === 'string'
  ) {
    return (raw as { value: string }).value;
  }
  return undefined;
}

/**
 * A bound from a double that JSON rounded an exact number to: the true value is within half a
 * step of the double, that is within |d|·2^-53; widen by |d|·2^-52 to be safe.
 */
function roundedDouble(value: number, side: 'lower' | 'upper'): Bound {
  const center = rationalOfDouble(value);
  const slack = rationalOfDouble(Math.abs(value) * 2 ** -52);
  return { value: addRational(center, slack, side === 'lower' ? -1n : 1n), exact: false };
}

function addRational(left: Rational, right: Rational, sign: bigint): Rational {
  return {
    numerator: left.numerator * right.denominator + sign * right.numerator * left.denominator,
    denominator: left.denominator * right.denominator,
  };
}

function significantDigits(text: string): number {
  const mantissa = text.replace(/^[+-]/, '').split(/[eE]/)[0]!.replace('.', '');
  return mantissa.replace(/^0+/, '').replace(/0+$/, '').length;
}

function floatingValue(raw: unknown): number | undefined {
  if (typeof raw === 'number') return raw;
  // Jackson writes non-finite numbers as strings.
  switch (raw) {
    case 'NaN':
      return Number.NaN;
    case 'Infinity':
      return Number.POSITIVE_INFINITY;
    case '-Infinity':
      return Number.NEGATIVE_INFINITY;
    default:
      return undefined;
  }
}

const float32 = new Float32Array(1);
const float32Bits = new Uint32Array(float32.buffer);

/** The float32 next to `Math.fround(value)` in `direction`, as a double (NaN and ∞ unchanged). */
function nextFloat32(value: number, direction: 1 | -1): number {
  float32[0] = value;
  const rounded = float32[0];
  if (!Number.isFinite(rounded)) return rounded;
  if (rounded === 0) return direction * 2 ** -149;
  const bits = float32Bits[0]!;
  // Moving away from zero increments the magnitude bits; towards zero decrements them.
  float32Bits[0] = rounded > 0 === direction > 0 ? bits + 1 : bits - 1;
  return float32[0];
}

function timestampMicros(raw: unknown, type: 'timestamp' | 'timestamp_ntz'): bigint | undefined {
  if (typeof raw === 'bigint') return raw;
  if (typeof raw !== 'string') return undefined;
  const parsed = parseIsoInstant(raw);
  if (!parsed) return undefined;
  if (parsed.offsetMinutes === undefined) return parsed.micros;
  return type === 'timestamp'
    ? parsed.micros - BigInt(parsed.offsetMinutes) * MICROS_PER_MINUTE
    : undefined;
}

/**
 * The prefix that values above a cut max start with: the max without the tie-breaker Spark
 * (U+FFFD) or parquet-io (U+10FFFF) appends, or the max itself when a writer cut it bare.
 */
function withoutTieBreaker(max: string): string {
  if (max.endsWith('\uFFFD')) return max.slice(0, -1);
  if (max.endsWith('\u{10FFFF}')) return max.slice(0, -2);
  return max;
}
