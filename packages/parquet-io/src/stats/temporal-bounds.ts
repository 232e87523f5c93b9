import * as arrow from 'apache-arrow';

/**
 * Date and timestamp bounds as Delta's JSON statistics spell them. Spark writes the stats with
 * `to_json`, whose formats are `yyyy-MM-dd`, `yyyy-MM-dd'T'HH:mm:ss[.SSS][XXX]` for timestamps
 * (UTC gives `Z`) and `yyyy-MM-dd'T'HH:mm:ss[.SSS]` for timestamp_ntz (apache/spark,
 * sql/catalyst/.../json/JSONOptions.scala); Delta Kernel's `DataFileStatistics` writes the same
 * millisecond form. Years outside 0000..9999 follow java.time: `+10000`, `-0001`.
 */

const MILLIS_PER_DAY = 86_400_000n;
const INT64_MAX = 2n ** 63n - 1n;

/** `YYYY-MM-DD` of days since 1970-01-01, proleptic Gregorian, for any int32 day. */
export function formatStatsDate(days: number): string {
  const { year, month, day } = civilFromDays(days);
  return `${formatYear(year)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** `YYYY-MM-DDTHH:MM:SS.mmm`, with `Z` when `utc`, of milliseconds since the epoch. */
export function formatStatsTimestamp(millis: bigint, utc: boolean): string {
  let days = millis / MILLIS_PER_DAY;
  let rest = millis % MILLIS_PER_DAY;
  if (rest < 0n) {
    rest += MILLIS_PER_DAY;
    days -= 1n;
  }
  const ms = Number(rest);
  const seconds = Math.floor(ms / 1000);
  const time = `${pad(Math.floor(seconds / 3600), 2)}:${pad(Math.floor(seconds / 60) % 60, 2)}:${pad(seconds % 60, 2)}.${pad(ms % 1000, 3)}`;
  return `${formatStatsDate(Number(days))}T${time}${utc ? 'Z' : ''}`;
}

/** Units per millisecond of an Arrow time unit, as a divisor (or a multiplier for seconds). */
function scale(unit: arrow.TimeUnit): { multiply: bigint; divide: bigint } {
  switch (unit) {
    case arrow.TimeUnit.SECOND:
      return { multiply: 1000n, divide: 1n };
    case arrow.TimeUnit.MILLISECOND:
      return { multiply: 1n, divide: 1n };
    case arrow.TimeUnit.MICROSECOND:
      return { multiply: 1n, divide: 1000n };
    default:
      return { multiply: 1n, divide: 1_000_000n };
  }
}

/**
 * The min bound in milliseconds: rounded down, as the protocol says ("Timestamp columns are
 * truncated down to milliseconds"), which keeps it below every value.
 */
export function minTimestampMillis(raw: bigint, unit: arrow.TimeUnit): bigint {
  const { multiply, divide } = scale(unit);
  return floorDiv(raw * multiply, divide);
}

/**
 * The max bound in milliseconds: rounded up, so that it stays at or above every value for any
 * reader. Spark writes it rounded down and adds 1 ms when reading (DataSkippingReader, SC-22824);
 * readers that do not (delta-kernel-rs until 2026, Iceberg conversions, Trino's fix #31231)
 * would skip files holding the last sub-millisecond values. Rounded up, the bound is at most
 * 1 ms wider for Spark and never wrong. The one exception: a max in the last millisecond of the
 * int64 microsecond range is rounded down, since its rounded-up value would not fit a timestamp.
 */
export function maxTimestampMillis(raw: bigint, unit: arrow.TimeUnit): bigint {
  const { multiply, divide } = scale(unit);
  const down = floorDiv(raw * multiply, divide);
  const up = -floorDiv(-(raw * multiply), divide);
  return up !== down && up * 1000n > INT64_MAX ? down : up;
}

/** Days since the epoch of a `date` stored as milliseconds (Arrow's DateMillisecond). */
export function daysOfMillis(millis: bigint): number {
  return Number(floorDiv(millis, MILLIS_PER_DAY));
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** Howard Hinnant's days-to-civil algorithm: exact over the whole int32 day range. */
function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function formatYear(year: number): string {
  if (year > 9999) return `+${year}`;
  if (year < 0) return `-${pad(-year, 4)}`;
  return pad(year, 4);
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
