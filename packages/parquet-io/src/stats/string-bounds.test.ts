import { describe, expect, it } from 'vitest';
import { tableFromRows } from '../arrow/column-builder.js';
import { field, struct } from '../types/delta-type.js';
import { computeDeltaStats } from './compute-stats.js';
import { StatsError } from './stats-error.js';
import { compareBytes, truncateMaxString, truncateMinString } from './string-bounds.js';

const encoder = new TextEncoder();

/** Code point order, as Spark and Parquet compare strings (UTF-8 byte order). */
function compareCodePoints(a: string, b: string): number {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  return compareBytes(x, 0, x.length, y, 0, y.length);
}

/** UTF-16 unit order, as Java's and JavaScript's string comparisons go. */
function compareUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const a32 = 'a'.repeat(32);

describe('truncateMinString', () => {
  it.each<[string, string, number, string]>([
    ['leaves a string of the prefix length whole', a32, 32, a32],
    ['cuts ASCII to the prefix', `${a32}bcd`, 32, a32],
    ['counts accented letters as one character each', 'é'.repeat(40), 32, 'é'.repeat(32)],
    [
      'counts a surrogate pair as one character and never splits it',
      '😀'.repeat(40),
      32,
      '😀'.repeat(32),
    ],
    [
      'cuts after a pair that straddles the UTF-16 limit',
      `${'a'.repeat(31)}😀b`,
      32,
      `${'a'.repeat(31)}😀`,
    ],
    ['keeps a short string with pairs whole', 'x😀y', 2, 'x😀'],
  ])('%s', (_name, value, prefix, expected) => {
    expect(truncateMinString(value, prefix)).toBe(expected);
  });
});

describe('truncateMaxString', () => {
  it.each<[string, string, number, string]>([
    ['leaves a string of the prefix length whole', a32, 32, a32],
    ['cuts ASCII and appends U+FFFD, as Spark does', `${a32}bcd`, 32, `${a32}\uFFFD`],
    ['counts code points, not UTF-16 units', `${'😀'.repeat(32)}z`, 32, `${'😀'.repeat(32)}\uFFFD`],
    [
      'appends U+10FFFF before a supplementary character, which sorts above U+FFFD',
      `${a32}😀`,
      32,
      `${a32}\u{10FFFF}`,
    ],
    [
      'extends the prefix over U+FFFD..U+FFFF, which no BMP tie-breaker exceeds',
      `${a32}\uFFFF\uFFFDb`,
      32,
      `${a32}\uFFFF\uFFFD\uFFFD`,
    ],
    ['extends over U+10FFFF', `${a32}\u{10FFFF}x`, 32, `${a32}\u{10FFFF}\uFFFD`],
    [
      'returns the whole string when only unbeatable characters follow',
      `${a32}\uFFFF\uFFFF`,
      32,
      `${a32}\uFFFF\uFFFF`,
    ],
  ])('%s', (_name, value, prefix, expected) => {
    expect(truncateMaxString(value, prefix)).toBe(expected);
  });

  const samples = [
    `${a32}b`,
    `${a32}\uE000x`,
    `${a32}\uFFFC`,
    `${a32}\uFFFD`,
    `${a32}\uFFFE\uD7FF`,
    `${a32}😀tail`,
    `${a32}\u{10FFFF}\u{10FFFF}😀`,
    `${'😀'.repeat(33)}`,
    `${'é'.repeat(33)}\uFFFF😀`,
  ];
  it.each(samples.map((value) => [JSON.stringify(value), value]))(
    'stays at or above %s in code point and UTF-16 order',
    (_name, value) => {
      const max = truncateMaxString(value, 32);
      expect(compareCodePoints(max, value)).toBeGreaterThanOrEqual(0);
      expect(compareUnits(max, value)).toBeGreaterThanOrEqual(0);
      expect(compareCodePoints(truncateMinString(value, 32), value)).toBeLessThanOrEqual(0);
    },
  );
});

describe('string prefix length', () => {
  it.each([0, -1, 2.5, Number.NaN])('rejects %s with a StatsError', (prefix) => {
    expect(() => truncateMinString('abc', prefix)).toThrow(StatsError);
    expect(() => truncateMaxString('abc', prefix)).toThrow(StatsError);
  });
});

describe('computeDeltaStats string bounds', () => {
  it('cuts the min to the prefix and closes the max with a tie-breaker', () => {
    const values = [`${'m'.repeat(40)}`, `${'a'.repeat(35)}`, `${'z'.repeat(33)}é`];
    const stats = computeDeltaStats(
      tableFromRows(
        struct([field('s', 'string')]),
        values.map((s) => ({ s })),
      ),
    );
    expect(stats.minValues).toEqual({ s: 'a'.repeat(32) });
    expect(stats.maxValues).toEqual({ s: `${'z'.repeat(32)}\uFFFD` });
  });

  it.each([1, 4, 100])('honours stringPrefixLength %i', (prefix) => {
    const values = ['héllo wörld 😀 and more', 'abc'];
    const stats = computeDeltaStats(
      tableFromRows(
        struct([field('s', 'string')]),
        values.map((s) => ({ s })),
      ),
      {
        stringPrefixLength: prefix,
      },
    );
    expect(stats.minValues.s).toBe(truncateMinString('abc', prefix));
    expect(stats.maxValues.s).toBe(truncateMaxString('héllo wörld 😀 and more', prefix));
  });
});
