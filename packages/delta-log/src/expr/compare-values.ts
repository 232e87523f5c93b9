import type { ComparisonOperator } from './expression.js';
/**
 * How Silt orders values, as Spark SQL does: numbers by exact value across types (a long, a
 * double and a decimal compare without rounding), NaN equal to itself and above every other
 * number, -0.0 equal to 0.0; strings by UTF-8 bytes (that is, by code points, not by the UTF-16
 * units JavaScript compares); binary by unsigned bytes.
 */

/** An exact rational `numerator / denominator`, denominator > 0. */
export interface Rational {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

/** A number as data skipping compares it: a double (NaN and infinities included) or an exact rational. */
export type NumericValue = number | Rational;

const float64 = new Float64Array(1);
const float64Bits = new BigUint64Array(float64.buffer);

/** The exact rational value of a finite double. */
export function rationalOfDouble(value: number): Rational {
  if (Number.isInteger(value) && Number.isSafeInteger(value))
    return { numerator: BigInt(value), denominator: 1n };
  float64[0] = value;
  const bits = float64Bits[0]!;
  const negative = bits >> 63n === 1n;
  const exponentBits = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  // value = mantissa * 2^exponent exactly.
  const mantissa = exponentBits === 0 ? fraction : fraction | (1n << 52n);
  const exponent = (exponentBits === 0 ? 1 : exponentBits) - 1075;
  const signed = negative ? -mantissa : mantissa;
  return exponent >= 0
    ? { numerator: signed << BigInt(exponent), denominator: 1n }
    : { numerator: signed, denominator: 1n << BigInt(-exponent) };
}

/** The exact rational value of decimal text (`-1.50`, `1E-7`). Undefined when it is not a number. */
export function rationalOfDecimalText(text: string): Rational | undefined {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) return undefined;
  const [, sign, whole = '', fraction = '', exponentText = '0'] = match;
  const digits = BigInt(`${whole}${fraction}` || '0') * (sign === '-' ? -1n : 1n);
  const exponent = Number(exponentText) - fraction.length;
  if (Math.abs(exponent) > 400) return undefined;
  return exponent >= 0
    ? { numerator: digits * 10n ** BigInt(exponent), denominator: 1n }
    : { numerator: digits, denominator: 10n ** BigInt(-exponent) };
}

/** Compares two numbers in Spark's order: exact, NaN = NaN and NaN above everything, -0 = 0. */
export function compareNumeric(left: NumericValue, right: NumericValue): number {
  if (typeof left === 'number' && typeof right === 'number') {
    if (Number.isNaN(left) || Number.isNaN(right))
      return Number.isNaN(left) ? (Number.isNaN(right) ? 0 : 1) : -1;
    return left < right ? -1 : left > right ? 1 : 0;
  }
  const a = special(left);
  const b = special(right);
  if (a !== undefined || b !== undefined) return Math.sign((a ?? 0) - (b ?? 0));
  const x = typeof left === 'number' ? rationalOfDouble(left) : left;
  const y = typeof right === 'number' ? rationalOfDouble(right) : right;
  const difference = x.numerator * y.denominator - y.numerator * x.denominator;
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

/** Rank of the non-finite doubles against finite values (which rank 0): -∞ < finite < +∞ < NaN. */
function special(value: NumericValue): number | undefined {
  if (typeof value !== 'number' || Number.isFinite(value)) return undefined;
  return Number.isNaN(value) ? 3 : value > 0 ? 2 : -2;
}

/**
 * Compares strings by code point, which is the order of their UTF-8 bytes (Spark's order).
 * JavaScript's `<` compares UTF-16 units, which puts U+10000… below U+E000…U+FFFF.
 */
export function compareUtf8(left: string, right: string): number {
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index++) {
    const a = left.charCodeAt(index);
    const b = right.charCodeAt(index);
    if (a !== b) return codeUnitRank(a) - codeUnitRank(b);
  }
  return left.length - right.length;
}

/** Moves surrogates (0xD800–0xDFFF) above the rest of the BMP, so units compare as code points. */
function codeUnitRank(unit: number): number {
  return unit >= 0xd800 ? (unit >= 0xe000 ? unit - 0x800 : unit + 0x2000) : unit;
}

/** Compares byte strings as unsigned bytes, shorter first on a common prefix. */
export function compareBytes(left: Uint8Array, right: Uint8Array): number {
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index++) {
    if (left[index] !== right[index]) return left[index]! - right[index]!;
  }
  return left.length - right.length;
}

/** Whether `left <operator> right` holds, given the order of the two (negative, zero, positive). */
export function comparisonHolds(operator: ComparisonOperator, order: number): boolean {
  switch (operator) {
    case '=':
      return order === 0;
    case '!=':
      return order !== 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
  }
}
