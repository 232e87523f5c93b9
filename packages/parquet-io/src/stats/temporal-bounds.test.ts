import * as arrow from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import {
  formatStatsDate,
  formatStatsTimestamp,
  maxTimestampMillis,
  minTimestampMillis,
} from './temporal-bounds.js';

describe('formatStatsDate', () => {
  it.each<[number, string]>([
    [0, '1970-01-01'],
    [-1, '1969-12-31'],
    [19_782, '2024-02-29'],
    [-719_528, '0000-01-01'],
    [-719_529, '-0001-12-31'],
    [2_932_897, '+10000-01-01'],
  ])('day %i is %s, years outside 0000..9999 as java.time writes them', (days, text) => {
    expect(formatStatsDate(days)).toBe(text);
  });

  it('agrees with Date for every 97th day over ±400 years', () => {
    for (let days = -146_097; days <= 146_097; days += 97) {
      expect(formatStatsDate(days)).toBe(new Date(days * 86_400_000).toISOString().slice(0, 10));
    }
  });
});

describe('formatStatsTimestamp', () => {
  it.each<[bigint, boolean, string]>([
    [0n, true, '1970-01-01T00:00:00.000Z'],
    [-1n, true, '1969-12-31T23:59:59.999Z'],
    [1_704_164_645_123n, false, '2024-01-02T03:04:05.123'],
  ])('%s ms (utc %s) is %s', (millis, utc, text) => {
    expect(formatStatsTimestamp(millis, utc)).toBe(text);
  });
});

describe('timestamp bounds in milliseconds', () => {
  it.each<[string, bigint, arrow.TimeUnit, bigint, bigint]>([
    ['whole microseconds', 5_000n, arrow.TimeUnit.MICROSECOND, 5n, 5n],
    ['a sub-millisecond part', 5_001n, arrow.TimeUnit.MICROSECOND, 5n, 6n],
    ['a negative sub-millisecond part', -5_001n, arrow.TimeUnit.MICROSECOND, -6n, -5n],
    ['one nanosecond past a millisecond', 1_000_001n, arrow.TimeUnit.NANOSECOND, 1n, 2n],
    ['seconds', -2n, arrow.TimeUnit.SECOND, -2000n, -2000n],
  ])('%s: min rounds down, max rounds up', (_name, raw, unit, min, max) => {
    expect(minTimestampMillis(raw, unit)).toBe(min);
    expect(maxTimestampMillis(raw, unit)).toBe(max);
  });
});
