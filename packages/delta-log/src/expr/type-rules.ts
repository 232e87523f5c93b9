/**
 * Spark's typing rules for scalar expressions, in one place: which types are numbers and how
 * they widen, the result type of arithmetic (DecimalPrecision), the common type of CASE and
 * COALESCE branches, and which casts exist. The resolver applies them; the evaluators rely on
 * them having been applied.
 */
import { type DecimalTypeName, decimalParts, MAX_DECIMAL_PRECISION } from '@silt/parquet-io';
import type { ArithmeticOperator, CastType, ScalarType } from './expression.js';

/** Precision and scale of a decimal type. */
export interface DecimalShape {
  readonly precision: number;
  readonly scale: number;
}

const INTEGRAL_RANK = { byte: 0, short: 1, integer: 2, long: 3 } as const;
type IntegralType = keyof typeof INTEGRAL_RANK;

/** The decimal that holds every value of an integral type (Spark's `DecimalType.forType`). */
const INTEGRAL_AS_DECIMAL: Record<IntegralType, DecimalShape> = {
  byte: { precision: 3, scale: 0 },
  short: { precision: 5, scale: 0 },
  integer: { precision: 10, scale: 0 },
  long: { precision: 20, scale: 0 },
};

export function isIntegral(type: ScalarType): type is IntegralType {
  return type in INTEGRAL_RANK;
}

export function isFractional(type: ScalarType): type is 'float' | 'double' {
  return type === 'float' || type === 'double';
}

export function decimalOf(type: ScalarType): DecimalShape | undefined {
  return type.startsWith('decimal') ? decimalParts(type as DecimalTypeName) : undefined;
}

export function isNumeric(type: ScalarType): boolean {
  return isIntegral(type) || isFractional(type) || decimalOf(type) !== undefined;
}

export function isTemporal(type: ScalarType): type is 'date' | 'timestamp' | 'timestamp_ntz' {
  return type === 'date' || type === 'timestamp' || type === 'timestamp_ntz';
}

export function decimalName(shape: DecimalShape): CastType {
  return `decimal(${shape.precision},${shape.scale})`;
}

/** The smallest decimal holding an integral value: its own digits for a literal, else its type's. */
export function integralAsDecimal(type: IntegralType, literal?: number | bigint): DecimalShape {
  if (literal === undefined) return INTEGRAL_AS_DECIMAL[type];
  const digits = String(literal).replace('-', '').length;
  return { precision: Math.max(digits, 1), scale: 0 };
}

/** Spark's `DecimalType.bounded`. */
function bounded(precision: number, scale: number): DecimalShape {
  return {
    precision: Math.min(precision, MAX_DECIMAL_PRECISION),
    scale: Math.min(scale, MAX_DECIMAL_PRECISION),
  };
}

/**
 * Spark's `DecimalType.adjustPrecisionScale` (allowPrecisionLoss, the default): a result that
 * needs more than 38 digits keeps its integer digits and gives up scale, down to 6.
 */
export function adjustPrecisionScale(precision: number, scale: number): DecimalShape {
  if (precision <= MAX_DECIMAL_PRECISION) return { precision, scale };
  const integerDigits = precision - scale;
  const minimumScale = Math.min(scale, 6);
  return {
    precision: MAX_DECIMAL_PRECISION,
    scale: Math.max(MAX_DECIMAL_PRECISION - integerDigits, minimumScale),
  };
}

/** The decimal type of `left <operator> right` (Spark's DecimalPrecision rule). */
export function decimalArithmeticType(
  operator: ArithmeticOperator,
  left: DecimalShape,
  right: DecimalShape,
): DecimalShape {
  const { precision: p1, scale: s1 } = left;
  const { precision: p2, scale: s2 } = right;
  switch (operator) {
    case '+':
    case '-': {
      const scale = Math.max(s1, s2);
      return adjustPrecisionScale(Math.max(p1 - s1, p2 - s2) + scale + 1, scale);
    }
    case '*':
      return adjustPrecisionScale(p1 + p2 + 1, s1 + s2);
    case '/': {
      const scale = Math.max(6, s1 + p2 + 1);
      return adjustPrecisionScale(p1 - s1 + s2 + scale, scale);
    }
    case '%': {
      const scale = Math.max(s1, s2);
      return adjustPrecisionScale(Math.min(p1 - s1, p2 - s2) + scale, scale);
    }
  }
}

/** The wider of two decimals (Spark's `widerDecimalType`): all integer digits, all scale. */
export function widerDecimal(left: DecimalShape, right: DecimalShape): DecimalShape {
  const scale = Math.max(left.scale, right.scale);
  const range = Math.max(left.precision - left.scale, right.precision - right.scale);
  return bounded(range + scale, scale);
}

/**
 * The type two numbers widen to (Spark's numeric precedence byte < short < int < long < float <
 * double; a decimal with an integral is the wider decimal; a decimal with a float or double is a
 * double). Integer literals count with their own digits against a decimal.
 */
export function widerNumeric(
  left: ScalarType,
  right: ScalarType,
  literals: { left?: number | bigint; right?: number | bigint } = {},
): CastType {
  if (left === 'double' || right === 'double') return 'double';
  const leftDecimal = decimalOf(left);
  const rightDecimal = decimalOf(right);
  if (left === 'float' || right === 'float')
    return leftDecimal || rightDecimal ? 'double' : 'float';
  if (leftDecimal || rightDecimal) {
    const a = leftDecimal ?? integralAsDecimal(left as IntegralType, literals.left);
    const b = rightDecimal ?? integralAsDecimal(right as IntegralType, literals.right);
    return decimalName(widerDecimal(a, b));
  }
  return INTEGRAL_RANK[left as IntegralType] >= INTEGRAL_RANK[right as IntegralType]
    ? (left as CastType)
    : (right as CastType);
}

/**
 * The type both of two values take in CASE branches and COALESCE arguments (Spark's
 * `findWiderTypeForTwo` without string promotion), or undefined when there is none.
 */
export function commonType(left: ScalarType, right: ScalarType): ScalarType | undefined {
  if (left === right) return left;
  if (left === 'void') return right;
  if (right === 'void') return left;
  if (isNumeric(left) && isNumeric(right)) return widerNumeric(left, right);
  if (isTemporal(left) && isTemporal(right)) return temporalCommonType(left, right);
  return undefined;
}

/**
 * The type a date, timestamp and timestamp_ntz compare in: a date meets a timestamp as its
 * midnight; a timestamp_ntz meets a timestamp in the session time zone, which Silt fixes to UTC.
 */
export function temporalCommonType(
  left: 'date' | 'timestamp' | 'timestamp_ntz',
  right: 'date' | 'timestamp' | 'timestamp_ntz',
): 'date' | 'timestamp' | 'timestamp_ntz' {
  if (left === right) return left;
  if (left === 'timestamp' || right === 'timestamp') return 'timestamp';
  return 'timestamp_ntz';
}

/**
 * Whether `CAST(x AS to)` exists for x of type `from` (a subset of Spark's `Cast.canAnsiCast`):
 * numbers, booleans and strings among themselves; strings to and from dates, timestamps and
 * binary; dates and timestamps among themselves.
 */
export function canCast(from: ScalarType, to: CastType): boolean {
  if (from === to || from === 'void') return true;
  if (from === 'variant') return false;
  const numberLike = (type: ScalarType) => isNumeric(type) || type === 'boolean';
  if (numberLike(from) && numberLike(to)) return true;
  if (from === 'string' || to === 'string') return true;
  if (isTemporal(from) && isTemporal(to)) return true;
  return false;
}
