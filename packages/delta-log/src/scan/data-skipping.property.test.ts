/**
 * The property data skipping must have: a file is never skipped when one of its rows satisfies
 * the predicate. Random small files, random predicates; statistics written by parquet-io's
 * writer (as Silt writes them) and altered the ways other writers write them (Spark cuts string
 * maxima with U+FFFD even before supplementary characters and truncates timestamp maxima down;
 * Parquet-footer writers leave NaN out of float bounds); every row evaluated by a reference
 * evaluator with SQL semantics.
 */
import {
  computeDeltaStats,
  type DeltaType,
  formatDecimal,
  formatTimestamp,
  type StructType,
  statsToJson,
  tableFromRows,
} from '@silt/parquet-io';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { and, col, lit, not, or } from '../expr/builder.js';
import { compareBytes } from '../expr/compare-values.js';
import { evaluateRow, type Row } from '../expr/evaluate-row.js';
import type { Expression, ScalarType } from '../expr/expression.js';
import { parseExpression } from '../expr/parse-expression.js';
import { mightMatch } from './data-skipping.js';

const field = (name: string, type: DeltaType) => ({ name, type, nullable: true, metadata: {} });
const dataFields = [
  field('i', 'integer'),
  field('l', 'long'),
  field('d', 'double'),
  field('f', 'float'),
  field('m', 'decimal(20,2)'),
  field('s', 'string'),
  field('dt', 'date'),
  field('ts', 'timestamp'),
  field('tn', 'timestamp_ntz'),
  field('b', 'boolean'),
  field('st', { type: 'struct', fields: [field('x', 'integer')] }),
];
const dataSchema: StructType = { type: 'struct', fields: dataFields };
const schema: StructType = {
  type: 'struct',
  fields: [...dataFields, field('p', 'integer'), field('q', 'string')],
};

const BASE_MICROS = 1_704_067_200_000_000n; // 2024-01-01
const STRINGS = [
  '',
  'a',
  'ab',
  'abc',
  'abd',
  'abcd',
  'abc😀',
  'abc\uFFFD',
  'abc\uFFFDz',
  'b',
  'é',
  '\uE000',
  '\uFFFD',
  '😀',
  'zz',
  'abcdefgh',
];

const nullable = <T>(values: fc.Arbitrary<T>) => fc.option(values, { nil: null, freq: 4 });
const integers = fc.oneof(fc.constantFrom(-2, -1, 0, 1, 2, 3), fc.integer());
const longs = fc.oneof(
  fc.constantFrom(
    -1n,
    0n,
    1n,
    2n ** 53n - 1n,
    2n ** 53n,
    2n ** 53n + 1n,
    2n ** 62n + 1n,
    -(2n ** 63n),
  ),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
);
const doubles = fc.oneof(
  fc.constantFrom(
    -1.5,
    -0,
    0,
    0.5,
    1,
    2.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
  ),
  fc.double(),
);
const floats = fc.oneof(
  fc.constantFrom(0.1, -0.1, 1.5, 3.4e38, Number.NaN).map(Math.fround),
  fc.float(),
);
const decimals = fc
  .oneof(
    fc.bigInt({ min: -500n, max: 500n }),
    fc.bigInt({ min: -(10n ** 20n) + 1n, max: 10n ** 20n - 1n }),
  )
  .map((unscaled) => formatDecimal(unscaled, 2));
const strings = fc.oneof(
  fc.constantFrom(...STRINGS),
  fc.string({ maxLength: 6, unit: 'grapheme' }),
);
const dates = fc.oneof(
  fc.integer({ min: 19_720, max: 19_726 }),
  fc.integer({ min: -100_000, max: 100_000 }),
);
const timestamps = fc.oneof(
  fc.bigInt({ min: -3000n, max: 3000n }).map((offset) => BASE_MICROS + offset),
  fc.bigInt({ min: -(10n ** 16n), max: 10n ** 16n }),
);

const rowArbitrary = fc.record({
  i: nullable(integers),
  l: nullable(longs),
  d: nullable(doubles),
  f: nullable(floats),
  m: nullable(decimals),
  s: nullable(strings),
  dt: nullable(dates),
  ts: nullable(timestamps),
  tn: nullable(timestamps),
  b: nullable(fc.boolean()),
  st: nullable(fc.record({ x: nullable(integers) })),
});

/** A literal that can be compared with a column of `type`: same pools, sometimes another type of the family. */
function literalFor(type: string): fc.Arbitrary<Expression> {
  const of = (arbitrary: fc.Arbitrary<unknown>, literalType: ScalarType) =>
    arbitrary.map((value) => lit(value as never, literalType).expression);
  switch (type) {
    case 'integer':
      return fc.oneof(
        of(integers, 'integer'),
        of(doubles, 'double'),
        of(decimals, 'decimal(20,2)'),
      );
    case 'long':
      return fc.oneof(of(longs, 'long'), of(integers, 'integer'), of(doubles, 'double'));
    case 'double':
      return fc.oneof(of(doubles, 'double'), of(integers, 'integer'), of(longs, 'long'));
    case 'float':
      return fc.oneof(of(floats, 'float'), of(doubles, 'double'), of(integers, 'integer'));
    case 'decimal(20,2)':
      return fc.oneof(
        of(decimals, 'decimal(20,2)'),
        of(integers, 'integer'),
        of(doubles, 'double'),
      );
    case 'string':
      return of(strings, 'string');
    case 'date':
      return fc.oneof(
        of(dates, 'date'),
        fc
          .integer({ min: 19_720, max: 19_726 })
          .map((days) => lit(new Date(days * 86_400_000).toISOString().slice(0, 10)).expression),
      );
    case 'timestamp':
      return fc.oneof(
        of(timestamps, 'timestamp'),
        fc
          .bigInt({ min: -3000n, max: 3000n })
          .map((offset) => lit(formatTimestamp(BASE_MICROS + offset, true)).expression),
      );
    case 'timestamp_ntz':
      return of(timestamps, 'timestamp_ntz');
    case 'boolean':
      return of(fc.boolean(), 'boolean');
    default:
      throw new Error(type);
  }
}

const columns: { path: string; type: string }[] = [
  ...dataFields
    .filter((f) => typeof f.type === 'string')
    .map((f) => ({ path: f.name, type: f.type as string })),
  { path: 'st.x', type: 'integer' },
  { path: 'p', type: 'integer' },
  { path: 'q', type: 'string' },
];
const operators = ['=', '!=', '<', '<=', '>', '>='] as const;

const leaf: fc.Arbitrary<Expression> = fc.constantFrom(...columns).chain(({ path, type }) =>
  fc.oneof(
    fc
      .tuple(fc.constantFrom(...operators), literalFor(type), fc.boolean())
      .map(([operator, value, swap]) => {
        const column = col(path).expression;
        return {
          kind: 'comparison',
          operator,
          left: swap ? value : column,
          right: swap ? column : value,
        } as Expression;
      }),
    fc.constant(col(path).isNull().expression),
    fc.constant(col(path).isNotNull().expression),
    fc
      .array(
        fc.oneof(
          { weight: 5, arbitrary: literalFor(type) },
          { weight: 1, arbitrary: fc.constant(lit(null).expression) },
        ),
        { maxLength: 3 },
      )
      .map((list) => ({ kind: 'in', operand: col(path).expression, list }) as Expression),
    fc.constant(type === 'boolean' ? col(path).expression : lit(null).expression),
    fc.constantFrom(lit(true).expression, lit(false).expression),
  ),
);

const LIKE_PATTERNS = [
  'a%',
  'ab%',
  'abc',
  'abc%',
  '%',
  '%c',
  '_b%',
  'abc😀%',
  'abc\uFFFD%',
  'é%',
  '\uE000%',
  '😀%',
  'z%',
  'a\\%%',
  '',
];

/** The node kinds of the expression language beyond comparisons (parsed, as users write them). */
const extraLeaf: fc.Arbitrary<Expression> = fc.oneof(
  fc.tuple(fc.constantFrom('s', 'q'), fc.constantFrom(...LIKE_PATTERNS), fc.boolean()).map(
    ([name, pattern, negated]) =>
      ({
        kind: negated ? 'not' : 'like',
        ...(negated
          ? {
              operand: {
                kind: 'like',
                operand: col(name).expression,
                pattern: lit(pattern).expression,
              },
            }
          : { operand: col(name).expression, pattern: lit(pattern).expression }),
      }) as Expression,
  ),
  fc
    .constantFrom(...columns)
    .chain(({ path, type }) =>
      fc
        .oneof(literalFor(type), fc.constant(lit(null).expression))
        .map(
          (value) =>
            ({ kind: 'nullSafeEqual', left: col(path).expression, right: value }) as Expression,
        ),
    ),
  fc
    .tuple(fc.constantFrom('i', 'p', 'st.x'), integers, integers)
    .map(([name, low, high]) =>
      parseExpression(`${name} BETWEEN ${Math.min(low, high)} AND ${Math.max(low, high)}`),
    ),
  fc
    .tuple(
      fc.constantFrom(
        'CAST(i AS BIGINT) + 1',
        'CASE WHEN b THEN i ELSE 0 END',
        'coalesce(p, i, 0)',
        'abs(CAST(l AS DECIMAL(20,0)))',
        'length(s)',
        '-CAST(i AS DOUBLE)',
      ),
      fc.constantFrom('=', '<', '>='),
      integers,
    )
    .map(([value, operator, bound]) => parseExpression(`${value} ${operator} ${bound}`)),
  fc.constantFrom(
    parseExpression("dt = CAST('2024-01-02' AS DATE)"),
    parseExpression('i = -(3)'),
    parseExpression("upper(q) LIKE 'A%'"),
    parseExpression('b IS NOT TRUE'),
  ),
);

const predicate: fc.Arbitrary<Expression> = fc.letrec<{ node: Expression }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    extraLeaf,
    fc.tuple(tie('node'), tie('node')).map(([a, b]) => and(a, b).expression),
    fc.tuple(tie('node'), tie('node')).map(([a, b]) => or(a, b).expression),
    tie('node').map((a) => not(a).expression),
    tie('node').map((a) => ({ kind: 'isNull', operand: a }) as Expression),
  ),
})).node;

type Writer = 'silt' | 'spark' | 'parquet-footer';

/** `add.stats` of the rows as a writer writes them. */
function statistics(rows: Row[], writer: Writer, prefixLength: number): string {
  const stats = computeDeltaStats(tableFromRows(dataSchema, rows), {
    stringPrefixLength: prefixLength,
  });
  const min = stats.minValues as Record<string, unknown>;
  const max = stats.maxValues as Record<string, unknown>;
  if (writer === 'spark') {
    // Spark: max cut to `prefixLength` UTF-16 units + U+FFFD (even before a supplementary
    // character, where U+FFFD sorts below), timestamp max truncated down to milliseconds.
    const values = rows
      .map((row) => row.s)
      .filter((value): value is string => typeof value === 'string');
    if (values.length > 0) {
      const largest = values.reduce((a, b) => (compareBytes(encode(a), encode(b)) >= 0 ? a : b));
      max.s =
        [...largest].length > prefixLength ? `${largest.slice(0, prefixLength)}\uFFFD` : largest;
    }
    for (const [name, utc] of [
      ['ts', true],
      ['tn', false],
    ] as const) {
      const micros = rows
        .map((row) => row[name])
        .filter((value): value is bigint => typeof value === 'bigint');
      if (micros.length === 0) continue;
      let largest = micros[0]!;
      for (const value of micros) if (value > largest) largest = value;
      const millis = largest / 1000n - (largest % 1000n < 0n ? 1n : 0n);
      max[name] = formatTimestamp(millis * 1000n, utc);
    }
  }
  if (writer === 'parquet-footer') {
    for (const name of ['d', 'f']) {
      const values = rows
        .map((row) => row[name])
        .filter((value): value is number => typeof value === 'number' && !Number.isNaN(value));
      if (values.length === 0) {
        delete min[name];
        delete max[name];
      } else {
        min[name] = Math.min(...values);
        max[name] = Math.max(...values);
      }
    }
  }
  return statsToJson(stats);
}

const encoder = new TextEncoder();
const encode = (text: string) => encoder.encode(text);

describe('data skipping never skips a file holding a matching row', () => {
  it.each<[Writer, boolean]>([
    ['silt', true],
    ['silt', false],
    ['spark', true],
    ['parquet-footer', false],
  ])('statistics written like %s (float maxima count NaN: %s)', (writer, floatBoundsIncludeNaN) => {
    fc.assert(
      fc.property(
        fc.array(rowArbitrary, { maxLength: 6 }),
        nullable(integers),
        nullable(strings),
        fc.constantFrom(2, 3, 32),
        predicate,
        (dataRows, p, q, prefixLength, expression) => {
          const stats = statistics(dataRows, writer, prefixLength);
          const rows = dataRows.map((row) => ({ ...row, p, q }));
          const matching = rows.findIndex((row) => evaluateRow(expression, row, schema) === true);
          const kept = mightMatch(expression, { stats, partitionValues: { p, q } }, schema, {
            floatBoundsIncludeNaN,
          });
          if (matching >= 0 && !kept) {
            throw new Error(
              `skipped a file whose row ${matching} matches\nstats: ${stats}\nrow: ${String(JSON.stringify(rows[matching], (_, v) => (typeof v === 'bigint' ? `${v}n` : v)))}`,
            );
          }
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('still skips files: the property is not met by keeping everything', () => {
    let skipped = 0;
    fc.assert(
      fc.property(
        fc.array(rowArbitrary, { minLength: 1, maxLength: 6 }),
        predicate,
        (dataRows, expression) => {
          const stats = statistics(dataRows, 'silt', 32);
          if (
            !mightMatch(expression, { stats, partitionValues: { p: 1, q: 'x' } }, schema, {
              floatBoundsIncludeNaN: true,
            })
          )
            skipped++;
        },
      ),
      { numRuns: 500 },
    );
    expect(skipped).toBeGreaterThan(50);
  });
});
