/**
 * The vectorised evaluator computes what the row interpreter computes: random expressions of
 * every kind over random typed rows (NULLs, NaN, extremes included) give the same values, and
 * raise (ANSI errors) on the same inputs.
 */
import { exactVectorValue, formatDecimal, parseDdl, tableFromRows } from '@silt/parquet-io';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateRowValue } from './evaluate-row.js';
import { evaluateExpression } from './evaluate-vector.js';
import { EvaluationFailed } from './evaluation-failed.js';
import type { ArithmeticOperator, CastType, ComparisonOperator, Expression } from './expression.js';
import { formatExpression } from './format-expression.js';
import { InvalidPredicate } from './invalid-predicate.js';
import { literal } from './literal.js';
import { resolveExpression } from './resolve-expression.js';
import { decimalOf } from './type-rules.js';

const schema = parseDdl(
  'i INT, l BIGINT, y TINYINT, d DOUBLE, f FLOAT, m DECIMAL(10,2), s STRING, dt DATE, ts TIMESTAMP, tn TIMESTAMP_NTZ, b BOOLEAN, st STRUCT<x: INT, t: STRING>',
);
const nullable = <T>(values: fc.Arbitrary<T>) => fc.option(values, { nil: null, freq: 4 });
const ints = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom(2147483647, -2147483648),
  fc.integer(),
);
const longs = fc.oneof(
  fc.bigInt({ min: -5n, max: 5n }),
  fc.constantFrom(2n ** 63n - 1n, -(2n ** 63n), 2n ** 53n + 1n),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
);
const doubles = fc.oneof(
  fc.constantFrom(0, -0, 1.5, -2.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53),
  fc.double(),
);
const strings = fc.oneof(
  fc.constantFrom('', 'a', 'ab', 'abc', 'B', '12', ' 7 ', '1.5', '2024-01-02', 'true', '😀', 'é%_'),
  fc.string({ maxLength: 4 }),
);
const decimals = fc
  .bigInt({ min: -(10n ** 10n) + 1n, max: 10n ** 10n - 1n })
  .map((u) => formatDecimal(u, 2));
const days = fc.integer({ min: -1000, max: 30_000 });
const micros = fc.bigInt({ min: -(10n ** 15n), max: 10n ** 16n });

const row = fc.record({
  i: nullable(ints),
  l: nullable(longs),
  y: nullable(fc.integer({ min: -128, max: 127 })),
  d: nullable(doubles),
  f: nullable(doubles.map(Math.fround)),
  m: nullable(decimals),
  s: nullable(strings),
  dt: nullable(days),
  ts: nullable(micros),
  tn: nullable(micros),
  b: nullable(fc.boolean()),
  st: nullable(fc.record({ x: nullable(ints), t: nullable(strings) })),
});

const column = (...path: string[]): Expression => ({ kind: 'column', path });
const lit = (value: unknown, type?: never) => literal(value as never, type);

const numericLeaf: fc.Arbitrary<Expression> = fc.oneof(
  fc.constantFrom(
    column('i'),
    column('l'),
    column('y'),
    column('d'),
    column('f'),
    column('m'),
    column('st', 'x'),
  ),
  ints.map((v) => lit(v)),
  longs.map((v) => lit(v, 'long' as never)),
  doubles.map((v) => lit(v, 'double' as never)),
  decimals.map((v) => lit(v, 'decimal(10,2)' as never)),
  fc.constant(lit(null, 'integer' as never)),
);
const stringLeaf = fc.oneof(
  fc.constantFrom(column('s'), column('st', 't')),
  strings.map((v) => lit(v)),
);
const temporalLeaf = fc.oneof(
  fc.constantFrom(column('dt'), column('ts'), column('tn')),
  days.map((v) => lit(v, 'date' as never)),
  micros.map((v) => lit(v, 'timestamp' as never)),
);
const castTypes: CastType[] = [
  'integer',
  'long',
  'byte',
  'double',
  'float',
  'decimal(10,2)',
  'decimal(5,1)',
  'string',
  'boolean',
  'date',
  'timestamp',
];

const { numeric, text, predicate } = fc.letrec<{
  numeric: Expression;
  text: Expression;
  predicate: Expression;
}>((tie) => ({
  numeric: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    numericLeaf,
    fc
      .tuple(
        fc.constantFrom<ArithmeticOperator>('+', '-', '*', '/', '%'),
        tie('numeric'),
        tie('numeric'),
      )
      .map(
        ([operator, left, right]) => ({ kind: 'arithmetic', operator, left, right }) as Expression,
      ),
    tie('numeric').map((operand) => ({ kind: 'negate', operand }) as Expression),
    fc
      .tuple(
        fc.oneof(tie('numeric'), tie('text')),
        fc.constantFrom<CastType>(
          'integer',
          'long',
          'double',
          'decimal(10,2)',
          'decimal(5,1)',
          'byte',
        ),
      )
      .map(([operand, type]) => ({ kind: 'cast', operand, type }) as Expression),
    fc
      .tuple(tie('predicate'), tie('numeric'), tie('numeric'))
      .map(
        ([when, result, otherwise]) =>
          ({ kind: 'case', branches: [{ when, result }], otherwise }) as Expression,
      ),
    fc
      .tuple(tie('numeric'), tie('numeric'))
      .map(([a, b]) => ({ kind: 'function', name: 'coalesce', arguments: [a, b] }) as Expression),
    tie('numeric').map((a) => ({ kind: 'function', name: 'abs', arguments: [a] }) as Expression),
    tie('text').map((a) => ({ kind: 'function', name: 'length', arguments: [a] }) as Expression),
  ),
  text: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    stringLeaf,
    tie('text').map((a) => ({ kind: 'function', name: 'upper', arguments: [a] }) as Expression),
    fc
      .tuple(fc.oneof(tie('numeric'), temporalLeaf, tie('predicate')))
      .map(([operand]) => ({ kind: 'cast', operand, type: 'string' }) as Expression),
  ),
  predicate: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(column('b'), lit(true), lit(false), lit(null)),
    fc
      .tuple(
        fc.constantFrom<ComparisonOperator>('=', '!=', '<', '<=', '>', '>='),
        fc.oneof(
          fc.tuple(tie('numeric'), tie('numeric')),
          fc.tuple(tie('text'), tie('text')),
          fc.tuple(temporalLeaf, temporalLeaf),
        ),
      )
      .map(
        ([operator, [left, right]]) =>
          ({ kind: 'comparison', operator, left, right }) as Expression,
      ),
    fc
      .tuple(tie('numeric'), tie('numeric'))
      .map(([left, right]) => ({ kind: 'nullSafeEqual', left, right }) as Expression),
    fc
      .tuple(tie('predicate'), tie('predicate'))
      .map(([a, b]) => ({ kind: 'and', operands: [a, b] }) as Expression),
    fc
      .tuple(tie('predicate'), tie('predicate'))
      .map(([a, b]) => ({ kind: 'or', operands: [a, b] }) as Expression),
    tie('predicate').map((operand) => ({ kind: 'not', operand }) as Expression),
    fc
      .oneof(tie('numeric'), tie('text'))
      .map((operand) => ({ kind: 'isNull', operand }) as Expression),
    fc
      .tuple(tie('numeric'), fc.array(numericLeaf, { maxLength: 3 }))
      .map(([operand, list]) => ({ kind: 'in', operand, list }) as Expression),
    fc
      .tuple(tie('text'), fc.constantFrom('a%', '%b%', '_', 'a_c', '%', '1%', '\\%%', 'é\\%\\_'))
      .map(
        ([operand, pattern]) => ({ kind: 'like', operand, pattern: lit(pattern) }) as Expression,
      ),
    fc.tuple(tie('text'), fc.constantFrom(...castTypes)).map(
      ([operand, type]) =>
        ({
          kind: 'cast',
          operand,
          type: type === 'string' ? 'boolean' : 'boolean',
        }) as Expression,
    ),
  ),
}));

function outcome(run: () => unknown[]): { error?: string; values?: unknown[] } {
  try {
    return { values: run() };
  } catch (error) {
    if (error instanceof EvaluationFailed) return { error: 'EvaluationFailed' };
    throw error;
  }
}

function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number')
    return a === b || (Number.isNaN(a) && Number.isNaN(b));
  if (a instanceof Uint8Array && b instanceof Uint8Array)
    return a.length === b.length && a.every((v, k) => v === b[k]);
  return a === b;
}

describe('evaluateExpression equals the row interpreter', () => {
  it.each([
    ['numbers', numeric],
    ['strings', text],
    ['predicates', predicate],
  ] as const)('on random %s', (_name, expressions) => {
    let checked = 0;
    let skipped = 0;
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 8 }),
        expressions,
        (rows, expression) => {
          let type: string;
          try {
            type = resolveExpression(expression, schema).type;
          } catch (error) {
            if (error instanceof InvalidPredicate) {
              skipped++;
              return;
            } // not a well-typed expression
            throw error;
          }
          checked++;
          const batch = tableFromRows(schema, rows).batches[0]!;
          const scale = decimalOf(type as never)?.scale;
          const vector = outcome(() => {
            const result = evaluateExpression(expression, batch);
            return rows.map((_row, index) => {
              const value = type === 'void' ? null : exactVectorValue(result, index);
              return scale !== undefined && typeof value === 'bigint'
                ? formatDecimal(value, scale)
                : value;
            });
          });
          const reference = outcome(() =>
            rows.map((r) => evaluateRowValue(expression, r, schema).value),
          );
          const text = formatExpression(expression);
          if (vector.error !== reference.error)
            throw new Error(
              `${text}: vector ${vector.error ?? 'ok'}, rows ${reference.error ?? 'ok'}`,
            );
          if (vector.values && reference.values) {
            vector.values.forEach((value, index) => {
              if (!same(value, reference.values![index]))
                throw new Error(
                  `${text}: row ${index}: vector ${String(value)}, rows ${String(reference.values![index])}`,
                );
            });
          }
        },
      ),
      { numRuns: 1000 },
    );
    // Most random expressions must be well typed, or the property says little.
    expect(checked).toBeGreaterThan(skipped);
  });
});
