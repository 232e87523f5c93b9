import * as arrow from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { tableFromRows } from '../arrow/column-builder.js';
import { type DeltaType, field, type StructType, struct } from '../types/delta-type.js';
import { computeDeltaStats } from './compute-stats.js';
import { StatsDecimal, type StatsValue } from './delta-stats.js';
import { StatsError } from './stats-error.js';

/** Statistics of a one-column table `c` of `type` holding `values`. */
function statsOf(type: DeltaType, values: unknown[]) {
  return computeDeltaStats(
    tableFromRows(
      struct([field('c', type)]),
      values.map((c) => ({ c })),
    ),
  );
}

describe('computeDeltaStats on each type', () => {
  it.each<[string, DeltaType, unknown[], StatsValue, StatsValue, number]>([
    ['byte', 'byte', [3, -128, null, 127], -128, 127, 1],
    ['short', 'short', [-32768, 5, 32767], -32768, 32767, 0],
    ['integer', 'integer', [null, 2147483647, -2147483648, 0], -2147483648, 2147483647, 1],
    [
      'long beyond 2^53',
      'long',
      [9007199254740993n, -(2n ** 63n), 2n ** 63n - 1n],
      -(2n ** 63n),
      2n ** 63n - 1n,
      0,
    ],
    ['long with one value', 'long', [null, 42n, null], 42n, 42n, 2],
    ['float as its 32-bit value', 'float', [0.1, -2.25, 1.5], -2.25, 1.5, 0],
    ['double', 'double', [1.5, -1e308, 2.5, null], -1e308, 2.5, 1],
    [
      'decimal(38,2)',
      'decimal(38,2)',
      ['12345678901234567890123456789012345.67', '-1.50', '0.01'],
      new StatsDecimal(-150n, 2),
      new StatsDecimal(1234567890123456789012345678901234567n, 2),
      0,
    ],
    [
      'decimal, negatives compared numerically',
      'decimal(5,2)',
      ['-1.00', '-0.01', '-100.00'],
      new StatsDecimal(-10000n, 2),
      new StatsDecimal(-1n, 2),
      0,
    ],
    [
      'date',
      'date',
      ['2024-02-29', '1969-12-31', null, '2000-01-01'],
      '1969-12-31',
      '2024-02-29',
      1,
    ],
    [
      'timestamp in whole milliseconds',
      'timestamp',
      ['2024-01-02T03:04:05.123Z', '1999-12-31T23:59:59.999Z'],
      '1999-12-31T23:59:59.999Z',
      '2024-01-02T03:04:05.123Z',
      0,
    ],
    [
      'timestamp with microseconds: min down, max up',
      'timestamp',
      [1704164645123456n, 1704164645123999n, 1704164645123001n],
      '2024-01-02T03:04:05.123Z',
      '2024-01-02T03:04:05.124Z',
      0,
    ],
    [
      'timestamp before 1970 rounds toward the past',
      'timestamp',
      [-1n, -1001n],
      '1969-12-31T23:59:59.998Z',
      '1970-01-01T00:00:00.000Z',
      0,
    ],
    [
      'timestamp_ntz has no zone',
      'timestamp_ntz',
      [1704164645123456n, 0n],
      '1970-01-01T00:00:00.000',
      '2024-01-02T03:04:05.124',
      0,
    ],
    ['string', 'string', ['banana', 'apple', null, 'cherry'], 'apple', 'cherry', 1],
    [
      'string in code point order, not UTF-16 order',
      'string',
      ['\uE000', '😀', '\uFFFF'],
      '\uE000',
      '😀',
      0,
    ],
  ])('%s: bounds and null count', (_name, type, values, min, max, nulls) => {
    const stats = statsOf(type, values);
    expect(stats.numRecords).toBe(values.length);
    expect(stats.minValues).toEqual({ c: min });
    expect(stats.maxValues).toEqual({ c: max });
    expect(stats.nullCount).toEqual({ c: nulls });
  });

  it.each<[string, DeltaType, unknown[], number]>([
    ['boolean', 'boolean', [true, null, false], 1],
    ['binary', 'binary', [Uint8Array.of(1), null, null], 2],
    [
      'array',
      { type: 'array', elementType: 'integer', containsNull: true },
      [[1, null], null, []],
      1,
    ],
    [
      'map',
      { type: 'map', keyType: 'string', valueType: 'integer', valueContainsNull: true },
      [null, [['a', 1]]],
      1,
    ],
  ])(
    '%s: a null count and no min/max (Spark keeps bounds for numbers, dates and strings only)',
    (_name, type, values, nulls) => {
      const stats = statsOf(type, values);
      expect(stats).toEqual({
        numRecords: values.length,
        minValues: {},
        maxValues: {},
        nullCount: { c: nulls },
      });
    },
  );
});

describe('computeDeltaStats on floating point edge values', () => {
  it.each<[string, number[], StatsValue, StatsValue]>([
    [
      'a NaN makes the max NaN, as Spark orders NaN above all numbers',
      [1, Number.NaN, -3],
      -3,
      Number.NaN,
    ],
    ['only NaN makes both bounds NaN', [Number.NaN, Number.NaN], Number.NaN, Number.NaN],
    [
      'infinities are ordinary bounds',
      [Number.NEGATIVE_INFINITY, 0.5, Number.POSITIVE_INFINITY],
      Number.NEGATIVE_INFINITY,
      Number.POSITIVE_INFINITY,
    ],
    ['-0.0 and 0.0 tie: the first one seen is kept', [-0, 0], -0, -0],
    ['0.0 and -0.0 tie: the first one seen is kept', [0, -0], 0, 0],
  ])('%s', (_name, values, min, max) => {
    const stats = statsOf('double', values);
    expect(Object.is(stats.minValues.c, min)).toBe(true);
    expect(Object.is(stats.maxValues.c, max)).toBe(true);
  });
});

describe('computeDeltaStats on nested structs', () => {
  const schema = struct([
    field('id', 'long'),
    field(
      's',
      struct([
        field('a', 'integer'),
        field('t', struct([field('b', 'string'), field('flag', 'boolean')])),
      ]),
    ),
    field('onlyFlags', struct([field('f', 'boolean')])),
  ]);
  const rows = [
    { id: 1n, s: { a: 5, t: { b: 'x', flag: true } }, onlyFlags: { f: true } },
    { id: 2n, s: null, onlyFlags: null },
    { id: 3n, s: { a: null, t: null }, onlyFlags: { f: null } },
    { id: 4n, s: { a: -2, t: { b: 'a', flag: null } }, onlyFlags: { f: false } },
  ];

  it('nests bounds and counts under struct names, and a null struct counts as null in every field below', () => {
    const stats = computeDeltaStats(tableFromRows(schema, rows));
    expect(stats).toEqual({
      numRecords: 4,
      minValues: { id: 1n, s: { a: -2, t: { b: 'a' } } },
      maxValues: { id: 4n, s: { a: 5, t: { b: 'x' } } },
      nullCount: { id: 0, s: { a: 2, t: { b: 2, flag: 3 } }, onlyFlags: { f: 2 } },
    });
  });

  it('keeps a struct with min/max fields in the bounds as {} when all its values are null, as Spark writes it', () => {
    const stats = computeDeltaStats(tableFromRows(schema, [{ id: 1n, s: null, onlyFlags: null }]));
    expect(stats.minValues).toEqual({ id: 1n, s: { t: {} } });
    expect(stats.nullCount).toEqual({
      id: 0,
      s: { a: 1, t: { b: 1, flag: 1 } },
      onlyFlags: { f: 1 },
    });
  });
});

describe('computeDeltaStats column selection', () => {
  const schema: StructType = struct([
    field('a', 'integer'),
    field('S', struct([field('b', 'integer'), field('c', 'string')])),
    field('d', 'integer'),
    field('x.y', 'integer'),
  ]);
  const table = tableFromRows(schema, [{ a: 1, S: { b: 2, c: 'z' }, d: 3, 'x.y': 4 }]);

  it.each<[string, number | undefined, object]>([
    ['default 32 covers all four leaves', undefined, { a: 0, S: { b: 0, c: 0 }, d: 0, 'x.y': 0 }],
    ['1 takes the first leaf', 1, { a: 0 }],
    ['2 counts struct fields one by one and stops inside the struct', 2, { a: 0, S: { b: 0 } }],
    ['3 ends at the struct', 3, { a: 0, S: { b: 0, c: 0 } }],
    ['0 collects none', 0, {}],
    ['-1 collects all', -1, { a: 0, S: { b: 0, c: 0 }, d: 0, 'x.y': 0 }],
  ])('numIndexedCols %s', (_name, numIndexedCols, nullCount) => {
    expect(
      computeDeltaStats(table, numIndexedCols === undefined ? {} : { numIndexedCols }).nullCount,
    ).toEqual(nullCount);
  });

  it.each<[string, string[], object]>([
    ['a top-level column', ['d'], { d: 0 }],
    ['a nested field by dotted path', ['s.c'], { S: { c: 0 } }],
    ['names case-insensitively', ['D', 's.C'], { S: { c: 0 }, d: 0 }],
    ['a whole struct with all its fields', ['S'], { S: { b: 0, c: 0 } }],
    ['a name with a dot in backticks', ['`x.y`'], { 'x.y': 0 }],
    ['in schema order whatever the list order', ['d', 'a'], { a: 0, d: 0 }],
    [
      'ignoring names that match no column, as Spark does when writing',
      ['nope', 'a.b', 'd'],
      { d: 0 },
    ],
    ['an empty list collects none', [], {}],
  ])('statsColumns: %s', (_name, statsColumns, nullCount) => {
    expect(computeDeltaStats(table, { statsColumns, numIndexedCols: 0 }).nullCount).toEqual(
      nullCount,
    );
  });

  it('statsColumns takes precedence over numIndexedCols', () => {
    const stats = computeDeltaStats(table, { statsColumns: ['d'], numIndexedCols: 1 });
    expect(stats).toEqual({
      numRecords: 1,
      minValues: { d: 3 },
      maxValues: { d: 3 },
      nullCount: { d: 0 },
    });
  });

  it.each<[string, object]>([
    ['numIndexedCols below -1', { numIndexedCols: -2 }],
    ['a fractional numIndexedCols', { numIndexedCols: 1.5 }],
    ['stringPrefixLength 0', { stringPrefixLength: 0 }],
    ['an unclosed backtick in statsColumns', { statsColumns: ['`a'] }],
    ['an empty name in statsColumns', { statsColumns: ['a..b'] }],
  ])('rejects %s with a StatsError', (_name, options) => {
    expect(() => computeDeltaStats(table, options)).toThrow(StatsError);
  });
});

describe('computeDeltaStats on nulls and empty input', () => {
  it('gives an all-null column a null count of numRecords and no bounds', () => {
    const stats = statsOf('long', [null, null, null]);
    expect(stats).toEqual({ numRecords: 3, minValues: {}, maxValues: {}, nullCount: { c: 3 } });
  });

  it('gives an empty table zero records, zero null counts and no bounds', () => {
    const schema = struct([field('a', 'long'), field('s', struct([field('b', 'string')]))]);
    const stats = computeDeltaStats(tableFromRows(schema, []));
    expect(stats).toEqual({
      numRecords: 0,
      minValues: { s: {} },
      maxValues: { s: {} },
      nullCount: { a: 0, s: { b: 0 } },
    });
  });

  it('gives an empty list of batches zero records and no columns', () => {
    expect(computeDeltaStats([])).toEqual({
      numRecords: 0,
      minValues: {},
      maxValues: {},
      nullCount: {},
    });
  });

  it('adds tightBounds when asked, for tables with deletion vectors', () => {
    expect(computeDeltaStats([], { tightBounds: true }).tightBounds).toBe(true);
  });
});

describe('computeDeltaStats on Arrow layouts Silt does not build itself', () => {
  it('reads a sliced table (non-zero offsets) only within its slice', () => {
    const schema = struct([
      field('n', 'long'),
      field('s', 'string'),
      field('d', 'decimal(10,2)'),
      field('f', 'double'),
      field('t', struct([field('x', 'integer'), field('b', 'boolean')])),
    ]);
    const rows = [0, 1, 2, 3, 4, 5].map((k) => ({
      n: BigInt(k * 10),
      s: `v${k}`,
      d: `${k}.25`,
      f: k === 3 ? null : k / 2,
      t: k === 2 || k === 5 ? null : { x: k === 4 ? null : -k, b: k > 0 },
    }));
    const sliced = tableFromRows(schema, rows).slice(2, 5);
    expect(computeDeltaStats(sliced)).toEqual(
      computeDeltaStats(tableFromRows(schema, rows.slice(2, 5))),
    );
    expect(computeDeltaStats(sliced).minValues).toEqual({
      n: 20n,
      s: 'v2',
      d: new StatsDecimal(225n, 2),
      f: 1,
      t: { x: -3 },
    });
    expect(computeDeltaStats(sliced).nullCount).toEqual({
      n: 0,
      s: 0,
      d: 0,
      f: 1,
      t: { x: 2, b: 1 },
    });
  });

  it('bounds a dictionary-encoded string column by the entries its rows use', () => {
    const dictionary = arrow.vectorFromArray(
      ['zebra', 'apple', 'mango', 'unused-aardvark'],
      new arrow.Utf8(),
    );
    const type = new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32());
    const keys = arrow.makeData({
      type,
      length: 4,
      nullCount: 1,
      nullBitmap: Uint8Array.of(0b1011),
      data: Int32Array.of(0, 1, 3, 2),
      dictionary,
    });
    const schema = new arrow.Schema([new arrow.Field('c', type, true)]);
    const batch = new arrow.RecordBatch(
      schema,
      arrow.makeData({
        type: new arrow.Struct(schema.fields),
        length: 4,
        nullCount: 0,
        children: [keys],
      }),
    );
    expect(computeDeltaStats([batch])).toEqual({
      numRecords: 4,
      minValues: { c: 'apple' },
      maxValues: { c: 'zebra' },
      nullCount: { c: 1 },
    });
  });

  it.each<[string, arrow.Timestamp, bigint[], string, string]>([
    [
      'nanoseconds round the max up from the nanosecond',
      new arrow.TimestampNanosecond('UTC'),
      [1_000_000_001n, 1_000_000_000n],
      '1970-01-01T00:00:01.000Z',
      '1970-01-01T00:00:01.001Z',
    ],
    [
      'seconds',
      new arrow.TimestampSecond('UTC'),
      [-1n, 1n],
      '1969-12-31T23:59:59.000Z',
      '1970-01-01T00:00:01.000Z',
    ],
    [
      'milliseconds without a zone',
      new arrow.TimestampMillisecond(),
      [1n, 2n],
      '1970-01-01T00:00:00.001',
      '1970-01-01T00:00:00.002',
    ],
  ])('timestamps in %s', (_name, type, values, min, max) => {
    const data = arrow.makeData({
      type,
      length: values.length,
      nullCount: 0,
      data: BigInt64Array.from(values),
    });
    const schema = new arrow.Schema([new arrow.Field('t', type, true)]);
    const batch = new arrow.RecordBatch(
      schema,
      arrow.makeData({
        type: new arrow.Struct(schema.fields),
        length: values.length,
        nullCount: 0,
        children: [data],
      }),
    );
    const stats = computeDeltaStats([batch]);
    expect([stats.minValues.t, stats.maxValues.t]).toEqual([min, max]);
  });

  it('keeps the max of the last microsecond of the int64 range rounded down, so it still fits a timestamp', () => {
    const stats = statsOf('timestamp', [2n ** 63n - 1n]);
    expect(stats.maxValues.c).toBe('+294247-01-10T04:00:54.775Z');
  });
});
