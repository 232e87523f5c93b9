import { describe, expect, it } from 'vitest';
import { tableFromRows } from '../arrow/column-builder.js';
import { field, struct } from '../types/delta-type.js';
import { computeDeltaStats } from './compute-stats.js';
import { type DeltaStats, StatsDecimal, type StatsValue } from './delta-stats.js';
import { StatsError } from './stats-error.js';
import { javaBigDecimalText, statsToJson } from './stats-json.js';

function withMin(value: StatsValue): DeltaStats {
  return { numRecords: 1, minValues: { c: value }, maxValues: {}, nullCount: { c: 0 } };
}

describe('statsToJson', () => {
  it('writes the keys in Spark order and columns in schema order, nested under structs', () => {
    const schema = struct([
      field('id', 'long'),
      field('name', 'string'),
      field('at', 'timestamp'),
      field('day', 'date'),
      field('price', 'decimal(10,2)'),
      field('s', struct([field('x', 'double'), field('ok', 'boolean')])),
    ]);
    const table = tableFromRows(schema, [
      {
        id: 9007199254740993n,
        name: 'b',
        at: '2024-01-02T03:04:05.123456Z',
        day: '2024-01-02',
        price: '1.5',
        s: { x: 2.5, ok: true },
      },
      { id: -1n, name: null, at: '2024-01-01T00:00:00Z', day: '2023-12-31', price: '-10', s: null },
    ]);
    expect(statsToJson(computeDeltaStats(table))).toBe(
      '{"numRecords":2,' +
        '"minValues":{"id":-1,"name":"b","at":"2024-01-01T00:00:00.000Z","day":"2023-12-31","price":-10.00,"s":{"x":2.5}},' +
        '"maxValues":{"id":9007199254740993,"name":"b","at":"2024-01-02T03:04:05.124Z","day":"2024-01-02","price":1.50,"s":{"x":2.5}},' +
        '"nullCount":{"id":0,"name":1,"at":0,"day":0,"price":0,"s":{"x":1,"ok":1}}}',
    );
  });

  it.each<[string, StatsValue, string]>([
    ['a long with every digit', 2n ** 63n - 1n, '9223372036854775807'],
    ['a negative long', -(2n ** 63n), '-9223372036854775808'],
    ['an integer', -42, '-42'],
    ['a double', 0.1, '0.1'],
    ['a float bound with the digits of its 32-bit value', Math.fround(0.1), '0.10000000149011612'],
    ['a large double', 1e21, '1e+21'],
    ['NaN as a string, as Jackson quotes it', Number.NaN, '"NaN"'],
    ['Infinity as a string', Number.POSITIVE_INFINITY, '"Infinity"'],
    ['-Infinity as a string', Number.NEGATIVE_INFINITY, '"-Infinity"'],
    ['-0.0 with its sign', -0, '-0.0'],
    ['a decimal with its scale', new StatsDecimal(150n, 2), '1.50'],
    ['a negative decimal below 1', new StatsDecimal(-5n, 3), '-0.005'],
    [
      'a decimal of scale 0',
      new StatsDecimal(12345678901234567890123456789012345678n, 0),
      '12345678901234567890123456789012345678',
    ],
    ['a decimal at 10^-6 still plain', new StatsDecimal(1n, 6), '0.000001'],
    ['a decimal below 10^-6 in Java scientific form', new StatsDecimal(15n, 8), '1.5E-7'],
    ['a zero decimal of scale 8 as Java writes it', new StatsDecimal(0n, 8), '0E-8'],
    ['a string with quotes and a backslash', 'a"b\\c', '"a\\"b\\\\c"'],
    ['a string with control characters in upper-case hex', '\u0001\n\u001f', '"\\u0001\\n\\u001F"'],
    ['a string whose text looks like an escape', '\\u00ab', '"\\\\u00ab"'],
    ['a string with non-ASCII characters unescaped', 'é😀\uFFFD', '"é😀\uFFFD"'],
  ])('writes %s', (_name, value, json) => {
    expect(statsToJson(withMin(value))).toBe(
      `{"numRecords":1,"minValues":{"c":${json}},"maxValues":{},"nullCount":{"c":0}}`,
    );
    // Whatever the form, the text is valid JSON.
    expect(() => JSON.parse(statsToJson(withMin(value)))).not.toThrow();
  });

  it('writes tightBounds last when present', () => {
    expect(
      statsToJson({
        numRecords: 0,
        minValues: {},
        maxValues: {},
        nullCount: {},
        tightBounds: true,
      }),
    ).toBe('{"numRecords":0,"minValues":{},"maxValues":{},"nullCount":{},"tightBounds":true}');
  });

  it.each<[string, DeltaStats]>([
    ['a negative numRecords', { numRecords: -1, minValues: {}, maxValues: {}, nullCount: {} }],
    [
      'a fractional null count',
      { numRecords: 1, minValues: {}, maxValues: {}, nullCount: { c: 0.5 } },
    ],
    [
      'a boolean bound',
      {
        numRecords: 1,
        minValues: { c: true as unknown as StatsValue },
        maxValues: {},
        nullCount: {},
      },
    ],
    [
      'a null bound',
      {
        numRecords: 1,
        minValues: { c: null as unknown as StatsValue },
        maxValues: {},
        nullCount: {},
      },
    ],
  ])('rejects %s with a StatsError', (_name, stats) => {
    expect(() => statsToJson(stats)).toThrow(StatsError);
  });
});

describe('javaBigDecimalText', () => {
  it.each<[bigint, number, string]>([
    [0n, 0, '0'],
    [0n, 2, '0.00'],
    [-123n, 1, '-12.3'],
    [1234567n, 12, '0.000001234567'],
    [1234567n, 13, '1.234567E-7'],
    [-1n, 10, '-1E-10'],
  ])('unscaled %s, scale %i is %s', (unscaled, scale, text) => {
    expect(javaBigDecimalText(new StatsDecimal(unscaled, scale))).toBe(text);
  });
});
