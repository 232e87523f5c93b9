import { parseDdl } from '@silt/parquet-io';
import { describe, expect, it } from 'vitest';
import { EvaluationFailed } from './evaluation-failed.js';
import type { CastType, ScalarType } from './expression.js';
import { formatExpression } from './format-expression.js';
import { InvalidPredicate } from './invalid-predicate.js';
import { parseExpression } from './parse-expression.js';
import { resolveExpression, resolvePredicate } from './resolve-expression.js';
import { castValue, type InternalValue } from './scalar-semantics.js';

const schema = parseDdl(
  'i INT, l BIGINT, y TINYINT, f FLOAT, d DOUBLE, m DECIMAL(10,2), big DECIMAL(38,10), s STRING, dt DATE, ts TIMESTAMP, tn TIMESTAMP_NTZ, b BOOLEAN, bin BINARY, addr STRUCT<city: STRING, zip: INT>, tags ARRAY<STRING>',
);

describe('resolveExpression', () => {
  it.each<[string, ScalarType, string?]>([
    ['i + l', 'long', 'CAST(i AS BIGINT) + l'],
    ['i + d', 'double', 'CAST(i AS DOUBLE) + d'],
    ['y + y', 'byte'],
    ['l + f', 'float'],
    ['i / i', 'double'],
    ['m + m', 'decimal(11,2)'],
    ['m * m', 'decimal(21,4)'],
    ['m / m', 'decimal(23,13)'],
    ['m % m', 'decimal(10,2)'],
    ['m + i', 'decimal(13,2)', 'm + CAST(i AS DECIMAL(10,0))'],
    ['m * 2', 'decimal(12,2)', 'm * 2BD'],
    ['m + 1.5D', 'double'],
    ['big * big', 'decimal(38,6)'],
    ['big / m', 'decimal(38,8)'],
    ['1 + 2', 'integer', '3'],
    ['-(5)', 'integer', '-5'],
    ['NULL + 1', 'integer', 'CAST(NULL AS INTEGER)'],
    ['i = l', 'boolean', 'i = l'],
    ['m = 1.5D', 'boolean'],
    ["dt = '2024-01-01'", 'boolean', "dt = DATE'2024-01-01'"],
    ['dt < ts', 'boolean', 'CAST(dt AS TIMESTAMP) < ts'],
    ['ts = tn', 'boolean', 'ts = CAST(tn AS TIMESTAMP)'],
    ["CAST('12' AS INT)", 'integer', '12'],
    ['CAST(s AS INT)', 'integer'],
    ['CASE WHEN b THEN i ELSE l END', 'long', 'CASE WHEN b THEN CAST(i AS BIGINT) ELSE l END'],
    ['CASE WHEN b THEN m ELSE 1.5D END', 'double'],
    ['coalesce(i, 0)', 'integer'],
    ['coalesce(dt, ts)', 'timestamp'],
    ['length(s)', 'integer'],
    ['length(bin)', 'integer'],
    ['abs(m)', 'decimal(10,2)'],
    ["upper(addr.city) LIKE 'P%'", 'boolean'],
    ['ADDR.ZIP > 1', 'boolean', 'addr.zip > 1'],
    ['i IN (1, 2.5, NULL)', 'boolean', 'i IN (1, 2.5BD, CAST(NULL AS INTEGER))'],
    ["dt IN ('2024-01-01', ts)", 'boolean'],
    ['b <=> NULL', 'boolean'],
  ])('%s is a %s', (text, type, resolved) => {
    const result = resolveExpression(parseExpression(text), schema);
    expect(result.type).toBe(type);
    if (resolved) expect(formatExpression(result.expression)).toBe(resolved);
    // Resolving again changes nothing.
    expect(resolveExpression(result.expression, schema).expression).toEqual(result.expression);
  });

  it.each<[string, string]>([
    ['nope = 1', 'the table has no column nope (its columns are: i, l, y'],
    [
      'addr.street = 1',
      'the table has no column addr.street (its fields of addr are: addr.city, addr.zip)',
    ],
    ["i = 'x'", "i (integer) cannot be compared with 'x' (string)"],
    ['s + 1', 'the + operator takes numbers, but s is a string'],
    ['dt + 1', 'the + operator takes numbers, but dt is a date'],
    ['i AND b', 'an operand of AND must be a boolean, but i is a integer'],
    ['tags IS NULL', 'tags is a array'],
    ['CAST(dt AS INT)', 'there is no cast from date to integer'],
    ['CASE WHEN b THEN s ELSE i END', 'the branches of CASE have no common type'],
    ["s LIKE 'a\\\\'", 'the escape character \\ must be followed by'],
    ['lower(i)', 'lower takes strings'],
    ['abs(1, 2)', 'abs takes 1 argument, not 2'],
  ])('refuses %s', (text, message) => {
    expect(() => resolveExpression(parseExpression(text), schema)).toThrow(InvalidPredicate);
    expect(() => resolveExpression(parseExpression(text), schema)).toThrow(message);
  });

  it('names the unknown column and lists the available ones on the error', () => {
    try {
      resolveExpression(parseExpression('price > 1'), schema);
      expect.unreachable();
    } catch (error) {
      expect((error as InvalidPredicate).column).toBe('price');
      expect((error as InvalidPredicate).available).toContain('m');
    }
  });

  it('refuses a non-boolean predicate', () => {
    expect(() => resolvePredicate(parseExpression('i + 1'), schema)).toThrow('must be a boolean');
  });
});

describe('castValue (ANSI)', () => {
  it.each<[InternalValue, ScalarType, CastType, InternalValue]>([
    [' 12 ', 'string', 'integer', 12],
    ['1.9', 'string', 'integer', 1],
    ['-7', 'string', 'long', -7n],
    ['1e3', 'string', 'double', 1000],
    ['Infinity', 'string', 'double', Number.POSITIVE_INFINITY],
    ['1.005', 'string', 'decimal(5,2)', 101n],
    ['-1.005', 'string', 'decimal(5,2)', -101n],
    ['yes', 'string', 'boolean', true],
    ['0', 'string', 'boolean', false],
    ['2024-1-2', 'string', 'date', 19_724],
    ['2024-01-02 10:00:00', 'string', 'date', 19_724],
    ['2024-01-02 03:04:05.5+01:00', 'string', 'timestamp', 1_704_161_045_500_000n],
    ['2024-01-02 03:04:05.5+01:00', 'string', 'timestamp_ntz', 1_704_164_645_500_000n],
    [1.9, 'double', 'integer', 1],
    [-1.9, 'double', 'long', -1n],
    [0.1, 'double', 'decimal(3,2)', 10n],
    [2.675, 'double', 'decimal(3,2)', 268n],
    [150n, 'decimal(5,2)', 'integer', 1],
    [155n, 'decimal(5,2)', 'decimal(4,1)', 16n],
    [-155n, 'decimal(5,2)', 'decimal(4,1)', -16n],
    [150n, 'decimal(5,2)', 'double', 1.5],
    [true, 'boolean', 'integer', 1],
    [3, 'integer', 'boolean', true],
    [1e20, 'double', 'string', '1.0E20'],
    [100, 'double', 'string', '100.0'],
    [0.001, 'double', 'string', '0.001'],
    [Math.fround(0.1), 'float', 'string', '0.1'],
    [150n, 'decimal(5,2)', 'string', '1.50'],
    [1_704_161_045_500_000n, 'timestamp', 'string', '2024-01-02 02:04:05.5'],
    [19_724, 'date', 'timestamp', 1_704_153_600_000_000n],
    [1_704_161_045_500_000n, 'timestamp', 'date', 19_724],
    ['é', 'string', 'binary', new Uint8Array([0xc3, 0xa9])],
  ])('CAST(%o AS %s → %s) is %o', (value, from, to, expected) => {
    expect(castValue(value, from, to)).toEqual(expected);
  });

  it.each<[InternalValue, ScalarType, CastType, string]>([
    ['abc', 'string', 'integer', 'CAST_INVALID_INPUT'],
    ['99999999999', 'string', 'integer', 'CAST_INVALID_INPUT'],
    ['2024-02-30', 'string', 'date', 'CAST_INVALID_INPUT'],
    ['maybe', 'string', 'boolean', 'CAST_INVALID_INPUT'],
    [1e10, 'double', 'integer', 'CAST_OVERFLOW'],
    [Number.NaN, 'double', 'long', 'CAST_OVERFLOW'],
    [300, 'integer', 'byte', 'CAST_OVERFLOW'],
    [2n ** 40n, 'long', 'integer', 'CAST_OVERFLOW'],
    [1000, 'integer', 'decimal(4,2)', 'NUMERIC_VALUE_OUT_OF_RANGE'],
  ])('CAST(%o AS %s → %s) raises %s', (value, from, to, condition) => {
    expect(() => castValue(value, from, to)).toThrow(EvaluationFailed);
    try {
      castValue(value, from, to);
    } catch (error) {
      expect((error as EvaluationFailed).condition).toBe(condition);
      expect(EvaluationFailed.isInstance(error)).toBe(true);
      expect((error as EvaluationFailed).code).toBe('SILT_EvaluationFailed');
    }
  });
});
