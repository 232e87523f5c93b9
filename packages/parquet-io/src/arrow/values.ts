/**
 * Exact conversions between the text and JavaScript forms of Delta values and their storage
 * form: days since the epoch for dates, microseconds since the epoch for timestamps, unscaled
 * bigints for decimals. None of them passes a value through a float.
 */

const MICROS_PER_DAY = 86_400_000_000n;
const isoPattern =
  /^([+-]\d{6}|\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Days since 1970-01-01 of a proleptic Gregorian civil date. */
export function civilToDays(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return Math.round(date.getTime() / 86_400_000);
}

function daysToCivil(days: number): { year: number; month: number; day: number } {
  const date = new Date(days * 86_400_000);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

interface ParsedInstant {
  days: number;
  micros: bigint;
  offsetMinutes: number | undefined;
  hasTime: boolean;
}

/** Parses ISO 8601 (`2024-01-02`, `2024-01-02T03:04:05.123456+01:00`, a space instead of `T`). */
export function parseIsoInstant(text: string): ParsedInstant | undefined {
  const match = isoPattern.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  const hour = Number(h ?? 0);
  const minute = Number(mi ?? 0);
  const second = Number(s ?? 0);
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const fraction = frac ? BigInt(frac.padEnd(9, '0').slice(0, 6)) : 0n;
  let offsetMinutes: number | undefined;
  if (zone) {
    if (zone === 'Z' || zone === 'z') offsetMinutes = 0;
    else {
      const sign = zone[0] === '-' ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      const oh = Number(digits.slice(0, 2));
      const om = Number(digits.slice(2) || '0');
      if (oh > 18 || om > 59) return undefined;
      offsetMinutes = sign * (oh * 60 + om);
    }
  }
  const days = civilToDays(year, month, day);
  const micros =
    BigInt(days) * MICROS_PER_DAY +
    BigInt(hour * 3600 + minute * 60 + second) * 1_000_000n +
    fraction;
  return { days, micros, offsetMinutes, hasTime: h !== undefined };
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/**
 * Microseconds since the epoch. `adjustToUtc` is true for `timestamp` (an offset in the text is
 * applied; text without one is read as UTC) and false for `timestamp_ntz` (an offset is refused:
 * a zone-less timestamp cannot take one silently).
 */
export function toMicrosSinceEpoch(value: unknown, adjustToUtc: boolean): bigint {
  if (typeof value === 'bigint') return value;
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw new RangeError('invalid Date');
    return BigInt(ms) * 1000n;
  }
  if (typeof value === 'string') {
    const parsed = parseIsoInstant(value);
    if (!parsed) throw new RangeError(`"${value}" is not an ISO 8601 timestamp`);
    if (parsed.offsetMinutes !== undefined && !adjustToUtc) {
      throw new RangeError(`"${value}" has a time zone offset, which a TIMESTAMP_NTZ cannot hold`);
    }
    return parsed.micros - BigInt(parsed.offsetMinutes ?? 0) * 60_000_000n;
  }
  throw new TypeError(
    `expected a timestamp (bigint microseconds, Date or ISO 8601 string), got ${typeof value}`,
  );
}

/** Days since the epoch, from a number of days, a `Date` (its UTC day) or `YYYY-MM-DD`. */
export function toDaysSinceEpoch(value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (value instanceof Date) return Math.floor(value.getTime() / 86_400_000);
  if (typeof value === 'string') {
    const parsed = parseIsoInstant(value);
    if (!parsed || parsed.hasTime || parsed.offsetMinutes !== undefined)
      throw new RangeError(`"${value}" is not a date (YYYY-MM-DD)`);
    return parsed.days;
  }
  throw new TypeError(`expected a date (days, Date or YYYY-MM-DD), got ${typeof value}`);
}

const decimalText = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * The unscaled value of a decimal of `scale`, from its text, a bigint (already unscaled) or a
 * number (through its shortest text). Digits beyond the scale must be zeros: rounding would
 * change the value silently.
 */
export function parseDecimal(value: unknown, precision: number, scale: number): bigint {
  if (typeof value === 'bigint') return checkPrecision(value, precision, String(value));
  const text =
    typeof value === 'number'
      ? numberToPlainText(value)
      : typeof value === 'string'
        ? value.trim()
        : undefined;
  if (text === undefined) throw new TypeError(`expected a decimal string, got ${typeof value}`);
  const match = decimalText.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === ''))
    throw new RangeError(`"${text}" is not a decimal number`);
  const [, sign, whole = '', fractionText = '', exponentText] = match;
  let digits = whole + fractionText;
  let pointShift = fractionText.length - Number(exponentText ?? 0);
  // digits * 10^-pointShift; bring it to digits' * 10^-scale.
  if (pointShift > scale) {
    const dropped = digits.slice(digits.length - (pointShift - scale));
    if (/[^0]/.test(dropped))
      throw new RangeError(`"${text}" has more than ${scale} digits after the point`);
    digits = digits.slice(0, digits.length - (pointShift - scale));
    pointShift = scale;
  }
  digits = digits + '0'.repeat(scale - pointShift);
  const unscaled = BigInt(digits === '' ? '0' : digits) * (sign === '-' ? -1n : 1n);
  return checkPrecision(unscaled, precision, text);
}

function checkPrecision(unscaled: bigint, precision: number, text: string): bigint {
  const limit = 10n ** BigInt(precision);
  if (unscaled >= limit || unscaled <= -limit)
    throw new RangeError(`"${text}" does not fit decimal precision ${precision}`);
  return unscaled;
}

function numberToPlainText(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`${value} is not a decimal number`);
  return String(value);
}

/** Text of an unscaled decimal with exactly `scale` digits after the point (`-1.50`). */
export function formatDecimal(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text =
    scale === 0
      ? digits
      : `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  return negative ? `-${text}` : text;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function formatYear(year: number): string {
  if (year >= 0 && year <= 9999) return pad(year, 4);
  return `${year < 0 ? '-' : '+'}${pad(Math.abs(year), 6)}`;
}

/** `YYYY-MM-DD` of days since the epoch. */
export function formatDate(days: number): string {
  const { year, month, day } = daysToCivil(days);
  return `${formatYear(year)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** `YYYY-MM-DDTHH:MM:SS.ffffff` of microseconds since the epoch, with `Z` when `utc`. */
export function formatTimestamp(micros: bigint, utc: boolean): string {
  let days = micros / MICROS_PER_DAY;
  let rest = micros % MICROS_PER_DAY;
  if (rest < 0n) {
    rest += MICROS_PER_DAY;
    days -= 1n;
  }
  const seconds = Number(rest / 1_000_000n);
  const fraction = Number(rest % 1_000_000n);
  const time = `${pad(Math.floor(seconds / 3600), 2)}:${pad(Math.floor(seconds / 60) % 60, 2)}:${pad(seconds % 60, 2)}.${pad(fraction, 6)}`;
  return `${formatDate(Number(days))}T${time}${utc ? 'Z' : ''}`;
}
