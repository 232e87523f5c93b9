import {
  createColumnBuilder,
  exactVectorValue,
  parseDdl,
  tableFromData,
  tableFromRows,
} from '@silt/parquet-io';
import * as arrow from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { col } from './builder.js';
import { evaluateRow } from './evaluate-row.js';
import { evaluateExpression, evaluatePredicate } from './evaluate-vector.js';
import { EvaluationFailed } from './evaluation-failed.js';
import { parseExpression } from './parse-expression.js';

const schema = parseDdl(
  'id BIGINT, x INT, p BOOLEAN, q BOOLEAN, price DECIMAL(10,2), name STRING, d DOUBLE, a STRUCT<b: INT, c: STRING>',
);
const rows = [
  { id: 1n, x: 5, p: true, q: true, price: '1.50', name: 'apple', d: 1.5, a: { b: 1, c: 'x' } },
  { id: 2n, x: null, p: true, q: null, price: '2.25', name: 'banana', d: Number.NaN, a: null },
  { id: 3n, x: 0, p: false, q: null, price: null, name: null, d: -0, a: { b: null, c: 'y' } },
  { id: 4n, x: -3, p: null, q: null, price: '-0.01', name: 'Åsa', d: 0, a: { b: 7, c: null } },
  { id: 5n, x: 7, p: false, q: true, price: '10.00', name: '😀x', d: -1, a: { b: 2, c: 'z' } },
];
const batch = tableFromRows(schema, rows).batches[0]!;
const values = (text: string) => {
  const vector = evaluateExpression(parseExpression(text), batch);
  return rows.map((_row, index) => exactVectorValue(vector, index));
};

describe('evaluateExpression', () => {
  it.each<[string, unknown[]]>([
    ['x + 1', [6, null, 1, -2, 8]],
    ['x * 2L', [10n, null, 0n, -6n, 14n]],
    ['x / 2', [2.5, null, 0, -1.5, 3.5]],
    ['x % 2', [1, null, 0, -1, 1]],
    ['-x', [-5, null, 0, 3, -7]],
    ['price * 2', [300n, 450n, null, -2n, 2000n]],
    ['price / 3', [500000n, 750000n, null, -3333n, 3333333n]],
    ['price + x', [650n, null, null, -301n, 1700n]],
    ['CAST(price AS STRING)', ['1.50', '2.25', null, '-0.01', '10.00']],
    ['CAST(x AS STRING)', ['5', null, '0', '-3', '7']],
    ['upper(name)', ['APPLE', 'BANANA', null, 'ÅSA', '😀X']],
    ['length(name)', [5, 6, null, 3, 2]],
    ['coalesce(a.b, x, -1)', [1, -1, 0, 7, 2]],
    ['a.c', ['x', null, 'y', null, 'z']],
    [
      "CASE WHEN x > 4 THEN name WHEN x IS NULL THEN 'none' ELSE a.c END",
      ['apple', 'none', 'y', null, '😀x'],
    ],
    ['abs(x)', [5, null, 0, 3, 7]],
  ])('%s', (text, expected) => {
    expect(values(text)).toEqual(expected);
  });
});

describe('evaluatePredicate: three-valued logic', () => {
  // p: T T F N F, q: T N N N T
  it.each<[string, (boolean | null)[]]>([
    ['p AND q', [true, null, false, null, false]],
    ['p OR q', [true, true, null, null, true]],
    ['NOT p', [false, false, true, null, true]],
    ['p IS NULL', [false, false, false, true, false]],
    ['q IS NOT NULL', [true, false, false, false, true]],
    ['p <=> q', [true, false, false, true, false]],
    ['p = q', [true, null, null, null, false]],
    ['x IN (5, NULL)', [true, null, null, null, null]],
    ['x IN (5, 7)', [true, null, false, false, true]],
    ['x NOT IN (5, NULL)', [false, null, null, null, null]],
    ['x BETWEEN 0 AND 5', [true, null, true, false, false]],
    ["name LIKE 'a%'", [true, false, null, false, false]],
    ["name LIKE '_x'", [false, false, null, false, true]],
    ["name LIKE '%an%'", [false, true, null, false, false]],
    ['d = d', [true, true, true, true, true]],
    ['d > 1000', [false, true, false, false, false]],
    ['d = 0', [false, false, true, true, false]],
    ['a.b > 1', [false, null, null, true, true]],
    ['CAST(NULL AS BOOLEAN) OR p = FALSE', [null, null, true, null, true]],
  ])('%s', (text, expected) => {
    const predicate = parseExpression(text);
    const vector = evaluateExpression(predicate, batch);
    expect(rows.map((_row, index) => exactVectorValue(vector, index))).toEqual(expected);
    expect(Array.from(evaluatePredicate(predicate, batch))).toEqual(
      expected.map((value) => (value === true ? 1 : 0)),
    );
    expect(rows.map((row) => evaluateRow(predicate, row, schema))).toEqual(expected);
  });

  it('takes builder expressions too', () => {
    expect(Array.from(evaluatePredicate(col('id').ge(4), batch))).toEqual([0, 0, 0, 1, 1]);
  });
});

describe('ANSI errors', () => {
  it.each<[string, string]>([
    ['10 / x > 0', 'DIVIDE_BY_ZERO'],
    ['x % 0 = 1', 'DIVIDE_BY_ZERO'],
    ['x * 2147483647 > 0', 'ARITHMETIC_OVERFLOW'],
    ['CAST(name AS INT) > 0', 'CAST_INVALID_INPUT'],
    ['CAST(price * 1000 AS DECIMAL(4,0)) > 0', 'NUMERIC_VALUE_OUT_OF_RANGE'],
  ])('%s raises %s', (text, condition) => {
    expect(() => evaluatePredicate(parseExpression(text), batch)).toThrow(EvaluationFailed);
    try {
      evaluatePredicate(parseExpression(text), batch);
    } catch (error) {
      expect((error as EvaluationFailed).condition).toBe(condition);
    }
  });

  it.each([
    'CASE WHEN x = 0 THEN NULL ELSE 10 / x END > 0',
    'x <> 0 AND 10 / x > 0',
    'coalesce(CASE WHEN x = 0 THEN 1 END, 10 / x) > 0',
  ])('does not raise on rows a guard excludes: %s', (text) => {
    expect(() => evaluatePredicate(parseExpression(text), batch)).not.toThrow();
  });
});

describe('performance', () => {
  it('filters a million rows on a comparison in tens of milliseconds', () => {
    const length = 1_000_000;
    const wide = parseDdl('id BIGINT, x INT, name STRING');
    const names = createColumnBuilder('string');
    for (let i = 0; i < length; i++) names.append(`name${i % 100}`);
    const big = tableFromData(
      wide,
      [
        arrow.makeData({
          type: new arrow.Int64(),
          length,
          nullCount: 0,
          data: BigInt64Array.from({ length }, (_, i) => BigInt(i)),
        }),
        arrow.makeData({
          type: new arrow.Int32(),
          length,
          nullCount: 0,
          data: Int32Array.from({ length }, (_, i) => i % 1000),
        }),
        names.finish(),
      ],
      length,
    ).batches[0]!;
    for (const text of ['x > 500', 'id = 500000', "name = 'name7'"]) {
      const predicate = parseExpression(text);
      evaluatePredicate(predicate, big);
      const start = performance.now();
      evaluatePredicate(predicate, big);
      // Generous for a shared CI machine; typically under 30 ms.
      expect(performance.now() - start).toBeLessThan(400);
    }
  });
});
