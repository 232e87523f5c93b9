/**
 * The value-level semantics of the expression language, one value at a time: casts, arithmetic,
 * comparison and LIKE as Spark 4 computes them in ANSI mode (its default), where a value that
 * cannot be computed with raises {@link EvaluationFailed} instead of becoming NULL. Both the row
 * interpreter and the vectorised evaluator use these (the latter for what it does not do in bulk
 * on typed arrays), so that they agree by construction on the hard cases.
 *
 * Values here are in "internal" form: like {@link ScalarValue}, except that decimals are their
 * unscaled bigint (their type carries the scale). The session time zone is UTC.
 */
import { formatDate, formatDecimal, formatTimestamp, parseDecimal } from '@silt/parquet-io';
import {
  compareBytes,
  compareNumeric,
  compareUtf8,
  type NumericValue,
  rationalOfDecimalText,
} from './compare-values.js';
import { EvaluationFailed } from './evaluation-failed.js';
import type { ArithmeticOperator, CastType, ScalarType, ScalarValue } from './expression.js';
import { type DecimalShape, decimalOf, isIntegral } from './type-rules.js';

/** A value in internal form: decimals unscaled. */
export type InternalValue = boolean | number | bigint | string | Uint8Array | null;

const MICROS_PER_DAY = 86_400_000_000n;
const INT_RANGES = {
  byte: [-128, 127],
  short: [-32_768, 32_767],
  integer: [-2_147_483_648, 2_147_483_647],
} as const;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Powers of ten as bigints, cached. */
const POWERS: bigint[] = [];
export function pow10(exponent: number): bigint {
  let power = POWERS[exponent];
  if (power === undefined) {
    power = 10n ** BigInt(exponent);
    POWERS[exponent] = power;
  }
  return power;
}

/** A value of `type` in {@link ScalarValue} form (decimals as text) to internal form. */
export function toInternal(value: ScalarValue | undefined, type: ScalarType): InternalValue {
  if (value === null || value === undefined) return null;
  const decimal = decimalOf(type);
  if (decimal) {
    if (typeof value === 'bigint') return value;
    return parseDecimal(value, decimal.precision, decimal.scale);
  }
  if (type === 'long' || type === 'timestamp' || type === 'timestamp_ntz')
    return typeof value === 'number' ? BigInt(value) : value;
  return value;
}

/** An internal value of `type` back to {@link ScalarValue} form. */
export function toScalar(value: InternalValue, type: ScalarType): ScalarValue {
  if (value === null) return null;
  const decimal = decimalOf(type);
  return decimal ? formatDecimal(value as bigint, decimal.scale) : value;
}

function fail(condition: EvaluationFailed['condition'], reason: string): never {
  throw new EvaluationFailed({ condition, reason });
}

// ---------------------------------------------------------------------------------------------
// Decimals

/** `numerator / denominator` rounded half away from zero (Java's HALF_UP). */
export function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  if (remainder === 0n) return quotient;
  const twice = (remainder < 0n ? -remainder : remainder) * 2n;
  const magnitude = denominator < 0n ? -denominator : denominator;
  if (twice < magnitude) return quotient;
  return numerator < 0n !== denominator < 0n ? quotient - 1n : quotient + 1n;
}

/** An unscaled value moved from one scale to another, rounding HALF_UP. */
export function rescale(unscaled: bigint, from: number, to: number): bigint {
  if (to === from) return unscaled;
  return to > from ? unscaled * pow10(to - from) : divideHalfUp(unscaled, pow10(from - to));
}

/** The unscaled value itself, when it fits `precision` digits; raises otherwise. */
export function checkDecimal(unscaled: bigint, shape: DecimalShape): bigint {
  const limit = pow10(shape.precision);
  if (unscaled >= limit || unscaled <= -limit)
    fail(
      'NUMERIC_VALUE_OUT_OF_RANGE',
      `${formatDecimal(unscaled, shape.scale)} does not fit decimal(${shape.precision},${shape.scale})`,
    );
  return unscaled;
}

function digitCount(value: bigint): number {
  return (value < 0n ? -value : value).toString().length;
}

/** Decimal arithmetic on unscaled values, as Spark's `Decimal` computes it, then fitted to `result`. */
export function decimalArithmetic(
  operator: ArithmeticOperator,
  left: bigint,
  leftShape: DecimalShape,
  right: bigint,
  rightShape: DecimalShape,
  result: DecimalShape,
): bigint {
  const s1 = leftShape.scale;
  const s2 = rightShape.scale;
  let value: bigint;
  let scale: number;
  switch (operator) {
    case '+':
    case '-': {
      scale = Math.max(s1, s2);
      const a = left * pow10(scale - s1);
      const b = right * pow10(scale - s2);
      value = operator === '+' ? a + b : a - b;
      break;
    }
    case '*': {
      value = left * right;
      scale = s1 + s2;
      // Spark multiplies in a MathContext of 38 digits, HALF_UP.
      const extra = digitCount(value) - 38;
      if (extra > 0) {
        value = divideHalfUp(value, pow10(extra));
        scale -= extra;
      }
      break;
    }
    case '/': {
      if (right === 0n) fail('DIVIDE_BY_ZERO', 'division of a decimal by zero');
      // Spark divides to scale 38, HALF_UP, then fits the result type.
      scale = 38;
      value = divideHalfUp(left * pow10(s2 + scale), right * pow10(s1));
      break;
    }
    case '%': {
      if (right === 0n) fail('DIVIDE_BY_ZERO', 'remainder of a decimal by zero');
      scale = Math.max(s1, s2);
      value = (left * pow10(scale - s1)) % (right * pow10(scale - s2));
      break;
    }
  }
  return checkDecimal(rescale(value, scale, result.scale), result);
}

// ---------------------------------------------------------------------------------------------
// Arithmetic on other numbers

function checkInteger(value: number, type: 'byte' | 'short' | 'integer', text: string): number {
  const [min, max] = INT_RANGES[type];
  if (value < min || value > max) fail('ARITHMETIC_OVERFLOW', `${text} overflows ${type}`);
  return value === 0 ? 0 : value;
}

function checkLong(value: bigint, text: string): bigint {
  if (value < LONG_MIN || value > LONG_MAX) fail('ARITHMETIC_OVERFLOW', `${text} overflows long`);
  return value;
}

/**
 * `left <operator> right` for non-null operands already cast to the operation's type (for
 * decimals: each of its own decimal type), giving a value of `resultType`.
 */
export function arithmeticValue(
  operator: ArithmeticOperator,
  left: InternalValue,
  leftType: ScalarType,
  right: InternalValue,
  rightType: ScalarType,
  resultType: ScalarType,
): InternalValue {
  const decimal = decimalOf(resultType);
  if (decimal)
    return decimalArithmetic(
      operator,
      left as bigint,
      decimalOf(leftType)!,
      right as bigint,
      decimalOf(rightType)!,
      decimal,
    );
  const text = () => `${String(left)} ${operator} ${String(right)}`;
  if (resultType === 'long') {
    const a = left as bigint;
    const b = right as bigint;
    switch (operator) {
      case '+':
        return checkLong(a + b, text());
      case '-':
        return checkLong(a - b, text());
      case '*':
        return checkLong(a * b, text());
      case '/':
      case '%':
        if (b === 0n) fail('DIVIDE_BY_ZERO', `${text()} divides by zero`);
        return operator === '/' ? checkLong(a / b, text()) : a % b;
    }
  }
  const a = left as number;
  const b = right as number;
  if (isIntegral(resultType)) {
    const type = resultType as 'byte' | 'short' | 'integer';
    switch (operator) {
      case '+':
        return checkInteger(a + b, type, text());
      case '-':
        return checkInteger(a - b, type, text());
      case '*':
        return checkInteger(a * b, type, text());
      case '/':
      case '%':
        if (b === 0) fail('DIVIDE_BY_ZERO', `${text()} divides by zero`);
        return checkInteger(operator === '/' ? Math.trunc(a / b) : a % b, type, text());
    }
  }
  let value: number;
  switch (operator) {
    case '+':
      value = a + b;
      break;
    case '-':
      value = a - b;
      break;
    case '*':
      value = a * b;
      break;
    case '/':
    case '%':
      if (b === 0) fail('DIVIDE_BY_ZERO', `${text()} divides by zero`);
      value = operator === '/' ? a / b : a % b;
      break;
  }
  return resultType === 'float' ? Math.fround(value) : value;
}

/** `-value` for a non-null number of `type`. */
export function negateValue(value: InternalValue, type: ScalarType): InternalValue {
  if (typeof value === 'bigint') {
    if (type === 'long') return checkLong(-value, `-(${value})`);
    return -value;
  }
  const number = value as number;
  if (isIntegral(type))
    return checkInteger(-number, type as 'byte' | 'short' | 'integer', `-(${number})`);
  return -number;
}

/** `abs(value)` for a non-null number of `type`. */
export function absValue(value: InternalValue, type: ScalarType): InternalValue {
  if (typeof value === 'bigint') return value < 0n ? negateValue(value, type) : value;
  return (value as number) < 0 ? negateValue(value, type) : Math.abs(value as number);
}

// ---------------------------------------------------------------------------------------------
// Comparison

/** An internal numeric value as the exact comparison takes it. */
export function numericValueOf(value: InternalValue, type: ScalarType): NumericValue {
  if (typeof value === 'number') return value;
  const decimal = decimalOf(type);
  return { numerator: value as bigint, denominator: decimal ? pow10(decimal.scale) : 1n };
}

/**
 * Orders two non-null values. Numbers compare by exact value across types (so a long and a
 * double never compare equal by rounding); NaN equals NaN and is above every number; strings
 * compare as UTF-8 bytes; binary as unsigned bytes. Other types compare within their own type.
 */
export function compareValues(
  left: InternalValue,
  leftType: ScalarType,
  right: InternalValue,
  rightType: ScalarType,
): number {
  if (typeof left === 'number' && typeof right === 'number') {
    if (left < right) return -1;
    if (left > right) return 1;
    if (left === right) return 0;
    return compareNumeric(left, right);
  }
  if (typeof left === 'string') return compareUtf8(left, right as string);
  if (typeof left === 'boolean') return Number(left) - Number(right);
  if (left instanceof Uint8Array) return compareBytes(left, right as Uint8Array);
  if (typeof left === 'bigint' && typeof right === 'bigint' && leftType === rightType)
    return left < right ? -1 : left > right ? 1 : 0;
  return compareNumeric(numericValueOf(left, leftType), numericValueOf(right, rightType));
}

// ---------------------------------------------------------------------------------------------
// LIKE

const likeCache = new Map<string, RegExp>();

/**
 * The regular expression of a LIKE pattern (built from escaped characters; never evaluated as
 * code). `_` is one character (code point), `%` any run, DOTALL as in Spark.
 */
export function likeRegExp(pattern: string, escapeCharacter = '\\'): RegExp {
  const key = `${escapeCharacter}\u0000${pattern}`;
  let regexp = likeCache.get(key);
  if (regexp) return regexp;
  let source = '';
  const characters = [...pattern];
  for (let index = 0; index < characters.length; index++) {
    const character = characters[index]!;
    if (character === escapeCharacter) {
      const next = characters[++index];
      if (next === undefined || (next !== '_' && next !== '%' && next !== escapeCharacter))
        fail(
          'INVALID_LIKE_PATTERN',
          `in the LIKE pattern '${pattern}', the escape character ${escapeCharacter} must be followed by _, % or itself`,
        );
      source += escapeRegExp(next);
    } else if (character === '%') source += '.*';
    else if (character === '_') source += '.';
    else source += escapeRegExp(character);
  }
  regexp = new RegExp(`^${source}$`, 'su');
  if (likeCache.size > 256) likeCache.clear();
  likeCache.set(key, regexp);
  return regexp;
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

/** The prefix every match of a LIKE pattern starts with (the text before its first wildcard). */
export function likePrefix(pattern: string, escapeCharacter = '\\'): string {
  let prefix = '';
  const characters = [...pattern];
  for (let index = 0; index < characters.length; index++) {
    const character = characters[index]!;
    if (character === '%' || character === '_') return prefix;
    if (character === escapeCharacter) {
      const next = characters[index + 1];
      if (next === undefined) return prefix;
      prefix += next;
      index++;
    } else prefix += character;
  }
  return prefix;
}

/** Spark's `length` of a string: its characters (code points), not UTF-16 units. */
export function codePointLength(text: string): number {
  let length = text.length;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length--;
        index++;
      }
    }
  }
  return length;
}

// ---------------------------------------------------------------------------------------------
// Dates and timestamps

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

const datePattern = /^([+-]?\d{4,6})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ].*)?$/;
const timestampPattern =
  /^([+-]?\d{4,6})(?:-(\d{1,2})(?:-(\d{1,2})(?:[T ](\d{1,2})(?::(\d{1,2})(?::(\d{1,2})(?:\.(\d{0,9}))?)?)?)?)?)?\s*(Z|UTC|GMT|[+-]\d{1,2}(?::?\d{2})?)?$/i;

/** Days since the epoch of date text as Spark casts it (`2024`, `2024-1`, `2024-01-02 anything`). */
export function parseDateText(text: string): number | undefined {
  const match = datePattern.exec(text.trim());
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2] ?? 1);
  const day = Number(match[3] ?? 1);
  return validDate(year, month, day) ? daysFromCivil(year, month, day) : undefined;
}

/**
 * Microseconds since the epoch of timestamp text as Spark casts it: `yyyy[-m[-d[( |T)h[:m[:s[.f]]]]]]`
 * then an optional zone (`Z`, `UTC`, `+hh:mm`, `+hhmm`, `+hh`). Without a zone the text is in
 * the session time zone, UTC. `applyZone` false (timestamp_ntz) ignores the zone, as Spark does.
 */
export function parseTimestampText(text: string, applyZone: boolean): bigint | undefined {
  const match = timestampPattern.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  const year = Number(y);
  const month = Number(mo ?? 1);
  const day = Number(d ?? 1);
  const hour = Number(h ?? 0);
  const minute = Number(mi ?? 0);
  const second = Number(s ?? 0);
  if (!validDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (zone && applyZone && /^[+-]/.test(zone)) {
    const digits = zone.slice(1).replace(':', '');
    const hours = Number(digits.length <= 2 ? digits : digits.slice(0, digits.length - 2));
    const minutes = digits.length <= 2 ? 0 : Number(digits.slice(-2));
    if (hours > 18 || minutes > 59) return undefined;
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  const micros =
    BigInt(daysFromCivil(year, month, day)) * MICROS_PER_DAY +
    BigInt(hour * 3600 + minute * 60 + second - offsetMinutes * 60) * 1_000_000n +
    BigInt((fraction ?? '').padEnd(6, '0').slice(0, 6) || '0');
  return micros;
}

function floorDivide(value: bigint, divisor: bigint): bigint {
  const quotient = value / divisor;
  return value % divisor !== 0n && value < 0n ? quotient - 1n : quotient;
}

/** Spark's text of a timestamp: `yyyy-MM-dd HH:mm:ss` and the fraction without trailing zeros. */
function timestampText(micros: bigint): string {
  const iso = formatTimestamp(micros, false).replace('T', ' ');
  return iso.replace(/\.?0+$/, '');
}

// ---------------------------------------------------------------------------------------------
// Casts

/** Java's `Double.toString` (and `Float.toString` with `float`), which Spark's cast to string uses. */
export function javaFloatingText(value: number, float = false): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  let shortest = value;
  if (float) {
    for (let precision = 1; precision <= 9; precision++) {
      const candidate = Number(value.toPrecision(precision));
      if (Math.fround(candidate) === value) {
        shortest = candidate;
        break;
      }
    }
  }
  const [mantissa, exponentText] = Math.abs(shortest).toExponential().split('e');
  const digits = mantissa!.replace('.', '');
  const exponent = Number(exponentText);
  const sign = shortest < 0 ? '-' : '';
  const magnitude = Math.abs(shortest);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    if (exponent >= 0) {
      const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
      const fraction = digits.slice(exponent + 1) || '0';
      return `${sign}${whole}.${fraction}`;
    }
    return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  }
  return `${sign}${digits[0]}.${digits.slice(1) || '0'}E${exponent}`;
}

/** The text `CAST(value AS STRING)` gives. */
export function valueToText(value: InternalValue, type: ScalarType): string {
  switch (type) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'float':
    case 'double':
      return javaFloatingText(value as number, type === 'float');
    case 'date':
      return formatDate(value as number);
    case 'timestamp':
    case 'timestamp_ntz':
      return timestampText(value as bigint);
    case 'binary':
      return decoder.decode(value as Uint8Array);
    default: {
      const decimal = decimalOf(type);
      return decimal ? formatDecimal(value as bigint, decimal.scale) : String(value);
    }
  }
}

const integerText = /^([+-]?\d+)(?:\.\d*)?$/;
const floatingText = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[dDfF]?$/;

function invalidInput(value: InternalValue, from: ScalarType, to: CastType): never {
  return fail(
    'CAST_INVALID_INPUT',
    `the ${from} '${valueToText(value, from)}' cannot be cast to ${to}`,
  );
}

function overflow(value: InternalValue, from: ScalarType, to: CastType): never {
  return fail('CAST_OVERFLOW', `the ${from} ${valueToText(value, from)} is out of range of ${to}`);
}

function textToDouble(text: string): number | undefined {
  const trimmed = text.trim();
  if (floatingText.test(trimmed)) return Number(trimmed.replace(/[dDfF]$/, ''));
  const lower = trimmed.toLowerCase();
  if (/^[+]?inf(inity)?$/.test(lower)) return Number.POSITIVE_INFINITY;
  if (/^-inf(inity)?$/.test(lower)) return Number.NEGATIVE_INFINITY;
  if (lower === 'nan') return Number.NaN;
  return undefined;
}

/** The decimal of `shape` nearest (HALF_UP) to a rational, or a raise when it does not fit. */
function rationalToDecimal(
  numerator: bigint,
  denominator: bigint,
  shape: DecimalShape,
  original: () => string,
): bigint {
  const unscaled = divideHalfUp(numerator * pow10(shape.scale), denominator);
  const limit = pow10(shape.precision);
  if (unscaled >= limit || unscaled <= -limit)
    fail(
      'NUMERIC_VALUE_OUT_OF_RANGE',
      `${original()} does not fit decimal(${shape.precision},${shape.scale})`,
    );
  return unscaled;
}

/**
 * `CAST(value AS to)` for a non-null value of type `from`, with Spark's ANSI semantics: integral
 * narrowing and float-to-integer out of range raise CAST_OVERFLOW (within range, fractions
 * truncate toward zero); numbers to decimals round HALF_UP and raise when they do not fit;
 * strings are trimmed and must parse (`'1.9'` to INT is 1, as Spark has it), else they raise
 * CAST_INVALID_INPUT; booleans read `t/true/y/yes/1` and `f/false/n/no/0`; dates and timestamps
 * meet at midnight UTC; strings and binary convert through UTF-8.
 */
export function castValue(value: InternalValue, from: ScalarType, to: CastType): InternalValue {
  if (value === null) return null;
  if (from === to) return value;
  const fromDecimal = decimalOf(from);
  switch (to) {
    case 'boolean': {
      if (typeof value === 'string') {
        const text = value.trim().toLowerCase();
        if (['t', 'true', 'y', 'yes', '1'].includes(text)) return true;
        if (['f', 'false', 'n', 'no', '0'].includes(text)) return false;
        return invalidInput(value, from, to);
      }
      if (typeof value === 'bigint') return value !== 0n;
      return value !== 0;
    }
    case 'byte':
    case 'short':
    case 'integer':
    case 'long': {
      let integral: bigint;
      if (typeof value === 'boolean') integral = value ? 1n : 0n;
      else if (typeof value === 'string') {
        const match = integerText.exec(value.trim());
        if (!match) return invalidInput(value, from, to);
        integral = BigInt(match[1]!);
        if (!fitsIntegral(integral, to)) return invalidInput(value, from, to);
      } else if (fromDecimal) integral = (value as bigint) / pow10(fromDecimal.scale);
      else if (typeof value === 'bigint') integral = value;
      else {
        const number = value as number;
        if (!Number.isFinite(number)) return overflow(value, from, to);
        const truncated = Math.trunc(number);
        if (to === 'long') {
          if (truncated < -(2 ** 63) || truncated >= 2 ** 63) return overflow(value, from, to);
          return BigInt(truncated);
        }
        const [min, max] = INT_RANGES[to];
        if (truncated < min || truncated > max) return overflow(value, from, to);
        return truncated === 0 ? 0 : truncated;
      }
      if (!fitsIntegral(integral, to)) return overflow(value, from, to);
      return to === 'long' ? integral : Number(integral);
    }
    case 'float':
    case 'double': {
      let number: number;
      if (typeof value === 'boolean') number = value ? 1 : 0;
      else if (typeof value === 'string') {
        const parsed = textToDouble(value);
        if (parsed === undefined) return invalidInput(value, from, to);
        number = parsed;
      } else if (fromDecimal) number = Number(formatDecimal(value as bigint, fromDecimal.scale));
      else number = Number(value);
      return to === 'float' ? Math.fround(number) : number;
    }
    case 'string':
      return valueToText(value, from);
    case 'binary':
      return encoder.encode(value as string);
    case 'date':
      if (typeof value === 'string') return parseDateText(value) ?? invalidInput(value, from, to);
      return Number(floorDivide(value as bigint, MICROS_PER_DAY));
    case 'timestamp':
    case 'timestamp_ntz':
      if (typeof value === 'string')
        return parseTimestampText(value, to === 'timestamp') ?? invalidInput(value, from, to);
      if (from === 'date') return BigInt(value as number) * MICROS_PER_DAY;
      return value;
    default: {
      const shape = decimalOf(to)!;
      const original = () => valueToText(value, from);
      if (typeof value === 'boolean') return checkDecimal(value ? pow10(shape.scale) : 0n, shape);
      if (fromDecimal)
        return checkDecimal(rescale(value as bigint, fromDecimal.scale, shape.scale), shape);
      if (typeof value === 'bigint') return checkDecimal(value * pow10(shape.scale), shape);
      if (typeof value === 'string') {
        const exact = rationalOfDecimalText(value.trim());
        if (!exact) return invalidInput(value, from, to);
        return rationalToDecimal(exact.numerator, exact.denominator, shape, original);
      }
      const number = value as number;
      if (!Number.isFinite(number)) return overflow(value, from, to);
      if (Number.isInteger(number) && Math.abs(number) < 2 ** 53)
        return checkDecimal(BigInt(number) * pow10(shape.scale), shape);
      // Spark reads a double as its shortest decimal text (Scala's BigDecimal(double)).
      const exact = rationalOfDecimalText(String(number))!;
      return rationalToDecimal(exact.numerator, exact.denominator, shape, original);
    }
  }
}

function fitsIntegral(value: bigint, type: 'byte' | 'short' | 'integer' | 'long'): boolean {
  if (type === 'long') return value >= LONG_MIN && value <= LONG_MAX;
  const [min, max] = INT_RANGES[type];
  return value >= BigInt(min) && value <= BigInt(max);
}
