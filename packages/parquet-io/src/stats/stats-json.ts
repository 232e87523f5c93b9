import {
  type DeltaStats,
  type NullCounts,
  StatsDecimal,
  type StatsValue,
  type StatsValues,
} from './delta-stats.js';
import { StatsError } from './stats-error.js';

/**
 * The JSON text Delta stores in `add.stats`, keys in Spark's order (`numRecords`, `minValues`,
 * `maxValues`, `nullCount`, then `tightBounds` when set) and columns in schema order.
 *
 * Values are written as Spark's `to_json` (Jackson) writes them:
 * - longs with every digit (a bigint never passes through a double);
 * - decimals as JSON numbers with the column's scale, in Java's `BigDecimal.toString` form
 *   (`1.50`, and `1E-7` / `0E-8` below 10^-6, as Jackson writes them);
 * - NaN and infinities as the strings `"NaN"`, `"Infinity"`, `"-Infinity"` (Jackson quotes
 *   non-numeric numbers), -0.0 as `-0.0`;
 * - other numbers in their shortest round-trip form. Spark spells doubles the Java way (`5.0`,
 *   `1.0E10`); the values read back identically. A float column's bound is written with the
 *   digits of its exact 32-bit value (0.1f as `0.10000000149011612`), which reads back exactly
 *   whether a reader parses it as a float or a double; Java's `0.1` is exact only as a float;
 * - strings JSON-escaped as Jackson escapes them (control characters as `\u00XX`, upper case).
 *
 * @example
 * ```ts
 * import { statsToJson, StatsDecimal } from '@silt/parquet-io';
 * statsToJson({ numRecords: 2, minValues: { id: 1n, price: new StatsDecimal(150n, 2) }, maxValues: {}, nullCount: { id: 0, price: 0 } });
 * // '{"numRecords":2,"minValues":{"id":1,"price":1.50},"maxValues":{},"nullCount":{"id":0,"price":0}}'
 * ```
 * @throws {StatsError} when a value is not one of the {@link StatsValue} forms or a count is not
 *   a non-negative integer.
 */
export function statsToJson(stats: DeltaStats): string {
  let out = `{"numRecords":${count(stats.numRecords, 'numRecords')}`;
  out += `,"minValues":${values(stats.minValues, 'minValues')}`;
  out += `,"maxValues":${values(stats.maxValues, 'maxValues')}`;
  out += `,"nullCount":${counts(stats.nullCount, 'nullCount')}`;
  if (stats.tightBounds !== undefined) out += `,"tightBounds":${stats.tightBounds === true}`;
  return `${out}}`;
}

function values(object: StatsValues, path: string): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(object)) {
    const text = isNested(value)
      ? values(value, `${path}.${name}`)
      : scalar(value, `${path}.${name}`);
    parts.push(`${jsonString(name)}:${text}`);
  }
  return `{${parts.join(',')}}`;
}

function counts(object: NullCounts, path: string): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(object)) {
    const text =
      typeof value === 'object' && value !== null
        ? counts(value, `${path}.${name}`)
        : count(value, `${path}.${name}`);
    parts.push(`${jsonString(name)}:${text}`);
  }
  return `{${parts.join(',')}}`;
}

function isNested(value: StatsValue | StatsValues): value is StatsValues {
  return typeof value === 'object' && value !== null && !(value instanceof StatsDecimal);
}

function count(value: unknown, path: string): string {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'bigint' && value >= 0n) return value.toString();
  throw new StatsError({
    reason: `${path} must be a non-negative integer, got ${describe(value)}`,
    hint: 'Build the statistics with computeDeltaStats or createStatsCollector.',
  });
}

function scalar(value: unknown, path: string): string {
  switch (typeof value) {
    case 'number':
      if (Number.isNaN(value)) return '"NaN"';
      if (value === Number.POSITIVE_INFINITY) return '"Infinity"';
      if (value === Number.NEGATIVE_INFINITY) return '"-Infinity"';
      // String() would drop the sign of -0.0, which Spark keeps.
      return Object.is(value, -0) ? '-0.0' : String(value);
    case 'bigint':
      return value.toString();
    case 'string':
      return jsonString(value);
    default:
      if (value instanceof StatsDecimal) return javaBigDecimalText(value);
      throw new StatsError({
        reason: `${path} is ${describe(value)}, not a statistics value`,
        hint: 'Min and max values are numbers, bigints, strings or StatsDecimal.',
      });
  }
}

/**
 * Java's `BigDecimal.toString()`, which Jackson uses for decimals: plain with `scale` digits
 * after the point, unless the adjusted exponent is below -6, then scientific (`1.5E-7`).
 */
export function javaBigDecimalText(decimal: StatsDecimal): string {
  const { unscaled, scale } = decimal;
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString();
  const adjusted = digits.length - 1 - scale;
  if (scale >= 0 && adjusted >= -6) return decimal.toString();
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${negative ? '-' : ''}${mantissa}E${adjusted >= 0 ? '+' : ''}${adjusted}`;
}

/** JSON.stringify's escaping, with Jackson's upper-case hex in `\u00XX`. */
function jsonString(text: string): string {
  return JSON.stringify(text).replace(
    /\\(\\|u00([0-9a-f]{2}))/g,
    (match, _escape, hex: string | undefined) =>
      hex === undefined ? match : `\\u00${hex.toUpperCase()}`,
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'an object';
  return `${typeof value} ${String(value)}`;
}
