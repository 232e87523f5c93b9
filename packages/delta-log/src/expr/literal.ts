import {
  decimalParts,
  formatDecimal,
  PRIMITIVE_TYPE_NAMES,
  parseDecimal,
  toDaysSinceEpoch,
  toMicrosSinceEpoch,
} from '@silt/parquet-io';
import type { LiteralExpression, ScalarType, ScalarValue } from './expression.js';
import { InvalidPredicate } from './invalid-predicate.js';

/** What {@link literal} accepts: exact values, plus `Date`s and text for dates and timestamps. */
export type LiteralInput = ScalarValue | Date;

const INTEGER_RANGES = {
  byte: [-128, 127],
  short: [-32_768, 32_767],
  integer: [-2_147_483_648, 2_147_483_647],
} as const;

/**
 * A literal node. Without a type, the type follows the value: boolean → boolean, string →
 * string, bigint → long, an integer number → integer (long beyond 32 bits, as a bigint), another
 * number → double, Date → timestamp, Uint8Array → binary, null → void (an untyped NULL). With a
 * type, the value is converted to its exact form ({@link ScalarValue}):
 *
 * - byte, short, integer: an integer number in range; long: a bigint or safe integer
 * - float, double: a number (float rounded to 32 bits)
 * - date: days since the epoch, a `Date` (its UTC day) or `YYYY-MM-DD`
 * - timestamp: microseconds (bigint), a `Date` or ISO 8601 text (no offset reads as UTC);
 *   timestamp_ntz: the same, no offset allowed
 * - decimal(p,s): text, a number or a bigint of the unscaled value, exactly (no rounding)
 * - string: a string; binary: a Uint8Array
 *
 * @throws {InvalidPredicate} when the value is not one of the type.
 */
export function literal(value: LiteralInput, type?: ScalarType): LiteralExpression {
  if (type === undefined) return inferLiteral(value);
  if (value === null) return { kind: 'literal', type, value: null };
  try {
    return { kind: 'literal', type, value: convert(value, type) };
  } catch (cause) {
    if (cause instanceof InvalidPredicate) throw cause;
    throw new InvalidPredicate({
      reason: `${describe(value)} is not a ${type} (${(cause as Error).message})`,
      cause,
    });
  }
}

function inferLiteral(value: LiteralInput): LiteralExpression {
  switch (typeof value) {
    case 'boolean':
      return { kind: 'literal', type: 'boolean', value };
    case 'string':
      return { kind: 'literal', type: 'string', value };
    case 'bigint':
      return literal(value, 'long');
    case 'number':
      if (
        Number.isInteger(value) &&
        value >= INTEGER_RANGES.integer[0] &&
        value <= INTEGER_RANGES.integer[1]
      ) {
        return { kind: 'literal', type: 'integer', value };
      }
      if (Number.isSafeInteger(value))
        return { kind: 'literal', type: 'long', value: BigInt(value) };
      return { kind: 'literal', type: 'double', value };
  }
  if (value === null) return { kind: 'literal', type: 'void', value: null };
  if (value instanceof Date) return literal(value, 'timestamp');
  if (value instanceof Uint8Array) return { kind: 'literal', type: 'binary', value };
  throw new InvalidPredicate({ reason: `${describe(value)} cannot be a literal` });
}

function convert(value: Exclude<LiteralInput, null>, type: ScalarType): ScalarValue {
  const fail = (): never => {
    throw new InvalidPredicate({ reason: `${describe(value)} is not a ${type}` });
  };
  switch (type) {
    case 'void':
      return fail();
    case 'boolean':
      return typeof value === 'boolean' ? value : fail();
    case 'byte':
    case 'short':
    case 'integer': {
      const number = typeof value === 'bigint' ? Number(value) : value;
      const [min, max] = INTEGER_RANGES[type];
      return typeof number === 'number' &&
        Number.isInteger(number) &&
        number >= min &&
        number <= max
        ? number
        : fail();
    }
    case 'long':
      if (typeof value === 'bigint') return BigInt.asIntN(64, value) === value ? value : fail();
      return typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : fail();
    case 'float':
      return typeof value === 'number' ? Math.fround(value) : fail();
    case 'double':
      return typeof value === 'number' ? value : fail();
    case 'string':
      return typeof value === 'string' ? value : fail();
    case 'binary':
      return value instanceof Uint8Array ? value : fail();
    case 'date':
      return toDaysSinceEpoch(value);
    case 'timestamp':
    case 'timestamp_ntz':
      return toMicrosSinceEpoch(value, type === 'timestamp');
    default: {
      const decimal = decimalParts(type);
      if (!decimal)
        throw new InvalidPredicate({
          reason: `${type} is not a type (expected one of ${PRIMITIVE_TYPE_NAMES.join(', ')}, decimal(p,s))`,
        });
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint')
        return fail();
      return formatDecimal(parseDecimal(value, decimal.precision, decimal.scale), decimal.scale);
    }
  }
}

function describe(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof Date) return `Date(${value.toISOString()})`;
  if (value instanceof Uint8Array) return `Uint8Array(${value.length})`;
  return String(value);
}
